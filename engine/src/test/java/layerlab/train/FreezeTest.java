package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.PyTorchSource;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import layerlab.nn.LoadResult;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** Frozen nodes from the file to the compiled model, the summary, the run log, the PyTorch script and a fine-tune's start. */
class FreezeTest {
    static Graph sample(String file) throws Exception {
        return ProjectJson.load(Path.of("..", "sample-projects", file));
    }

    static Graph freeze(Graph g, String... names) {
        for (String n : names) g = g.setFrozen(g.nodeByName(n).id(), true).after();
        return g;
    }

    static TensorDataset iris(int n) {
        float[] x = new float[n * 4];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) Math.sin(i + 0.7 * j);
            y[i] = i % 3;
        }
        return TensorDataset.classification("rows", x, new int[] {4}, y, List.of("a", "b", "c"));
    }

    static TrainingConfig config() {
        return TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "SGD", "lr", 0.1), "epochs", 1, "batch_size", 4, "device",
                TestDevice.device().toString()));
    }

    @Test
    void theFlagIsWrittenOnlyWhereSetAndReadBack() throws Exception {
        Graph g = freeze(sample("iris.json"), "fc1");
        String text = ProjectJson.write(g);
        assertEquals(1, text.split("\"frozen\"", -1).length - 1, text);
        Graph back = ProjectJson.read(text, "iris.json");
        assertTrue(back.nodeByName("fc1").frozen());
        assertFalse(back.nodeByName("fc2").frozen());
        assertEquals(g.nodes(), back.nodes());

        ProjectFormatException e = assertThrows(ProjectFormatException.class,
                () -> ProjectJson.read(text.replace("\"frozen\" : true", "\"frozen\" : \"yes\"").replace("\"frozen\": true", "\"frozen\": \"yes\""), "iris.json"));
        assertTrue(e.getMessage().contains("\"frozen\" is true or false"), e.getMessage());
        assertTrue(e.getMessage().contains("fc1"), e.getMessage());
    }

    @Test
    void freezingIsOneEditThatUndoes() throws Exception {
        Graph g = sample("iris.json");
        String id = g.nodeByName("fc1").id();
        var edit = g.setFrozen(id, true);
        assertTrue(edit.after().node(id).frozen());
        assertEquals(1, edit.changes().size());
        assertFalse(edit.after().applyAll(List.of(edit.changes().get(0).inverse())).node(id).frozen());
        assertTrue(edit.after().setFrozen(id, true).changes().isEmpty(), "freezing a frozen node changes nothing");
        // Renaming and moving keep the flag; so does setting a param.
        Node n = edit.after().node(id);
        assertTrue(n.withName("head").withPosition(n.position().translate(5, 5)).withParam("bias", false).frozen());
    }

    @Test
    void aFrozenNodesParametersGetNoGradientAndTheSummarySplitsTheCount() throws Exception {
        Graph g = freeze(sample("iris.json"), "fc1");
        Model m = GraphCompiler.compile(g);
        for (var e : m.namedParameters().entrySet()) assertEquals(!e.getKey().startsWith("fc1."), e.getValue().requiresGrad(), e.getKey());
        assertEquals(4 * 16 + 16, m.parameterCount() - m.trainableParameterCount());
        Analysis a = Analysis.of(g);
        assertEquals(80, a.frozenParams());
        assertTrue(m.summary().contains("Trainable params: 51"), m.summary());
        assertTrue(m.summary().contains("Non-trainable params: 80 (frozen)"), m.summary());
        assertTrue(m.summary().contains("fc1 (frozen)"), m.summary());
        assertFalse(GraphCompiler.compile(sample("iris.json")).summary().contains("Trainable"), "nothing frozen, no split");
    }

    @Test
    void aFrozenBlockFreezesEverythingInsideIt() throws Exception {
        Graph g = freeze(sample("net-with-resblock.json"), "res1");
        Model m = GraphCompiler.compile(g);
        long inBlock = 0;
        for (var e : m.namedParameters().entrySet()) {
            boolean inside = e.getKey().startsWith("res1.");
            assertEquals(!inside, e.getValue().requiresGrad(), e.getKey());
            if (inside) inBlock += e.getValue().numel();
        }
        assertTrue(inBlock > 0);
        assertEquals(inBlock, Analysis.of(g).frozenParams());
        assertEquals(List.of("res1"), Trainer.frozenLayers(g));
    }

    @Test
    void aFrozenLayerInsideABlockIsFrozenInEveryPlacement() throws Exception {
        Graph g = sample("net-with-resblock.json");
        var block = g.block("ResBlock");
        Graph body = block.body().setFrozen(block.body().nodeByName("conv1").id(), true).after();
        g = g.updateBlock(new layerlab.graph.Block(block.name(), block.description(), body)).after();
        Model m = GraphCompiler.compile(g);
        for (var e : m.namedParameters().entrySet()) assertEquals(!e.getKey().startsWith("res1.conv1."), e.getValue().requiresGrad(), e.getKey());
        assertEquals(List.of("res1.conv1"), Trainer.frozenLayers(g));
    }

    @Test
    void everyLayerFrozenIsRefusedWithTheirNames() throws Exception {
        Graph g = freeze(sample("iris.json"), "fc1", "fc2");
        ConfigException e = assertThrows(ConfigException.class, () -> new Trainer(g, config(), iris(12), null));
        assertEquals("every layer with weights is frozen, so training would change nothing: unfreeze one (fc1, fc2)", e.getMessage());
    }

    @Test
    void aFineTuneStartsFromTheWeightsThatFitAndSaysWhichDidNot() throws Exception {
        Graph trained = sample("iris.json");
        Map<String, Tensor> weights = new LinkedHashMap<>(GraphCompiler.compile(trained).stateDict());
        // The head was replaced: five classes now.
        Graph g = trained.setParam(trained.nodeByName("fc2").id(), "out_features", 5).after();
        Trainer t = new Trainer(freeze(g, "fc1"), config(), iris(12), null);
        Tensor freshHead = t.model().stateDict().get("fc2.weight");
        LoadResult r = t.loadWeightsThatFit(weights);
        assertEquals(List.of("fc2.weight: checkpoint has (3, 16), model has (5, 16)", "fc2.bias: checkpoint has (3), model has (5)"), r.shapeMismatches());
        assertArrayEquals(weights.get("fc1.weight").toFloatArray(), t.model().stateDict().get("fc1.weight").toFloatArray());
        assertArrayEquals(freshHead.toFloatArray(), t.model().stateDict().get("fc2.weight").toFloatArray());
        assertTrue(t.model().namedParameters().get("fc1.weight").requiresGrad() == false, "loading keeps the freeze");

        Map<String, Tensor> foreign = Map.of("conv9.weight", Tensor.zeros(2, 2));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(g, config(), iris(12), null).loadWeightsThatFit(foreign));
        assertTrue(none.getMessage().contains("none of its tensors fits"), none.getMessage());
    }

    @Test
    void aParametersFreezeSurvivesNewValuesAndDropsAStaleGradient() {
        Parameter p = new Parameter(Tensor.zeros(3));
        p.data().setGrad(Tensor.ones(3));
        p.setRequiresGrad(false);
        assertNull(p.grad(), "a frozen parameter's old gradient would still drive momentum and weight decay");
        p.set(Tensor.ones(3));
        assertFalse(p.data().requiresGrad());
        p.setRequiresGrad(true);
        p.set(Tensor.zeros(3));
        assertTrue(p.data().requiresGrad());
    }

    @Test
    void theRunLogSaysWhatWasFrozenOrUnfrozen() throws Exception {
        Graph g = sample("iris.json");
        Graph frozen = freeze(g, "fc1");
        assertEquals("fc1 frozen", RunLog.changes(RunLog.settings(g), RunLog.settings(frozen)));
        assertEquals("fc1 unfrozen", RunLog.changes(RunLog.settings(frozen), RunLog.settings(g)));
        // Initialisers likewise: the runs table says what a run started from.
        Graph init = g.setInit(g.nodeByName("fc1").id(), "weight", new layerlab.init.InitChoice("xavier_uniform", Map.of("gain", 2.0))).after();
        assertEquals("fc1 init default → weight xavier_uniform(gain=2.0)", RunLog.changes(RunLog.settings(g), RunLog.settings(init)));
        Graph both = init.setInit(g.nodeByName("fc1").id(), "bias", layerlab.init.InitChoice.of("zeros")).after();
        assertEquals("fc1 init weight xavier_uniform(gain=2.0) → weight xavier_uniform(gain=2.0), bias zeros()",
                RunLog.changes(RunLog.settings(init), RunLog.settings(both)));
        assertEquals("fc1 init weight xavier_uniform(gain=2.0), bias zeros() → default", RunLog.changes(RunLog.settings(both), RunLog.settings(g)));
    }

    @Test
    void theExportedScriptFreezesTheSameLayers() throws Exception {
        String py = PyTorchSource.of(freeze(sample("simple-cnn.json"), "conv1"));
        assertTrue(py.contains("        self.conv1.requires_grad_(False)\n"), py);
        assertEquals(1, py.split("requires_grad_", -1).length - 1, py);
    }
}
