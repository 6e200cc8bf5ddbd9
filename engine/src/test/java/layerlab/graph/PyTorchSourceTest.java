package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.json.ProjectJson;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.PortType;
import org.junit.jupiter.api.Test;

class PyTorchSourceTest {
    @Test
    void forwardReturnsTheOutputsInDocumentOrder() throws Exception {
        // embedding-gru draws logits before h_n; h_n's branch runs first. The exported script and Model agree.
        String code = PyTorchSource.of(ProjectJson.load(Path.of("../sample-projects/embedding-gru.json")));
        assertTrue(code.contains("        return fc, gru_h_n\n"), code);
    }

    @Test
    void theCodeViewAndTheExportNameTheModelClassAlike() {
        assertEquals("SimpleCNN", Names.className("Simple CNN"));
        assertEquals("MyNet2", Names.className("my net-2"));
        assertEquals("Model", Names.className("2nd try"));
        assertEquals("Model", Names.className("none"));
        assertEquals("Model", Names.className("—"));
        Graph g = TestGraphs.graph().node("x", "Input", "shape", List.of(3)).node("fc", "Linear", "in_features", 3, "out_features", 2)
                .node("y", "Output").chain("x", "fc", "y").build();
        assertTrue(PyTorchSource.of(g).contains("class " + Names.className(g.name()) + "(nn.Module):"), PyTorchSource.of(g));
    }

    @Test
    void simpleCnnIsTheClassAStudentWouldWrite() throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/simple-cnn.json"));
        String src = PyTorchSource.of(g);
        assertTrue(src.startsWith("import torch\nfrom torch import nn\n"), src);
        assertTrue(src.contains("(nn.Module):\n    def __init__(self):\n        super().__init__()\n"), src);
        assertTrue(src.contains("        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)\n"), src);
        assertTrue(src.contains("    def forward(self, x):\n        conv1 = self.conv1(x)\n"), "the labels feed only the loss: " + src);
        assertTrue(src.contains("        return fc\n"), src);
        assertTrue(src.contains("# loss = nn.CrossEntropyLoss()"), src);
    }

    /**
     * The Code tab ends with the two lines that make the model training starts from: the project's seed, then the class
     * (LayerLab draws its initial weights as PyTorch does). Not where the drawing has errors or leaves a weighted layer out.
     * Run by PyTorch (where python3 has torch), the text makes LayerLab's starting weights for the attention sample.
     */
    @Test
    void theCodeEndsByMakingTheModelTrainingStartsFrom(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Graph cnn = ProjectJson.load(Path.of("../sample-projects/simple-cnn.json"));
        assertTrue(PyTorchSource.of(cnn).endsWith("\n\n# The model training starts from (LayerLab draws its weights as PyTorch does):\n"
                + "torch.manual_seed(0)\nmodel = SimpleCNN()\n"), PyTorchSource.of(cnn));
        Graph broken = TestGraphs.graph().node("x", "Input", "shape", List.of(3)).node("fc", "Linear", "in_features", 5, "out_features", 2)
                .node("y", "Output").chain("x", "fc", "y").build();
        assertTrue(!PyTorchSource.of(broken).contains("torch.manual_seed"), "in_features 5 on 3 features: " + PyTorchSource.of(broken));

        Graph g = ProjectJson.load(Path.of("../sample-projects/attention-sentiment.json"));
        Map<String, Object> training = new java.util.LinkedHashMap<>(g.training());
        training.put("seed", 5);
        g = Graph.of(g.name(), g.description(), g.nodes(), g.edges(), g.blocks(), g.notes(), g.view(), g.dataset(), training);
        String code = PyTorchSource.of(g);
        assertTrue(code.endsWith("torch.manual_seed(5)\nmodel = AttentionSentiment()\n"), code);
        Map<String, layerlab.tensor.Tensor> fresh;
        try (var seeded = layerlab.tensor.Generator.use(new layerlab.tensor.Generator(5))) {
            fresh = layerlab.graph.compile.GraphCompiler.compile(g).stateDict();
        }
        layerlab.testing.Torch.assume();
        java.nio.file.Files.writeString(dir.resolve("code.py"), code);
        layerlab.io.Safetensors.save(dir.resolve("fresh.safetensors"), fresh);
        String out = layerlab.testing.Torch.python(0, "-c", String.join("\n",
                "import json, struct, sys, torch",
                "ns = {}; exec(open(sys.argv[1]).read(), ns); got = ns['model'].state_dict()",
                "data = open(sys.argv[2], 'rb').read(); n = struct.unpack('<Q', data[:8])[0]; header = json.loads(data[8:8 + n])",
                "worst = 0.0",
                "for k, info in header.items():",
                "    if k == '__metadata__': continue",
                "    b, e = info['data_offsets']",
                "    want = torch.frombuffer(bytearray(data[8 + n + b:8 + n + e]), dtype=torch.float32 if info['dtype'] == 'F32' else torch.int64).reshape(info['shape'])",
                "    worst = max(worst, float(((got[k].double() - want.double()).abs() / want.double().abs().clamp(min=1)).max()) if want.numel() else 0.0)",
                "print(len([k for k in header if k != '__metadata__']), len(got), worst)"),
                dir.resolve("code.py").toString(), dir.resolve("fresh.safetensors").toString()).trim();
        String[] parts = out.split(" ");
        assertEquals(fresh.size(), Integer.parseInt(parts[0]), out);
        assertEquals(fresh.size(), Integer.parseInt(parts[1]), "the class holds no other tensors: " + out);
        assertTrue(Double.parseDouble(parts[2]) <= 1e-6, "PyTorch's weights for seed 5 differ from LayerLab's by " + parts[2]);
    }

    /**
     * A drawing named like its block ("BasicBlock" while one prototypes the block) wrote two classes BasicBlock: the
     * model's replaced the block's and made itself in its own __init__ (RecursionError in PyTorch). The model's class
     * takes another name; the code runs in PyTorch where python3 has torch.
     */
    @Test
    void theModelsClassIsNotNamedLikeABlock(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Graph body = TestGraphs.graph().node("x", "Input").node("fc", "Linear", "in_features", 4, "out_features", 4).node("out", "Output")
                .chain("x", "fc", "out").build();
        Graph g = TestGraphs.graph().block(new Block("BasicBlock", "", body)).node("x", "Input", "shape", List.of(4))
                .node("b1", "Block", "block", "BasicBlock").node("y", "Output").edge("x.out", "b1.x").edge("b1.out", "y.in").build();
        g = Graph.of("BasicBlock", g.description(), g.nodes(), g.edges(), g.blocks(), g.notes(), g.view(), g.dataset(), g.training());
        String code = PyTorchSource.of(g);
        assertEquals(1, code.split("class BasicBlock\\(", -1).length - 1, code);
        assertTrue(code.contains("class BasicBlockModel(nn.Module):") && code.endsWith("model = BasicBlockModel()\n"), code);
        String exported = PyTorchSource.export(g, layerlab.graph.analysis.Analysis.of(g)).topClass();
        assertTrue(exported.contains("class BasicBlockModel(nn.Module):"), exported);
        layerlab.testing.Torch.assume();
        java.nio.file.Files.writeString(dir.resolve("code.py"), code);
        String out = layerlab.testing.Torch.python(0, "-c", "import sys, torch; ns = {}; exec(open(sys.argv[1]).read(), ns); "
                + "print(sum(q.numel() for q in ns['model'].parameters()), tuple(ns['model'](torch.zeros(2, 4)).shape))",
                dir.resolve("code.py").toString()).trim();
        assertEquals("20 (2, 4)", out);
    }

    /**
     * A block's class keeps the block's name unless the script uses that name itself (train, LOSS, nn, len, super, a kind's
     * class such as PositionalEncoding): then it takes trailing underscores, as many as make it no other block's name.
     */
    @Test
    void aBlocksClassIsNotNamedLikeWhatTheScriptUses() {
        Graph body = TestGraphs.graph().node("x", "Input").node("fc", "Linear", "in_features", 4, "out_features", 4).node("out", "Output")
                .chain("x", "fc", "out").build();
        Graph g = TestGraphs.graph().block(new Block("len", "", body)).block(new Block("len_", "", body)).block(new Block("Res", "", body))
                .node("x", "Input", "shape", List.of(4)).node("b1", "Block", "block", "len").node("b2", "Block", "block", "len_")
                .node("y", "Output").edge("x.out", "b1.x").edge("b1.out", "b2.x").edge("b2.out", "y.in").build();
        assertEquals("len__", PyTorchSource.blockClass(g, "len"));
        assertEquals("len_", PyTorchSource.blockClass(g, "len_"));
        assertEquals("Res", PyTorchSource.blockClass(g, "Res"));
        assertEquals("train_", PyTorchSource.blockClass(g, "train"));
        assertEquals("PositionalEncoding_", PyTorchSource.blockClass(g, "PositionalEncoding"));
        String code = PyTorchSource.of(g);
        assertTrue(code.contains("class len__(nn.Module):") && code.contains("class len_(nn.Module):"), code);
        assertTrue(code.contains("self.b1 = len__()") && code.contains("self.b2 = len_()"), code);
    }

    /**
     * A node named run_packed (the function a packed RNN's call runs) was a forward local that hid that function ("'Tensor'
     * object is not callable"): it takes a trailing underscore, and the model runs in PyTorch where python3 has torch.
     */
    @Test
    void aNodeNamedLikeTheFunctionForwardCallsDoesNotHideIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Graph g = layerlab.graph.json.ProjectJson.load(Path.of("..", "sample-projects", "masked-surnames.json"));
        g = g.rename(g.nodes().stream().filter(n -> n.kind().equals("Lengths")).findFirst().orElseThrow().id(), "run_packed").after();
        String code = PyTorchSource.of(g);
        assertTrue(code.contains("        run_packed_ = ") && code.contains("= run_packed(self.gru, embedding, run_packed_)"), code);
        layerlab.testing.Torch.assume();
        java.nio.file.Files.writeString(dir.resolve("code.py"), code);
        String out = layerlab.testing.Torch.python(0, "-c", "import sys, torch; ns = {}; exec(open(sys.argv[1]).read(), ns); "
                + "print(tuple(ns['model'](torch.tensor([[5, 6, 7] + [0] * 21, [8] * 24])).shape))",
                dir.resolve("code.py").toString()).trim();
        assertEquals("(2, 8)", out);
    }

    /** A layer added later (dropped into a wire) is created where the data meets it, as print(model) would list it. */
    @Test
    void initCreatesTheLayersInTheOrderTheDataMeetsThem() {
        Graph g = TestGraphs.graph().node("x", "Input", "shape", List.of(3)).node("fc1", "Linear", "in_features", 3, "out_features", 4)
                .node("fc2", "Linear", "in_features", 4, "out_features", 2).node("y", "Output")
                .node("relu", "ReLU").chain("x", "fc1", "relu", "fc2", "y").build();
        String src = PyTorchSource.of(g);
        assertTrue(src.contains("        self.fc1 = nn.Linear(3, 4)\n        self.relu = nn.ReLU()\n        self.fc2 = nn.Linear(4, 2)\n"), src);
    }

    /** A graph drawn up to its loss without an Output: forward returns what the loss reads, not None. */
    @Test
    void withoutAnOutputForwardReturnsWhatTheLossReads() {
        Graph g = Graph.empty()
                .addNode(new Node("i", "x", "Input", Map.of("shape", List.of(8)), Position.ORIGIN)).after()
                .addNode(new Node("f", "fc1", "Linear", Map.of("out_features", 3), Position.ORIGIN)).after()
                .addNode(new Node("t", "labels", "Input", Map.of("shape", List.of(), "dtype", "int64"), Position.ORIGIN)).after()
                .addNode(new Node("l", "loss", "CrossEntropyLoss", Map.of(), Position.ORIGIN)).after()
                .connect("i.out", "f.in").after().connect("f.out", "l.input").after().connect("t.out", "l.target").after();
        String src = PyTorchSource.of(g);
        assertTrue(src.contains("    def forward(self, x):\n        fc1 = self.fc1(x)\n        return fc1  # what the loss reads"), src);
    }

    /**
     * A drawing with errors: the code opens by saying it will not run and naming the errors, and a layer whose shapes are not
     * known (fc4, added and not connected) is a comment, never {@code nn.Linear(None, 64)} nor {@code fc4 = self.fc4()}.
     */
    @Test
    void aDrawingWithErrorsSaysSoAtTheTopAndPrintsNoNone() {
        Graph g = TestGraphs.graph().node("x", "Input", "shape", List.of(2)).node("fc1", "Linear", "out_features", 3)
                .node("y", "Output").node("fc4", "Linear", "out_features", 64).node("relu4", "ReLU").chain("x", "fc1", "y").chain("fc4", "relu4").build();
        String src = PyTorchSource.of(g);
        assertTrue(src.startsWith("# NOT RUNNABLE YET: the drawing has 1 error, so this code will not run until it is fixed (see Problems)."), src);
        assertTrue(src.contains("\n# - Linear \"fc4\": its input is not connected"), src);
        assertTrue(src.contains("        # self.fc4 (Linear): left out until its problems are fixed\n"), src);
        assertTrue(src.contains("        # self.relu4 (ReLU): left out until its problems are fixed\n"), "fed by fc4: " + src);
        assertTrue(src.contains("        # fc4 = self.fc4(…): left out\n"), src);
        assertTrue(src.contains("        self.fc1 = nn.Linear(2, 3)\n"), "the rest as usual: " + src);
        assertTrue(src.contains("        return fc1\n"), src);
        assertFalse(src.contains("None"), src);
        assertFalse(src.contains("self.fc4()"), src);
        // Without errors, no such line.
        assertFalse(PyTorchSource.of(TestGraphs.graph().node("x", "Input", "shape", List.of(2)).node("fc1", "Linear", "out_features", 3)
                .node("y", "Output").chain("x", "fc1", "y").build()).contains("NOT RUNNABLE"));
    }

    @Test
    void graphOpsAreWrittenInlineWithTheirInputs() {
        Graph g = Graph.empty()
                .addNode(new Node("i", "x", "Input", Map.of("shape", List.of(8)), Position.ORIGIN)).after()
                .addNode(new Node("f", "fc1", "Linear", Map.of("out_features", 8), Position.ORIGIN)).after()
                .addNode(new Node("a", "add1", "Add", Map.of(), Position.ORIGIN)).after()
                .addNode(new Node("o", "y", "Output", Map.of(), Position.ORIGIN)).after()
                .connect("i.out", "f.in").after().connect("f.out", "a.in1").after().connect("i.out", "a.in2").after()
                .connect("a.out", "o.in").after();
        String src = PyTorchSource.of(g);
        assertTrue(src.contains("        self.fc1 = nn.Linear(8, 8)\n"), src);
        assertTrue(src.contains("    def forward(self, x):\n        fc1 = self.fc1(x)\n        add1 = fc1 + x\n        return add1\n"), src);
    }

    @Test
    void substituteLeavesAttributesAndCallsAlone() {
        assertEquals("h.reshape(h.size(0), 4)", PyTorchSource.substitute("x.reshape(x.size(0), 4)", List.of(PortSpec.of("in", PortType.ANY)), List.of("h")));
    }
}
