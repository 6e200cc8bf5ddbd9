package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.io.onnx.ExportCases;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drawing with an LSTM of proj_size 3 (two layers, both directions) on its way out and back: its shapes and parameter
 * count as PyTorch has them, its weights through safetensors and a bundle unchanged, its PyTorch script run by torch
 * (tools/check_exports.py: LayerLab's outputs, and the weights its class draws after the same seed). Its ONNX export:
 * {@link layerlab.io.onnx.OnnxProjLstmExportTest}.
 */
class LstmProjExportTest {
    static Graph graph() {
        return TestGraphs.graph()
                .node("x", "Input", "shape", List.of(5, 4))
                .node("lstm", "LSTM", "hidden_size", 6, "num_layers", 2, "bidirectional", true, "proj_size", 3)
                .node("last", "LastStep")
                .node("fc", "Linear", "out_features", 2)
                .node("y", "Output")
                .node("cell", "Output")
                .node("state", "Output")
                .chain("x", "lstm", "last", "fc", "y")
                .edge("lstm.c_n", "cell.in")
                .edge("lstm.h_n", "state.in")
                .build();
    }

    @Test
    void shapesAndParameterCountAreTorchs() {
        Graph g = graph();
        Analysis a = Analysis.of(g);
        assertTrue(a.errors().isEmpty(), a.errors().toString());
        NodeInfo lstm = a.info(g.nodeByName("lstm").id());
        assertEquals("[N, 5, 6]", lstm.output("out").toString());
        assertEquals("[4, N, 3]", lstm.output("h_n").toString());
        assertEquals("[4, N, 6]", lstm.output("c_n").toString());
        Model m = GraphCompiler.compile(g);
        long numel = m.namedParameters().entrySet().stream().filter(e -> e.getKey().startsWith("lstm.")).mapToLong(e -> e.getValue().data().numel()).sum();
        // torch: sum(p.numel() for p in nn.LSTM(4, 6, num_layers=2, bidirectional=True, proj_size=3).parameters()) == 1032
        assertEquals(1032, numel);
        assertEquals(1032, lstm.params());
        assertEquals("LSTM(4, 6, proj_size=3, num_layers=2, batch_first=True, bidirectional=True)", m.node("lstm").toString());
    }

    @Test
    void aProjSizeNotBelowHiddenSizeIsSaidOnTheNode() {
        Graph g = TestGraphs.graph().node("x", "Input", "shape", List.of(5, 4)).node("lstm", "LSTM", "hidden_size", 6, "proj_size", 6)
                .node("y", "Output").chain("x", "lstm", "y").build();
        var errors = Analysis.of(g).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("proj_size", errors.get(0).param());
        assertTrue(errors.get(0).message().contains("proj_size 6 must be smaller than hidden_size 6"), errors.get(0).message());
    }

    @Test
    void weightsGoThroughSafetensorsAndABundleUnchanged(@TempDir Path dir) throws Exception {
        ExportCases.Case c = ExportCases.of("lstm-proj", graph());
        assertTrue(c.weights().containsKey("lstm.weight_hr_l1_reverse"), c.weights().keySet().toString());
        Path st = dir.resolve("w.safetensors");
        Safetensors.save(st, c.weights());
        Map<String, Tensor> back = Safetensors.load(st).tensors();
        assertEquals(List.copyOf(c.weights().keySet()), List.copyOf(back.keySet()));

        Path llab = dir.resolve("m.llab");
        ModelBundle.save(llab, new ModelBundle(c.graph(), back, Map.of(), List.of(), null));
        ModelBundle b = ModelBundle.load(llab);
        assertEquals(3, ((Number) b.graph().nodeByName("lstm").params().get("proj_size")).intValue());
        Model m = GraphCompiler.compile(b.graph(), b.weights());
        m.eval();
        Map<String, Tensor> got;
        try (var ng = Autograd.noGrad()) {
            got = m.run(c.inputs(), List.copyOf(c.expected().keySet()));
        }
        for (var e : c.expected().entrySet()) Fixtures.assertClose(e.getValue(), got.get(e.getKey()), 0, 0, "after the round trip: " + e.getKey());
        String json = ProjectJson.write(b.graph());
        assertTrue(json.contains("\"proj_size\" : 3") || json.contains("\"proj_size\": 3"), json);
    }

    @Test
    void theScriptGivesLayerLabsOutputsAndDrawsItsWeights(@TempDir Path dir) throws Exception {
        Torch.assume();
        ExportCases.Case c = ExportCases.of("lstm-proj", graph());
        Path folder = dir.resolve("lstm-proj");
        Files.createDirectories(folder);
        PyTorchExport.save(c.graph(), c.weights(), folder.resolve("model.py"));
        String text = Files.readString(folder.resolve("model.py"));
        assertTrue(text.contains("nn.LSTM(4, 6, num_layers=2, batch_first=True, bidirectional=True, proj_size=3)"), text);
        int i = 0;
        for (Tensor t : c.inputs().values()) Npy.write(folder.resolve("input" + i++ + ".npy"), t);
        i = 0;
        for (Tensor t : c.expected().values()) Npy.write(folder.resolve("expected" + i++ + ".npy"), t);
        Safetensors.save(folder.resolve("fresh.safetensors"), c.fresh(), Map.of("seed", Long.toString(ExportCases.FRESH_SEED)));
        String out = Torch.python(0, Path.of("..", "tools", "check_exports.py").toString(), dir.toString());
        assertTrue(out.contains("ok   pytorch script lstm-proj") && out.contains("ok   fresh weights  lstm-proj"), out);
    }
}
