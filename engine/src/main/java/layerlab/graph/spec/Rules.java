package layerlab.graph.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Pieces the shape rules share: rank checks, dim arithmetic, output-size formulas with their explanation. */
final class Rules {
    private Rules() {
    }

    /** {@code 401,920}: thousands separated, for explanations. */
    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** The axis names of {@code d} spatial dims: L; H, W; D, H, W. */
    static String[] axes(int d) {
        return switch (d) {
            case 1 -> new String[] {"L"};
            case 2 -> new String[] {"H", "W"};
            case 3 -> new String[] {"D", "H", "W"};
            default -> throw new IllegalArgumentException("spatial dims " + d);
        };
    }

    /** {@code [N, C, H, W]} for 2 spatial dims. */
    static String layout(int spatial) {
        return "[N, C, " + String.join(", ", axes(spatial)) + "]";
    }

    /**
     * The input on {@code port}, which must have one of {@code ranks} dims with the batch first; otherwise
     * fails with {@code expects [N, C, H, W] but its input "flatten1" gives [N, 784]}.
     */
    static TensorType rank(ShapeContext ctx, String port, String layout, int... ranks) {
        return rank(ctx, port, layout, t -> "", ranks);
    }

    /** As {@link #rank(ShapeContext, String, String, int...)}, with {@code hint} of the wrong tensor saying how to fix it. */
    static TensorType rank(ShapeContext ctx, String port, String layout, java.util.function.Function<TensorType, String> hint, int... ranks) {
        InputInfo in = ctx.input(port);
        TensorType t = ctx.in(port);
        for (int r : ranks) if (t.rank() == r && t.batchFirst()) return t;
        throw ctx.failPort(port, "expects " + layout + " but " + from(ctx, in) + " gives " + t + (t.batchFirst() ? hint.apply(t) : ""));
    }

    /**
     * How to give a convolution or pooling over {@code spatial} dims the channels-first tensor it needs when a flat
     * [N, features] reached it (a prototyper's 784 pixels): the Reshape's per-sample shape, 1 × 28 × 28 for a square.
     */
    static String spatialHint(TensorType t, int spatial) {
        if (t.rank() != 2) return "";
        int f = t.dim(1);
        if (spatial == 1) return "; to read its " + f + " values as one channel, put a Reshape with shape [1, " + f + "] before it";
        int side = (int) Math.round(Math.sqrt(f));
        if (spatial == 2 && side * side == f) {
            return "; to read its " + f + " values as a 1×" + side + "×" + side + " image, put a Reshape with shape [1, " + side + ", " + side
                    + "] before it";
        }
        return "; put a Reshape with shape " + layout(spatial).replace("N, ", "") + " before it (their product " + f + ")";
    }

    /** {@code its input "conv1"} or {@code its input in2 "conv1"} when the node has several inputs. */
    static String from(ShapeContext ctx, InputInfo in) {
        return ctx.inputs().size() > 1 || !in.port().equals("in") ? "its input " + in.port() + " " + in.source() : "its input " + in.source();
    }

    /** The tensor on port "in", which must have the batch first ([N, …]); else the failure naming where it comes from. */
    static TensorType batchFirstIn(ShapeContext ctx) {
        TensorType t = ctx.in("in");
        if (!t.batchFirst()) throw ctx.failPort("in", "expects [N, …] but " + from(ctx, ctx.input("in")) + " gives " + t);
        return t;
    }

    /** A dim param ({@code dim=-1}) as an index into {@code rank} dims, failing if out of range or the batch. */
    static int dim(ShapeContext ctx, String param, int rank, boolean batchAllowed) {
        int d = ctx.i(param);
        int k = d < 0 ? d + rank : d;
        if (k < 0 || k >= rank) {
            throw ctx.failParam(param, param + " is " + d + " but the input has only " + rank + " dims (use " + validDims(rank, batchAllowed) + ")");
        }
        if (k == 0 && !batchAllowed) throw ctx.failParam(param, param + " " + d + " is the batch dimension N; layers work per sample, so use 1 or more");
        return k;
    }

    /**
     * The dims a {@link #dim} param may name: all of {@code -rank … rank-1}, or, where the batch is refused, only
     * those past it, counted from either end ({@code -2 … 1} offered Unflatten's -2, the batch of [N, 392]).
     */
    private static String validDims(int rank, boolean batchAllowed) {
        if (batchAllowed) return -rank + " … " + (rank - 1);
        if (rank <= 1) return "none: it has no dim past the batch N";
        if (rank == 2) return "1 or -1";
        return "1 … " + (rank - 1) + " or " + (1 - rank) + " … -1";
    }

    /** Elementwise layers: the output is the input, {@code flopsPerValue} per value. */
    static void same(ShapeContext ctx, long flopsPerValue) {
        TensorType t = ctx.in("in");
        ctx.out("out", t);
        ctx.flops(flopsPerValue * t.perSample());
        ctx.explain("out = in = " + t);
    }

    /**
     * A convolution or pooling output size, {@code ⌊(L + 2p − d·(k − 1) − 1)/s⌋ + 1} (ceil when {@code ceil}),
     * and its line of explanation with the numbers, shortened to {@code (L + 2p − k)} when {@code d} is 1.
     */
    static int slide(String axis, int in, int k, int s, int p, int d, boolean ceil, List<String> lines) {
        long num = (long) in + 2L * p - (long) d * (k - 1) - 1;
        long out = (ceil ? Math.floorDiv(num + s - 1, s) : Math.floorDiv(num, s)) + 1;
        // PyTorch's rule for ceil_mode: the last window must start inside the input or its left padding.
        if (ceil && (out - 1) * s >= in + p) out--;
        String open = ceil ? "⌈" : "⌊", close = ceil ? "⌉" : "⌋";
        String pad = p == 0 ? "" : " + 2·" + p;
        String span = d == 1 ? " − " + k : " − " + d + "·(" + k + " − 1) − 1";
        lines.add(axis + "_out = " + open + "(" + in + pad + span + ")/" + s + close + " + 1 = " + out);
        return (int) out;
    }

    /** {@code out = [N, 32, 28, 28]} lines then the formula lines, in order. */
    static void explainAll(ShapeContext ctx, List<String> lines) {
        for (String l : lines) ctx.explain(l);
    }

    static List<String> lines() {
        return new ArrayList<>();
    }

    static long product(int[] a) {
        long p = 1;
        for (int v : a) p *= v;
        return p;
    }

    /** {@code 3×3} or {@code 3} for explanations. */
    static String times(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) sb.append(i > 0 ? "×" : "").append(a[i]);
        return sb.toString();
    }

    /** The same value in every entry? Then an int, otherwise a tuple (how PyTorch prints sizes). */
    static Object compact(int[] a) {
        for (int v : a) if (v != a[0]) return java.util.Arrays.stream(a).boxed().toList();
        return a[0];
    }
}
