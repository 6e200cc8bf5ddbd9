package layerlab.graph.spec;

import java.util.List;
import layerlab.tensor.Tensor;

/**
 * What an {@link OnnxExport} sees of one node while the ONNX graph is written: its resolved params, the value
 * names arriving at and leaving its ports, their inferred types, its weights (by PyTorch param name), and a way
 * to add ops and constants. Value names of the node's own intermediates come from {@link #temp}, so they never
 * clash with another node's.
 */
public interface OnnxEmitter extends Params {
    /** The node's name as the ONNX graph shows it ({@code conv1}, {@code res1.conv1} inside a block placement). */
    String nodeName();

    /** The value arriving at input port {@code port}, or null when it is unconnected. */
    String input(String port);

    TensorType inputType(String port);

    /** The value this node must produce on output port {@code port}. */
    String output(String port);

    TensorType outputType(String port);

    /** The node's state tensor {@code <node>.<name>} ({@code weight}, {@code weight_ih_l0}, {@code running_mean}). */
    Tensor state(String name);

    /** That state tensor as an initializer named like the state dict key; returns its value name. */
    String param(String name);

    /** A new initializer holding {@code value} (float32 or int64), named after the node and {@code suffix}. */
    String constant(String suffix, Tensor value);

    /** A new int64 initializer of shape {@code dims} ({@code []}: a scalar). */
    String int64(String suffix, int[] dims, long... values);

    /** A new float32 initializer of shape {@code dims} ({@code []}: a scalar). */
    String float32(String suffix, int[] dims, float... values);

    /** A 1-D int64 initializer (shapes, axes, pads). */
    default String longs(String suffix, long... values) {
        return int64(suffix, new int[] {values.length}, values);
    }

    default String scalarLong(String suffix, long value) {
        return int64(suffix, new int[0], value);
    }

    default String scalar(String suffix, float value) {
        return float32(suffix, new int[0], value);
    }

    /** A fresh value name for one of the node's intermediates. */
    String temp(String suffix);

    /** Adds an op reading {@code inputs} ("" for an omitted optional input) and writing {@code outputs}. */
    Op op(String opType, List<String> inputs, String... outputs);

    /**
     * Marks the ops this node writes as one LayerLab layer that ONNX has no op for (a MultiheadAttention): the model's
     * metadata ({@code "layerlab.composites"}) names the node, its kind, settings, inputs and outputs, so that LayerLab's
     * importer reads those ops back as the one layer. Other tools run the ops.
     */
    void composite();

    /** The error for a node whose settings ONNX cannot express: names the node, its kind and {@code why}. */
    RuntimeException unsupported(String why);

    /** One op being written: its attributes. */
    interface Op {
        Op i(String name, long value);

        Op f(String name, double value);

        Op s(String name, String value);

        Op ints(String name, int... values);

        Op strings(String name, String... values);
    }
}
