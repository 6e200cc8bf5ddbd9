package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Models made by torch.onnx.export (src/test/python/make_onnx_fixtures.py) open as projects that predict what PyTorch did. */
class OnnxImportTest {
    static final Path FIXTURES = Path.of("src", "test", "resources", "onnx");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"torch_mlp", "torch_cnn", "torch_seq_linear", "torch_text_lstm", "torch_gru_time_major_static", "torch_rnn_time_major",
            "torch_cnn_view", "torch_cnn_view_static", "torch_pad_pool_gelu", "torch_text_cnn", "torch_text_lstm_opset14", "torch_blitz_net",
            "torch_gru_hidden_opset14", "torch_cnn_mean", "torch_mobile_dense", "torch_mobile_v3", "torch_convnext", "torch_convnext_opset14", "torch_shufflenet",
            "torch_shufflenet_static", "torch_attention", "torch_attention_causal_static", "torch_encoder",
            "torch_vit", "torch_bn_momentum", "torch_upsample"})
    void predictsWhatPyTorchPredicted(String name) throws Exception {
        OnnxImporter.Imported im = OnnxImporter.load(FIXTURES.resolve(name + ".onnx"));
        Model m = GraphCompiler.compile(im.graph());
        m.loadStateDict(im.weights(), true);
        m.eval();
        Tensor x = Npy.read(FIXTURES.resolve(name + ".input.npy"));
        Tensor y;
        try (var g = Autograd.noGrad()) {
            y = m.forward(x);
        }
        OnnxExportTest.assertClose(Npy.read(FIXTURES.resolve(name + ".expected.npy")), y, name);
    }

    /**
     * What torch.onnx.export writes around recurrent layers and views becomes the layers a user would draw: the zero
     * initial states it computes from the batch size (ConstantOfShape, Expand, Slice) vanish, as does x.size(0).
     */
    @Test
    void pyTorchsShapeArithmeticBecomesTheLayersItStandsFor() throws Exception {
        assertEquals(List.of("Input", "Embedding", "LSTM", "LastStep", "LayerNorm", "Linear", "LogSoftmax", "Output"), kinds("torch_text_lstm"));
        // At PyTorch's default opset 14, LayerNorm is ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add.
        assertEquals(kinds("torch_text_lstm"), kinds("torch_text_lstm_opset14"));
        Node norm = OnnxImporter.load(FIXTURES.resolve("torch_text_lstm_opset14.onnx")).graph().nodeByName("norm");
        assertEquals(Map.of("normalized_shape", List.of(24), "eps", 1e-5), norm.params());
        Graph text = OnnxImporter.load(FIXTURES.resolve("torch_text_lstm.onnx")).graph();
        Node lstm = text.nodes().stream().filter(n -> n.kind().equals("LSTM")).findFirst().orElseThrow();
        assertEquals(Map.of("input_size", 16, "hidden_size", 12, "num_layers", 2, "batch_first", true, "bidirectional", true), lstm.params());
        // Layers by their modules' names; ops outside any module (y[:, -1, :], log_softmax) by their kinds; the project by
        // the file, as PyTorch calls every graph "torch_jit".
        assertEquals(List.of("x", "emb", "lstm", "laststep1", "norm", "fc", "logsoftmax1", "y"), text.nodes().stream().map(Node::name).toList());
        assertEquals("torch_text_lstm", text.name());
        assertEquals(List.of("Input", "GRU", "FinalHidden", "FinalHidden", "Concat", "Linear", "Output"), kinds("torch_gru_time_major_static"));
        assertEquals(List.of("Input", "RNN", "MeanOverTime", "LastStep", "Add", "Output"), kinds("torch_rnn_time_major"));
        assertEquals(List.of("Input", "Conv2d", "ReLU", "Reshape", "Linear", "Output"), kinds("torch_cnn_view"));
        assertEquals(kinds("torch_cnn_view"), kinds("torch_cnn_view_static"), "the batch size exported as a number is still the batch");
        // Constant arithmetic folded into the reflect Pad's sizes, GELU's tanh form, AvgPool's Pad, x.flatten(2) (the
        // batch and x.size(1) kept: Flatten from dim 2), squeeze(1) of [N, 1].
        assertEquals(List.of("Input", "Conv2d", "GELU", "AvgPool2d", "Flatten", "AvgPool1d", "Flatten", "Linear", "Reshape", "Output"),
                kinds("torch_pad_pool_gelu"));
        Graph padded = OnnxImporter.load(FIXTURES.resolve("torch_pad_pool_gelu.onnx")).graph();
        Map<String, Object> conv = padded.nodes().get(1).params(), pool = padded.nodes().get(3).params();
        assertEquals(List.of("reflect", 1, "tanh"), List.of(conv.get("padding_mode"), conv.get("padding"), padded.nodes().get(2).params().get("approximate")));
        assertEquals(List.of(3, 2, 1, true), List.of(pool.get("kernel_size"), pool.get("stride"), pool.get("padding"), pool.get("count_include_pad")));
        assertEquals(2, padded.nodes().get(4).params().get("start_dim"));
        // num_flat_features's product of x.size()[1:] in a view: a Flatten; h_n.squeeze(0) of one GRU layer: its final state.
        assertEquals(List.of("Input", "Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear", "ReLU", "Linear", "Output"),
                kinds("torch_blitz_net"));
        assertEquals(List.of("Input", "Embedding", "GRU", "FinalHidden", "Linear", "Output"), kinds("torch_gru_hidden_opset14"));
        // x.mean((2, 3)): global average pooling (and the two size-1 dims flattened away unless keepdim).
        assertEquals(List.of("Input", "Conv2d", "ReLU", "AdaptiveAvgPool2d", "Flatten", "BatchNorm1d", "Linear", "AdaptiveAvgPool2d", "Flatten",
                "Linear", "Add", "Output"), kinds("torch_cnn_mean"));
        // nn.Upsample's Resize, with constant scales or with sizes joined from Shape(x)[:2] and the output's H and W.
        assertEquals(List.of("Input", "Upsample", "Conv2d", "Upsample", "Upsample", "Upsample", "Output"), kinds("torch_upsample"));
        Graph up = OnnxImporter.load(FIXTURES.resolve("torch_upsample.onnx")).graph();
        assertEquals(Map.of("scale_factor", 2.0), up.nodes().get(1).params());
        assertEquals(Map.of("scale_factor", 1.5, "mode", "bilinear"), up.nodes().get(3).params());
        assertEquals(Map.of("size", List.of(11, 7), "mode", "bilinear", "align_corners", true), up.nodes().get(4).params());
        assertEquals(Map.of("size", List.of(13, 10)), up.nodes().get(5).params());
        // x.permute(0, 2, 1) on its way to a Conv1d: a Transpose, not a recurrent layer's time-major input.
        assertEquals(List.of("Input", "Embedding", "Transpose", "Conv1d", "ReLU", "MaxPool1d", "Flatten", "Linear", "Output"), kinds("torch_text_cnn"));
    }

    /**
     * MobileNetV3's HardSwish and HardSigmoid are its layers; MobileNetV2's ReLU6 is Clip(x, 0, 6) in ONNX, a Hardtanh any
     * other Clip to two bounds; DenseNet's torch.cat of the one
     * tensor its block starts with is that tensor, and its later concatenations join more than eight.
     */
    @Test
    void clipsBecomeReLU6OrHardtanhAndConcatsOfOneOrManyImport() throws Exception {
        Graph g = OnnxImporter.load(FIXTURES.resolve("torch_mobile_dense.onnx")).graph();
        List<String> kinds = g.nodes().stream().map(Node::kind).toList();
        assertEquals(2, kinds.stream().filter("ReLU6"::equals).count(), kinds.toString());
        Node squash = g.nodes().stream().filter(n -> n.kind().equals("Hardtanh")).findFirst().orElseThrow();
        assertEquals(Map.of("min_val", -0.5, "max_val", 0.75), squash.params());
        List<Integer> joined = g.nodes().stream().filter(n -> n.kind().equals("Concat"))
                .map(n -> (Integer) n.params().getOrDefault("num_inputs", 2)).toList();
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9), joined, "torch.cat([x]) is x; the last joins nine");
        List<String> v3 = kinds("torch_mobile_v3");
        assertEquals(List.of(3L, 1L, 1L, 0L), List.of(v3.stream().filter("Hardswish"::equals).count(), v3.stream().filter("Hardsigmoid"::equals).count(),
                v3.stream().filter("SiLU"::equals).count(), v3.stream().filter("Sigmoid"::equals).count()), v3.toString());
    }

    /**
     * ConvNeXt's permutes to channels last and back are Permute layers, and its layer scale (a constant times the block's
     * output) is taken into the Linear before the permute back, as the opset-14 export's LayerNorm written out in ops is.
     * Its modules that repeat (the first stage's two blocks, the LayerNorm2d of the stem and of the downsampling) are
     * blocks, placed once for each and named as PyTorch named the modules; the weights go under those names.
     */
    @Test
    void convNeXtsPermutesArePermutesAndItsLayerScaleJoinsTheLinearBeforeIt() throws Exception {
        List<String> block = List.of("Conv2d", "Permute", "LayerNorm", "Linear", "GELU", "Linear", "Permute", "Add");
        List<String> expected = new ArrayList<>(List.of("Input", "Conv2d", "Block", "Block", "Block", "Block", "Conv2d"));
        expected.addAll(block);
        expected.addAll(List.of("AdaptiveAvgPool2d", "Permute", "LayerNorm", "Permute", "Flatten", "Linear", "Output"));
        assertEquals(expected, kinds("torch_convnext"));
        assertEquals(expected, kinds("torch_convnext_opset14"));
        OnnxImporter.Imported im = OnnxImporter.load(FIXTURES.resolve("torch_convnext.onnx"));
        Graph g = im.graph();
        assertEquals(List.of("features_0_1", "features_1_0", "features_1_1", "features_2_0"), g.nodes().stream().filter(n -> n.kind().equals("Block"))
                .map(Node::name).toList());
        assertEquals(List.of("LayerNormBlock", "Features1", "Features1", "LayerNormBlock"), g.nodes().stream().filter(n -> n.kind().equals("Block"))
                .map(n -> n.params().get("block")).toList());
        assertEquals(List.of("block_0", "block_1", "block_2", "block_3", "block_4", "block_5", "block_6", "add1", "x", "y"),
                g.block("Features1").body().nodes().stream().map(Node::name).toList());
        assertEquals(List.of(8, 32), List.of(im.weights().get("features_1_1.block_3.weight").size(1), im.weights().get("features_1_1.block_3.weight").size(0)));
        assertEquals(List.of(), im.weights().keySet().stream().filter(k -> k.startsWith("features_1_0_")).toList());

        assertEquals(List.of(List.of(0, 2, 3, 1), List.of(0, 3, 1, 2)), g.nodes().stream().filter(n -> n.kind().equals("Permute")).limit(2)
                .map(n -> n.params().get("dims")).toList());
        // Multiplying by a constant that is not a scale of the layer before (here a whole [C, H, W] map) is refused, by name.
        List<OnnxProto.Node> ops = List.of(new OnnxProto.Node("scale", "Mul", "", List.of("x", "w"), List.of("y"), List.of()));
        OnnxProto.Graph mul = new OnnxProto.Graph("g", ops, List.of(new OnnxProto.TensorData("w", OnnxFields.TensorProto.FLOAT, new long[] {2, 3, 3},
                new float[18], null)), List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 2L, 3L, 3L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxException e = assertThrows(OnnxException.class,
                () -> convert(mul, 17));
        assertEquals("node \"scale\" (Mul): multiplying by the constant \"w\" is not a LayerLab layer (a scale per channel or "
                + "feature is taken into the Linear or convolution that makes its input, when nothing else reads that)", e.getMessage());
    }

    /**
     * BatchNormalization with spatial=0 (opsets 7 and 8: statistics per element, not per channel) is refused by name on
     * images; on [N, C] it is the same as per channel and imports, computing ONNX's inference formula.
     */
    @Test
    void batchNormWithSpatialZeroIsRefusedByNameWhereItDiffers() {
        java.util.function.BiFunction<List<Long>, long[], OnnxProto.Graph> bn = (shape, param) -> {
            int n = (int) java.util.Arrays.stream(param).reduce(1, (a, b) -> a * b);
            float[] scale = new float[n], bias = new float[n], mean = new float[n], var = new float[n];
            for (int i = 0; i < n; i++) {
                scale[i] = 1 + i;
                bias[i] = 0.5f * i;
                mean[i] = -i;
                var[i] = 4 + i;
            }
            List<OnnxProto.TensorData> init = List.of(new OnnxProto.TensorData("s", OnnxFields.TensorProto.FLOAT, param, scale, null),
                    new OnnxProto.TensorData("b", OnnxFields.TensorProto.FLOAT, param, bias, null),
                    new OnnxProto.TensorData("m", OnnxFields.TensorProto.FLOAT, param, mean, null),
                    new OnnxProto.TensorData("v", OnnxFields.TensorProto.FLOAT, param, var, null));
            List<Object> dims = new ArrayList<>(List.of("N"));
            dims.addAll(shape);
            return new OnnxProto.Graph("g", List.of(new OnnxProto.Node("bn", "BatchNormalization", "", List.of("x", "s", "b", "m", "v"), List.of("y"),
                    List.of(OnnxProto.Attribute.ofInt("spatial", 0), OnnxProto.Attribute.ofFloat("epsilon", 1e-5f)))), init,
                    List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, dims)), List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        };
        OnnxException e = assertThrows(OnnxException.class, () -> convert(bn.apply(List.of(2L, 3L, 3L), new long[] {2, 3, 3}), 8));
        assertEquals("node \"bn\" (BatchNormalization): spatial=0 (opset 7–8) normalises each element of its [C, …] input on its own; LayerLab's "
                + "BatchNorm1d/2d normalise per channel (spatial=1)", e.getMessage());
        OnnxImporter.Imported im = convert(bn.apply(List.of(2L), new long[] {2}), 8);
        var m = layerlab.graph.compile.GraphCompiler.compile(im.graph(), im.weights());
        m.eval();
        float[] y = m.forward(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)).toFloatArray();
        float[] x = {1, 2, 3, 4};
        for (int i = 0; i < 4; i++) {
            int c = i % 2;
            double want = (x[i] + c) / Math.sqrt(4 + c + 1e-5) * (1 + c) + 0.5 * c;
            assertEquals(want, y[i], 1e-5 * Math.abs(want) + 1e-6, "y[" + i + "]");
        }
    }

    /**
     * torch.onnx.export writes momentum 1.0 for BatchNorm's momentum=None and momentum=0 alike (make_onnx_fixtures.py's
     * BnMomentum): both import as momentum 0, frozen statistics that fine-tuning keeps, and the import says so, naming
     * them; momentum 0.3 comes back as it was, unnoted.
     */
    @Test
    void batchNormMomentumOneImportsFrozenAndSaysSo() throws Exception {
        OnnxImporter.Imported im = OnnxImporter.load(FIXTURES.resolve("torch_bn_momentum.onnx"));
        java.util.Map<String, Object> momentum = new java.util.HashMap<>();
        for (var n : im.graph().nodes()) if (n.kind().startsWith("BatchNorm")) momentum.put(n.name(), n.params().get("momentum"));
        assertEquals(java.util.Map.of("cumulative", 0.0, "frozen", 0.0, "slow", 0.3), momentum);
        assertEquals(List.of("cumulative, frozen: " + OnnxLayerOps.MOMENTUM_ONE), im.notes());
        assertTrue(im.notes().get(0).contains("momentum=0 and momentum=None"), im.notes().get(0));
        Model m = GraphCompiler.compile(im.graph(), im.weights());
        m.train();
        Tensor before = m.stateDict().get("frozen.running_mean");
        m.forward(Tensor.randn(new layerlab.tensor.Generator(3), 8, 5));
        OnnxExportTest.assertClose(before, m.stateDict().get("frozen.running_mean"), "frozen's running mean after a training step");
        assertEquals(List.of(), OnnxImporter.load(FIXTURES.resolve("torch_cnn.onnx")).notes(), "PyTorch's default momentum: nothing to say");
    }

    /** A damaged file's Constant whose "value" is a number, not a tensor: refused by name, not a NullPointerException. */
    @Test
    void aConstantWithoutItsTensorIsRefusedByName() {
        List<OnnxProto.Node> ops = List.of(new OnnxProto.Node("c", "Constant", "", List.of(), List.of("k"), List.of(OnnxProto.Attribute.ofFloat("value", 2))),
                new OnnxProto.Node("scale", "Mul", "", List.of("x", "k"), List.of("y"), List.of()));
        OnnxProto.Graph g = new OnnxProto.Graph("g", ops, List.of(), List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 3L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxException e = assertThrows(OnnxException.class, () -> convert(g, 17));
        assertEquals("node \"c\" (Constant): its attribute \"value\" holds no tensor; the file is damaged", e.getMessage());
    }

    /**
     * A scale per channel right after a convolution, and one per feature after a Linear and a swap of its dims (a Transpose
     * between), are the layers' weights and biases times the scale: the same numbers, no extra layer.
     */
    @Test
    void aConstantScaleAfterALayerJoinsItsWeights() {
        float[] w = {1, 2, 3, 4, 5, 6}, b = {0.5f, -1}, scale = {2, -3}, lw = {1, -1, 0.5f, 2, 0, 1}, lscale = {10, 100};
        List<OnnxProto.Node> ops = List.of(
                new OnnxProto.Node("conv", "Conv", "", List.of("x", "w", "b"), List.of("c"), List.of(OnnxProto.Attribute.ofInts("kernel_shape", new long[] {1, 3}))),
                new OnnxProto.Node("scale", "Mul", "", List.of("s", "c"), List.of("cs"), List.of()),
                new OnnxProto.Node("fc", "MatMul", "", List.of("cs", "lw"), List.of("f"), List.of()),
                new OnnxProto.Node("swap", "Transpose", "", List.of("f"), List.of("t"), List.of(OnnxProto.Attribute.ofInts("perm", new long[] {0, 3, 2, 1}))),
                new OnnxProto.Node("lscale", "Mul", "", List.of("t", "ls"), List.of("y"), List.of()));
        List<OnnxProto.TensorData> init = List.of(
                new OnnxProto.TensorData("w", OnnxFields.TensorProto.FLOAT, new long[] {2, 1, 1, 3}, w, null),
                new OnnxProto.TensorData("b", OnnxFields.TensorProto.FLOAT, new long[] {2}, b, null),
                new OnnxProto.TensorData("s", OnnxFields.TensorProto.FLOAT, new long[] {2, 1, 1}, scale, null),
                new OnnxProto.TensorData("lw", OnnxFields.TensorProto.FLOAT, new long[] {3, 2}, lw, null),
                new OnnxProto.TensorData("ls", OnnxFields.TensorProto.FLOAT, new long[] {2, 1, 1}, lscale, null));
        OnnxProto.Graph graph = new OnnxProto.Graph("g", ops, init, List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 1L, 1L, 5L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxImporter.Imported im = convert(graph, 17);
        assertEquals(List.of("Input", "Conv2d", "Linear", "Transpose", "Output"), im.graph().nodes().stream().map(Node::kind).toList());
        Model m = GraphCompiler.compile(im.graph());
        m.loadStateDict(im.weights(), true);
        m.eval();
        float[] x = {1, -2, 0.5f, 3, -1};
        Tensor y;
        try (var g = Autograd.noGrad()) {
            y = m.forward(Tensor.of(x, 1, 1, 1, 5));
        }
        // The same in plain loops: conv [2, 1, 3] (a 1×3 kernel, no padding) times the scale per channel; the Linear over the 3
        // positions (lw as [3, 2]) to 2 features, which the Transpose puts in place of the channels, times the scale per feature.
        double[][] c = new double[2][3];
        for (int o = 0; o < 2; o++) {
            for (int p = 0; p < 3; p++) {
                double sum = b[o];
                for (int k = 0; k < 3; k++) sum += w[o * 3 + k] * x[p + k];
                c[o][p] = sum * scale[o];
            }
        }
        float[] got = y.contiguous().toFloatArray();
        assertEquals(4, got.length);
        for (int o = 0; o < 2; o++) {
            for (int q = 0; q < 2; q++) {
                double sum = 0;
                for (int p = 0; p < 3; p++) sum += c[o][p] * lw[p * 2 + q];
                assertEquals(sum * lscale[q], got[q * 2 + o], 1e-4 * (1 + Math.abs(sum * lscale[q])), "y[0, " + q + ", 0, " + o + "]");
            }
        }
    }

    /** The graph {@code g} as a model of ONNX's opset {@code opset}, imported as project "g". */
    private static OnnxImporter.Imported convert(OnnxProto.Graph g, int opset) {
        return OnnxImporter.convert(new OnnxProto.Model(8, "test", "", List.of(new OnnxProto.OpsetId("", opset)), g), "g");
    }

    /** Layers are named as their modules are in the state dict, not by every scope PyTorch wrote on the way down. */
    @Test
    void scopesBecomeTheModulesOwnName() {
        assertEquals("layer1_0_conv1", OnnxImporter.identifier("/layer1/layer1.0/conv1/Conv"));
        assertEquals("features_4_2_block_1_fc1", OnnxImporter.identifier("/features/features.4/features.4.2/block/block.1/fc1/Conv"));
        assertEquals("layer1_0", OnnxImporter.identifier("/layer1/layer1.0/Add"));
        assertEquals("fc1", OnnxImporter.identifier("/fc1/Gemm"));
        assertEquals("input_1", OnnxImporter.identifier("input.1"));
        assertEquals("layer1_0_conv1", OnnxImporter.identifier("layer1.0.conv1"), "as a weight's name gives it");
    }

    /** A reason that many nodes share is said once, with how many nodes and the first few of them, not once per node. */
    @Test
    void aReasonManyNodesShareIsSaidOnce() {
        List<OnnxProto.Node> ops = new ArrayList<>();
        for (int i = 0; i < 5; i++) ops.add(new OnnxProto.Node("h" + i, "Hardmax", "", List.of(i == 0 ? "x" : "h" + (i - 1)), List.of(i == 4 ? "y" : "h" + i), List.of()));
        OnnxProto.Graph g = new OnnxProto.Graph("g", ops, List.of(), List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 4L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxException e = assertThrows(OnnxException.class,
                () -> convert(g, 17));
        assertEquals("cannot import \"g\": LayerLab has no layer for the ONNX op Hardmax (5 nodes: node \"h0\" (Hardmax), node \"h1\" (Hardmax), "
                + "node \"h2\" (Hardmax) and 2 more)", e.getMessage());
        assertEquals(5, e.reasons().size(), "every node's reason is kept");
        OnnxException many = new OnnxException("cannot import \"m\"", List.of("node \"a\" (Clip): why", "node \"b\" (Clip): why", "Concat \"c\": other.",
                "node \"d\" (Clip): why", "node \"e\" (Clip): why", "node \"f\" (Clip): why"));
        assertEquals("cannot import \"m\": why (5 nodes: node \"a\" (Clip), node \"b\" (Clip), node \"d\" (Clip) and 2 more); Concat \"c\": other.",
                many.getMessage());
        assertEquals(6, many.reasons().size(), "every reason is still there, one per node");
    }

    /**
     * torch.onnx.export writes nn.MultiheadAttention out in time-major ops with the batch and heads in one dim; a self-attention
     * module's ops come back as one MultiheadAttention layer, its head count and causal mask the ones under which the layer
     * computes what the ops do, its attention map the layer's weights output where the model reads it. A TransformerEncoder's
     * layers (whose equal starting weights the export keeps once) are a block placed twice. Attention of different inputs is
     * refused, saying where.
     */
    @Test
    void pyTorchsMultiheadAttentionComesBackAsOneLayer() throws Exception {
        Graph g = OnnxImporter.load(FIXTURES.resolve("torch_attention.onnx")).graph();
        assertEquals(List.of("Input", "Embedding", "MultiheadAttention", "MeanOverTime", "Linear", "MeanOverTime", "Add", "Output"),
                g.nodes().stream().map(Node::kind).toList());
        Node attn = g.nodeByName("attn");
        assertEquals(Map.of("embed_dim", 16, "num_heads", 4), attn.params());
        assertEquals(List.of("out", "weights"), g.edges().stream().filter(e -> e.fromNode().equals(attn.id())).map(Edge::fromPort).sorted().toList());
        assertEquals(Map.of("embed_dim", 16, "num_heads", 2, "causal", true),
                OnnxImporter.load(FIXTURES.resolve("torch_attention_causal_static.onnx")).graph().nodeByName("attn").params());
        Graph enc = OnnxImporter.load(FIXTURES.resolve("torch_encoder.onnx")).graph();
        assertEquals(List.of("enc_layers_0", "enc_layers_1"), enc.nodes().stream().filter(n -> n.kind().equals("Block")).map(Node::name).toList());
        // Named as their modules: the attention, and norm2 too, whose weight (ones, as norm1's) the export keeps once as an Identity.
        assertEquals(List.of("self_attn", "add1", "norm1", "linear1", "relu1", "linear2", "add2", "norm2", "x", "y"),
                enc.blocks().get(0).body().nodes().stream().map(Node::name).toList());
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.load(FIXTURES.resolve("torch_cross_attention.onnx")));
        assertTrue(e.getMessage().endsWith("; it is in PyTorch's module attn, an nn.MultiheadAttention of 3 different inputs; LayerLab reads "
                + "torch.onnx.export's attention as a layer only where query, key and value are one tensor (self-attention)"), e.getMessage());
    }

    /**
     * torchvision's VisionTransformer: its patches a Conv2d, Reshape and Transpose; its class token (expanded to the batch with
     * the Where(Equal(shape, -1), 1, shape) of x.expand(N, -1, -1), joined before the patches) a ClassToken; its learned
     * positions (a constant [1, L, D] added) a PositionEmbedding whose weights keep torchvision's name; x[:, 0] a Select.
     */
    @Test
    void aVisionTransformersTokenPositionsAndPickAreItsLayers() throws Exception {
        OnnxImporter.Imported im = OnnxImporter.load(FIXTURES.resolve("torch_vit.onnx"));
        Graph g = im.graph();
        assertEquals(List.of("Input", "Conv2d", "Reshape", "Transpose", "ClassToken", "PositionEmbedding", "Block", "Block", "LayerNorm", "Select",
                "Linear", "Output"), g.nodes().stream().map(Node::kind).toList());
        assertEquals(Map.of("embed_dim", 8), g.nodeByName("class_token").params());
        assertEquals(Map.of("num_positions", 17, "embed_dim", 8), g.nodeByName("encoder").params());
        assertEquals(List.of(1, 17, 8), Arrays.stream(im.weights().get("encoder.pos_embedding").shape()).boxed().toList(), "torchvision's own key");
        assertEquals(Map.of("dim", 1, "index", 0), g.nodes().stream().filter(n -> n.kind().equals("Select")).findFirst().orElseThrow().params());
        assertEquals(List.of("ln_1", "self_attention", "add1", "ln_2", "mlp_0", "mlp_1", "mlp_3", "add2", "x", "y"),
                g.blocks().get(0).body().nodes().stream().map(Node::name).toList());
    }

    private static List<String> kinds(String fixture) throws Exception {
        return OnnxImporter.load(FIXTURES.resolve(fixture + ".onnx")).graph().nodes().stream().map(Node::kind).toList();
    }

    /** A size read from a tensor at run time where the batch size goes (here x.view(x.size(1), -1)) is named with its value. */
    @Test
    void aSizeReadAtRunTimeOtherThanTheBatchIsNamed() {
        OnnxProto.Graph g = new OnnxProto.Graph("g",
                List.of(new OnnxProto.Node("shape", "Shape", "", List.of("x"), List.of("s"), List.of()),
                        new OnnxProto.Node("size", "Gather", "", List.of("s", "one"), List.of("c"), List.of(OnnxProto.Attribute.ofInt("axis", 0))),
                        new OnnxProto.Node("unsq", "Unsqueeze", "", List.of("c", "zero"), List.of("u"), List.of()),
                        new OnnxProto.Node("cat", "Concat", "", List.of("u", "rest"), List.of("dims"), List.of(OnnxProto.Attribute.ofInt("axis", 0))),
                        new OnnxProto.Node("view", "Reshape", "", List.of("x", "dims"), List.of("y"), List.of())),
                List.of(new OnnxProto.TensorData("one", OnnxFields.TensorProto.INT64, new long[0], null, new long[] {1}),
                        new OnnxProto.TensorData("zero", OnnxFields.TensorProto.INT64, new long[] {1}, null, new long[] {0}),
                        new OnnxProto.TensorData("rest", OnnxFields.TensorProto.INT64, new long[] {1}, null, new long[] {-1})),
                List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 2L, 3L, 4L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxProto.Model model = new OnnxProto.Model(8, "test", "", List.of(new OnnxProto.OpsetId("", 17)), g);
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.convert(model, "g"));
        assertEquals("node \"view\" (Reshape): its shape starts with a size read from a tensor at run time (2), not the batch size; "
                + "LayerLab keeps the batch first", e.getMessage());
    }

    /** A Sqrt outside the LayerNorm it could be part of says which export would import. */
    @Test
    void aSqrtOutsideALayerNormSaysToExportWithOpset17() {
        OnnxProto.Graph g = new OnnxProto.Graph("g", List.of(new OnnxProto.Node("root", "Sqrt", "", List.of("x"), List.of("y"), List.of())), List.of(),
                List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 4L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxException e = assertThrows(OnnxException.class,
                () -> convert(g, 14));
        assertEquals("node \"root\" (Sqrt): only a LayerNorm with weight and bias written out in ops (opsets before 17) is understood; "
                + "export with opset_version=17, which has a LayerNormalization op", e.getMessage());
    }

    /** metadata_props as PyTorch's exporter leaves them, with the classes and features written in by the onnx package. */
    @Test
    void theMetadataNamesTheClassesAndFeatures() throws Exception {
        assertEquals(new DataNames(List.of("a", "b", "c", "d"), List.of("cat", "dog", "bird", "fish", "frog")),
                OnnxImporter.load(FIXTURES.resolve("torch_mlp_named.onnx")).names());
        assertEquals(DataNames.NONE, OnnxImporter.load(FIXTURES.resolve("torch_mlp.onnx")).names());
        assertEquals(DataNames.NONE, OnnxImporter.names(Map.of("classes", "cat,dog", "features", "[1, 2]")), "not JSON lists of names: not ours");
        assertEquals(DataNames.NONE, OnnxImporter.names(Map.of("text", "{\"tokenize\": \"words\"")), "not JSON: not ours");
        assertEquals(DataNames.NONE, OnnxImporter.names(Map.of("text", "{\"tokenize\": \"words\", \"lowercase\": true, \"length\": 0, "
                + "\"vocabulary\": [\"<pad>\", \"<unk>\"]}")), "not a vocabulary (length 0): not ours");
        assertEquals(List.of("<pad>", "<unk>", "ok"), OnnxImporter.names(Map.of("text", "{\"tokenize\": \"words\", \"lowercase\": true, "
                + "\"length\": 3, \"vocabulary\": [\"<pad>\", \"<unk>\", \"ok\"]}")).vocabulary().tokens());
        assertEquals(256, OnnxImporter.names(Map.of("resize", "256")).resize(), "pictures framed as Resize(256), then CenterCrop");
        for (String odd : List.of("0", "-3", "256.5", "x", "99999999")) assertEquals(0, OnnxImporter.names(Map.of("resize", odd)).resize(), odd + ": not ours");
    }

    @Test
    void namesComeFromTheWeightsAndTheLayoutReadsLikeText() throws Exception {
        OnnxImporter.Imported im = OnnxImporter.load(FIXTURES.resolve("torch_mlp.onnx"));
        List<String> names = im.graph().nodes().stream().map(Node::name).toList();
        assertEquals(List.of("x", "flatten", "fc1", "relu", "fc2", "gelu", "fc3", "logp", "y"), names);
        assertEquals(List.of("Input", "Flatten", "Linear", "ReLU", "Linear", "GELU", "Linear", "LogSoftmax", "Output"),
                im.graph().nodes().stream().map(Node::kind).toList());
        // Auto-layout's: left to right, nine columns wrapped into bands (as text into lines), each node right of the one
        // before or at the start of a lower band.
        assertEquals(layerlab.graph.AutoLayout.layout(im.graph(), List.of()),
                im.graph().nodes().stream().collect(java.util.stream.Collectors.toMap(Node::id, Node::position)));
        Node prev = null;
        for (Node n : im.graph().nodes()) {
            if (prev != null) {
                boolean right = n.position().y() == prev.position().y() && n.position().x() > prev.position().x();
                boolean wrapped = n.position().y() > prev.position().y() && n.position().x() == 0;
                assertEquals(true, right || wrapped, n.name() + " at " + n.position() + " after " + prev.name() + " at " + prev.position());
            }
            prev = n;
        }
        assertEquals(List.of(8, 12), Arrays.stream(im.weights().get("fc1.weight").shape()).boxed().toList());
    }

    /** A trained model's export (normalization first) imports back as the same layers plus its statistics. */
    @Test
    void theInputNormalizationComesBackAsStatistics() throws Exception {
        for (String sample : List.of("simple-cnn", "bilinear-features")) {
            Graph g = ProjectJson.load(Path.of("..", "sample-projects", sample + ".json"));
            ExportCases.Case c = ExportCases.of(sample, g);
            boolean channel = sample.equals("simple-cnn");
            var norm = new Normalization(Normalization.Kind.STANDARDIZE,
                    channel ? Normalization.Per.CHANNEL : Normalization.Per.FEATURE,
                    channel ? new float[] {0.1307f} : new float[] {5.8f, 3.0f, 3.7f, 1.2f},
                    channel ? new float[] {0.3081f} : new float[] {0.8f, 0.4f, 1.7f, 0.75f});
            OnnxImporter.Imported im = OnnxImporter.read(OnnxWire.write(OnnxExporter.export(g, c.weights(), norm)), sample);
            assertEquals(norm.per(), im.normalization().per(), sample);
            assertEquals(Arrays.toString(norm.offset()), Arrays.toString(im.normalization().offset()), sample);
            assertEquals(Arrays.toString(norm.scale()), Arrays.toString(im.normalization().scale()), sample);
            assertEquals(OnnxImporter.read(OnnxWire.write(OnnxExporter.export(g, c.weights())), sample).graph().nodes().stream().map(n -> n.kind()).toList(),
                    im.graph().nodes().stream().map(n -> n.kind()).toList(), sample + ": the same layers as without the normalization");
        }
    }

    /**
     * An export that fills gaps first (with or without scaling) imports back with its fill values, what they are (the
     * metadata's "fill_with": means, medians), and the same layers.
     */
    @Test
    void theFillingOfGapsComesBack() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "bilinear-features.json"));
        ExportCases.Case c = ExportCases.of("bilinear-features", g);
        List<Normalization> norms = new java.util.ArrayList<>();
        for (Normalization n : ExportCases.filledIris()) norms.addAll(List.of(n, n.withFillWith(Normalization.FillWith.MEDIAN)));
        for (Normalization norm : norms) {
            OnnxImporter.Imported im = OnnxImporter.read(OnnxWire.write(OnnxExporter.export(g, c.weights(), norm)), "iris");
            assertEquals(norm, im.normalization(), norm.describe());
            assertEquals(OnnxImporter.read(OnnxWire.write(OnnxExporter.export(g, c.weights())), "iris").graph().nodes().stream().map(n -> n.kind()).toList(),
                    im.graph().nodes().stream().map(n -> n.kind()).toList(), "the same layers as without the filling");
        }
    }

    /**
     * ONNX has no attention op: LayerLab writes a MultiheadAttention as MatMul, Softmax, … (and a PositionalEncoding as an
     * Add of its table) and names each in the metadata ({@code layerlab.composites}), which brings it back as the one layer
     * with its weights; without that entry, or with its ops changed, the ops are refused, named, as any ops LayerLab has no
     * layer for.
     */
    @Test
    void attentionComesBackAsOneLayerOnlyAsLayerLabWroteIt() throws Exception {
        ExportCases.Case c = ExportCases.all().stream().filter(x -> x.name().equals("kinds-attention")).findFirst().orElseThrow();
        OnnxProto.Model m = OnnxExporter.export(c.graph(), c.weights());
        assertTrue(m.metadata().containsKey(OnnxExporter.COMPOSITES));
        OnnxImporter.Imported im = OnnxImporter.read(OnnxWire.write(m), "attention");
        assertEquals(3, im.graph().nodes().stream().filter(n -> n.kind().equals("MultiheadAttention")).count());
        Node pos = im.graph().nodes().stream().filter(n -> n.kind().equals("PositionalEncoding")).findFirst().orElseThrow();
        assertEquals(0.2, ((Number) pos.param("dropout")).doubleValue(), 1e-12, "its settings as drawn, the dropout too");
        Node causal = im.graph().nodes().stream().filter(n -> n.kind().equals("MultiheadAttention") && Boolean.TRUE.equals(n.param("causal"))).findFirst().orElseThrow();
        assertEquals(4, causal.param("num_heads"));
        assertEquals(false, causal.param("bias"));
        assertEquals(List.of("causal.in_proj_weight", "causal.out_proj.weight"),
                im.weights().keySet().stream().filter(k -> k.startsWith(causal.name() + ".")).sorted().toList());

        Map<String, String> none = new java.util.LinkedHashMap<>(m.metadata());
        none.remove(OnnxExporter.COMPOSITES);
        OnnxProto.Model bare = new OnnxProto.Model(m.irVersion(), m.producerName(), m.producerVersion(), m.opsets(), m.graph(), none);
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.read(OnnxWire.write(bare), "attention"));
        assertTrue(e.getMessage().matches("(?s).*node \"(pos|attn)[\"/].*"), e.getMessage());
        // An op of the layer renamed (another tool's doing): the entry no longer fits its ops, which are refused.
        List<OnnxProto.Node> renamed = new ArrayList<>();
        for (OnnxProto.Node n : m.graph().nodes()) renamed.add(n.opType().equals("Softmax") && n.name().startsWith("attn/")
                ? new OnnxProto.Node("softmax_elsewhere", n.opType(), n.domain(), n.inputs(), n.outputs(), n.attributes()) : n);
        OnnxProto.Graph g = new OnnxProto.Graph(m.graph().name(), renamed, m.graph().initializers(), m.graph().inputs(), m.graph().outputs());
        OnnxProto.Model changed = new OnnxProto.Model(m.irVersion(), m.producerName(), m.producerVersion(), m.opsets(), g, m.metadata());
        assertThrows(OnnxException.class, () -> OnnxImporter.read(OnnxWire.write(changed), "attention"));
    }

    @Test
    void anUnknownOpIsNamedAndNothingIsImported() {
        OnnxProto.Graph g = new OnnxProto.Graph("g",
                List.of(new OnnxProto.Node("relu", "Relu", "", List.of("x"), List.of("r"), List.of()),
                        new OnnxProto.Node("wave", "Cos", "", List.of("r"), List.of("y"), List.of())),
                List.of(), List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 4L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxProto.Model model = new OnnxProto.Model(8, "test", "", List.of(new OnnxProto.OpsetId("", 17)), g);
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.convert(model, "g"));
        assertEquals("cannot import \"g\": node \"wave\" (Cos): LayerLab has no layer for the ONNX op Cos", e.getMessage());
    }

    /** Bytes that are not a protobuf message (a truncated download, a renamed file) say so, not in protobuf's words alone. */
    @Test
    void bytesThatAreNoOnnxModelSaySo() throws Exception {
        byte[] whole = OnnxWire.write(new OnnxProto.Model(8, "test", "", List.of(new OnnxProto.OpsetId("", 17)), new OnnxProto.Graph("g",
                List.of(new OnnxProto.Node("relu", "Relu", "", List.of("x"), List.of("y"), List.of())), List.of(),
                List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 4L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)))));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 5);
        var e = assertThrows(layerlab.io.FileFormatException.class, () -> OnnxImporter.read(cut, "cut"));
        assertEquals("not an ONNX model, or a damaged one (the input ended unexpectedly in the middle of a field)", e.getMessage());
        e = assertThrows(layerlab.io.FileFormatException.class, () -> OnnxImporter.read(new byte[64], "zeros"));
        assertEquals("not an ONNX model, or a damaged one (Protocol message contained an invalid tag (zero))", e.getMessage());
        // A file is read through a memory map: the same words.
        Path file = java.nio.file.Files.createTempFile("cut", ".onnx");
        try {
            java.nio.file.Files.write(file, cut);
            e = assertThrows(layerlab.io.FileFormatException.class, () -> OnnxImporter.load(file));
            assertEquals("not an ONNX model, or a damaged one (the input ended unexpectedly in the middle of a field)", e.getMessage());
            java.nio.file.Files.write(file, new byte[0]);
            assertEquals("it holds no graph: is it an ONNX model?", assertThrows(java.io.IOException.class, () -> OnnxImporter.load(file)).getMessage());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    /** A file's weights are read where they lie (a memory map) and become the layers' own: the same numbers as from its bytes. */
    @Test
    void aFileAndItsBytesImportAlike() throws Exception {
        Path file = FIXTURES.resolve("torch_mobile_v3.onnx");
        OnnxImporter.Imported mapped = OnnxImporter.load(file), read = OnnxImporter.read(java.nio.file.Files.readAllBytes(file), "torch_mobile_v3");
        assertEquals(read.weights().keySet(), mapped.weights().keySet());
        read.weights().forEach((k, t) -> assertArrayEquals(t.toFloatArray(), mapped.weights().get(k).toFloatArray(), 0f, k));
        assertEquals(ProjectJson.write(read.graph()), ProjectJson.write(mapped.graph()));
    }

    @Test
    void anOpInAFormLayerLabLacksIsNamed() {
        OnnxProto.Graph g = new OnnxProto.Graph("g",
                List.of(new OnnxProto.Node("flat", "Flatten", "", List.of("x"), List.of("y"), List.of(OnnxProto.Attribute.ofInt("axis", 2)))),
                List.of(), List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 2L, 3L, 4L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxProto.Model model = new OnnxProto.Model(8, "test", "", List.of(new OnnxProto.OpsetId("", 17)), g);
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.convert(model, "g"));
        assertEquals("node \"flat\" (Flatten): ONNX's Flatten with axis 2 merges the batch into other dims; only axis 1 is a layer", e.getMessage());
    }

    /**
     * Before opset 13 Softmax and LogSoftmax normalise over every dim from axis on at once (axis 1 by default): refused on a
     * rank-3 input unless axis is its last dim, where both readings agree; from opset 13 on, axis is one dim (-1 by default).
     */
    @Test
    void aSoftmaxBeforeOpset13OverSeveralDimsIsRefused() {
        java.util.function.BiFunction<String, Long, OnnxProto.Graph> softmax = (op, axis) -> new OnnxProto.Graph("g",
                List.of(new OnnxProto.Node("sm", op, "", List.of("x"), List.of("y"),
                        axis == null ? List.of() : List.of(OnnxProto.Attribute.ofInt("axis", axis)))),
                List.of(), List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 3L, 4L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxException e = assertThrows(OnnxException.class, () -> convert(softmax.apply("Softmax", 1L), 11));
        assertEquals("node \"sm\" (Softmax): in opset 11 it normalises over every dim from axis 1 of its rank-3 input at once, which no layer "
                + "does (Softmax's dim is one dim); export with opset 13 or later", e.getMessage());
        assertThrows(OnnxException.class, () -> convert(softmax.apply("LogSoftmax", null), 12), "axis 1 by default before opset 13");
        for (Object[] ok : new Object[][] {{11, 2L, 2}, {12, -1L, -1}, {13, 1L, 1}, {13, null, -1}}) {
            OnnxImporter.Imported im = convert(softmax.apply("Softmax", (Long) ok[1]), (Integer) ok[0]);
            layerlab.graph.Node n = im.graph().nodes().stream().filter(x -> x.kind().equals("Softmax")).findFirst().orElseThrow();
            assertEquals(ok[2], n.param("dim"), "opset " + ok[0] + ", axis " + ok[1]);
        }
    }

    /** Dropout's ratio is an attribute before opset 12 and an input after: both are its p (it was 0.5 for the attribute). */
    @Test
    void dropoutTakesItsRatioFromTheAttributeOrTheInput() {
        OnnxProto.Graph attr = new OnnxProto.Graph("g",
                List.of(new OnnxProto.Node("drop", "Dropout", "", List.of("x"), List.of("y"), List.of(OnnxProto.Attribute.ofFloat("ratio", 0.25f)))),
                List.of(), List.of(new OnnxProto.ValueInfo("x", OnnxFields.TensorProto.FLOAT, List.of("N", 4L))),
                List.of(new OnnxProto.ValueInfo("y", OnnxFields.TensorProto.FLOAT, null)));
        OnnxProto.Graph none = new OnnxProto.Graph("g", List.of(new OnnxProto.Node("drop", "Dropout", "", List.of("x"), List.of("y"), List.of())),
                List.of(), attr.inputs(), attr.outputs());
        for (Object[] c : new Object[][] {{attr, 10, 0.25}, {none, 10, 0.5}, {none, 13, 0.5}}) {
            layerlab.graph.Node n = convert((OnnxProto.Graph) c[0], (Integer) c[1]).graph().nodes().stream()
                    .filter(x -> x.kind().equals("Dropout")).findFirst().orElseThrow();
            assertEquals((Double) c[2], ((Number) n.param("p")).doubleValue(), 1e-9);
        }
    }

    /** Export → import → export: the imported project predicts as the original, and so does its own export. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("roundTrips")
    void roundTripsKeepThePredictions(ExportCases.Case c) throws Exception {
        byte[] first = OnnxWire.write(OnnxExporter.export(c.graph(), c.weights()));
        OnnxImporter.Imported im = OnnxImporter.read(first, c.name());
        // Float settings (eps, negative_slope, alpha) read as the decimals written, not float32's nearest double.
        for (layerlab.graph.Node n : im.graph().nodes()) {
            for (var e : n.params().entrySet()) {
                if (e.getValue() instanceof Double d) assertEquals(Double.parseDouble(Float.toString(d.floatValue())), d, n.name() + "." + e.getKey());
            }
        }
        Model m = GraphCompiler.compile(im.graph());
        m.loadStateDict(im.weights(), true);
        m.eval();
        Map<String, Tensor> got;
        try (var g = Autograd.noGrad()) {
            got = m.run(c.inputs(), c.expected().keySet());
        }
        for (String out : c.expected().keySet()) OnnxExportTest.assertClose(c.expected().get(out), got.get(out), c.name() + " imported " + out);
        byte[] second = OnnxWire.write(OnnxExporter.export(im.graph(), im.weights()));
        Map<String, Tensor> a = Ort.run(first, c.inputs()), b = Ort.run(second, c.inputs());
        for (String out : c.expected().keySet()) OnnxExportTest.assertClose(a.get(out), b.get(out), c.name() + " re-exported " + out);
    }

    static List<ExportCases.Case> roundTrips() throws Exception {
        return ExportCases.all();
    }
}
