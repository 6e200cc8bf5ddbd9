package layerlab.graph.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An LSTM with proj_size in ONNX ops: ONNX's LSTM op has no projection of h, so each layer-direction is written out step by
 * step over the sequence's steps, which LayerLab's shapes fix (only the batch is left open, and ONNX's Loop and Scan would need
 * a subgraph, which the exporter does not write). Per step, PyTorch's cell: gates = x_t·W_ihᵀ + b_ih + b_hh + h·W_hhᵀ (the
 * input's part for every step in one MatMul first), split (i, f, g, o); c = σ(f)·c + σ(i)·tanh(g); h = (σ(o)·tanh(c))·W_hrᵀ.
 * The first step has no recurrent part (the initial state is 0). With lengths, a step past a sequence's length keeps its
 * state and gives 0, as pack_padded_sequence reads it (the backward direction then starts at each sequence's last step).
 * The weights are the state dict's, transposed by ops, and the ops are marked a composite that LayerLab's importer reads
 * back as the one layer.
 */
final class ProjectedLstmOnnx {
    private static final int ONNX_FLOAT = 1;

    private final OnnxEmitter e;
    private final int steps, hidden;
    private final String gateSizes;
    private final List<String> masks;

    private ProjectedLstmOnnx(OnnxEmitter e, int steps) {
        this.e = e;
        this.steps = steps;
        this.hidden = e.i("hidden_size");
        gateSizes = e.longs("gate_sizes", hidden, hidden, hidden, hidden);
        masks = e.input("lengths") == null ? null : stepMasks();
    }

    static void emit(OnnxEmitter e) {
        e.composite();
        boolean bf = e.b("batch_first");
        String x = e.input("in");
        if (bf) {
            String tm = e.temp("time_major");
            e.op("Transpose", List.of(x), tm).ints("perm", 1, 0, 2);
            x = tm;
        }
        new ProjectedLstmOnnx(e, e.inputType("in").dim(bf ? 1 : 0)).layers(x, bf);
    }

    private void layers(String x, boolean bf) {
        int layers = e.i("num_layers"), dirs = e.b("bidirectional") ? 2 : 1;
        List<String> hn = new ArrayList<>(), cn = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            String[] ys = new String[dirs];
            for (int d = 0; d < dirs; d++) {
                String[] state = direction(x, l, d == 1);
                ys[d] = state[0];
                hn.add(state[1]);
                cn.add(state[2]);
            }
            if (dirs == 1) {
                x = ys[0];
            } else {
                x = e.temp("seq_l" + l);
                e.op("Concat", List.of(ys), x).i("axis", 2);
            }
        }
        if (bf) e.op("Transpose", List.of(x), e.output("out")).ints("perm", 1, 0, 2);
        else e.op("Identity", List.of(x), e.output("out"));
        e.op("Concat", hn, e.output("h_n")).i("axis", 0);
        e.op("Concat", cn, e.output("c_n")).i("axis", 0);
    }

    /** One layer-direction over the time-major x [T, N, F]: its outputs [T, N, P], final h [1, N, P] and c [1, N, H]. */
    private String[] direction(String x, int l, boolean reverse) {
        String sfx = "_l" + l + (reverse ? "_reverse" : "");
        String wih = transposed("weight_ih" + sfx), whh = transposed("weight_hh" + sfx), whr = transposed("weight_hr" + sfx);
        String xw = e.temp("x_gates" + sfx);
        e.op("MatMul", List.of(x, wih), xw);
        if (e.b("bias")) {
            String b = e.temp("bias" + sfx), biased = e.temp("x_gates_biased" + sfx);
            e.op("Add", List.of(e.param("bias_ih" + sfx), e.param("bias_hh" + sfx)), b);
            e.op("Add", List.of(xw, b), biased);
            xw = biased;
        }
        String[] perStep = new String[steps];
        for (int t = 0; t < steps; t++) perStep[t] = e.temp("x_gates" + sfx + "_t" + t);
        long[] ones = new long[steps];
        Arrays.fill(ones, 1);
        e.op("Split", List.of(xw, e.longs("steps", ones)), perStep).i("axis", 0);
        String h = null, c = null;
        String[] ys = new String[steps];
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            String at = sfx + "_t" + t;
            String gates = perStep[t];
            if (h != null) {
                String rec = e.temp("h_gates" + at), sum = e.temp("gates" + at);
                e.op("MatMul", List.of(h, whh), rec);
                e.op("Add", List.of(gates, rec), sum);
                gates = sum;
            }
            String[] g = {e.temp("i" + at), e.temp("f" + at), e.temp("g" + at), e.temp("o" + at)};
            e.op("Split", List.of(gates, gateSizes), g).i("axis", 2);
            String i = unary("Sigmoid", g[0]), f = unary("Sigmoid", g[1]), cand = unary("Tanh", g[2]), o = unary("Sigmoid", g[3]);
            String cNew = binary("Mul", i, cand);
            if (c != null) cNew = binary("Add", binary("Mul", f, c), cNew);
            String hNew = e.temp("h" + at);
            e.op("MatMul", List.of(binary("Mul", o, unary("Tanh", cNew)), whr), hNew);
            String y = hNew;
            if (masks != null) {
                // Past its length a sequence keeps its state (0 before its first step) and gives 0.
                String m = masks.get(t);
                cNew = c == null ? binary("Mul", m, cNew) : binary("Add", c, binary("Mul", m, binary("Sub", cNew, c)));
                hNew = h == null ? binary("Mul", m, hNew) : binary("Add", h, binary("Mul", m, binary("Sub", hNew, h)));
                y = h == null ? hNew : binary("Mul", m, hNew);
            }
            ys[t] = y;
            h = hNew;
            c = cNew;
        }
        String out = e.temp("y" + sfx);
        e.op("Concat", List.of(ys), out).i("axis", 0);
        return new String[] {out, h, c};
    }

    private String transposed(String param) {
        String t = e.temp(param + "_t");
        e.op("Transpose", List.of(e.param(param)), t).ints("perm", 1, 0);
        return t;
    }

    private String unary(String op, String a) {
        String v = e.temp(op.toLowerCase(java.util.Locale.ROOT));
        e.op(op, List.of(a), v);
        return v;
    }

    private String binary(String op, String a, String b) {
        String v = e.temp(op.toLowerCase(java.util.Locale.ROOT));
        e.op(op, List.of(a, b), v);
        return v;
    }

    /** Per step t, a float [1, N, 1]: 1 where t is below the sequence's length, else 0. */
    private List<String> stepMasks() {
        long[] range = new long[steps];
        for (int t = 0; t < steps; t++) range[t] = t;
        String lengths = e.temp("lengths_row"), less = e.temp("valid"), floats = e.temp("valid_f"), mask = e.temp("step_mask");
        e.op("Unsqueeze", List.of(e.input("lengths"), e.longs("row_axis", 0)), lengths);
        e.op("Less", List.of(e.int64("step_ids", new int[] {steps, 1}, range), lengths), less);
        e.op("Cast", List.of(less), floats).i("to", ONNX_FLOAT);
        e.op("Unsqueeze", List.of(floats, e.longs("feature_axis", 2)), mask);
        List<String> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) out.add(e.temp("step_mask_t" + t));
        long[] ones = new long[steps];
        Arrays.fill(ones, 1);
        e.op("Split", List.of(mask, e.longs("mask_steps", ones)), out.toArray(new String[0])).i("axis", 0);
        return out;
    }
}
