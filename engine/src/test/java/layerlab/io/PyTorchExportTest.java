package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.json.ProjectJson;
import layerlab.io.onnx.ExportCases;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorch script export. Its numbers are checked by tools/check_exports.py, which runs each script left in
 * target/exports with Debian's torch (JUnit itself needs no Python).
 */
class PyTorchExportTest {
    static List<ExportCases.Case> cases() throws IOException {
        return ExportCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesAScriptAndItsWeights(ExportCases.Case c) throws IOException {
        Path dir = ExportCases.OUT.resolve(c.name());
        Files.createDirectories(dir);
        Path script = dir.resolve("model.py");
        PyTorchExport.save(c.graph(), c.weights(), script);
        Map<String, Tensor> back = Safetensors.load(dir.resolve("model.safetensors")).tensors();
        assertEquals(c.weights().keySet(), back.keySet());
        String text = Files.readString(script);
        assertTrue(text.contains("class " + layerlab.graph.Names.className(c.graph().name()) + "(nn.Module):"), text);
        ExportCases.leaveInputs(c);
    }

    @Test
    void theResBlockSampleBecomesTwoClasses() throws IOException {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "net-with-resblock.json"));
        String text = PyTorchExport.script(g, "model.safetensors");
        assertTrue(text.contains("""
                class ResBlock(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.conv1 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
                        self.bn1 = nn.BatchNorm2d(16)
                        self.relu1 = nn.ReLU()
                        self.conv2 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
                        self.bn2 = nn.BatchNorm2d(16)
                        self.relu2 = nn.ReLU()

                    def forward(self, x):
                        conv1 = self.conv1(x)
                        bn1 = self.bn1(conv1)
                        relu1 = self.relu1(bn1)
                        conv2 = self.conv2(relu1)
                        bn2 = self.bn2(conv2)
                        add = bn2 + x
                        relu2 = self.relu2(add)
                        return relu2
                """), text);
        assertTrue(text.contains("        self.res1 = ResBlock()\n"), text);
        assertTrue(text.contains("        res1 = self.res1(conv1)\n"), text);
    }

    @Test
    void aLossFeedingAnOutputIsNamed() {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(4))
                .node("y", "Input", "shape", List.of(4))
                .node("loss", "MSELoss")
                .node("out", "Output")
                .edge("x.out", "loss.input").edge("y.out", "loss.target").edge("loss.loss", "out.in")
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PyTorchExport.script(g, "w.safetensors"));
        assertEquals("cannot export \"Untitled\" to PyTorch: node \"loss\" (MSELoss): a loss cannot be part of the exported model", e.getMessage());
    }
}
