package layerlab.io.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.autograd.Autograd;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.graph.spec.TensorType;
import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/** The models the export tests share: the sample projects and graphs that use every exportable kind. */
public final class ExportCases {
    static final Path SAMPLES = Path.of("..", "sample-projects");
    /** Where the tests leave each case's exports for tools/check_exports.py. */
    public static final Path OUT = Path.of("target", "exports");

    private ExportCases() {
    }

    /**
     * One model to export: a graph, its seeded weights (BatchNorm and LayerNorm statistics and affine params
     * perturbed, so that they matter), a fixed batch of 3 for its data inputs and LayerLab's own predictions for
     * every Output (eval mode, no grad).
     */
    public record Case(String name, Graph graph, Model model, Map<String, Tensor> weights, Map<String, Tensor> inputs, Map<String, Tensor> expected,
                       Map<String, Tensor> fresh) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The seed each case's model is made with: {@code torch.manual_seed(FRESH_SEED)} then the script's class makes {@link Case#fresh}. */
    public static final long FRESH_SEED = 1234;

    public static Case of(String name, Graph g) {
        Analysis a = Analysis.of(g);
        Model m;
        try (var seeded = Generator.use(new Generator(FRESH_SEED))) {
            m = GraphCompiler.compile(a);
        }
        Map<String, Tensor> fresh = new LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> fresh.put(k, t.copy()));
        Generator gen = new Generator(99);
        Map<String, Tensor> state = new LinkedHashMap<>(m.stateDict());
        state.replaceAll((k, t) -> {
            if (t.dtype() != DType.FLOAT32) return t;
            if (k.endsWith("running_var")) return Tensor.rand(gen, t.shape()).add(0.5f);
            if (k.endsWith("running_mean") || k.matches(".*(bn|norm|ln)[^.]*\\.(weight|bias)")) return Tensor.randn(gen, t.shape()).mul(0.3f).add(k.endsWith("weight") ? 1f : 0f);
            return t;
        });
        m.loadStateDict(state, true);
        m.eval();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (String in : m.dataInputNames()) {
            TensorType t = a.info(g.nodeByName(in).id()).output("out");
            int[] shape = t.dims();
            shape[0] = 3;
            feeds.put(in, t.dtype() == DType.INT64 ? ids(gen, shape, 5) : Tensor.randn(gen, shape));
        }
        // The Outputs in document order, as the PyTorch script returns them.
        List<String> outs = g.nodes().stream().filter(n -> n.kind().equals("Output")).map(n -> n.name()).toList();
        Map<String, Tensor> expected;
        try (var ng = Autograd.noGrad()) {
            expected = new LinkedHashMap<>(m.run(feeds, outs));
        }
        return new Case(name, g, m, m.stateDict(), feeds, expected, fresh);
    }

    static Tensor ids(Generator gen, int[] shape, int bound) {
        float[] f = Tensor.rand(gen, shape).toFloatArray();
        long[] ids = new long[f.length];
        for (int i = 0; i < f.length; i++) ids[i] = Math.min(bound - 1, (long) (f[i] * bound));
        return Tensor.ofLongs(ids, shape);
    }

    public static List<Case> samples() throws IOException {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(SAMPLES)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(of(p.getFileName().toString().replace(".json", ""), ProjectJson.load(p)));
            }
        }
        return out;
    }

    /** The samples plus graphs that use every exportable kind at least once. */
    public static List<Case> all() throws IOException {
        List<Case> out = samples();
        out.add(of("kinds-image", image()));
        out.add(of("kinds-signal", signal()));
        out.add(of("kinds-volume", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2, 6, 6, 6))
                .node("conv", "Conv3d", "out_channels", 3, "kernel_size", List.of(3, 1, 2), "stride", 2, "padding", 1)
                .node("act", "Tanh")
                .node("out", "Output")
                .chain("x", "conv", "act", "out").build()));
        out.add(of("kinds-sequence", sequence()));
        // A U-Net's decoder: Upsample in each mode and form (scale, size, a scale that does not divide, align_corners).
        out.add(of("kinds-upsample", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2, 3, 4))
                .node("near", "Upsample", "scale_factor", 2.0)
                .node("conv", "Conv2d", "out_channels", 3, "kernel_size", 3, "padding", 1)
                .node("bil", "Upsample", "scale_factor", 1.5, "mode", "bilinear")
                .node("corner", "Upsample", "size", List.of(11, 7), "mode", "bilinear", "align_corners", true)
                .node("fit", "Upsample", "size", List.of(13, 10))
                .node("odd", "Upsample", "scale_factor", 1.5)
                .node("mix", "Conv2d", "out_channels", 3, "kernel_size", 3, "padding", 1)
                .node("gap", "AdaptiveAvgPool2d", "output_size", 1)
                .node("flat", "Flatten")
                .node("out", "Output")
                .chain("x", "near", "conv", "bil", "corner", "fit", "odd", "mix", "gap", "flat", "out").build()));
        // Upsample with a scale per dim, (H, W), in each mode, as Resize's scales [1, 1, sh, sw] and back.
        out.add(of("kinds-upsample-pair", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2, 3, 4))
                .node("near", "Upsample", "scale_factor", List.of(2.0, 3.0))
                .node("bil", "Upsample", "scale_factor", List.of(1.5, 0.5), "mode", "bilinear")
                .node("corner", "Upsample", "scale_factor", List.of(2.0, 1.5), "mode", "bilinear", "align_corners", true)
                .node("mix", "Conv2d", "out_channels", 3, "kernel_size", 3, "padding", 1)
                .node("flat", "Flatten")
                .node("out", "Output")
                .chain("x", "near", "bil", "corner", "mix", "flat", "out").build()));
        // ConvNeXt's block: channels last for a LayerNorm and Linear layers over each position's channels, and back.
        out.add(of("kinds-channels-last", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(3, 5, 4))
                .node("conv", "Conv2d", "out_channels", 4, "kernel_size", 3, "padding", 1, "groups", 1)
                .node("last", "Permute", "dims", List.of(0, 2, 3, 1))
                .node("ln", "LayerNorm", "normalized_shape", List.of(4))
                .node("up", "Linear", "out_features", 8)
                .node("gelu", "GELU")
                .node("down", "Linear", "out_features", 4)
                .node("first", "Permute", "dims", List.of(0, 3, 1, 2))
                .node("res", "Add")
                .node("odd", "Permute", "dims", List.of(0, 3, 1, 2))
                .node("flat", "Flatten")
                .node("out", "Output")
                .chain("x", "conv", "last", "ln", "up", "gelu", "down", "first")
                .edge("first.out", "res.in1").edge("conv.out", "res.in2")
                .chain("res", "odd", "flat", "out").build()));
        // ShuffleNetV2's unit: the channels halved (torch.chunk as two Narrows), one half through a branch, joined again and
        // shuffled (view into two groups, transpose, view back); a Narrow of the last dim, counted from the end.
        out.add(of("kinds-channel-split", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(8, 5, 6))
                .node("keep", "Narrow", "dim", 1, "start", 0, "length", 4)
                .node("take", "Narrow", "dim", 1, "start", 4, "length", 4)
                .node("conv", "Conv2d", "out_channels", 4, "kernel_size", 3, "padding", 1, "groups", 1)
                .node("act", "ReLU")
                .node("cat", "Concat", "dim", 1)
                .node("groups", "Reshape", "shape", List.of(2, 4, 5, 6))
                .node("swap", "Transpose", "dim0", 1, "dim1", 2)
                .node("shuffled", "Reshape", "shape", List.of(-1, 5, 6))
                .node("cols", "Narrow", "dim", -1, "start", 1, "length", 4)
                .node("flat", "Flatten")
                .node("out", "Output")
                .edge("x.out", "keep.in").edge("x.out", "take.in")
                .chain("take", "conv", "act")
                .edge("keep.out", "cat.in1").edge("act.out", "cat.in2")
                .chain("cat", "groups", "swap", "shuffled", "cols", "flat", "out").build()));
        // A decoder's way back to feature maps: a Linear's 32 values unflattened to 2 maps of 4×4 for a Conv2d, whose last dim
        // is unflattened again from the end, one size inferred (ONNX: Reshapes; PyTorch: nn.Unflatten).
        out.add(of("kinds-unflatten", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(12))
                .node("fc", "Linear", "out_features", 32)
                .node("maps", "Unflatten", "dim", 1, "unflattened_size", List.of(2, 4, 4))
                .node("conv", "Conv2d", "out_channels", 3, "kernel_size", 3, "padding", 1, "groups", 1)
                .node("split", "Unflatten", "dim", -1, "unflattened_size", List.of(2, -1))
                .node("flat", "Flatten")
                .node("out", "Output")
                .chain("x", "fc", "maps", "conv", "split", "flat", "out").build()));
        // A Vision Transformer in small: 4×4 patches of an 8×8 picture as a strided Conv2d, flattened and made a sequence, a class
        // token before it, learned positions added, self-attention with a residual and LayerNorm, the class token picked for a Linear.
        out.add(of("kinds-vision-transformer", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(3, 8, 8))
                .node("patches", "Conv2d", "out_channels", 8, "kernel_size", 4, "stride", 4, "groups", 1)
                .node("flat", "Flatten", "start_dim", 2)
                .node("seq", "Transpose", "dim0", 1, "dim1", 2)
                .node("cls", "ClassToken")
                .node("pos", "PositionEmbedding")
                .node("attn", "MultiheadAttention", "num_heads", 2)
                .node("res", "Add")
                .node("ln", "LayerNorm", "normalized_shape", List.of(8))
                .node("first", "Select", "dim", 1, "index", 0)
                .node("head", "Linear", "out_features", 3)
                .node("out", "Output")
                .chain("x", "patches", "flat", "seq", "cls", "pos")
                .edge("pos.out", "attn.query").edge("attn.out", "res.in1").edge("pos.out", "res.in2")
                .chain("res", "ln", "first", "head", "out").build()));
        // A Transformer encoder's attention: positions encoded, self-attention with a residual and LayerNorm, a causal one, and one whose query,
        // key and value all differ (cross-attention over the tokens' embedding); its attention map an Output of its own.
        out.add(of("kinds-attention", TestGraphs.graph()
                .node("tokens", "Input", "shape", List.of(6), "dtype", "int64")
                .node("emb", "Embedding", "num_embeddings", 5, "embedding_dim", 8)
                .node("pos", "PositionalEncoding", "dropout", 0.2)
                .node("attn", "MultiheadAttention", "num_heads", 2)
                .node("res", "Add")
                .node("ln", "LayerNorm", "normalized_shape", List.of(8))
                .node("causal", "MultiheadAttention", "num_heads", 4, "causal", true, "bias", false)
                .node("cross", "MultiheadAttention", "num_heads", 1)
                .node("mean", "MeanOverTime")
                .node("logits", "Output")
                .node("map", "Output")
                .chain("tokens", "emb", "pos").edge("pos.out", "attn.query")
                .edge("attn.out", "res.in1").edge("emb.out", "res.in2")
                .chain("res", "ln").edge("ln.out", "causal.query")
                .edge("causal.out", "cross.query").edge("emb.out", "cross.key").edge("ln.out", "cross.value")
                .edge("cross.out", "mean.in").chain("mean", "logits")
                .edge("attn.weights", "map.in")
                .build()));
        // A text CNN: the Embedding's [N, T, E] swapped to the [N, E, T] a Conv1d reads, then back for a LayerNorm.
        out.add(of("kinds-text-cnn", TestGraphs.graph()
                .node("tokens", "Input", "shape", List.of(9), "dtype", "int64")
                .node("emb", "Embedding", "num_embeddings", 6, "embedding_dim", 4)
                .node("channels", "Transpose", "dim0", 1, "dim1", 2)
                .node("conv", "Conv1d", "out_channels", 5, "kernel_size", 3, "padding", 1)
                .node("back", "Transpose", "dim0", -1, "dim1", -2)
                .node("ln", "LayerNorm", "normalized_shape", List.of(5))
                .node("mean", "MeanOverTime")
                .node("out", "Output")
                .chain("tokens", "emb", "channels", "conv", "back", "ln", "mean", "out").build()));
        // MaxPool's indices and MaxUnpool2d (SegNet's decoder), and LSTMs with proj_size written out in ops.
        out.addAll(OnnxIndicesExportTest.cases());
        out.addAll(OnnxProjLstmExportTest.cases());
        return out;
    }

    /** Conv2d ('same', reflect, replicate, groups, dilation), BatchNorm2d, pools, ConvTranspose2d, ReLU6, Hardtanh, Hardswish, Hardsigmoid, SiLU, Concat, Dropout2d, adaptive pools, GELU, LayerNorm, Softmax. */
    static Graph image() {
        return TestGraphs.graph()
                .node("x", "Input", "shape", List.of(3, 12, 12))
                .node("conv_a", "Conv2d", "out_channels", 4, "kernel_size", 3, "padding", "same", "padding_mode", "reflect")
                .node("bn", "BatchNorm2d")
                .node("leaky", "LeakyReLU", "negative_slope", 0.2)
                .node("conv_b", "Conv2d", "out_channels", 6, "kernel_size", 3, "padding", 2, "dilation", 2, "groups", 3, "padding_mode", "replicate", "bias", false)
                .node("elu", "ELU", "alpha", 0.7)
                .node("cat", "Concat", "dim", 1)
                .node("drop", "Dropout2d", "p", 0.3)
                .node("maxpool", "MaxPool2d", "kernel_size", 3, "stride", 2, "padding", 1)
                .node("avgpool", "AvgPool2d", "kernel_size", 2, "stride", 1, "count_include_pad", false)
                .node("deconv", "ConvTranspose2d", "out_channels", 4, "kernel_size", 3, "stride", 2, "padding", 1, "output_padding", 1)
                .node("relu6", "ReLU6")
                .node("amax", "AdaptiveMaxPool2d", "output_size", 2)
                .node("htanh", "Hardtanh", "min_val", -0.25, "max_val", 0.5)
                .node("hswish", "Hardswish")
                .node("hsigmoid", "Hardsigmoid")
                .node("silu", "SiLU")
                .node("aavg", "AdaptiveAvgPool2d", "output_size", 1)
                .node("flat", "Flatten")
                .node("fc", "Linear", "out_features", 12)
                .node("gelu", "GELU")
                .node("ln", "LayerNorm")
                .node("softmax", "Softmax", "dim", 1)
                .node("probs", "Output")
                .chain("x", "conv_a", "bn", "leaky")
                .chain("x", "conv_b", "elu")
                .edge("leaky.out", "cat.in1").edge("elu.out", "cat.in2")
                .chain("cat", "drop", "maxpool", "avgpool", "deconv", "relu6", "amax", "htanh", "hswish", "hsigmoid", "silu", "aavg", "flat", "fc", "gelu", "ln", "softmax", "probs")
                .build();
    }

    /** Conv1d, pools in 1-D, BatchNorm1d (one with momentum=None), Multiply, three-way Add, Reshape, View, Identity, Bilinear, GELU tanh, LogSoftmax. */
    static Graph signal() {
        return TestGraphs.graph()
                .node("x", "Input", "shape", List.of(4, 16))
                .node("conv", "Conv1d", "out_channels", 6, "kernel_size", 3, "padding", 1, "padding_mode", "replicate")
                .node("maxpool", "MaxPool1d", "kernel_size", 2)
                .node("avgpool", "AvgPool1d", "kernel_size", 2, "padding", 1)
                .node("bn", "BatchNorm1d", "momentum", layerlab.graph.spec.PyNone.NONE) // momentum=None: a cumulative average
                .node("flat", "Flatten")
                .node("fc", "Linear", "out_features", 8)
                .node("sig", "Sigmoid")
                .node("tanh", "Tanh")
                .node("gate", "Multiply")
                .node("relu", "ReLU")
                .node("sum", "Add", "num_inputs", 3)
                .node("reshape", "Reshape", "shape", List.of(2, -1))
                .node("view", "View", "shape", List.of(8))
                .node("same", "Identity")
                .node("z", "Input", "shape", List.of(5))
                .node("bilinear", "Bilinear", "out_features", 4)
                .node("gelu", "GELU", "approximate", "tanh")
                .node("bn1d", "BatchNorm1d", "affine", false)
                .node("logp", "LogSoftmax", "dim", -1)
                .node("out", "Output")
                .chain("x", "conv", "maxpool", "avgpool", "bn", "flat", "fc", "sig")
                .chain("fc", "tanh")
                .edge("sig.out", "gate.in1").edge("tanh.out", "gate.in2")
                .chain("fc", "relu")
                .edge("gate.out", "sum.in1").edge("relu.out", "sum.in2").edge("fc.out", "sum.in3")
                .chain("sum", "reshape", "view", "same")
                .edge("same.out", "bilinear.in1").edge("z.out", "bilinear.in2")
                .chain("bilinear", "gelu", "bn1d", "logp", "out")
                .build();
    }

    /** Embedding, RNN (relu, 2 layers, bidirectional), LSTM (2 layers, bidirectional), GRU, Linear on a sequence, LastStep, MeanOverTime, FinalHidden. */
    static Graph sequence() {
        return TestGraphs.graph()
                .node("tokens", "Input", "shape", List.of(7), "dtype", "int64")
                .node("emb", "Embedding", "num_embeddings", 5, "embedding_dim", 6, "padding_idx", 0)
                .node("rnn", "RNN", "hidden_size", 5, "num_layers", 2, "nonlinearity", "relu", "bidirectional", true)
                .node("lstm", "LSTM", "hidden_size", 4, "num_layers", 2, "bidirectional", true)
                .node("proj", "Linear", "out_features", 3)
                .node("gru", "GRU", "hidden_size", 4, "bias", false)
                .node("mean", "MeanOverTime")
                .node("last", "LastStep")
                .node("final", "FinalHidden", "layer", -1, "direction", 1, "num_directions", 2)
                .node("cat", "Concat", "dim", 1, "num_inputs", 3)
                .node("logits", "Output")
                .node("cell", "Output")
                .chain("tokens", "emb", "rnn", "lstm", "proj", "gru", "mean")
                .chain("gru", "last")
                .edge("lstm.h_n", "final.in")
                .edge("mean.out", "cat.in1").edge("last.out", "cat.in2").edge("final.out", "cat.in3")
                .chain("cat", "logits")
                .edge("lstm.c_n", "cell.in")
                .build();
    }

    /** The inputs and LayerLab's predictions, beside the exports, for tools/check_exports.py. */
    public static void leaveInputs(Case c) throws IOException {
        Path dir = OUT.resolve(c.name());
        Files.createDirectories(dir);
        int i = 0;
        for (Tensor t : c.inputs().values()) layerlab.io.Npy.write(dir.resolve("input" + i++ + ".npy"), t);
        i = 0;
        for (Tensor t : c.expected().values()) layerlab.io.Npy.write(dir.resolve("expected" + i++ + ".npy"), t);
        // The untrained weights, for the check that the script's class makes them after torch.manual_seed(FRESH_SEED).
        layerlab.io.Safetensors.save(dir.resolve("fresh.safetensors"), c.fresh(), Map.of("seed", Long.toString(FRESH_SEED)));
    }

    /**
     * The statistics of a model of bilinear-features (Iris, two Inputs of two features) trained on a table whose gaps
     * were filled: with standardization, and filling alone.
     */
    static java.util.List<layerlab.data.Normalization> filledIris() {
        float[] fill = {5.9f, 3.1f, 3.8f, 1.25f};
        return java.util.List.of(
                new layerlab.data.Normalization(layerlab.data.Normalization.Kind.STANDARDIZE, layerlab.data.Normalization.Per.FEATURE,
                        new float[] {5.8f, 3.0f, 3.7f, 1.2f}, new float[] {0.8f, 0.4f, 1.7f, 0.75f}, fill),
                new layerlab.data.Normalization(layerlab.data.Normalization.Kind.NONE, layerlab.data.Normalization.Per.FEATURE, new float[0],
                        new float[0], fill));
    }
}
