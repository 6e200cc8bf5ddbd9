package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.TestGraphs;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MaxPool1d/2d and AdaptiveMaxPool2d with return_indices and MaxUnpool2d in ONNX: ONNX numbers MaxPool's Indices over the whole N·C·spatial
 * tensor, PyTorch (and LayerLab) within each plane, so the export subtracts each plane's start after the pool and adds the
 * output plane's before MaxUnpool, as torch.onnx.export does for the pool. ONNX Runtime gives LayerLab's values within 1e-5
 * and its indices exactly; LayerLab's importer reads the file back as the same layers, predicting the same.
 */
class OnnxIndicesExportTest {
    static final double TOLERANCE = 1e-5;

    /** The graphs; {@link ExportCases#all} takes them too, so that onnx.checker and tools/check_exports.py see them. */
    static List<ExportCases.Case> cases() {
        List<ExportCases.Case> out = new ArrayList<>();
        // SegNet in small: two encoder stages, each pool's indices taken back by the decoder's unpool, and one stage's indices an Output.
        out.add(ExportCases.of("indices-segnet", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(3, 8, 8))
                .node("enc1", "Conv2d", "out_channels", 4, "kernel_size", 3, "padding", 1)
                .node("relu1", "ReLU")
                .node("pool1", "MaxPool2d", "kernel_size", 2, "return_indices", true)
                .node("enc2", "Conv2d", "out_channels", 6, "kernel_size", 3, "padding", 1)
                .node("relu2", "ReLU")
                .node("pool2", "MaxPool2d", "kernel_size", 2, "return_indices", true)
                .node("unpool2", "MaxUnpool2d", "kernel_size", 2)
                .node("dec2", "Conv2d", "out_channels", 4, "kernel_size", 3, "padding", 1)
                .node("unpool1", "MaxUnpool2d", "kernel_size", 2)
                .node("dec1", "Conv2d", "out_channels", 2, "kernel_size", 3, "padding", 1)
                .node("y", "Output")
                .node("where", "Output")
                .chain("x", "enc1", "relu1", "pool1", "enc2", "relu2", "pool2", "unpool2", "dec2", "unpool1", "dec1", "y")
                .edge("pool2.indices", "unpool2.indices")
                .edge("pool1.indices", "unpool1.indices")
                .edge("pool1.indices", "where.in")
                .build()));
        // Overlapping windows (kernel 3, stride 2, padding 1) after a ReLU: shared maxima (zeros), and values an unpool writes twice.
        out.add(ExportCases.of("indices-overlap", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2, 5, 5))
                .node("relu", "ReLU")
                .node("pool", "MaxPool2d", "kernel_size", 3, "stride", 2, "padding", 1, "return_indices", true)
                .node("unpool", "MaxUnpool2d", "kernel_size", 3, "stride", 2, "padding", 1)
                .node("y", "Output")
                .node("where", "Output")
                .chain("x", "relu", "pool", "unpool", "y")
                .edge("pool.indices", "unpool.indices")
                .edge("pool.indices", "where.in")
                .build()));
        // Uneven windows: rectangular kernel, dilation and ceil_mode in 2-D; dilation and ceil_mode in 1-D.
        out.add(ExportCases.of("indices-uneven", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2, 7, 9))
                .node("pool", "MaxPool2d", "kernel_size", List.of(2, 3), "stride", List.of(2, 1), "padding", List.of(1, 1),
                        "dilation", List.of(1, 2), "ceil_mode", true, "return_indices", true)
                .node("y", "Output")
                .node("where", "Output")
                .chain("x", "pool", "y")
                .edge("pool.indices", "where.in")
                .build()));
        out.add(ExportCases.of("indices-pool1d", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(3, 10))
                .node("pool", "MaxPool1d", "kernel_size", 3, "stride", 2, "dilation", 2, "ceil_mode", true, "return_indices", true)
                .node("y", "Output")
                .node("where", "Output")
                .chain("x", "pool", "y")
                .edge("pool.indices", "where.in")
                .build()));
        // A signal's encoder and decoder: MaxPool1d's indices taken back by a MaxUnpool1d (overlapping windows).
        out.add(ExportCases.of("indices-unpool1d", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2, 9))
                .node("conv", "Conv1d", "out_channels", 3, "kernel_size", 3, "padding", 1)
                .node("pool", "MaxPool1d", "kernel_size", 3, "stride", 2, "padding", 1, "return_indices", true)
                .node("unpool", "MaxUnpool1d", "kernel_size", 3, "stride", 2, "padding", 1)
                .node("y", "Output")
                .chain("x", "conv", "pool", "unpool", "y")
                .edge("pool.indices", "unpool.indices")
                .build()));
        // AdaptiveMaxPool2d's indices: windows that divide the input (8 → 4) unpooled, and the global one (1×1) as an Output.
        out.add(ExportCases.of("indices-adaptive", TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2, 8, 6))
                .node("pool", "AdaptiveMaxPool2d", "output_size", List.of(4, 3), "return_indices", true)
                .node("unpool", "MaxUnpool2d", "kernel_size", 2)
                .node("whole", "AdaptiveMaxPool2d", "output_size", 1, "return_indices", true)
                .node("y", "Output")
                .node("top", "Output")
                .node("where", "Output")
                .chain("x", "pool", "unpool", "y")
                .edge("pool.indices", "unpool.indices")
                .edge("x.out", "whole.in").edge("whole.out", "top.in").edge("whole.indices", "where.in")
                .build()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimeGivesLayerLabsValuesAndIndices(ExportCases.Case c) throws Exception {
        byte[] bytes = OnnxWire.write(OnnxExporter.export(c.graph(), c.weights()));
        Map<String, Tensor> got = Ort.run(bytes, c.inputs());
        assertEquals(c.expected().keySet(), got.keySet(), "the ONNX graph's outputs are the Output nodes");
        assertSame(c.expected(), got, c.name());
        OnnxExportTest.leaveForTheCheckers(c, bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importsBackAsTheSameLayers(ExportCases.Case c) throws Exception {
        OnnxImporter.Imported im = OnnxImporter.read(OnnxWire.write(OnnxExporter.export(c.graph(), c.weights())), c.name());
        assertEquals(kinds(c.graph()), kinds(im.graph()), c.name() + ": the layers drawn");
        for (Node n : c.graph().nodes()) {
            if (!n.kind().startsWith("Max")) continue;
            Map<String, Object> back = im.graph().nodeByName(n.name()).params();
            n.params().forEach((k, v) -> assertEquals(v, back.get(k), n.name() + "." + k));
        }
        Model back = GraphCompiler.compile(im.graph(), im.weights());
        back.eval();
        Map<String, Tensor> got;
        try (var ng = Autograd.noGrad()) {
            got = back.run(c.inputs(), new ArrayList<>(c.expected().keySet()));
        }
        assertSame(c.expected(), got, c.name() + " imported back");
    }

    private static List<String> kinds(Graph g) {
        return g.nodes().stream().map(n -> n.name() + ":" + n.kind()).sorted().toList();
    }

    /** Floats within 1e-5 (relative, at least absolute), int64 indices exactly. */
    static void assertSame(Map<String, Tensor> want, Map<String, Tensor> got, String what) {
        for (var e : new LinkedHashMap<>(want).entrySet()) {
            Tensor w = e.getValue(), g = got.get(e.getKey());
            assertArrayEquals(w.shape(), g.shape(), what + " " + e.getKey() + ": shape");
            if (w.dtype() == DType.INT64) {
                assertEquals(DType.INT64, g.dtype(), what + " " + e.getKey());
                assertArrayEquals(w.toLongArray(), g.toLongArray(), what + " " + e.getKey() + ": indices");
                continue;
            }
            float[] a = w.toFloatArray(), b = g.toFloatArray();
            double worst = 0;
            for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
            assertTrue(worst <= TOLERANCE, what + " " + e.getKey() + ": differs by " + worst);
        }
    }
}
