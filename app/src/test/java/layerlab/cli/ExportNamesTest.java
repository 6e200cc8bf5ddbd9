package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import layerlab.io.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A student whose folders and files have spaces and accents (~/Übungen/Netz ç 日本): the exported script and its
 * command name them so that the line they show copies into a terminal (before, "python3 …/model ö.py" ran "model").
 */
class ExportNamesTest {
    @Test
    void theScriptsCommandLinesQuoteANameWithSpaces(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("Übungen")), bundle = folder.resolve("Netz ç 日本.llab"), py = folder.resolve("model ö.py");
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        ModelBundle.save(bundle, new ModelBundle(g, GraphCompiler.compile(g).stateDict(), Map.of(), List.of(), null));
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "export", bundle.toString(), "--out", py.toString()), err.toString());
        assertTrue(out.toString().contains("; run: python3 '" + py + "' --input X.npy --output Y.npy"), out.toString());
        String script = Files.readString(py);
        assertTrue(script.contains("\n# python3 'model ö.py' --input X.npy --output Y.npy   predicts\n"), script);
        assertTrue(script.contains("os.path.join(here, \"model ö.safetensors\")"), "the code itself names the file as it is");
    }
}
