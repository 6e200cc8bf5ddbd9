package layerlab.graph.spec;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What a {@link ShapeRule} sees and reports: the node's params, the types arriving at its inputs, and where
 * it puts its output types, its parameter count, its FLOPs per sample, its explanation lines and its problems.
 */
public interface ShapeContext extends Params {
    String nodeName();

    /** The connected input on {@code port}, or null when nothing is connected there. */
    InputInfo input(String port);

    /** The connected inputs in port order. */
    List<InputInfo> inputs();

    /** The type arriving on {@code port} (validation has already reported a missing required input). */
    default TensorType in(String port) {
        InputInfo i = input(port);
        if (i == null) throw new ShapeException("input " + port + " is not connected", null, port);
        return i.type();
    }

    void out(String port, TensorType type);

    /** One line of the explanation, with the actual numbers ({@code H_out = ⌊(28 + 2·1 − 3)/1⌋ + 1 = 28}). */
    void explain(String line);

    void paramCount(long n);

    /** Floating-point operations per sample in the forward pass (a multiply-add counts 2). */
    void flops(long n);

    /**
     * A shape-determined param ({@code in_features}): when unset, fills it with {@code actual}; when the
     * student set a different value, reports {@code mismatch.apply(theirValue)} on the param. Returns the
     * value the layer will be built with (theirs, when set).
     */
    int fill(String param, int actual, IntFunction<String> mismatch);

    /** {@link #fill(String, int, IntFunction)} for a list-valued param ({@code normalized_shape}). */
    List<Integer> fill(String param, List<Integer> actual, Function<List<Integer>, String> mismatch);

    /** A problem on {@code param} (null: the node) that still lets inference go on. */
    void error(String param, String message);

    void warn(String message);

    /** A warning on {@code param} (the Problems list can offer a fix for it there). */
    void warn(String param, String message);

    /** Stops inference of this node with a problem on the node. */
    default ShapeException fail(String message) {
        return new ShapeException(message, null, null);
    }

    default ShapeException failParam(String param, String message) {
        return new ShapeException(message, param, null);
    }

    default ShapeException failPort(String port, String message) {
        return new ShapeException(message, null, port);
    }
}
