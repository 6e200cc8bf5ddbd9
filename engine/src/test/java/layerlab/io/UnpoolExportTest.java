package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.analysis.Analysis;
import layerlab.io.onnx.ExportCases;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drawing with a two-output MaxPool2d (return_indices) feeding a MaxUnpool2d, as SegNet's decoder does: its ports and
 * shapes, and its PyTorch script run by torch (tools/check_exports.py: LayerLab's outputs; the script unpacks the pool's
 * (out, indices)). Its ONNX export: {@link layerlab.io.onnx.OnnxIndicesExportTest}.
 */
class UnpoolExportTest {
    static Graph graph() {
        return TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2, 6, 8))
                .node("conv", "Conv2d", "out_channels", 3, "kernel_size", 3, "padding", 1)
                .node("pool", "MaxPool2d", "kernel_size", 2, "return_indices", true)
                .node("unpool", "MaxUnpool2d", "kernel_size", 2)
                .node("y", "Output")
                .node("where", "Output")
                .chain("x", "conv", "pool", "unpool", "y")
                .edge("pool.indices", "unpool.indices")
                .edge("pool.indices", "where.in")
                .build();
    }

    @Test
    void portsAndShapes() {
        Graph g = graph();
        Analysis a = Analysis.of(g);
        assertTrue(a.errors().isEmpty(), a.errors().toString());
        assertEquals("[N, 3, 3, 4] int64", a.info(g.nodeByName("pool").id()).output("indices").describe());
        assertEquals("[N, 3, 6, 8]", a.info(g.nodeByName("unpool").id()).output("out").toString());
    }

    @Test
    void floatsOnTheIndicesPortAreSaidOnTheNode() {
        Graph g = TestGraphs.graph().node("x", "Input", "shape", List.of(2, 6, 8)).node("pool", "MaxPool2d", "kernel_size", 2)
                .node("unpool", "MaxUnpool2d", "kernel_size", 2).node("y", "Output")
                .chain("x", "pool", "unpool", "y").edge("pool.out", "unpool.indices").build();
        var errors = Analysis.of(g).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("indices", errors.get(0).port());
        assertTrue(errors.get(0).message().contains("input \"indices\" needs int64 indices (token ids or class labels), but \"pool\" gives float32"),
                errors.get(0).message());
    }

    @Test
    void theScriptGivesLayerLabsOutputs(@TempDir Path dir) throws Exception {
        Torch.assume();
        ExportCases.Case c = ExportCases.of("unpool", graph());
        Path folder = dir.resolve("unpool");
        Files.createDirectories(folder);
        PyTorchExport.save(c.graph(), c.weights(), folder.resolve("model.py"));
        String text = Files.readString(folder.resolve("model.py"));
        assertTrue(text.contains("nn.MaxPool2d(2, return_indices=True)") && text.contains("pool_out, pool_indices = self.pool(")
                && text.contains("self.unpool(pool_out, pool_indices)"), text);
        int i = 0;
        for (Tensor t : c.inputs().values()) Npy.write(folder.resolve("input" + i++ + ".npy"), t);
        i = 0;
        for (Tensor t : c.expected().values()) Npy.write(folder.resolve("expected" + i++ + ".npy"), t.toDType(layerlab.tensor.DType.FLOAT32));
        Safetensors.save(folder.resolve("fresh.safetensors"), c.fresh(), Map.of("seed", Long.toString(ExportCases.FRESH_SEED)));
        String out = Torch.python(0, Path.of("..", "tools", "check_exports.py").toString(), dir.toString());
        assertTrue(out.contains("ok   pytorch script unpool"), out);
    }
}
