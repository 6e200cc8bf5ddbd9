package layerlab.io.onnx;

/**
 * The field numbers of the ONNX messages LayerLab reads and writes, as {@code onnx.proto} (proto2) numbers
 * them, with the spec's names. Only this subset is written; anything else is skipped when read.
 */
final class OnnxFields {
    private OnnxFields() {
    }

    static final class ModelProto {
        static final int IR_VERSION = 1, PRODUCER_NAME = 2, PRODUCER_VERSION = 3, DOMAIN = 4, MODEL_VERSION = 5, DOC_STRING = 6,
                GRAPH = 7, OPSET_IMPORT = 8, METADATA_PROPS = 14;
    }

    static final class StringStringEntryProto {
        static final int KEY = 1, VALUE = 2;
    }

    static final class OperatorSetIdProto {
        static final int DOMAIN = 1, VERSION = 2;
    }

    static final class GraphProto {
        static final int NODE = 1, NAME = 2, INITIALIZER = 5, DOC_STRING = 10, INPUT = 11, OUTPUT = 12, VALUE_INFO = 13;
    }

    static final class NodeProto {
        static final int INPUT = 1, OUTPUT = 2, NAME = 3, OP_TYPE = 4, ATTRIBUTE = 5, DOC_STRING = 6, DOMAIN = 7;
    }

    static final class AttributeProto {
        static final int NAME = 1, F = 2, I = 3, S = 4, T = 5, FLOATS = 7, INTS = 8, STRINGS = 9, TYPE = 20;
        // AttributeType
        static final int FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, FLOATS_TYPE = 6, INTS_TYPE = 7, STRINGS_TYPE = 8;
    }

    static final class TensorProto {
        static final int DIMS = 1, DATA_TYPE = 2, FLOAT_DATA = 4, INT32_DATA = 5, INT64_DATA = 7, NAME = 8, RAW_DATA = 9,
                DOUBLE_DATA = 10, DATA_LOCATION = 14;
        // DataType
        static final int FLOAT = 1, INT32 = 6, INT64 = 7, BOOL = 9, DOUBLE = 11;
        // DataLocation
        static final int EXTERNAL = 1;
    }

    static final class ValueInfoProto {
        static final int NAME = 1, TYPE = 2;
    }

    static final class TypeProto {
        static final int TENSOR_TYPE = 1;
    }

    /** TypeProto.Tensor. */
    static final class TypeProtoTensor {
        static final int ELEM_TYPE = 1, SHAPE = 2;
    }

    static final class TensorShapeProto {
        static final int DIM = 1;
    }

    /** TensorShapeProto.Dimension. */
    static final class Dimension {
        static final int DIM_VALUE = 1, DIM_PARAM = 2;
    }
}
