package layerlab.io.onnx;

import java.util.Arrays;
import layerlab.graph.Node;
import layerlab.io.onnx.OnnxProto.Attribute;
import layerlab.io.onnx.OnnxProto.TensorData;
import layerlab.tensor.Tensor;

/** Reading an ONNX op's attributes and tensors, and naming an op in a message. */
final class OnnxAttributes {
    private OnnxAttributes() {}

    static String node(OnnxProto.Node n) {
        return "node \"" + (!n.name().isEmpty() || n.outputs().isEmpty() ? n.name() : n.outputs().get(0)) + "\" (" + n.opType() + ")";
    }

    static long intAttr(OnnxProto.Node n, String name, long def) {
        Attribute a = n.attribute(name);
        return a == null ? def : a.i();
    }

    /**
     * A float attribute as the shortest decimal that reads back as it (1e-5, not 9.999999747378752e-6): ONNX keeps
     * float32, PyTorch's modules and the project's JSON the number the user wrote.
     */
    static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    static float floatAttr(OnnxProto.Node n, String name, float def) {
        Attribute a = n.attribute(name);
        return a == null ? def : a.f();
    }

    static String stringAttr(OnnxProto.Node n, String name, String def) {
        Attribute a = n.attribute(name);
        return a == null || a.s() == null ? def : a.s();
    }

    static long[] ints(OnnxProto.Node n, String name, int count, long def) {
        Attribute a = n.attribute(name);
        if (a != null && a.ints().length == count) return a.ints();
        long[] v = new long[count];
        java.util.Arrays.fill(v, def);
        return v;
    }

    /** An int when every entry is the same, as PyTorch writes sizes; otherwise the list. */
    static Object compact(long[] v) {
        for (long x : v) if (x != v[0]) return java.util.Arrays.stream(v).mapToInt(l -> (int) l).boxed().toList();
        return (int) v[0];
    }

    static Object compact(int[] v) {
        return compact(java.util.Arrays.stream(v).asLongStream().toArray());
    }

    static RuntimeException unsupported(OnnxProto.Node n, String why) {
        return new OnnxException(node(n) + ": " + why);
    }

    /** The tensor attribute {@code a} of {@code n}: a damaged file may give the name another type's value, and no tensor. */
    static Tensor tensor(OnnxProto.Node n, Attribute a) {
        if (a.t() == null) throw unsupported(n, "its attribute \"" + a.name() + "\" holds no tensor; the file is damaged");
        return tensor(a.t());
    }

    /** {@code t} as a tensor; an initializer's floats become the tensor's own (not copied: a model's weights are on the heap once). */
    static Tensor tensor(TensorData t) {
        int[] dims = new int[t.dims().length];
        for (int i = 0; i < dims.length; i++) dims[i] = (int) t.dims()[i];
        if (t.isFloat()) return Tensor.adopt(t.floats(), dims);
        return dims.length == 0 ? scalarLong(t.longs()[0]) : Tensor.ofLongs(t.longs(), dims);
    }

    static Tensor scalarLong(long v) {
        return Tensor.ofLongs(new long[] {v}, 1).reshape();
    }
}
