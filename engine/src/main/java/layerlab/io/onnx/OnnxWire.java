package layerlab.io.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.io.FileFormatException;
import layerlab.io.InputFiles;
import layerlab.io.onnx.OnnxFields.AttributeProto;
import layerlab.io.onnx.OnnxFields.Dimension;
import layerlab.io.onnx.OnnxFields.GraphProto;
import layerlab.io.onnx.OnnxFields.ModelProto;
import layerlab.io.onnx.OnnxFields.NodeProto;
import layerlab.io.onnx.OnnxFields.OperatorSetIdProto;
import layerlab.io.onnx.OnnxFields.StringStringEntryProto;
import layerlab.io.onnx.OnnxFields.TensorProto;
import layerlab.io.onnx.OnnxFields.TensorShapeProto;
import layerlab.io.onnx.OnnxFields.TypeProto;
import layerlab.io.onnx.OnnxFields.TypeProtoTensor;
import layerlab.io.onnx.OnnxFields.ValueInfoProto;
import layerlab.io.onnx.OnnxProto.Attribute;
import layerlab.io.onnx.OnnxProto.Graph;
import layerlab.io.onnx.OnnxProto.Model;
import layerlab.io.onnx.OnnxProto.Node;
import layerlab.io.onnx.OnnxProto.OpsetId;
import layerlab.io.onnx.OnnxProto.TensorData;
import layerlab.io.onnx.OnnxProto.ValueInfo;

/**
 * The protobuf wire format of {@link OnnxProto}'s records, written and read field by field with protobuf-java's
 * coded streams (no generated classes, no protoc). Tensors are written as little-endian {@code raw_data}; when
 * read, {@code raw_data} and the typed {@code *_data} fields are both understood, packed or not.
 */
public final class OnnxWire {
    private OnnxWire() {
    }

    // ---------------------------------------------------------------- writing

    /** A nested message: written to bytes first, since its length prefix comes before it. */
    @FunctionalInterface
    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] bytes(Body b) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buf);
        b.write(out);
        out.flush();
        return buf.toByteArray();
    }

    private static void message(CodedOutputStream out, int field, Body b) throws IOException {
        out.writeByteArray(field, bytes(b));
    }

    private static void string(CodedOutputStream out, int field, String s) throws IOException {
        if (s != null && !s.isEmpty()) out.writeString(field, s);
    }

    public static byte[] write(Model m) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        write(m, buf);
        return buf.toByteArray();
    }

    /**
     * Writes {@code m} to {@code os} as it goes: everything is made as bytes first but the tensors' data, whose
     * sizes are known, so a model's weights are not copied into the file's bytes (a 530 MB VGG took four copies).
     */
    public static void write(Model m, OutputStream os) throws IOException {
        CodedOutputStream out = CodedOutputStream.newInstance(os, 1 << 16);
        out.writeInt64(ModelProto.IR_VERSION, m.irVersion());
        string(out, ModelProto.PRODUCER_NAME, m.producerName());
        string(out, ModelProto.PRODUCER_VERSION, m.producerVersion());
        writeGraph(out, m.graph());
        for (OpsetId o : m.opsets()) {
            message(out, ModelProto.OPSET_IMPORT, x -> {
                string(x, OperatorSetIdProto.DOMAIN, o.domain());
                x.writeInt64(OperatorSetIdProto.VERSION, o.version());
            });
        }
        for (var e : m.metadata().entrySet()) {
            message(out, ModelProto.METADATA_PROPS, x -> {
                x.writeString(StringStringEntryProto.KEY, e.getKey());
                x.writeString(StringStringEntryProto.VALUE, e.getValue());
            });
        }
        out.flush();
    }

    /** The graph message: its parts as bytes, but each initializer's data, which is written straight from its array. */
    private static void writeGraph(CodedOutputStream out, Graph g) throws IOException {
        List<byte[]> before = new ArrayList<>(), after = new ArrayList<>();
        for (Node n : g.nodes()) before.add(field(GraphProto.NODE, bytes(x -> writeNode(x, n))));
        if (g.name() != null && !g.name().isEmpty()) before.add(bytes(x -> x.writeString(GraphProto.NAME, g.name())));
        List<byte[]> heads = new ArrayList<>();
        for (TensorData t : g.initializers()) heads.add(bytes(x -> writeTensorHead(x, t)));
        for (ValueInfo v : g.inputs()) after.add(field(GraphProto.INPUT, bytes(x -> writeValueInfo(x, v))));
        for (ValueInfo v : g.outputs()) after.add(field(GraphProto.OUTPUT, bytes(x -> writeValueInfo(x, v))));
        long size = 0;
        for (byte[] b : before) size += b.length;
        for (byte[] b : after) size += b.length;
        for (int i = 0; i < heads.size(); i++) {
            long t = tensorSize(heads.get(i), g.initializers().get(i));
            size += CodedOutputStream.computeTagSize(GraphProto.INITIALIZER) + CodedOutputStream.computeUInt64SizeNoTag(t) + t;
        }
        if (size > Integer.MAX_VALUE) throw new IOException("the model takes " + size / (1 << 20) + " MB, more than the 2 GB an ONNX file can hold");
        out.writeTag(ModelProto.GRAPH, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag((int) size);
        for (byte[] b : before) out.writeRawBytes(b);
        for (int i = 0; i < heads.size(); i++) {
            TensorData t = g.initializers().get(i);
            out.writeTag(GraphProto.INITIALIZER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag((int) tensorSize(heads.get(i), t));
            out.writeRawBytes(heads.get(i));
            writeData(out, t);
        }
        for (byte[] b : after) out.writeRawBytes(b);
    }

    /** {@code body} as a length-delimited field of number {@code field}. */
    private static byte[] field(int field, byte[] body) throws IOException {
        return bytes(x -> x.writeByteArray(field, body));
    }

    private static long dataBytes(TensorData t) {
        return (long) t.numel() * (t.isFloat() ? 4 : 8);
    }

    /** A TensorProto's size: its head, then its raw_data field. */
    private static long tensorSize(byte[] head, TensorData t) {
        long data = dataBytes(t);
        return head.length + CodedOutputStream.computeTagSize(TensorProto.RAW_DATA) + CodedOutputStream.computeUInt64SizeNoTag(data) + data;
    }

    private static void writeNode(CodedOutputStream out, Node n) throws IOException {
        for (String s : n.inputs()) out.writeString(NodeProto.INPUT, s);
        for (String s : n.outputs()) out.writeString(NodeProto.OUTPUT, s);
        string(out, NodeProto.NAME, n.name());
        out.writeString(NodeProto.OP_TYPE, n.opType());
        for (Attribute a : n.attributes()) message(out, NodeProto.ATTRIBUTE, x -> writeAttribute(x, a));
        string(out, NodeProto.DOMAIN, n.domain());
    }

    private static void writeAttribute(CodedOutputStream out, Attribute a) throws IOException {
        out.writeString(AttributeProto.NAME, a.name());
        switch (a.type()) {
            case AttributeProto.FLOAT -> out.writeFloat(AttributeProto.F, a.f());
            case AttributeProto.INT -> out.writeInt64(AttributeProto.I, a.i());
            case AttributeProto.STRING -> out.writeBytes(AttributeProto.S, ByteString.copyFromUtf8(a.s()));
            case AttributeProto.TENSOR -> message(out, AttributeProto.T, x -> writeTensor(x, a.t()));
            case AttributeProto.FLOATS_TYPE -> {
                for (float f : a.floats()) out.writeFloat(AttributeProto.FLOATS, f);
            }
            case AttributeProto.INTS_TYPE -> {
                for (long v : a.ints()) out.writeInt64(AttributeProto.INTS, v);
            }
            case AttributeProto.STRINGS_TYPE -> {
                for (String s : a.strings()) out.writeBytes(AttributeProto.STRINGS, ByteString.copyFromUtf8(s));
            }
            default -> throw new IllegalArgumentException("attribute " + a.name() + ": type " + a.type() + " is not written");
        }
        out.writeEnum(AttributeProto.TYPE, a.type());
    }

    private static void writeTensor(CodedOutputStream out, TensorData t) throws IOException {
        writeTensorHead(out, t);
        writeData(out, t);
    }

    /** A TensorProto's fields before its data. */
    private static void writeTensorHead(CodedOutputStream out, TensorData t) throws IOException {
        for (long d : t.dims()) out.writeInt64(TensorProto.DIMS, d);
        out.writeInt32(TensorProto.DATA_TYPE, t.isFloat() ? TensorProto.FLOAT : TensorProto.INT64);
        string(out, TensorProto.NAME, t.name());
    }

    /** The data as {@code raw_data}, little-endian, through a buffer of at most 64 KB. */
    private static void writeData(CodedOutputStream out, TensorData t) throws IOException {
        out.writeTag(TensorProto.RAW_DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag((int) dataBytes(t));
        int per = t.isFloat() ? 4 : 8, chunk = (1 << 16) / per, n = t.numel();
        ByteBuffer buf = ByteBuffer.allocate(Math.min(n, chunk) * per).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i += chunk) {
            int k = Math.min(chunk, n - i);
            buf.clear();
            if (t.isFloat()) buf.asFloatBuffer().put(t.floats(), i, k);
            else buf.asLongBuffer().put(t.longs(), i, k);
            out.writeRawBytes(buf.array(), 0, k * per);
        }
    }

    private static void writeValueInfo(CodedOutputStream out, ValueInfo v) throws IOException {
        out.writeString(ValueInfoProto.NAME, v.name());
        message(out, ValueInfoProto.TYPE, type -> message(type, TypeProto.TENSOR_TYPE, tt -> {
            tt.writeInt32(TypeProtoTensor.ELEM_TYPE, v.elemType());
            if (v.dims() != null) {
                message(tt, TypeProtoTensor.SHAPE, shape -> {
                    for (Object d : v.dims()) {
                        message(shape, TensorShapeProto.DIM, dim -> {
                            if (d instanceof String s) dim.writeString(Dimension.DIM_PARAM, s);
                            else dim.writeInt64(Dimension.DIM_VALUE, ((Number) d).longValue());
                        });
                    }
                });
            }
        }));
    }

    // ---------------------------------------------------------------- reading

    /** The model in {@code data}; bytes that are not an ONNX model's protobuf message are a {@link FileFormatException} saying so. */
    public static Model read(byte[] data) throws IOException {
        return read(UnsafeByteOperations.unsafeWrap(data));
    }

    /**
     * The model in {@code file}, read through a memory map: its bytes are never copied onto the heap, only the values
     * parsed from them (a 530 MB VGG took four copies of its bytes before, and a heap of 3.5 GB). Protobuf caps a
     * message at 2 GB, as ONNX does a model without external data.
     */
    public static Model read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(InputFiles.file(file), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) throw new FileFormatException(size / (1 << 20) + " MB, more than the 2 GB an ONNX model can be (larger ones keep their weights in external files, which LayerLab does not read)");
            return read(UnsafeByteOperations.unsafeWrap(ch.map(FileChannel.MapMode.READ_ONLY, 0, size)));
        }
    }

    /** One TensorProto on its own, as the ONNX backend tests keep their inputs and outputs ({@code input_0.pb}). */
    public static TensorData readTensor(byte[] data) throws IOException {
        try {
            return readTensor(aliasing(UnsafeByteOperations.unsafeWrap(data).newCodedInput()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new FileFormatException("not an ONNX tensor, or a damaged one");
        }
    }

    /** {@code data} must not change while it is read: nested messages and raw tensor data are read in place, not copied. */
    private static Model read(ByteString data) throws IOException {
        try {
            return parse(data);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // Protobuf's own words ("While parsing a protocol message, the input ended unexpectedly…"), first sentence only.
            String why = e.getMessage() == null ? "" : e.getMessage().replaceFirst("(?s)^While parsing a protocol message, ", "").replaceFirst("(?s)\\.(\\s.*)?$", "");
            throw new FileFormatException("not an ONNX model, or a damaged one" + (why.isBlank() ? "" : " (" + why + ")"));
        }
    }

    private static Model parse(ByteString data) throws IOException {
        CodedInputStream in = aliasing(data.newCodedInput());
        long ir = 0;
        String producer = "", version = "";
        List<OpsetId> opsets = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Graph graph = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case ModelProto.IR_VERSION -> ir = in.readInt64();
                case ModelProto.PRODUCER_NAME -> producer = in.readString();
                case ModelProto.PRODUCER_VERSION -> version = in.readString();
                case ModelProto.GRAPH -> graph = readGraph(sub(in));
                case ModelProto.OPSET_IMPORT -> {
                    CodedInputStream o = sub(in);
                    String domain = "";
                    long v = 0;
                    for (int t; (t = o.readTag()) != 0; ) {
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case OperatorSetIdProto.DOMAIN -> domain = o.readString();
                            case OperatorSetIdProto.VERSION -> v = o.readInt64();
                            default -> o.skipField(t);
                        }
                    }
                    opsets.add(new OpsetId(domain, v));
                }
                case ModelProto.METADATA_PROPS -> {
                    CodedInputStream e = sub(in);
                    String key = "", value = "";
                    for (int t; (t = e.readTag()) != 0; ) {
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case StringStringEntryProto.KEY -> key = e.readString();
                            case StringStringEntryProto.VALUE -> value = e.readString();
                            default -> e.skipField(t);
                        }
                    }
                    metadata.put(key, value);
                }
                default -> in.skipField(tag);
            }
        }
        if (graph == null) throw new IOException("it holds no graph: is it an ONNX model?");
        return new Model(ir, producer, version, opsets, graph, metadata);
    }

    /** A nested message, read where it lies (the stream aliases its input, which nothing writes). */
    private static CodedInputStream sub(CodedInputStream in) throws IOException {
        return aliasing(in.readBytes().newCodedInput());
    }

    /** {@code in}, reading byte fields as views of its input rather than copies, and with no size limit below protobuf's 2 GB. */
    private static CodedInputStream aliasing(CodedInputStream in) {
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        return in;
    }

    private static Graph readGraph(CodedInputStream in) throws IOException {
        List<Node> nodes = new ArrayList<>();
        List<TensorData> inits = new ArrayList<>();
        List<ValueInfo> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        String name = "";
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case GraphProto.NODE -> nodes.add(readNode(sub(in)));
                case GraphProto.NAME -> name = in.readString();
                case GraphProto.INITIALIZER -> inits.add(readTensor(sub(in)));
                case GraphProto.INPUT -> inputs.add(readValueInfo(sub(in)));
                case GraphProto.OUTPUT -> outputs.add(readValueInfo(sub(in)));
                default -> in.skipField(tag);
            }
        }
        return new Graph(name, nodes, inits, inputs, outputs);
    }

    private static Node readNode(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        List<Attribute> attrs = new ArrayList<>();
        String name = "", op = "", domain = "";
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case NodeProto.INPUT -> inputs.add(in.readString());
                case NodeProto.OUTPUT -> outputs.add(in.readString());
                case NodeProto.NAME -> name = in.readString();
                case NodeProto.OP_TYPE -> op = in.readString();
                case NodeProto.ATTRIBUTE -> attrs.add(readAttribute(sub(in)));
                case NodeProto.DOMAIN -> domain = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new Node(name, op, domain, inputs, outputs, attrs);
    }

    private static Attribute readAttribute(CodedInputStream in) throws IOException {
        String name = "", s = null;
        int type = 0;
        float f = 0;
        long i = 0;
        TensorData t = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        List<String> strings = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case AttributeProto.NAME -> name = in.readString();
                case AttributeProto.F -> f = in.readFloat();
                case AttributeProto.I -> i = in.readInt64();
                case AttributeProto.S -> s = in.readBytes().toStringUtf8();
                case AttributeProto.T -> t = readTensor(sub(in));
                case AttributeProto.FLOATS -> floats.read(in, tag);
                case AttributeProto.INTS -> ints.read(in, tag, false);
                case AttributeProto.STRINGS -> strings.add(in.readBytes().toStringUtf8());
                case AttributeProto.TYPE -> type = in.readEnum();
                default -> in.skipField(tag);
            }
        }
        return new Attribute(name, type, f, i, s, t, floats.toArray(), ints.toArray(), strings);
    }

    private static TensorData readTensor(CodedInputStream in) throws IOException {
        LongList dims = new LongList(), int64 = new LongList(), int32 = new LongList();
        FloatList floats = new FloatList();
        List<Double> doubles = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteString raw = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TensorProto.DIMS -> dims.read(in, tag, false);
                case TensorProto.DATA_TYPE -> type = in.readInt32();
                case TensorProto.FLOAT_DATA -> floats.read(in, tag);
                case TensorProto.INT32_DATA -> int32.read(in, tag, true);
                case TensorProto.INT64_DATA -> int64.read(in, tag, false);
                case TensorProto.NAME -> name = in.readString();
                case TensorProto.RAW_DATA -> raw = in.readBytes();
                case TensorProto.DOUBLE_DATA -> {
                    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        CodedInputStream p = sub(in);
                        while (!p.isAtEnd()) doubles.add(p.readDouble());
                    } else doubles.add(in.readDouble());
                }
                case TensorProto.DATA_LOCATION -> {
                    if (in.readEnum() == TensorProto.EXTERNAL) throw new IOException("tensor \"" + name + "\" keeps its data in an external file, which LayerLab does not read");
                }
                default -> in.skipField(tag);
            }
        }
        long[] shape = dims.toArray();
        long count = 1;
        for (long d : shape) count *= d;
        if (count > Integer.MAX_VALUE) throw new IOException("tensor \"" + name + "\" is too large");
        int n = (int) count;
        ByteBuffer buf = raw == null ? null : raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case TensorProto.FLOAT -> {
                float[] v = buf != null ? new float[n] : floats.toArray();
                if (buf != null) need(buf, n * 4L, name).asFloatBuffer().get(v);
                return new TensorData(name, type, shape, check(v.length, n, name, v), null);
            }
            case TensorProto.DOUBLE -> {
                float[] v = new float[buf != null ? n : doubles.size()];
                if (buf != null) {
                    need(buf, n * 8L, name);
                    for (int k = 0; k < n; k++) v[k] = (float) buf.getDouble();
                } else for (int k = 0; k < v.length; k++) v[k] = doubles.get(k).floatValue();
                return new TensorData(name, TensorProto.FLOAT, shape, check(v.length, n, name, v), null);
            }
            case TensorProto.INT64 -> {
                long[] v = buf != null ? new long[n] : int64.toArray();
                if (buf != null) need(buf, n * 8L, name).asLongBuffer().get(v);
                return new TensorData(name, type, shape, null, check(v.length, n, name, v));
            }
            case TensorProto.INT32, TensorProto.BOOL -> {
                long[] v = new long[buf != null ? n : int32.size()];
                if (buf != null) {
                    need(buf, n * (type == TensorProto.BOOL ? 1L : 4L), name);
                    for (int k = 0; k < n; k++) v[k] = type == TensorProto.BOOL ? buf.get() : buf.getInt();
                } else v = int32.toArray();
                return new TensorData(name, TensorProto.INT64, shape, null, check(v.length, n, name, v));
            }
            default -> throw new IOException("tensor \"" + name + "\" has ONNX data type " + type + "; LayerLab reads float, double, int32, int64 and bool");
        }
    }

    private static ByteBuffer need(ByteBuffer buf, long bytes, String name) throws IOException {
        if (buf.remaining() != bytes) throw new IOException("tensor \"" + name + "\" holds " + buf.remaining() + " bytes of data, expected " + bytes);
        return buf;
    }

    private static <T> T check(int have, int want, String name, T data) throws IOException {
        if (have != want) throw new IOException("tensor \"" + name + "\" holds " + have + " values but its shape needs " + want);
        return data;
    }

    private static ValueInfo readValueInfo(CodedInputStream in) throws IOException {
        String name = "";
        int elem = 0;
        List<Object> dims = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case ValueInfoProto.NAME -> name = in.readString();
                case ValueInfoProto.TYPE -> {
                    CodedInputStream type = sub(in);
                    for (int t; (t = type.readTag()) != 0; ) {
                        if (WireFormat.getTagFieldNumber(t) != TypeProto.TENSOR_TYPE) {
                            type.skipField(t);
                            continue;
                        }
                        CodedInputStream tt = sub(type);
                        for (int u; (u = tt.readTag()) != 0; ) {
                            switch (WireFormat.getTagFieldNumber(u)) {
                                case TypeProtoTensor.ELEM_TYPE -> elem = tt.readInt32();
                                case TypeProtoTensor.SHAPE -> dims = readShape(sub(tt));
                                default -> tt.skipField(u);
                            }
                        }
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new ValueInfo(name, elem, dims);
    }

    private static List<Object> readShape(CodedInputStream in) throws IOException {
        List<Object> dims = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) != TensorShapeProto.DIM) {
                in.skipField(tag);
                continue;
            }
            CodedInputStream d = sub(in);
            Object dim = "?";
            for (int t; (t = d.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(t)) {
                    case Dimension.DIM_VALUE -> dim = d.readInt64();
                    case Dimension.DIM_PARAM -> dim = d.readString();
                    default -> d.skipField(t);
                }
            }
            dims.add(dim);
        }
        return dims;
    }

    /** A growable long[] for repeated int fields, packed or not. */
    private static final class LongList {
        private long[] a = new long[8];
        private int n;

        void read(CodedInputStream in, int tag, boolean int32) throws IOException {
            if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                CodedInputStream p = sub(in);
                while (!p.isAtEnd()) add(int32 ? p.readInt32() : p.readInt64());
            } else add(int32 ? in.readInt32() : in.readInt64());
        }

        void add(long v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }

        int size() {
            return n;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class FloatList {
        private float[] a = new float[8];
        private int n;

        void read(CodedInputStream in, int tag) throws IOException {
            if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                CodedInputStream p = sub(in);
                while (!p.isAtEnd()) add(p.readFloat());
            } else add(in.readFloat());
        }

        void add(float v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
