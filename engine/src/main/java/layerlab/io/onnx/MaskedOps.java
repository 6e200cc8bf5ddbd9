package layerlab.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Finds the ops LayerLab's export writes for a model that masks its padding, so that its importer reads them back as the
 * layers they came from: a Lengths node ({@code Equal} to padding_idx, {@code Not}, {@code Cast}, {@code ReduceSum},
 * {@code Max} with 1), and a LastStep or MeanOverTime given lengths (the sequence times a step mask built from the
 * lengths, summed over time; MeanOverTime divided by the lengths). Each pattern is matched op by op, attribute by
 * attribute and constant by constant, every intermediate read by the next op alone: ops that differ in anything import
 * as ops, which LayerLab then refuses naming the op. Nothing in the file is run.
 */
final class MaskedOps {
    /** ONNX's TensorProto data types. */
    private static final int FLOAT = 1, INT64 = 7;

    /**
     * One layer found: its kind and settings, the ONNX values its input ports read, the ops it stands for (the last one
     * writes its out), the output's rank, a name for it, and the steps its mask holds (0 for a Lengths), which must be
     * the sequence's.
     */
    record Match(String kind, Map<String, Object> params, Map<String, String> inputs, List<OnnxProto.Node> ops, int rank, String hint, int steps) {
        OnnxProto.Node last() {
            return ops.get(ops.size() - 1);
        }
    }

    private final List<OnnxProto.Node> nodes;
    private final Map<String, OnnxProto.Node> producerOf;
    private final Map<String, List<OnnxProto.Node>> consumers;
    private final Map<String, Tensor> consts;
    private final Predicate<String> isOutput;

    MaskedOps(List<OnnxProto.Node> nodes, Map<String, OnnxProto.Node> producerOf, Map<String, List<OnnxProto.Node>> consumers,
              Map<String, Tensor> consts, Predicate<String> isOutput) {
        this.nodes = nodes;
        this.producerOf = producerOf;
        this.consumers = consumers;
        this.consts = consts;
        this.isOutput = isOutput;
    }

    /** The Lengths nodes, masked LastSteps and masked MeanOverTimes in the graph. */
    List<Match> find() {
        List<Match> found = new ArrayList<>();
        for (OnnxProto.Node n : nodes) {
            Match m = switch (n.opType()) {
                case "Max" -> lengths(n);
                case "ReduceSum" -> lastStep(n);
                case "Div" -> meanOverTime(n);
                default -> null;
            };
            if (m != null) found.add(m);
        }
        return found;
    }

    /** max(ReduceSum(Cast(Not(Equal(ids, padding_idx)), int64), axes=[1], keepdims=0), 1). */
    private Match lengths(OnnxProto.Node max) {
        if (max.inputs().size() != 2 || !isLong(max.input(1), 1)) return null;
        OnnxProto.Node sum = single(max.input(0), "ReduceSum", max);
        if (sum == null || !axes(sum, 1) || attr(sum, "keepdims", 1) != 0 || attr(sum, "noop_with_empty_axes", 0) != 0) return null;
        OnnxProto.Node cast = single(sum.input(0), "Cast", sum);
        if (cast == null || attr(cast, "to", -1) != INT64) return null;
        OnnxProto.Node not = single(cast.input(0), "Not", cast);
        OnnxProto.Node eq = not == null ? null : single(not.input(0), "Equal", not);
        if (eq == null || eq.inputs().size() != 2 || consts.containsKey(eq.input(0))) return null;
        Tensor pad = consts.get(eq.input(1));
        if (pad == null || pad.dtype() != DType.INT64 || pad.numel() != 1 || pad.toLongArray()[0] < 0) return null;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("padding_idx", (int) pad.toLongArray()[0]);
        return new Match("Lengths", params, Map.of("in", eq.input(0)), List.of(eq, not, cast, sum, max), 1, eq.name(), 0);
    }

    /** ReduceSum(Mul(x, mask), axes=[time], keepdims=0), the mask 1 at each sequence's last step ({@link #stepMask} "Equal"). */
    private Match lastStep(OnnxProto.Node sum) {
        if (attr(sum, "keepdims", 1) != 0 || attr(sum, "noop_with_empty_axes", 0) != 0) return null;
        OnnxProto.Node mul = single(sum.input(0), "Mul", sum);
        Masked m = mul == null ? null : masked(mul, "Equal");
        if (m == null || !axes(sum, m.time())) return null;
        List<OnnxProto.Node> ops = new ArrayList<>(m.ops());
        ops.add(sum);
        return new Match("LastStep", Map.of("batch_first", m.time() == 1), Map.of("in", m.x(), "lengths", m.lengths()), ops, 2, mul.name(), m.steps());
    }

    /** Div(ReduceSum(Mul(x, mask), axes=[time], keepdims=0), Unsqueeze(Cast(lengths, float), [1])), the mask 1 at the valid steps. */
    private Match meanOverTime(OnnxProto.Node div) {
        if (div.inputs().size() != 2) return null;
        OnnxProto.Node sum = single(div.input(0), "ReduceSum", div);
        if (sum == null || attr(sum, "keepdims", 1) != 0 || attr(sum, "noop_with_empty_axes", 0) != 0) return null;
        OnnxProto.Node mul = single(sum.input(0), "Mul", sum);
        Masked m = mul == null ? null : masked(mul, "Less");
        if (m == null || !axes(sum, m.time())) return null;
        OnnxProto.Node counts = single(div.input(1), "Unsqueeze", div);
        if (counts == null || !axes(counts, 1)) return null;
        OnnxProto.Node count = single(counts.input(0), "Cast", counts);
        if (count == null || attr(count, "to", -1) != FLOAT || !count.input(0).equals(m.lengths())) return null;
        List<OnnxProto.Node> ops = new ArrayList<>(m.ops());
        ops.addAll(List.of(sum, count, counts, div));
        return new Match("MeanOverTime", Map.of("batch_first", m.time() == 1), Map.of("in", m.x(), "lengths", m.lengths()), ops, 2, mul.name(), m.steps());
    }

    /** A sequence {@code x} times a step mask of {@code lengths}, its time axis {@code time} (1: batch first), T steps. */
    private record Masked(String x, String lengths, int time, int steps, List<OnnxProto.Node> ops) {}

    /** {@code mul} as Mul(x, mask), the mask as {@link #stepMask} reads it. */
    private Masked masked(OnnxProto.Node mul, String test) {
        if (mul.inputs().size() != 2 || consts.containsKey(mul.input(0))) return null;
        return stepMask(mul.input(0), mul.input(1), mul, test);
    }

    /**
     * The step mask of LayerLab's export: Unsqueeze(Cast(test(steps, Unsqueeze(len, [time])), float), [2]), with steps the
     * constant 0 … T−1 shaped [1, T] (batch first) or [T, 1], and len the lengths ({@code "Less"}: the valid steps) or the
     * lengths less 1 ({@code "Equal"}: the last valid step).
     */
    private Masked stepMask(String x, String value, OnnxProto.Node reader, String test) {
        List<OnnxProto.Node> ops = new ArrayList<>();
        OnnxProto.Node to3d = single(value, "Unsqueeze", reader);
        if (to3d == null || !axes(to3d, 2)) return null;
        OnnxProto.Node floats = single(to3d.input(0), "Cast", to3d);
        if (floats == null || attr(floats, "to", -1) != FLOAT) return null;
        OnnxProto.Node cmp = single(floats.input(0), test, floats);
        if (cmp == null || cmp.inputs().size() != 2) return null;
        Tensor steps = consts.get(cmp.input(0));
        if (steps == null || steps.dtype() != DType.INT64 || steps.dim() != 2) return null;
        int time = steps.size(0) == 1 ? 1 : steps.size(1) == 1 ? 0 : -1;
        if (time < 0) return null;
        long[] at = steps.toLongArray();
        for (int t = 0; t < at.length; t++) if (at[t] != t) return null;
        OnnxProto.Node to2d = single(cmp.input(1), "Unsqueeze", cmp);
        if (to2d == null || !axes(to2d, time == 1 ? 1 : 0)) return null;
        String lengths = to2d.input(0);
        OnnxProto.Node less1 = null;
        if (test.equals("Equal")) {
            less1 = single(lengths, "Sub", to2d);
            if (less1 == null || less1.inputs().size() != 2 || !isLong(less1.input(1), 1)) return null;
            lengths = less1.input(0);
        }
        if (consts.containsKey(lengths) || lengths.equals(x)) return null;
        if (less1 != null) ops.add(less1);
        ops.addAll(List.of(to2d, cmp, floats, to3d, reader));
        return new Masked(x, lengths, time, at.length, ops);
    }

    /** The op of type {@code op} that writes {@code value}, when {@code reader} alone reads it and it is no graph output; else null. */
    private OnnxProto.Node single(String value, String op, OnnxProto.Node reader) {
        OnnxProto.Node p = producerOf.get(value);
        if (p == null || !p.opType().equals(op) || !p.domain().isEmpty() && !p.domain().equals("ai.onnx") || isOutput.test(value)) return null;
        if (p.outputs().size() != 1) return null;
        List<OnnxProto.Node> readers = consumers.getOrDefault(value, List.of());
        return readers.size() == 1 && readers.get(0).equals(reader) ? p : null;
    }

    /** Whether {@code value} is an int64 constant holding the one number {@code want}. */
    private boolean isLong(String value, long want) {
        Tensor t = consts.get(value);
        return t != null && t.dtype() == DType.INT64 && t.numel() == 1 && t.toLongArray()[0] == want;
    }

    /** Whether the op's axes (its attribute, or its second input, a constant) are {@code [axis]}. */
    private boolean axes(OnnxProto.Node n, long axis) {
        long[] a = n.attribute("axes") != null ? n.attribute("axes").ints() : n.inputs().size() == 2 && consts.containsKey(n.input(1))
                ? consts.get(n.input(1)).toLongArray() : null;
        return a != null && Arrays.equals(a, new long[] {axis});
    }

    private static long attr(OnnxProto.Node n, String name, long def) {
        return OnnxAttributes.intAttr(n, name, def);
    }
}
