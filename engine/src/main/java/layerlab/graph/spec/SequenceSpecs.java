package layerlab.graph.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.nn.Embedding;
import layerlab.nn.FinalHidden;
import layerlab.nn.GRU;
import layerlab.nn.LSTM;
import layerlab.nn.LastStep;
import layerlab.nn.Lengths;
import layerlab.nn.MeanOverTime;
import layerlab.nn.RNN;
import layerlab.nn.RNNBase;
import layerlab.nn.RNNOutput;
import layerlab.tensor.Tensor;

/**
 * Embedding and the recurrent group: {@code Embedding}, {@code RNN}, {@code LSTM}, {@code GRU}, and the nodes
 * that turn a sequence into one vector per sample: {@code LastStep}, {@code MeanOverTime}, {@code FinalHidden}.
 * LayerLab's batch dimension comes first, so {@code batch_first} defaults to true here (PyTorch's default is
 * false, and the PyTorch text says {@code batch_first=True}).
 */
final class SequenceSpecs {
    private SequenceSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(embedding(), lengths(), recurrent("RNN", 1), recurrent("LSTM", 4), recurrent("GRU", 3), lastStep(), meanOverTime(), finalHidden());
    }

    private static LayerSpec embedding() {
        return LayerSpec.builder("Embedding", Category.EMBEDDING)
                .keywords("lookup table", "word vectors", "tokens", "vocabulary", "nlp")
                .doc("Looks up a learned vector for each integer token id: int64 [N, *] → [N, *, embedding_dim], e.g. "
                        + "[N, 35] → [N, 35, 20]. Ids must be in 0 … num_embeddings − 1; the row padding_idx stays zero and "
                        + "gets no gradient; with max_norm, each row a forward looks up is first rescaled, in place, to a norm_type-norm "
                        + "of at most max_norm; with scale_grad_by_freq, each row's gradient is divided by the number of times the batch "
                        + "looks it up. Parameters: num_embeddings·embedding_dim.")
                .param(ParamSpec.integer("num_embeddings", 1000, 1, null, "vocabulary size: ids run 0 … num_embeddings − 1").positionalArg())
                .param(ParamSpec.integer("embedding_dim", 32, 1, null, "size of each vector").positionalArg())
                .param(ParamSpec.integer("padding_idx", null, null, null, "an id whose vector stays zero (None: no padding)").orNone())
                .param(ParamSpec.real("max_norm", 1.0, null, null, "each vector a forward looks up whose norm exceeds this is "
                        + "rescaled to it, in place (None: never)").orNone())
                .param(ParamSpec.real("norm_type", 2.0, null, null, "the p of the p-norm max_norm bounds"))
                .param(ParamSpec.bool("scale_grad_by_freq", false, "divide each row's gradient by how many times the batch looks it up "
                        + "(frequent tokens learn no faster than rare ones)"))
                .in("in", PortType.INDICES)
                .out("out", PortType.SEQUENCE)
                .rule(ctx -> {
                    TensorType t = ctx.in("in");
                    if (!t.batchFirst()) throw ctx.failPort("in", "expects token ids [N, …] but " + Rules.from(ctx, ctx.input("in")) + " gives " + t);
                    int num = ctx.i("num_embeddings"), dim = ctx.i("embedding_dim");
                    Object pad = ctx.value("padding_idx");
                    if (pad instanceof Integer p && (p >= num || p < -num)) {
                        ctx.error("padding_idx", "padding_idx is " + p + " but must be within num_embeddings (" + -num + " … " + (num - 1) + ")");
                    }
                    if (ctx.value("max_norm") instanceof Number m && !(m.doubleValue() > 0)) {
                        ctx.error("max_norm", "max_norm is " + Py.num(m.doubleValue()) + " but must be positive (None: no bound)");
                    }
                    if (!(ctx.d("norm_type") > 0)) ctx.error("norm_type", "norm_type is " + Py.num(ctx.d("norm_type")) + " but must be positive");
                    int[] d = java.util.Arrays.copyOf(t.dims(), t.rank() + 1);
                    d[t.rank()] = dim;
                    TensorType out = TensorType.of(layerlab.tensor.DType.FLOAT32, d);
                    ctx.out("out", out);
                    ctx.paramCount((long) num * dim);
                    ctx.explain("out = " + out + ": each id in " + t.describe() + " replaced by its " + dim + "-value vector");
                    ctx.explain("params = " + num + "·" + dim + " = " + Rules.n((long) num * dim));
                })
                .parameterRoles(p -> Map.of("weight", 2))
                .defaultInit("weight normal(0, 1), the padding_idx row zeros")
                .factory(c -> new Embedding(c.i("num_embeddings"), c.i("embedding_dim"), (Integer) c.value("padding_idx"),
                        c.value("max_norm") == null ? null : (float) c.d("max_norm"), (float) c.d("norm_type"), c.b("scale_grad_by_freq")))
                .onnx(SequenceSpecs::onnxEmbedding)
                .build();
    }

    /**
     * Gather; with max_norm, each looked-up vector whose norm exceeds it scaled by max_norm / (norm + 1e-7), as PyTorch's
     * forward rescales the rows it reads (in place, which for one forward gives the same vectors). The norm is written with
     * ops LayerLab's importer knows (|v| as √(v·v), a sum, a square root), and the ops are marked as one Embedding, so that
     * the importer reads them back as it.
     */
    private static void onnxEmbedding(OnnxEmitter e) {
        if (e.value("max_norm") == null) {
            e.op("Gather", List.of(e.param("weight"), e.input("in")), e.output("out")).i("axis", 0);
            return;
        }
        double p = e.d("norm_type");
        if (p != 1 && p != 2) throw e.unsupported("max_norm with norm_type " + Py.num(p) + ": only the 1- and 2-norm are written to ONNX");
        String rows = e.temp("rows"), squares = e.temp("squares"), terms = e.temp("terms"), sum = e.temp("sum"), norm = e.temp("norm"),
                plus = e.temp("norm_eps"), scale = e.temp("scale"), over = e.temp("over"), factor = e.temp("factor");
        String bound = e.scalar("max_norm", (float) e.d("max_norm"));
        e.op("Gather", List.of(e.param("weight"), e.input("in")), rows).i("axis", 0);
        e.op("Mul", List.of(rows, rows), squares);
        if (p == 1) e.op("Sqrt", List.of(squares), terms);
        e.op("ReduceSum", List.of(p == 1 ? terms : squares, e.longs("axes", -1)), sum).i("keepdims", 1);
        if (p == 2) e.op("Sqrt", List.of(sum), norm);
        else norm = sum;
        e.op("Add", List.of(norm, e.scalar("eps", 1e-7f)), plus);
        e.op("Div", List.of(bound, plus), scale);
        e.op("Less", List.of(bound, norm), over);
        e.op("Where", List.of(over, scale, e.scalar("one", 1f)), factor);
        e.op("Mul", List.of(rows, factor), e.output("out"));
        e.composite();
    }

    /**
     * Counts each text's tokens, for the lengths inputs that mask padding. torch.nn has no such layer: the script writes
     * the expression PyTorch code uses, {@code (x != 0).sum(dim=1).clamp(min=1)}.
     */
    private static LayerSpec lengths() {
        return LayerSpec.builder("Lengths", Category.EMBEDDING)
                .keywords("sequence lengths", "padding mask", "mask", "pack_padded_sequence", "key_padding_mask", "valid length")
                .doc("Counts each sequence's tokens: int64 token ids [N, T] → int64 [N], the ids that are not padding_idx "
                        + "(at least 1: an empty text reads one padding token). Connect it to the lengths input of an RNN, LSTM, "
                        + "GRU, LastStep, MeanOverTime or MultiheadAttention to keep the padding out, as pack_padded_sequence "
                        + "and key_padding_mask do in PyTorch. Those count a sequence's steps from its start, so the ids must be "
                        + "padded on the right: set the text data set's padding to right.")
                .param(ParamSpec.integer("padding_idx", 0, 0, null, "the id that pads (the text data set's <pad> is 0)"))
                .in("in", PortType.INDICES)
                .out("out", PortType.INDICES)
                .rule(ctx -> {
                    TensorType t = ctx.in("in");
                    if (t.rank() != 2 || !t.batchFirst() || t.dtype() != layerlab.tensor.DType.INT64) {
                        throw ctx.failPort("in", "expects int64 token ids [N, T] but " + Rules.from(ctx, ctx.input("in")) + " gives " + t.describe());
                    }
                    TensorType out = TensorType.batch(layerlab.tensor.DType.INT64);
                    ctx.out("out", out);
                    ctx.explain("out = " + out.describe() + ": how many of each sequence's " + t.dim(1) + " ids are not " + ctx.i("padding_idx")
                            + " (at least 1)");
                })
                .factory(c -> new Lengths(c.i("padding_idx")))
                .onnx(e -> {
                    // max(sum(ids != padding_idx, dim=1), 1), in int64.
                    String ne = e.temp("not_padding"), eq = e.temp("is_padding"), n = e.temp("counted"), sum = e.temp("sum");
                    e.op("Equal", List.of(e.input("in"), e.scalarLong("padding_idx", e.i("padding_idx"))), eq);
                    e.op("Not", List.of(eq), ne);
                    e.op("Cast", List.of(ne), n).i("to", ONNX_INT64);
                    e.op("ReduceSum", List.of(n, e.longs("axes", 1)), sum).i("keepdims", 0);
                    e.op("Max", List.of(sum, e.scalarLong("one", 1)), e.output("out"));
                })
                .torch(p -> "(x != " + p.i("padding_idx") + ").sum(dim=1).clamp(min=1)")
                .build();
    }

    private static LayerSpec recurrent(String kind, int gates) {
        boolean lstm = kind.equals("LSTM");
        LayerSpec.Builder b = LayerSpec.builder(kind, Category.RECURRENT)
                .keywords(switch (kind) {
                    case "LSTM" -> new String[] {"long short-term memory", "recurrent", "sequence", "nlp", "time series"};
                    case "GRU" -> new String[] {"gated recurrent unit", "recurrent", "sequence", "nlp"};
                    default -> new String[] {"elman", "recurrent", "sequence", "vanilla rnn"};
                })
                .doc("Reads a sequence step by step, carrying a hidden state of hidden_size values: [N, T, input_size] → out "
                        + "[N, T, D·hidden_size] (every step's top-layer state; D = 2 when bidirectional) and h_n "
                        + "[num_layers·D, N, hidden_size] (each layer's final state" + (lstm ? "; c_n likewise for the cell state" : "")
                        + "). Follow it with LastStep, MeanOverTime or FinalHidden to get one vector per sample. Parameters per "
                        + "layer and direction: " + (gates == 1 ? "" : gates + "·") + "hidden_size·(input + hidden_size) weights and "
                        + (gates == 1 ? "2·" : 2 * gates + "·") + "hidden_size biases. The optional lengths input (int64 [N], as a Lengths "
                        + "node counts them) marks padded steps: each sequence is read over its own steps, as pack_padded_sequence reads it."
                        + (lstm ? " With proj_size > 0 each step's h is projected to proj_size values by weight_hr [proj_size, hidden_size] "
                        + "(PyTorch's LSTM with projections): out has D·proj_size features and h_n proj_size, c_n keeps hidden_size." : ""))
                .param(ParamSpec.integer("input_size", null, 1, null, "features per time step (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.integer("hidden_size", 64, 1, null, "size of the hidden state").positionalArg())
                .param(ParamSpec.integer("num_layers", 1, 1, null, "stacked recurrent layers"));
        if (kind.equals("RNN")) b.param(ParamSpec.choice("nonlinearity", "tanh", List.of("tanh", "relu"), "the activation"));
        b.param(ParamSpec.bool("bias", true, "learn biases"))
                .param(ParamSpec.bool("batch_first", true, "sequences are [N, T, features] (LayerLab's layout); false: [T, N, features]").torchDefault(false))
                .param(ParamSpec.real("dropout", 0.0, 0.0, 1.0, "dropout between stacked layers (training only)"))
                .param(ParamSpec.bool("bidirectional", false, "also read the sequence backwards; doubles the output features"));
        if (lstm) {
            b.param(ParamSpec.integer("proj_size", 0, 0, null, "0: none; else h is projected to this many values (below hidden_size) "
                    + "by weight_hr, which out, h_n and the next step see; c keeps hidden_size"));
        }
        b.in("in", PortType.SEQUENCE)
                .inOptional("lengths", PortType.INDICES, "each sequence's valid length, int64 [N] (optional)")
                .out("out", PortType.SEQUENCE)
                .out("h_n", PortType.FLOAT);
        if (lstm) b.out("c_n", PortType.FLOAT);
        return b.rule(ctx -> inferRecurrent(ctx, gates, lstm))
                .weightAndBias(2)
                .defaultInit("every weight and bias uniform(±1/√hidden_size)")
                .factory(c -> {
                    int in = c.i("input_size"), h = c.i("hidden_size"), l = c.i("num_layers");
                    boolean bias = c.b("bias"), bf = c.b("batch_first"), bi = c.b("bidirectional");
                    double drop = c.d("dropout");
                    return switch (kind) {
                        case "LSTM" -> new LSTM(in, h, l, bias, bf, drop, bi, c.i("proj_size"));
                        case "GRU" -> new GRU(in, h, l, bias, bf, drop, bi);
                        default -> new RNN(in, h, l, c.s("nonlinearity"), bias, bf, drop, bi);
                    };
                })
                .invoker((m, in) -> {
                    RNNOutput r = ((RNNBase) m).forwardFull(in[0], null, null, in.length > 1 ? in[1] : null);
                    return lstm ? new Tensor[] {r.output(), r.hN(), r.cN()} : new Tensor[] {r.output(), r.hN()};
                })
                .torchCall((p, self, v) -> v.get("lengths") == null ? null : "run_packed(" + self + ", " + v.get("in") + ", " + v.get("lengths") + ")")
                .torchFunction(RUN_PACKED)
                .onnx(e -> onnxRecurrent(e, kind))
                .build();
    }

    /** An RNN given lengths, in PyTorch: packed, so that each sequence is read over its own steps alone. */
    private static final String RUN_PACKED = "\n\n" + """
            def run_packed(rnn, x, lengths):
                \"""rnn over each sequence's first lengths[i] steps alone (both ways when bidirectional); padded steps of out are 0.\"""
                packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=rnn.batch_first, enforce_sorted=False)
                out, state = rnn(packed)
                out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=rnn.batch_first, total_length=x.size(1 if rnn.batch_first else 0))
                return out, state
            """;

    /** ONNX's TensorProto data types. */
    private static final int ONNX_FLOAT = 1, ONNX_INT32 = 6, ONNX_INT64 = 7;

    /**
     * A float mask of a sequence's steps from its lengths, shaped to multiply the sequence ([N, T, 1], or [T, N, 1] time
     * major): 1 where {@code test} ("Less": a valid step; "Equal": the last valid one) holds of the step and the length
     * (less one, for "Equal"), else 0. T is the inferred (fixed) number of steps.
     */
    private static String stepMask(OnnxEmitter e, String test, boolean batchFirst) {
        int steps = e.inputType("in").dim(batchFirst ? 1 : 0);
        long[] range = new long[steps];
        for (int t = 0; t < steps; t++) range[t] = t;
        String len = e.input("lengths");
        if (test.equals("Equal")) {
            String last = e.temp("last_step");
            e.op("Sub", List.of(len, e.scalarLong("one", 1)), last);
            len = last;
        }
        String at = e.int64("steps", batchFirst ? new int[] {1, steps} : new int[] {steps, 1}, range);
        String lengths = e.temp("lengths_2d"), mask = e.temp("step_mask"), floats = e.temp("step_mask_f"), out = e.temp("step_mask_3d");
        e.op("Unsqueeze", List.of(len, e.longs("lengths_axis", batchFirst ? 1 : 0)), lengths);
        e.op(test, List.of(at, lengths), mask);
        e.op("Cast", List.of(mask), floats).i("to", ONNX_FLOAT);
        e.op("Unsqueeze", List.of(floats, e.longs("feature_axis", 2)), out);
        return out;
    }

    /**
     * One ONNX RNN/LSTM/GRU op per layer (ONNX's hold one layer, both directions), time-major as ONNX Runtime
     * wants: [N, T, F] is transposed to [T, N, F] first and back at the end. Between layers Y [T, D, N, H] becomes
     * [T, N, D·H]. The weights are restacked per direction and their gate blocks reordered: PyTorch's LSTM is
     * (i, f, g, o) and ONNX's (i, o, f, c); PyTorch's GRU (r, z, n) and ONNX's (z, r, h), with
     * linear_before_reset=1 because PyTorch applies the reset gate after the hidden projection. An LSTM with proj_size is
     * written out in smaller ops ({@link ProjectedLstmOnnx}).
     */
    private static void onnxRecurrent(OnnxEmitter e, String kind) {
        if (kind.equals("LSTM") && e.i("proj_size") > 0) {
            ProjectedLstmOnnx.emit(e);
            return;
        }
        // Lengths are ONNX's sequence_lens (int32): each sequence read over its own steps, both ways; later steps' Y is 0.
        String lens = null;
        if (e.input("lengths") != null) {
            lens = e.temp("sequence_lens");
            e.op("Cast", List.of(e.input("lengths")), lens).i("to", ONNX_INT32);
        }
        int layers = e.i("num_layers"), h = e.i("hidden_size"), dirs = e.b("bidirectional") ? 2 : 1;
        int[] order = switch (kind) {
            case "LSTM" -> new int[] {0, 3, 1, 2};
            case "GRU" -> new int[] {1, 0, 2};
            default -> new int[] {0};
        };
        boolean bf = e.b("batch_first"), bias = e.b("bias"), lstm = kind.equals("LSTM");
        String x = e.input("in");
        if (bf) {
            String tm = e.temp("time_major");
            e.op("Transpose", List.of(x), tm).ints("perm", 1, 0, 2);
            x = tm;
        }
        List<String> hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Tensor[] w = new Tensor[dirs], r = new Tensor[dirs], b = new Tensor[dirs];
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                w[d] = gates(e.state("weight_ih" + sfx), order, h);
                r[d] = gates(e.state("weight_hh" + sfx), order, h);
                if (bias) b[d] = Tensor.cat(0, gates(e.state("bias_ih" + sfx), order, h), gates(e.state("bias_hh" + sfx), order, h));
            }
            String y = e.temp("Y_l" + l);
            String yh = layers == 1 ? e.output("h_n") : e.temp("Y_h_l" + l);
            String yc = lstm ? (layers == 1 ? e.output("c_n") : e.temp("Y_c_l" + l)) : null;
            List<String> ins = new ArrayList<>(List.of(x, e.constant("W_l" + l, Tensor.stack(0, w)), e.constant("R_l" + l, Tensor.stack(0, r))));
            if (bias) ins.add(e.constant("B_l" + l, Tensor.stack(0, b)));
            if (lens != null) {
                if (!bias) ins.add("");
                ins.add(lens);
            }
            OnnxEmitter.Op op = lstm ? e.op(kind, ins, y, yh, yc) : e.op(kind, ins, y, yh);
            op.i("hidden_size", h).s("direction", dirs == 2 ? "bidirectional" : "forward");
            if (kind.equals("GRU")) op.i("linear_before_reset", 1);
            if (kind.equals("RNN")) {
                String act = e.s("nonlinearity").equals("relu") ? "Relu" : "Tanh";
                op.strings("activations", dirs == 2 ? new String[] {act, act} : new String[] {act});
            }
            hs.add(yh);
            if (lstm) cs.add(yc);
            String yt = e.temp("Y_t_l" + l);
            e.op("Transpose", List.of(y), yt).ints("perm", 0, 2, 1, 3);
            x = bf || l < layers - 1 ? e.temp("seq_l" + l) : e.output("out");
            e.op("Reshape", List.of(yt, e.longs("seq_shape", 0, 0, -1)), x);
        }
        if (bf) e.op("Transpose", List.of(x), e.output("out")).ints("perm", 1, 0, 2);
        if (layers > 1) {
            e.op("Concat", hs, e.output("h_n")).i("axis", 0);
            if (lstm) e.op("Concat", cs, e.output("c_n")).i("axis", 0);
        }
    }

    /** The gate blocks of a [G·H, …] weight or [G·H] bias in ONNX's order. */
    private static Tensor gates(Tensor t, int[] order, int h) {
        Tensor[] parts = new Tensor[order.length];
        for (int j = 0; j < order.length; j++) parts[j] = t.narrow(0, order[j] * h, h);
        return order.length == 1 ? t.contiguous() : Tensor.cat(0, parts);
    }

    /**
     * How to make a sequence of what reached a recurrent layer: a prototyper often wires the raw Input (one value per
     * time step, [N, T]) or an image straight in. The per-sample Reshape shape is the fix, so the message spells it out.
     */
    private static String sequenceHint(TensorType t, boolean bf) {
        if (!bf || !t.batchFirst()) return "";
        if (t.rank() == 2) {
            return "; to read it as " + t.dim(1) + " time steps of 1 feature, put a Reshape with shape [" + t.dim(1) + ", 1] before it "
                    + "(input_size 1); for token ids, set the Input's dtype to int64 and put an Embedding before it";
        }
        if (t.rank() > 3) {
            int steps = 1;
            for (int i = 1; i < t.rank() - 1; i++) steps *= t.dim(i);
            int features = t.dim(t.rank() - 1);
            return "; to read each row as a time step, put a Reshape with shape [" + steps + ", " + features + "] before it (input_size "
                    + features + ")";
        }
        return "";
    }

    private static void inferRecurrent(ShapeContext ctx, int gates, boolean lstm) {
        InputInfo src = ctx.input("in");
        TensorType t = ctx.in("in");
        boolean bf = ctx.b("batch_first");
        if (t.rank() != 3 || t.dim(bf ? 0 : 1) != TensorType.N) {
            throw ctx.failPort("in", "expects a sequence " + (bf ? "[N, T, features]" : "[T, N, features] (batch_first is false)") + " but "
                    + Rules.from(ctx, src) + " gives " + t + (bf || !t.batchFirst() ? sequenceHint(t, bf) : "; set batch_first to true"));
        }
        int steps = t.dim(bf ? 1 : 0), features = t.dim(2);
        int in = ctx.fill("input_size", features, set -> "input_size is " + set + " but " + Rules.from(ctx, src) + " gives "
                + features + " features per time step (" + t + ")");
        int h = ctx.i("hidden_size"), layers = ctx.i("num_layers");
        int dirs = ctx.b("bidirectional") ? 2 : 1;
        int proj = lstm ? ctx.i("proj_size") : 0, real = proj > 0 ? proj : h;
        if (proj >= h && proj > 0) {
            throw ctx.failParam("proj_size", "proj_size " + proj + " must be smaller than hidden_size " + h + " (it projects the hidden state down; 0 turns it off)");
        }
        boolean bias = ctx.b("bias");
        InputInfo lengths = ctx.input("lengths");
        if (lengths != null && !(lengths.type().rank() == 1 && lengths.type().batchFirst())) {
            throw ctx.failPort("lengths", "lengths must be one int64 length per sample, [N], but " + lengths.source() + " gives " + lengths.type().describe());
        }
        if (ctx.d("dropout") > 0 && layers == 1) {
            ctx.warn("dropout " + Py.num(ctx.d("dropout")) + " does nothing with num_layers 1: it acts only between stacked layers");
        }
        TensorType out = bf ? TensorType.batch(steps, dirs * real) : TensorType.of(layerlab.tensor.DType.FLOAT32, steps, TensorType.N, dirs * real);
        TensorType hn = TensorType.of(layerlab.tensor.DType.FLOAT32, layers * dirs, TensorType.N, real);
        TensorType cn = TensorType.of(layerlab.tensor.DType.FLOAT32, layers * dirs, TensorType.N, h);
        ctx.out("out", out);
        ctx.out("h_n", hn);
        if (lstm) ctx.out("c_n", cn);
        long params = 0, flops = 0;
        List<String> perLayer = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int li = l == 0 ? in : dirs * real;
            long w = (long) gates * h * (li + real) + (bias ? 2L * gates * h : 0) + (long) proj * h;
            params += dirs * w;
            flops += dirs * (2L * gates * h * (li + real) + 2L * proj * h) * steps;
            perLayer.add(dirs + "·(" + (gates == 1 ? "" : gates + "·") + h + "·(" + li + " + " + real + ")" + (bias ? " + " + 2 * gates + "·" + h : "")
                    + (proj > 0 ? " + " + proj + "·" + h : "") + ")");
        }
        ctx.paramCount(params);
        ctx.flops(flops);
        ctx.explain("out = " + out + ": the top layer's state at each of the " + steps + " steps" + (dirs == 2 ? ", both directions side by side" : ""));
        ctx.explain("h_n = " + hn + ": the final state of each of the " + layers * dirs + " layer-directions"
                + (proj > 0 ? ", projected to proj_size " + proj + "; c_n = " + cn + " keeps hidden_size" : lstm ? "; c_n likewise" : ""));
        ctx.explain("params = " + String.join(" + ", perLayer) + " = " + Rules.n(params));
    }

    private static LayerSpec lastStep() {
        return LayerSpec.builder("LastStep", Category.RECURRENT)
                .keywords("last time step", "final output", "sequence to vector", "many to one")
                .doc("Takes the last time step of a sequence: [N, T, F] → [N, F] (PyTorch's output[:, -1]). With lengths "
                        + "(int64 [N], from a Lengths node) each sequence's own last valid step is taken. Put it between an RNN's out and a "
                        + "classifier. After a bidirectional layer, the backward half of the last step has read that step "
                        + "alone; for both directions' final states, as torch.cat((h_n[-2], h_n[-1]), 1), join two "
                        + "FinalHidden nodes on h_n (direction 0 and 1, num_directions 2) with a Concat, or use MeanOverTime.")
                .param(ParamSpec.bool("batch_first", true, "the sequence is [N, T, F]; false: [T, N, F]"))
                .in("in", PortType.SEQUENCE)
                .inOptional("lengths", PortType.INDICES, "each sequence's valid length, int64 [N] (optional)")
                .out("out", PortType.FLOAT)
                .rule(ctx -> overTime(ctx, "the last of the", "each sequence's own last valid step (lengths - 1) of the"))
                .factory(c -> new LastStep(c.b("batch_first")))
                .onnx(e -> {
                    int time = e.b("batch_first") ? 1 : 0;
                    if (e.input("lengths") == null) {
                        e.op("Gather", List.of(e.input("in"), e.scalarLong("last", -1)), e.output("out")).i("axis", time);
                        return;
                    }
                    // Each sequence's own last step: the steps weighed by a one-hot mask and summed.
                    String picked = e.temp("picked");
                    e.op("Mul", List.of(e.input("in"), stepMask(e, "Equal", e.b("batch_first"))), picked);
                    e.op("ReduceSum", List.of(picked, e.longs("time_axis", time)), e.output("out")).i("keepdims", 0);
                })
                .torch(p -> p.b("batch_first") ? "out[:, -1]" : "out[-1]")
                .torchWithLengths(p -> p.b("batch_first") ? "out[n, lengths[n]-1]" : "out[lengths[n]-1, n]")
                .torchCall((p, self, v) -> {
                    String x = v.get("in"), len = v.get("lengths");
                    if (len == null) return null;
                    return p.b("batch_first") ? x + "[torch.arange(" + x + ".size(0), device=" + x + ".device), " + len + " - 1]"
                            : x + "[" + len + " - 1, torch.arange(" + x + ".size(1), device=" + x + ".device)]";
                })
                .build();
    }

    private static LayerSpec meanOverTime() {
        return LayerSpec.builder("MeanOverTime", Category.RECURRENT)
                .keywords("average over time", "mean pooling", "sequence to vector")
                .doc("Averages a sequence over its time steps: [N, T, F] → [N, F]. With lengths (int64 [N], from a Lengths "
                        + "node) only each sequence's valid steps count.")
                .param(ParamSpec.bool("batch_first", true, "the sequence is [N, T, F]; false: [T, N, F]"))
                .in("in", PortType.SEQUENCE)
                .inOptional("lengths", PortType.INDICES, "each sequence's valid length, int64 [N] (optional)")
                .out("out", PortType.FLOAT)
                .rule(ctx -> overTime(ctx, "the average of the", "the average of each sequence's own valid steps (its first lengths) of the"))
                .factory(c -> new MeanOverTime(c.b("batch_first")))
                .onnx(e -> {
                    int time = e.b("batch_first") ? 1 : 0;
                    if (e.input("lengths") == null) {
                        e.op("ReduceMean", List.of(e.input("in")), e.output("out")).ints("axes", time).i("keepdims", 0);
                        return;
                    }
                    // The valid steps' sum over their count.
                    String masked = e.temp("masked"), sum = e.temp("sum"), count = e.temp("count"), counts = e.temp("count_2d");
                    e.op("Mul", List.of(e.input("in"), stepMask(e, "Less", e.b("batch_first"))), masked);
                    e.op("ReduceSum", List.of(masked, e.longs("time_axis", time)), sum).i("keepdims", 0);
                    e.op("Cast", List.of(e.input("lengths")), count).i("to", ONNX_FLOAT);
                    e.op("Unsqueeze", List.of(count, e.longs("count_axis", 1)), counts);
                    e.op("Div", List.of(sum, counts), e.output("out"));
                })
                .torch(p -> p.b("batch_first") ? "out.mean(dim=1)" : "out.mean(dim=0)")
                .torchWithLengths(p -> p.b("batch_first") ? "masked mean(dim=1)" : "masked mean(dim=0)")
                .torchCall((p, self, v) -> {
                    String x = v.get("in"), len = v.get("lengths");
                    if (len == null) return null;
                    // The valid steps' sum over their count: a [N, T, 1] (or [T, N, 1]) mask of the steps before each length.
                    String mask = p.b("batch_first") ? "(torch.arange(" + x + ".size(1), device=" + x + ".device)[None, :] < " + len + "[:, None])[:, :, None]"
                            : "(torch.arange(" + x + ".size(0), device=" + x + ".device)[:, None] < " + len + "[None, :])[:, :, None]";
                    return "(" + x + " * " + mask + ").sum(dim=" + (p.b("batch_first") ? 1 : 0) + ") / " + len + "[:, None]";
                })
                .build();
    }

    /** @param what the output in words; {@code masked} likewise when the lengths input is connected */
    private static void overTime(ShapeContext ctx, String what, String masked) {
        TensorType t = ctx.in("in");
        boolean bf = ctx.b("batch_first");
        if (t.rank() != 3 || t.dim(bf ? 0 : 1) != TensorType.N) {
            throw ctx.failPort("in", "expects a sequence " + (bf ? "[N, T, features]" : "[T, N, features]") + " but " + Rules.from(ctx, ctx.input("in")) + " gives " + t);
        }
        InputInfo lengths = ctx.input("lengths");
        if (lengths != null && !(lengths.type().rank() == 1 && lengths.type().batchFirst())) {
            throw ctx.failPort("lengths", "lengths must be one int64 length per sample, [N], but " + lengths.source() + " gives " + lengths.type().describe());
        }
        TensorType out = TensorType.batch(t.dim(2));
        ctx.out("out", out);
        ctx.explain("out = " + out + ": " + (lengths != null ? masked : what) + " " + t.dim(bf ? 1 : 0) + " steps of " + t);
    }

    private static LayerSpec finalHidden() {
        return LayerSpec.builder("FinalHidden", Category.RECURRENT)
                .keywords("h_n", "final state", "hidden state", "sequence to vector")
                .doc("Picks one layer's and direction's final hidden state out of a recurrent layer's h_n [num_layers·D, N, H], "
                        + "giving [N, H]: PyTorch's h_n.view(num_layers, D, N, H)[layer, direction]. layer -1 is the top layer; "
                        + "set num_directions to 2 after a bidirectional layer.")
                .param(ParamSpec.integer("layer", -1, null, null, "the layer (-1: the top one)"))
                .param(ParamSpec.integer("direction", 0, 0, 1, "0 forward, 1 backward"))
                .param(ParamSpec.integer("num_directions", 1, 1, 2, "2 when the recurrent layer is bidirectional"))
                .in("in", PortType.FLOAT)
                .out("out", PortType.FLOAT)
                .rule(ctx -> {
                    TensorType t = ctx.in("in");
                    int dirs = ctx.i("num_directions");
                    if (t.rank() != 3 || t.dim(1) != TensorType.N) {
                        throw ctx.failPort("in", "expects a final state h_n [num_layers·D, N, H] but " + Rules.from(ctx, ctx.input("in")) + " gives " + t
                                + (t.batchFirst() && t.rank() == 3 ? "; connect the recurrent layer's h_n, not its out" : ""));
                    }
                    if (t.dim(0) % dirs != 0) throw ctx.failParam("num_directions", "num_directions is " + dirs + " but h_n has " + t.dim(0) + " rows");
                    int layers = t.dim(0) / dirs, layer = ctx.i("layer");
                    if (ctx.i("direction") >= dirs) throw ctx.failParam("direction", "direction 1 needs num_directions 2");
                    if (layer >= layers || layer < -layers) throw ctx.failParam("layer", "layer is " + layer + " but h_n holds " + layers + " layers");
                    TensorType out = TensorType.batch(t.dim(2));
                    ctx.out("out", out);
                    ctx.explain("out = " + out + ": row " + ((layer < 0 ? layer + layers : layer) * dirs + ctx.i("direction")) + " of h_n " + t);
                })
                .factory(c -> new FinalHidden(c.i("layer"), c.i("direction"), c.i("num_directions")))
                .onnx(e -> {
                    int dirs = e.i("num_directions"), layers = e.inputType("in").dim(0) / dirs, layer = e.i("layer");
                    long row = (long) (layer < 0 ? layer + layers : layer) * dirs + e.i("direction");
                    e.op("Gather", List.of(e.input("in"), e.scalarLong("row", row)), e.output("out")).i("axis", 0);
                })
                .torch(p -> p.i("num_directions") == 1 ? "h_n[" + p.i("layer") + "]"
                        : "h_n.view(-1, 2, h_n.size(1), h_n.size(2))[" + p.i("layer") + ", " + p.i("direction") + "]")
                .build();
    }
}
