package layerlab.graph.compile;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.loss.CrossEntropyLoss;
import layerlab.nn.AdaptiveAvgPool2d;
import layerlab.nn.BatchNorm2d;
import layerlab.nn.Conv2d;
import layerlab.nn.Embedding;
import layerlab.nn.Flatten;
import layerlab.nn.LSTM;
import layerlab.nn.LastStep;
import layerlab.nn.LoadResult;
import layerlab.nn.Linear;
import layerlab.nn.MaxPool2d;
import layerlab.nn.Module;
import layerlab.nn.ReLU;
import layerlab.nn.Sequential;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Compiled sample models compute exactly what the same engine layers wired by hand compute, with PyTorch's names. */
class CompileTest {
    private static Graph sample(String name) throws Exception {
        return ProjectJson.load(Path.of("..", "sample-projects", name + ".json"));
    }

    /** Copies {@code from}'s state into {@code to}, pairing keys in order (the hand-wired names differ). */
    private static void copyInOrder(Module from, Module to) {
        List<Tensor> values = new ArrayList<>(from.stateDict().values());
        Map<String, Tensor> state = new LinkedHashMap<>();
        int i = 0;
        for (String k : to.stateDict().keySet()) state.put(k, values.get(i++));
        assertEquals(values.size(), i, "same number of tensors");
        to.loadStateDict(state, true);
    }

    private static void assertSameValues(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f);
    }

    @Test
    void inputsOutputsAndLossesAreListedInDocumentOrder() throws Exception {
        // embedding-gru draws tokens, logits, h_n, labels, loss; h_n's branch runs before logits' head.
        Model m = GraphCompiler.compile(sample("embedding-gru"));
        assertEquals(List.of("logits", "h_n"), m.outputNames());
        assertEquals(List.of("tokens", "labels"), m.inputNames());
        assertEquals(List.of("tokens"), m.dataInputNames());
        assertEquals(List.of("loss"), m.lossNames());
    }

    @Test
    void neuralNetworkEqualsTheLayersWiredByHand() throws Exception {
        Model m = GraphCompiler.compile(sample("neural-network"));
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"), List.copyOf(m.stateDict().keySet()));
        Sequential hand = new Sequential(new Flatten(), new Linear(784, 512), new ReLU(), new Linear(512, 512), new ReLU(), new Linear(512, 10));
        copyInOrder(m, hand);
        Tensor x = Tensor.randn(new Generator(1), 5, 1, 28, 28);
        assertSameValues(hand.forward(x), m.forward(x));

        Tensor labels = Tensor.ofLongs(new long[] {0, 3, 9, 1, 2}, 5);
        Tensor loss = m.run(Map.of("x", x, "labels", labels), List.of("loss")).get("loss");
        assertSameValues(new CrossEntropyLoss().forward(hand.forward(x), labels), loss);
        loss.backward();
        assertTrue(m.namedParameters().get("fc1.weight").grad() != null, "gradients reach the parameters");
    }

    /** fc1 → relu1 runs fused unless fc1's own output is asked for; either way the numbers are the separate layers'. */
    @Test
    void linearAndReluRunFusedOnlyWhenTheLinearOutputIsNotAskedFor() throws Exception {
        Model m = GraphCompiler.compile(sample("neural-network"));
        Linear fc1 = (Linear) m.node("fc1");
        Tensor x = Tensor.randn(new Generator(3), 6, 1, 28, 28);
        Tensor pre = fc1.forward(new Flatten().forward(x)), post = new ReLU().forward(pre);
        assertSameValues(post, m.run(Map.of("x", x), List.of("relu1")).get("relu1"));
        Map<String, Tensor> both = m.run(Map.of("x", x), List.of("fc1", "relu1"));
        assertSameValues(pre, both.get("fc1"));
        assertSameValues(post, both.get("relu1"));
        float min = Float.MAX_VALUE;
        for (float v : both.get("fc1").toFloatArray()) min = Math.min(min, v);
        assertTrue(min < 0, "fc1 is the pre-activation, negatives included");
    }

    @Test
    void simpleCnnEqualsTheLayersWiredByHand() throws Exception {
        Model m = GraphCompiler.compile(sample("simple-cnn"));
        Sequential hand = new Sequential(new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Conv2d(32, 64, 3, 1, 1), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(3136, 10));
        copyInOrder(m, hand);
        Tensor x = Tensor.randn(new Generator(2), 2, 1, 28, 28);
        assertSameValues(hand.forward(x), m.forward(x));
    }

    @Test
    void blockPlacementsAreChildModulesNamedWithTheirPrefix() throws Exception {
        Model m = GraphCompiler.compile(sample("net-with-resblock"));
        List<String> keys = List.copyOf(m.stateDict().keySet());
        assertTrue(keys.containsAll(List.of("conv1.weight", "res1.conv1.weight", "res1.bn1.weight", "res1.bn1.running_mean",
                "res1.bn2.num_batches_tracked", "fc.weight")), keys.toString());
        assertTrue(keys.stream().noneMatch(k -> k.startsWith("res1.add")), "graph ops hold no state");

        Conv2d conv1 = new Conv2d(1, 16, 3, 1, 1);
        Conv2d rc1 = new Conv2d(16, 16, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}, 1, false, "zeros");
        BatchNorm2d bn1 = new BatchNorm2d(16);
        Conv2d rc2 = new Conv2d(16, 16, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}, 1, false, "zeros");
        BatchNorm2d bn2 = new BatchNorm2d(16);
        Linear fc = new Linear(16, 10);
        Sequential hand = new Sequential(conv1, rc1, bn1, rc2, bn2, fc); // a container for the state, in the model's order
        copyInOrder(m, hand);
        Tensor x = Tensor.randn(new Generator(3), 4, 1, 28, 28);
        for (boolean training : new boolean[] {false, true}) {
            m.train(training);
            hand.train(training);
            Tensor h = conv1.forward(x);
            Tensor r = bn2.forward(rc2.forward(new ReLU().forward(bn1.forward(rc1.forward(h))))).add(h).relu();
            Tensor expected = fc.forward(new Flatten().forward(new AdaptiveAvgPool2d(1).forward(r)));
            assertSameValues(expected, m.forward(x));
        }
    }

    @Test
    void weightsGivenToTheCompilerBecomeTheLayersOwnAndTheRestIsInitialisedAsEver() throws Exception {
        Graph g = sample("net-with-resblock");
        Map<String, Tensor> fresh;
        try (var s = Generator.use(new Generator(11))) {
            fresh = GraphCompiler.compile(g).stateDict();
        }
        Map<String, Tensor> given = new LinkedHashMap<>();
        given.put("conv1.weight", Tensor.randn(new Generator(1), 16, 1, 3, 3));
        given.put("res1.bn1.running_var", Tensor.full(2f, 16));
        given.put("res1.conv2.weight", Tensor.zeros(16, 16, 1, 1)); // the wrong shape: left as made
        given.put("nowhere.weight", Tensor.zeros(2));
        Model m;
        try (var s = Generator.use(new Generator(11))) {
            m = GraphCompiler.compile(g, given);
        }
        Map<String, Tensor> state = m.stateDict();
        assertSame(given.get("conv1.weight").storage(), state.get("conv1.weight").storage(), "a layer's weight, not a copy");
        assertSame(given.get("res1.bn1.running_var").storage(), state.get("res1.bn1.running_var").storage(), "inside a block too");
        for (String key : List.of("res1.conv2.weight", "res1.conv1.weight", "fc.weight", "fc.bias")) {
            assertSameValues(fresh.get(key), state.get(key)); // the seed's numbers, layer for layer, as without weights
        }
        LoadResult r = m.loadStateDict(given, false, true);
        assertEquals(List.of("nowhere.weight"), r.unexpectedKeys());
        assertEquals(1, r.shapeMismatches().size());
    }

    @Test
    void aBlockPlacedTwiceGetsTwoSetsOfParameters() throws Exception {
        Graph g = sample("net-with-resblock");
        String res1 = g.nodeByName("res1").id(), pool = g.nodeByName("pool").id();
        var e = g.addNode(new layerlab.graph.Node("r2", "res2", "Block", Map.of("block", "ResBlock"), layerlab.graph.Position.ORIGIN))
                .then(x -> x.disconnect(x.outgoing(res1).get(0)))
                .then(x -> x.connect(res1 + ".out", "r2.x"))
                .then(x -> x.connect("r2.out", pool + ".in"));
        Model m = GraphCompiler.compile(e.after());
        assertTrue(m.stateDict().containsKey("res1.conv2.weight"));
        assertTrue(m.stateDict().containsKey("res2.conv2.weight"));
        assertTrue(m.node("res1") != m.node("res2"));
        assertEquals(5_002 + 4_672, m.parameterCount());
    }

    /**
     * A node inside a block placement can be asked for by its path (the inspector's {@code res1.bn1}, an attention's
     * {@code layer1.attn.weights}): computed from what the placement is given, the same numbers the placement computes.
     */
    @Test
    void nodesInsideABlockPlacementAreAskedForByTheirPath() throws Exception {
        Model m = GraphCompiler.compile(sample("net-with-resblock"));
        m.eval();
        Tensor x = Tensor.randn(new Generator(3), 2, 1, 28, 28);
        Map<String, Tensor> r = m.run(Map.of("x", x), List.of("conv1", "res1", "res1.relu2", "res1.bn1", "fc"));
        assertSameValues(r.get("res1"), r.get("res1.relu2"));
        BatchNorm2d bn1 = new BatchNorm2d(16);
        Conv2d rc1 = new Conv2d(16, 16, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}, 1, false, "zeros");
        rc1.loadStateDict(Map.of("weight", m.stateDict().get("res1.conv1.weight")), true);
        Map<String, Tensor> bn = new LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> {
            if (k.startsWith("res1.bn1.")) bn.put(k.substring("res1.bn1.".length()), t);
        });
        bn1.loadStateDict(bn, true);
        bn1.eval();
        assertSameValues(bn1.forward(rc1.forward(r.get("conv1"))), r.get("res1.bn1"));
        assertEquals(List.of("out"), m.outputPorts("res1.bn1"));

        Model attention = GraphCompiler.compile(sample("attention-sentiment"));
        attention.eval();
        long[] ids = new long[2 * 50];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 37) % 1000;
        Map<String, Tensor> a = attention.run(Map.of("tokens", Tensor.ofLongs(ids, 2, 50)), List.of("layer1.attn.weights", "layer2.norm2", "layer2"));
        assertEquals(List.of("out", "weights"), attention.outputPorts("layer1.attn"));
        assertArrayEquals(new int[] {2, 50, 50}, a.get("layer1.attn.weights").shape());
        Tensor rows = a.get("layer1.attn.weights").sum(2, false);
        assertTrue(rows.sub(1f).abs().max().item() < 1e-5f, "each position's weights add up to 1");
        assertSameValues(a.get("layer2"), a.get("layer2.norm2"));
        var e = assertThrows(IllegalArgumentException.class, () -> attention.run(Map.of("tokens", Tensor.ofLongs(ids, 2, 50)), List.of("layer1.nothing")));
        assertTrue(e.getMessage().contains("nothing"), e.getMessage());
    }

    @Test
    void recurrentNodesExposeEveryOutput() throws Exception {
        Model m = GraphCompiler.compile(sample("lstm-text-classifier"));
        Embedding emb = new Embedding(2750, 64, 0);
        LSTM lstm = new LSTM(64, 128, 1, true, true, 0f, false);
        Linear fc = new Linear(128, 2);
        copyInOrder(m, new Sequential(emb, lstm, fc));
        long[] ids = new long[2 * 20];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 37) % 2750;
        Tensor tokens = Tensor.ofLongs(ids, 2, 20);
        Tensor expected = fc.forward(new LastStep(true).forward(lstm.forward(emb.forward(tokens))));
        assertSameValues(expected, m.forward(tokens));
        Map<String, Tensor> r = m.run(Map.of("subject", tokens), List.of("lstm.h_n", "lstm.c_n", "last"));
        assertArrayEquals(new int[] {1, 2, 128}, r.get("lstm.h_n").shape());
        assertArrayEquals(new int[] {1, 2, 128}, r.get("lstm.c_n").shape());
        assertSameValues(r.get("lstm.h_n").select(0, 0), r.get("last"));
    }

    @Test
    void summaryIsATableLikeTorchinfo() throws Exception {
        String s = GraphCompiler.compile(sample("neural-network")).summary();
        assertTrue(s.startsWith("Layer (name)"), s);
        assertTrue(s.contains("fc1           Linear            [N, 512]        401,920"), s);
        assertTrue(s.contains("Total params: 669,706"), s);
    }

    @Test
    void aGraphWithErrorsDoesNotCompileAndSaysWhy() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("fc", "Linear", "in_features", 5, "out_features", 2).node("y", "Output")
                .node("relu", "ReLU").chain("x", "fc", "y").build();
        CompileException e = assertThrows(CompileException.class, () -> GraphCompiler.compile(g));
        assertEquals(List.of("Linear \"fc\": in_features is 5 but its input \"x\" gives 4 values per sample ([N, 4]).",
                "ReLU \"relu\": its input is not connected; connect the previous layer's output to it."), e.reasons());
    }

    /**
     * A fed layer's output replaces what it would compute: fc2 fed with h gives relu2(h) onward, fc1 is not run (the
     * Input need not be fed), and fc1 fed runs fc1's ReLU on the fed tensor (not fused with fc1).
     */
    @Test
    void aLayerCanBeFedInsteadOfComputed() throws Exception {
        Model m = GraphCompiler.compile(sample("neural-network"));
        Tensor h = Tensor.randn(new Generator(4), 3, 512);
        Tensor want = ((Linear) m.node("fc3")).forward(new ReLU().forward(h));
        assertSameValues(want, m.run(Map.of("fc2", h), List.of("logits")).get("logits"));
        Tensor pre = Tensor.randn(new Generator(5), 3, 512);
        assertSameValues(new ReLU().forward(pre), m.run(Map.of("fc1", pre), List.of("relu1")).get("relu1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.run(Map.of("fc9", h), List.of("logits")));
        assertEquals("the model has no node named \"fc9\" to feed", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.run(Map.of("logits", h), List.of("logits")));
        assertEquals("\"logits\" cannot be fed: only Inputs and layers of one output can", e.getMessage());
    }

    @Test
    void feedsAreCheckedAgainstTheInputs() throws Exception {
        Model m = GraphCompiler.compile(sample("neural-network"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(2, 784)));
        assertEquals("Input \"x\" expects [N, 1, 28, 28] but was given [2, 784]", e.getMessage());
        assertEquals(List.of("x"), m.dataInputNames(), "labels feed only the loss");
        assertEquals(List.of("loss"), m.lossNames());
    }

    /**
     * Weights that do not fit in the heap are refused before any is made, naming the layers that hold most of them (those
     * with at least a twentieth of the parameters, the largest first).
     */
    @Test
    void aModelTooBigForTheHeapIsRefusedBeforeAWeightIsMade() throws Exception {
        String text = java.nio.file.Files.readString(Path.of("..", "sample-projects", "neural-network.json"))
                .replace("\"in_features\": 784, \"out_features\": 512", "\"in_features\": 784, \"out_features\": 8000")
                .replace("\"in_features\": 512, \"out_features\": 512", "\"in_features\": 8000, \"out_features\": 2000")
                .replace("\"in_features\": 512, \"out_features\": 10", "\"in_features\": 2000, \"out_features\": 10");
        layerlab.graph.analysis.Analysis a = layerlab.graph.analysis.Analysis.of(ProjectJson.read(text, "wide.json"));
        assertEquals(784 * 8000 + 8000 + 8000 * 2000 + 2000 + 2000 * 10 + 10, a.totalParams());
        // 22.3 M parameters: 89 MB.
        assertEquals(null, GraphCompiler.tooBig(a, 90_000_000L));
        String why = GraphCompiler.tooBig(a, 50_000_000L);
        assertEquals("the model's 22,302,010 parameters take 0.1 GB as float32, more than the 0.1 GB Java may use here (most are in "
                + "fc2 (Linear) 16,002,000, fc1 (Linear) 6,280,000): make those layers smaller, or give Java more than its 0.1 GB "
                + "(./layerlab passes LAYERLAB_JAVA_OPTS to it, e.g. LAYERLAB_JAVA_OPTS=-Xmx16g)", why);

        // Beyond this JVM's heap, the compiler refuses it at once (it would have thrown an OutOfMemoryError in fc2's constructor).
        String huge = text.replace("\"out_features\": 8000", "\"out_features\": 60000").replace("\"in_features\": 8000, \"out_features\": 2000",
                "\"in_features\": 60000, \"out_features\": 60000").replace("\"in_features\": 2000", "\"in_features\": 60000");
        CompileException e = assertThrows(CompileException.class, () -> GraphCompiler.compile(ProjectJson.read(huge, "huge.json")));
        assertTrue(e.reasons().get(0).startsWith("the model's 3,647,760,010 parameters take 14.6 GB"), e.reasons().toString());

        // On a machine whose heap would hold them, fc2's weight [60000, 60000] is still more than one tensor holds: named
        // (it said "tensor too large: (60000, 60000)"), and nothing is allocated before the shape is refused.
        e = assertThrows(CompileException.class,
                () -> GraphCompiler.compile(layerlab.graph.analysis.Analysis.of(ProjectJson.read(huge, "huge.json")), Long.MAX_VALUE));
        assertEquals(List.of("Linear \"fc2\": a weight of (60000, 60000) holds more than the 2,147,483,647 values one tensor can"),
                e.reasons());
    }
}
