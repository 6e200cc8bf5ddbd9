package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.Node;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ONNX project's own backend node tests (onnx 1.12, src/test/resources/onnx-node, Apache-2.0: see the README there), one
 * op each with its inputs and the outputs ONNX's reference gives: what {@code layerlab import} reads of each op, it runs to
 * ONNX's numbers (within 1e-5); what it refuses, it refuses with the reason named. The lists below are what import supports,
 * op by op. An op's weights (a Conv's W, a Gemm's B and C, a recurrent op's W, R and B) are inputs of the node test, fed like its
 * data; an exported model keeps them in the file, so they are made constants here and only the data stay inputs.
 */
class OnnxNodeTest {
    static final Path NODE = Path.of("src", "test", "resources", "onnx-node");

    /**
     * One node test: which of its inputs are the data (the first when none is named; the others are its weights), and which of its
     * outputs a model reads (all when none is named).
     */
    record Case(String test, List<String> data, List<String> outputs) {
        @Override
        public String toString() {
            return test;
        }
    }

    static Case node(String test, String... data) {
        return new Case(test, List.of(data), List.of());
    }

    /** A LayerNormalization test read for its Y: ONNX's Mean and InvStdDev outputs are no output of LayerLab's layer. */
    static Case normY(String test) {
        return new Case(test, List.of(), List.of("Y"));
    }

    /** What import reads, op by op, and runs as ONNX's reference does. */
    static final List<Case> SUPPORTED = List.of(
            node("test_relu"), node("test_sigmoid"), node("test_sigmoid_example"), node("test_tanh"), node("test_tanh_example"),
            node("test_leakyrelu"), node("test_leakyrelu_default"), node("test_leakyrelu_example"),
            node("test_elu"), node("test_elu_default"), node("test_elu_example"), node("test_hardswish"),
            node("test_softmax_axis_1"), node("test_softmax_axis_2"), node("test_softmax_default_axis"), node("test_softmax_example"),
            node("test_softmax_large_number"), node("test_softmax_negative_axis"),
            node("test_logsoftmax_axis_1"), node("test_logsoftmax_axis_2"), node("test_logsoftmax_default_axis"), node("test_logsoftmax_example_1"),
            node("test_logsoftmax_large_number"), node("test_logsoftmax_negative_axis"),
            // Gemm with a constant B (and C) is a Linear: transB, alpha and beta taken into its weights.
            node("test_gemm_default_no_bias"), node("test_gemm_default_vector_bias"), node("test_gemm_default_zero_bias"), node("test_gemm_transposeB"),
            node("test_gemm_alpha"), node("test_gemm_beta"), node("test_gemm_default_scalar_bias"), node("test_gemm_default_single_elem_vector_bias"),
            node("test_matmul_2d"),
            node("test_basic_conv_with_padding"), node("test_basic_conv_without_padding"), node("test_conv_with_strides_padding"),
            node("test_conv_with_strides_no_padding"), node("test_conv_with_strides_and_asymmetric_padding"),
            node("test_convtranspose"), node("test_convtranspose_pads"), node("test_convtranspose_dilations"), node("test_convtranspose_pad"),
            node("test_maxpool_1d_default"), node("test_maxpool_2d_precomputed_pads"), node("test_maxpool_2d_precomputed_strides"),
            node("test_maxpool_2d_ceil"), node("test_maxpool_2d_dilations"),
            // auto_pad SAME_UPPER/SAME_LOWER where the pads it stands for are even: PyTorch's padding.
            node("test_conv_with_autopad_same"), node("test_maxpool_2d_precomputed_same_upper"), node("test_averagepool_2d_precomputed_same_upper"),
            node("test_averagepool_1d_default"), node("test_averagepool_2d_precomputed_pads"), node("test_averagepool_2d_precomputed_pads_count_include_pad"),
            node("test_averagepool_2d_precomputed_strides"), node("test_averagepool_2d_ceil"),
            node("test_globalaveragepool"), node("test_globalaveragepool_precomputed"), node("test_globalmaxpool"), node("test_globalmaxpool_precomputed"),
            node("test_batchnorm_epsilon"), node("test_batchnorm_example"),
            normY("test_layer_normalization_default_axis"), normY("test_layer_normalization_4d_axis1"), normY("test_layer_normalization_4d_axis_negative_2"),
            normY("test_layer_normalization_3d_axis1_epsilon"), normY("test_layer_normalization_2d_axis1"),
            node("test_flatten_axis1"), node("test_flatten_default_axis"), node("test_transpose_all_permutations_1"),
            node("test_concat_2d_axis_1", "value0", "value1"), node("test_concat_3d_axis_1", "value0", "value1"),
            node("test_concat_3d_axis_2", "value0", "value1"), node("test_concat_3d_axis_negative_1", "value0", "value1"),
            node("test_add", "x", "y"), node("test_mul", "x", "y"), node("test_sum_example", "data_0", "data_1", "data_2"),
            node("test_sum_two_inputs", "data_0", "data_1"), node("test_sum_one_input", "data_0"),
            node("test_dropout_default"), node("test_dropout_default_old"), node("test_dropout_random_old"), node("test_identity"),
            // Clip to two constant bounds is a Hardtanh (ReLU6 for 0 and 6), at 0 from below a ReLU.
            node("test_clip_example"), node("test_clip_inbounds"), node("test_clip_outbounds"), node("test_clip_splitbounds"),
            node("test_clip_default_min"), node("test_clip"),
            node("test_reduce_mean_do_not_keepdims_random"), node("test_reshape_reduced_dims"), node("test_reshape_negative_dim"),
            node("test_resize_upsample_scales_linear", "X"), node("test_resize_upsample_scales_linear_align_corners", "X"),
            // A batch-first recurrent op (layout=1, as tf2onnx writes them): its Y [N, T, D, H] and Y_h [N, D, H] both read.
            node("test_simple_rnn_batchwise", "X"));

    /** What import refuses on purpose, node test by node test, and what it says. */
    static final Map<String, String> REFUSED = new LinkedHashMap<>();

    static {
        REFUSED.put("test_hardsigmoid",
                "node \"y\" (HardSigmoid): only PyTorch's Hardsigmoid (alpha 1/6, beta 0.5) is a LayerLab layer, not alpha 0.5, beta 0.6");
        REFUSED.put("test_softmax_axis_0",
                "the imported graph of \"test_softmax_axis_0\" does not check: Softmax \"softmax1\": dim 0 is the batch dimension N; layers work per sample, so use 1 or more.");
        REFUSED.put("test_gemm_transposeA",
                "node \"y\" (Gemm): transA=1 (a transposed input) is not a Linear layer");
        REFUSED.put("test_gemm_default_matrix_bias",
                "node \"y\" (Gemm): its C [3, 4] is not a bias: a Linear layer's is one value per output feature ([4] or [1, 4]) or one value for all");
        REFUSED.put("test_matmul_3d",
                "node \"c\" (MatMul): only a product with a constant matrix is a Linear layer");
        REFUSED.put("test_maxpool_2d_same_upper",
                "node \"y\" (MaxPool): uneven pads [0, 0, 1, 1] (auto_pad SAME_UPPER) are not a LayerLab layer");
        REFUSED.put("test_maxpool_2d_same_lower",
                "node \"y\" (MaxPool): uneven pads [1, 1, 0, 0] (auto_pad SAME_LOWER) are not a LayerLab layer");
        REFUSED.put("test_averagepool_2d_same_upper",
                "node \"y\" (AveragePool): uneven pads [0, 0, 1, 1] (auto_pad SAME_UPPER) are not a LayerLab layer");
        REFUSED.put("test_averagepool_2d_same_lower",
                "node \"y\" (AveragePool): uneven pads [1, 1, 0, 0] (auto_pad SAME_LOWER) are not a LayerLab layer");
        REFUSED.put("test_convtranspose_autopad_same",
                "node \"Y\" (ConvTranspose): auto_pad SAME_UPPER is not understood; export with explicit pads");
        REFUSED.put("test_convtranspose_1d",
                "node \"Y\" (ConvTranspose): LayerLab has Conv1d/2d/3d and ConvTranspose2d, not this 1-D form");
        REFUSED.put("test_convtranspose_output_shape",
                "node \"Y\" (ConvTranspose): output_shape is not understood; export with output_padding");
        REFUSED.put("test_batchnorm_example_training_mode",
                "node \"y\" (BatchNormalization): training_mode=1; LayerLab imports the inference form");
        REFUSED.put("test_layer_normalization_2d_axis0",
                "node \"Y\" (LayerNormalization): axis 0 normalizes across the batch too; a LayerNorm normalizes each sample on its own");
        REFUSED.put("test_flatten_axis0",
                "node \"b\" (Flatten): ONNX's Flatten with axis 0 merges the batch into other dims; only axis 1 is a layer");
        REFUSED.put("test_flatten_axis2",
                "node \"b\" (Flatten): ONNX's Flatten with axis 2 merges the batch into other dims; only axis 1 is a layer");
        REFUSED.put("test_transpose_default",
                "node \"transposed\" (Transpose): only orders of the dims after the batch (x.permute(0, 2, 3, 1), x.transpose(1, 2)) and the transposes around a recurrent layer are understood");
        REFUSED.put("test_concat_2d_axis_0",
                "the imported graph of \"test_concat_2d_axis_0\" does not check: Concat \"concat1\": dim 0 is the batch dimension N; layers work per sample, so use 1 or more.");
        REFUSED.put("test_add_bcast",
                "node \"sum\" (Add): adding the constant \"y\" is not a LayerLab layer");
        REFUSED.put("test_mul_bcast",
                "node \"z\" (Mul): multiplying by the constant \"y\" is not a LayerLab layer (a scale per channel or feature is taken into the Linear or convolution that makes its input, when nothing else reads that)");
        REFUSED.put("test_clip_default_inbounds",
                "node \"y\" (Clip): only a clip to two bounds (Hardtanh, ReLU6) or at 0 from below (ReLU) is understood, not [null, null]");
        REFUSED.put("test_gather_0",
                "node \"y\" (Gather): only a lookup of rows of a constant matrix is an Embedding");
        REFUSED.put("test_reduce_mean_keepdims_random",
                "node \"reduced\" (ReduceMean): only a mean over the time axis of a sequence (axes [1] or [0], keepdims 0: MeanOverTime) or over an image's height and width (axes [2, 3]: AdaptiveAvgPool2d(1)) is a layer");
        REFUSED.put("test_simple_rnn_defaults",
                "node \"\" (RNN): it reads the model input \"X\" time-major ([T, N, features]), and a LayerLab input puts the batch first; a model that takes [N, T, features] and transposes it for the op (x.transpose(0, 1), as PyTorch writes a time-major layer) imports");
        REFUSED.put("test_gru_defaults",
                "node \"\" (GRU): linear_before_reset=0 differs from PyTorch's GRU (which applies the reset gate after the hidden projection)");
        REFUSED.put("test_lstm_defaults",
                "node \"\" (LSTM): it reads the model input \"X\" time-major ([T, N, features]), and a LayerLab input puts the batch first; a model that takes [N, T, features] and transposes it for the op (x.transpose(0, 1), as PyTorch writes a time-major layer) imports");
        REFUSED.put("test_lstm_with_peepholes",
                "node \"\" (LSTM): only sequence_lens cast from a LayerLab lengths tensor (int64 [N], as a Lengths node gives) is understood");
        REFUSED.put("test_reshape_one_dim",
                "node \"reshaped\" (Reshape): shape [24] does not keep the batch dimension first");
        REFUSED.put("test_div",
                "node \"z\" (Div): only x/√2 (a step of GELU) is understood");
        REFUSED.put("test_squeeze",
                "node \"y\" (Squeeze): only squeezing a one-directional recurrent op's Y or a sample's size-1 dim is understood");
        REFUSED.put("test_resize_upsample_scales_nearest",
                "node \"Y\" (Resize): a nearest Resize is an Upsample only with coordinate_transformation_mode 'asymmetric' and nearest_mode 'floor' (PyTorch's rule), not 'half_pixel' and 'round_prefer_floor'");
        REFUSED.put("test_resize_upsample_scales_cubic",
                "node \"Y\" (Resize): only the nearest and linear modes are an Upsample, not 'cubic'");
        REFUSED.put("test_unsqueeze_axis_1",
                "node \"y\" (Unsqueeze): only a size read with x.size(k), made a 1-D shape, is understood");
    }

    static List<Case> supported() {
        return SUPPORTED;
    }

    static List<String> refused() {
        return List.copyOf(REFUSED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatLayerLabHasNoLayerForSayingWhy(String test) {
        Case c = switch (test) {
            case "test_concat_2d_axis_0" -> node(test, "value0", "value1");
            case "test_gather_0" -> node(test, "indices");
            case "test_resize_upsample_scales_nearest", "test_resize_upsample_scales_cubic" -> node(test, "X");
            default -> test.startsWith("test_layer_normalization") ? normY(test) : node(test);
        };
        OnnxException e = assertThrows(OnnxException.class, () -> run(c));
        assertEquals(REFUSED.get(test), e.getMessage(), test);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void importsAndPredictsWhatOnnxsReferencePredicts(Case c) throws Exception {
        Map<String, Tensor> want = outputs(c);
        Map<String, Tensor> got = run(c);
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()), c.test() + ": the outputs");
        for (String k : want.keySet()) assertClose(want.get(k), got.get(k), c.test() + " " + k);
    }

    @Test
    void theFolderHoldsTheListedNodeTestsAndNoOthers() throws IOException {
        List<String> listed = new ArrayList<>(SUPPORTED.stream().map(Case::test).toList());
        listed.addAll(REFUSED.keySet());
        try (var dirs = Files.list(NODE)) {
            assertEquals(listed.stream().sorted().toList(), dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList());
        }
    }

    /** The node test imported with its weights as constants, run by LayerLab on its data inputs: each graph output, in order. */
    static Map<String, Tensor> run(Case c) throws IOException {
        Path dir = NODE.resolve(c.test());
        OnnxProto.Model m = OnnxWire.read(dir.resolve("model.onnx"));
        OnnxProto.Graph g = m.graph();
        List<OnnxProto.TensorData> given = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve("test_data_set_0/input_" + i + ".pb")); i++) {
            given.add(OnnxWire.readTensor(Files.readAllBytes(dir.resolve("test_data_set_0/input_" + i + ".pb"))));
        }
        List<String> data = c.data().isEmpty() ? List.of(g.inputs().get(0).name()) : c.data();
        List<OnnxProto.ValueInfo> inputs = new ArrayList<>();
        List<OnnxProto.TensorData> weights = new ArrayList<>(g.initializers());
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            OnnxProto.ValueInfo v = g.inputs().get(i);
            OnnxProto.TensorData t = given.get(i);
            if (data.contains(v.name())) {
                inputs.add(v);
                feeds.put(v.name(), OnnxAttributes.tensor(t));
            } else {
                weights.add(new OnnxProto.TensorData(v.name(), t.dataType(), t.dims(), t.floats(), t.longs()));
            }
        }
        List<OnnxProto.ValueInfo> read = g.outputs().stream().filter(v -> c.outputs().isEmpty() || c.outputs().contains(v.name())).toList();
        OnnxProto.Model asExported = new OnnxProto.Model(m.irVersion(), m.producerName(), m.producerVersion(), m.opsets(),
                new OnnxProto.Graph(g.name(), g.nodes(), weights, inputs, read), m.metadata());
        OnnxImporter.Imported im = OnnxImporter.convert(asExported, c.test());
        Model model = GraphCompiler.compile(im.graph());
        model.loadStateDict(im.weights(), true);
        model.eval();
        List<String> outs = im.graph().nodes().stream().filter(n -> n.kind().equals("Output")).map(Node::name).toList();
        Map<String, Tensor> byName = new LinkedHashMap<>();
        List<String> names = model.dataInputNames();
        int k = 0;
        for (Tensor t : feeds.values()) byName.put(names.get(k++), t);
        try (var ng = Autograd.noGrad()) {
            return new LinkedHashMap<>(model.run(byName, outs));
        }
    }

    /** The reference outputs, by the graph's output names. */
    static Map<String, Tensor> outputs(Case c) throws IOException {
        Path dir = NODE.resolve(c.test());
        OnnxProto.Graph g = OnnxWire.read(dir.resolve("model.onnx")).graph();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            if (!c.outputs().isEmpty() && !c.outputs().contains(g.outputs().get(i).name())) continue;
            out.put(g.outputs().get(i).name(), OnnxAttributes.tensor(OnnxWire.readTensor(Files.readAllBytes(dir.resolve("test_data_set_0/output_" + i + ".pb")))));
        }
        return out;
    }

    static void assertClose(Tensor want, Tensor got, String what) {
        assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()), what + ": shape");
        float[] a = want.toFloatArray(), b = got.toFloatArray();
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
        assertTrue(worst <= 1e-5, what + ": differs by " + worst);
    }
}
