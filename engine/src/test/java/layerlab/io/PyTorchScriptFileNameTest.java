package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.data.DataNames;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.io.onnx.ExportCases;
import layerlab.testing.Python;
import layerlab.testing.Torch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A script exported under a name a student may give it ({@code Übung "3" 100%.py}, with a quote, a backslash, a
 * {@code #}) still runs: the weights' default path is a Python string literal of that name. A name with a double quote
 * was pasted between double quotes, and the script was a SyntaxError.
 */
class PyTorchScriptFileNameTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Übung \"3\" – Kopie 100% #1.py", "学生 'x' back\\slash.py"})
    void aScriptNamedWithQuotesRunsAndFindsItsWeights(String name, @TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(SAMPLES.resolve("iris.json"));
        Path script = dir.resolve(name);
        PyTorchExport.save(g, ExportCases.of("iris", g).weights(), script);
        // Run alone, the script loads its weights from beside it (--weights' default) and prints the model.
        String out = python(dir, script.getFileName().toString());
        assertTrue(out.contains("Linear(in_features=4, out_features=16"), out);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Namen \"neu\".py"})
    void aTextModelsScriptNamedWithQuotesRuns(String name, @TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(SAMPLES.resolve("surname-classifier.json"));
        Vocabulary v = Vocabulary.build(List.of("Rossi", "Brien"), Vocabulary.Level.CHARACTERS, true, 24, 100);
        Path script = dir.resolve(name);
        PyTorchExport.save(g, ExportCases.of("surname-classifier", g).weights(), null, new DataNames(List.of(), List.of("en", "it"), v), script);
        String out = python(dir, script.getFileName().toString());
        assertTrue(out.contains("Embedding("), out);
    }

    /** What {@code python3 args}, run in {@code dir}, prints; it must succeed. */
    private static String python(Path dir, String... args) throws Exception {
        Torch.assume();
        String out = Python.of(args).in(dir).expect(0);
        assertTrue(Files.isRegularFile(PyTorchExport.weightsPath(dir.resolve(args[0]))));
        return out;
    }
}
