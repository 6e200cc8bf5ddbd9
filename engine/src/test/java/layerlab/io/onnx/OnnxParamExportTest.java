package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.autograd.Autograd;
import layerlab.graph.Node;
import layerlab.graph.TestGraphs;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.io.PyTorchExport;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One layer each, with the unusual combinations of PyTorch's arguments that make_param_fixtures.py checks against PyTorch
 * (the last ceil_mode window starting in the padding, 'same' with an even kernel and dilation, output_padding below
 * dilation, stacked recurrent layers without biases, divisor_override, an Embedding's max_norm): ONNX Runtime on the export
 * computes what LayerLab computes, and LayerLab's importer reads the file back as the one layer, computing the same.
 */
class OnnxParamExportTest {
    /** Input x of {@code shape} → the layer → Output. */
    static ExportCases.Case one(String name, List<Integer> shape, String kind, Object... params) {
        return ExportCases.of(name, TestGraphs.graph()
                .node("x", "Input", "shape", shape)
                .node("layer", kind, params)
                .node("y", "Output")
                .chain("x", "layer", "y").build());
    }

    static Stream<ExportCases.Case> cases() {
        List<ExportCases.Case> out = new ArrayList<>();
        out.add(one("maxpool2d_ceil_last_in_padding", List.of(2, 5, 7), "MaxPool2d", "kernel_size", 2, "stride", 2, "padding", 1, "ceil_mode", true));
        out.add(one("maxpool1d_ceil_dil_last_in_padding", List.of(3, 8), "MaxPool1d", "kernel_size", 2, "stride", 3, "padding", 1, "dilation", 2,
                "ceil_mode", true));
        out.add(one("avgpool2d_ceil_last_in_padding_inc", List.of(2, 5, 5), "AvgPool2d", "kernel_size", 2, "stride", 2, "padding", 1,
                "ceil_mode", true));
        out.add(one("avgpool2d_ceil_last_in_padding_noinc", List.of(2, 5, 7), "AvgPool2d", "kernel_size", 2, "stride", 2, "padding", 1,
                "ceil_mode", true, "count_include_pad", false));
        out.add(one("avgpool2d_ceil_past_padding_inc", List.of(2, 6, 6), "AvgPool2d", "kernel_size", 3, "stride", 2, "padding", 1,
                "ceil_mode", true));
        out.add(one("avgpool1d_ceil_noinc", List.of(2, 8), "AvgPool1d", "kernel_size", 3, "stride", 3, "padding", 1, "ceil_mode", true,
                "count_include_pad", false));
        out.add(one("avgpool2d_ceil_nopad", List.of(2, 7, 7), "AvgPool2d", "kernel_size", 3, "stride", 2, "ceil_mode", true));
        out.add(one("conv2d_same_even_dil3_reflect", List.of(2, 11, 9), "Conv2d", "out_channels", 3, "kernel_size", List.of(4, 2),
                "padding", "same", "dilation", List.of(3, 1), "padding_mode", "reflect"));
        out.add(one("conv1d_same_even_dil3", List.of(2, 12), "Conv1d", "out_channels", 3, "kernel_size", 4, "padding", "same", "dilation", 3));
        out.add(one("conv2d_replicate_stride2_depthwise_nobias", List.of(3, 8, 7), "Conv2d", "out_channels", 6, "kernel_size", 3, "stride", 2,
                "padding", 1, "groups", 3, "bias", false, "padding_mode", "replicate"));
        out.add(one("convtranspose2d_outpad_below_dilation", List.of(4, 5, 4), "ConvTranspose2d", "out_channels", 6, "kernel_size", 3,
                "padding", 2, "output_padding", 2, "groups", 2, "dilation", 3));
        out.add(one("convtranspose2d_outpad_stride_dil_groups", List.of(6, 4, 5), "ConvTranspose2d", "out_channels", 3, "kernel_size",
                List.of(3, 2), "stride", List.of(2, 3), "padding", List.of(2, 1), "output_padding", List.of(1, 2), "groups", 3,
                "dilation", List.of(2, 1), "bias", false));
        out.add(one("layernorm_three_dims_noaffine", List.of(2, 3, 4), "LayerNorm", "normalized_shape", List.of(2, 3, 4),
                "elementwise_affine", false));
        out.add(one("avgpool2d_divisor_pad", List.of(2, 6, 7), "AvgPool2d", "kernel_size", 3, "stride", 2, "padding", 1, "divisor_override", 2));
        out.add(one("avgpool2d_divisor_ceil_unused", List.of(2, 7, 7), "AvgPool2d", "kernel_size", 3, "stride", 2, "padding", 1,
                "ceil_mode", true, "divisor_override", 4));
        out.add(one("avgpool2d_divisor_noinc", List.of(3, 5, 6), "AvgPool2d", "kernel_size", List.of(2, 3), "stride", List.of(2, 1),
                "padding", 1, "count_include_pad", false, "divisor_override", 5));
        out.add(ExportCases.of("embedding_max_norm", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(6), "dtype", "int64")
                .node("layer", "Embedding", "num_embeddings", 5, "embedding_dim", 4, "padding_idx", 0, "max_norm", 1.5)
                .node("y", "Output")
                .chain("x", "layer", "y").build()));
        out.add(ExportCases.of("embedding_max_norm_p1", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(6), "dtype", "int64")
                .node("layer", "Embedding", "num_embeddings", 5, "embedding_dim", 4, "max_norm", 2.0, "norm_type", 1.0)
                .node("y", "Output")
                .chain("x", "layer", "y").build()));
        for (String kind : List.of("RNN", "LSTM", "GRU")) {
            out.add(one(kind.toLowerCase() + "_3layers_dropout_nobias", List.of(4, 3), kind, "hidden_size", 5, "num_layers", 3, "bias", false,
                    "dropout", 0.5, "bidirectional", !kind.equals("LSTM")));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimeMatchesLayerLabAndImportsBack(ExportCases.Case c) throws Exception {
        // The weights before the forward that made the expected outputs (an Embedding's max_norm rescales the rows it reads).
        byte[] bytes = OnnxWire.write(OnnxExporter.export(c.graph(), c.fresh()));
        Map<String, Tensor> got = Ort.run(bytes, c.inputs());
        assertEquals(c.expected().keySet(), got.keySet(), "the ONNX graph's outputs are the Output nodes");
        for (String out : c.expected().keySet()) OnnxExportTest.assertClose(c.expected().get(out), got.get(out), c.name() + " " + out);

        // The ONNX file and the PyTorch script (with the same weights) for tools/check_exports.py, which runs the script in torch.
        Path dir = ExportCases.OUT.resolve(c.name());
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), bytes);
        PyTorchExport.save(c.graph(), c.fresh(), dir.resolve("model.py"));
        ExportCases.leaveInputs(c);

        OnnxImporter.Imported im = OnnxImporter.read(bytes, c.name());
        Node layer = im.graph().nodes().stream().filter(n -> n.name().equals("layer")).findFirst().orElseThrow();
        Node drawn = c.graph().nodeByName("layer");
        assertEquals(drawn.kind(), layer.kind(), c.name() + ": imported as one layer of its kind");
        Model back = GraphCompiler.compile(im.graph(), im.weights());
        back.eval();
        try (var ng = Autograd.noGrad()) {
            Tensor want = c.expected().values().iterator().next();
            OnnxExportTest.assertClose(want, back.forward(c.inputs().values().toArray(new Tensor[0])), c.name() + ": imported back");
        }
    }

    /** What ONNX cannot hold of these is refused at export, naming the node and the setting. */
    @Test
    void settingsOnnxCannotHoldAreRefusedByName() {
        ExportCases.Case deconv = one("deconv", List.of(2, 4, 4), "ConvTranspose2d", "out_channels", 2, "kernel_size", 3, "padding", 1,
                "output_padding", 2, "dilation", 3);
        assertEquals("node \"layer\" (ConvTranspose2d): output_padding 2 is not below stride 1 (PyTorch allows it below dilation 3), which "
                + "ONNX Runtime refuses, and padding 1 is too small to take it instead",
                assertThrows(OnnxException.class, () -> OnnxExporter.export(deconv.graph(), deconv.weights())).getMessage());
        ExportCases.Case pool = one("pool", List.of(2, 6, 6), "AvgPool2d", "kernel_size", 3, "stride", 2, "padding", 1, "ceil_mode", true,
                "divisor_override", 3);
        assertTrue(assertThrows(OnnxException.class, () -> OnnxExporter.export(pool.graph(), pool.weights())).getMessage()
                .startsWith("node \"layer\" (AvgPool2d): divisor_override with a ceil_mode window"));
        ExportCases.Case emb = ExportCases.of("emb", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(3), "dtype", "int64")
                .node("layer", "Embedding", "num_embeddings", 5, "embedding_dim", 2, "max_norm", 1.0, "norm_type", 3.0)
                .node("y", "Output")
                .chain("x", "layer", "y").build());
        assertEquals("node \"layer\" (Embedding): max_norm with norm_type 3.0: only the 1- and 2-norm are written to ONNX",
                assertThrows(OnnxException.class, () -> OnnxExporter.export(emb.graph(), emb.weights())).getMessage());
    }

    /** An AveragePool with dilations (opset 19) is refused on import, not read as an AvgPool without them. */
    @Test
    void anAveragePoolWithDilationsIsRefused() {
        ExportCases.Case c = one("dilated", List.of(2, 6, 6), "AvgPool2d", "kernel_size", 2);
        OnnxProto.Model m = OnnxExporter.export(c.graph(), c.weights());
        List<OnnxProto.Node> nodes = new ArrayList<>();
        for (OnnxProto.Node n : m.graph().nodes()) {
            List<OnnxProto.Attribute> attrs = new ArrayList<>(n.attributes());
            if (n.opType().equals("AveragePool")) attrs.add(OnnxProto.Attribute.ofInts("dilations", new long[] {2, 2}));
            nodes.add(new OnnxProto.Node(n.name(), n.opType(), n.domain(), n.inputs(), n.outputs(), attrs));
        }
        OnnxProto.Graph g = new OnnxProto.Graph(m.graph().name(), nodes, m.graph().initializers(), m.graph().inputs(), m.graph().outputs());
        OnnxProto.Model dilated = new OnnxProto.Model(m.irVersion(), m.producerName(), m.producerVersion(), m.opsets(), g, m.metadata());
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.convert(dilated, "dilated"));
        assertTrue(e.getMessage().contains("dilations; PyTorch's AvgPool (and LayerLab's) has no dilation"), e.getMessage());
    }
}
