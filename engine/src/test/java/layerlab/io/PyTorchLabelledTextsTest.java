package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.data.DataNames;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text model's script reads a labelled .txt file (a text, a tab, its class a line) as layerlab predict does: the text
 * before the tab. It read each line whole, the label as the text's last word, and so answered otherwise than LayerLab.
 */
class PyTorchLabelledTextsTest {
    private static final List<String> CLASSES = List.of("Czech", "English", "German", "Italian", "Polish", "Romanian", "Spanish", "Turkish");

    @Test
    void theScriptReadsALabelledTxtFilesTextsBeforeTheTab(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "surname-classifier.json"));
        Vocabulary v = Vocabulary.build(List.of("Rossi", "Müller", "Kowalski", "italian", "german"), Vocabulary.Level.CHARACTERS, true, 24, 100);
        Path script = dir.resolve("names.py");
        PyTorchExport.save(g, GraphCompiler.compile(g).stateDict(), null, new DataNames(List.of(), CLASSES, v), script);

        Path plain = Files.writeString(dir.resolve("plain.txt"), "Rossi\nMüller\nKowalski\n");
        Path labelled = Files.writeString(dir.resolve("labelled.txt"), "Rossi\tItalian\nMüller\tGerman\n\nKowalski\tPolish \n");
        Torch.python(0, script.toString(), "--input", plain.toString(), "--output", dir.resolve("plain.npy").toString());
        Torch.python(0, script.toString(), "--input", labelled.toString(), "--output", dir.resolve("labelled.npy").toString());
        float[] want = Npy.read(dir.resolve("plain.npy")).toFloatArray();
        assertEquals(3 * 8, want.length);
        assertArrayEquals(want, Npy.read(dir.resolve("labelled.npy")).toFloatArray(), 0f);

        Path headed = Files.writeString(dir.resolve("headed.txt"), "name\tlanguage\nRossi\tItalian\nMüller\tGerman\nKowalski\tPolish\n");
        Torch.python(0, script.toString(), "--input", headed.toString(), "--output", dir.resolve("headed.npy").toString());
        assertArrayEquals(want, Npy.read(dir.resolve("headed.npy")).toFloatArray(), 0f);

        // A last field that is no class keeps the lines whole, as LayerLab keeps them.
        Path other = Files.writeString(dir.resolve("other.txt"), "Rossi\tItalian\nMüller\tBavarian\n");
        String printed = Torch.python(0, script.toString(), "--input", other.toString());
        assertEquals(List.of("Rossi Italian", "Müller Bavarian"), printed.lines().map(l -> l.substring(l.indexOf("  ")).strip()).toList(), printed);
    }
}
