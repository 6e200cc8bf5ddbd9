package layerlab.io.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of an ONNX model LayerLab works with, as plain records: what {@link OnnxWire} writes and reads. Tensor
 * data are float32 ({@link TensorData#floats}, doubles narrowed) or int64 ({@link TensorData#longs}, int32 and
 * bool widened).
 */
public final class OnnxProto {
    private OnnxProto() {
    }

    /** @param metadata the model's {@code metadata_props}, key to value, in order */
    public record Model(long irVersion, String producerName, String producerVersion, List<OpsetId> opsets, Graph graph,
                        Map<String, String> metadata) {
        public Model {
            opsets = List.copyOf(opsets);
            Objects.requireNonNull(graph, "graph");
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        public Model(long irVersion, String producerName, String producerVersion, List<OpsetId> opsets, Graph graph) {
            this(irVersion, producerName, producerVersion, opsets, graph, Map.of());
        }

        /** The opset of the default domain, or 0 when it is not imported. */
        public long opset() {
            for (OpsetId o : opsets) if (o.domain().isEmpty() || o.domain().equals("ai.onnx")) return o.version();
            return 0;
        }
    }

    public record OpsetId(String domain, long version) {}

    public record Graph(String name, List<Node> nodes, List<TensorData> initializers, List<ValueInfo> inputs, List<ValueInfo> outputs) {
        public Graph {
            nodes = List.copyOf(nodes);
            initializers = List.copyOf(initializers);
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs, List<Attribute> attributes) {
        public Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            attributes = List.copyOf(attributes);
        }

        public Attribute attribute(String attr) {
            for (Attribute a : attributes) if (a.name().equals(attr)) return a;
            return null;
        }

        /** The {@code i}-th input, or "" when it is absent (an omitted optional input). */
        public String input(int i) {
            return i < inputs.size() ? inputs.get(i) : "";
        }

        @Override
        public String toString() {
            return opType + (name.isEmpty() ? "" : " \"" + name + "\"");
        }
    }

    /** One attribute; only the field its {@code type} names is meaningful. */
    public record Attribute(String name, int type, float f, long i, String s, TensorData t, float[] floats, long[] ints, List<String> strings) {
        public static Attribute ofInt(String name, long v) {
            return new Attribute(name, OnnxFields.AttributeProto.INT, 0, v, null, null, null, null, null);
        }

        public static Attribute ofFloat(String name, float v) {
            return new Attribute(name, OnnxFields.AttributeProto.FLOAT, v, 0, null, null, null, null, null);
        }

        public static Attribute ofString(String name, String v) {
            return new Attribute(name, OnnxFields.AttributeProto.STRING, 0, 0, v, null, null, null, null);
        }

        public static Attribute ofInts(String name, long[] v) {
            return new Attribute(name, OnnxFields.AttributeProto.INTS_TYPE, 0, 0, null, null, null, v.clone(), null);
        }

        public static Attribute ofStrings(String name, List<String> v) {
            return new Attribute(name, OnnxFields.AttributeProto.STRINGS_TYPE, 0, 0, null, null, null, null, List.copyOf(v));
        }
    }

    /** A tensor: float32 data in {@code floats} or int64 data in {@code longs} (the other is null). */
    public record TensorData(String name, int dataType, long[] dims, float[] floats, long[] longs) {
        public boolean isFloat() {
            return floats != null;
        }

        public int numel() {
            return isFloat() ? floats.length : longs.length;
        }
    }

    /**
     * A graph input or output: its element type and dims, each a {@link Long} size or a {@link String} name
     * ({@code "N"}, the symbolic batch); {@code dims} null when the shape is unknown.
     */
    public record ValueInfo(String name, int elemType, List<Object> dims) {
        public ValueInfo {
            dims = dims == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(dims));
        }
    }
}
