package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
