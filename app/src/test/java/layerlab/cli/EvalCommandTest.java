package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.data.BundledDatasets;
import layerlab.data.Vocabulary;
import layerlab.io.ModelBundle;
import layerlab.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerlab eval} of a model that reads text, on its own data and on other texts. */
class EvalCommandTest {
    static final Path SAMPLES = Path.of("..", "sample-projects");
    @TempDir static Path dir;
    static Path surnames;
    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void train() {
        surnames = dir.resolve("surnames.llab");
        CliRunner t = new CliRunner();
        assertEquals(0, t.run("train", SAMPLES.resolve("surname-classifier.json").toString(), "--steps", "40", "--device", "cpu", "--save-bundle",
                surnames.toString()), t.err.toString());
    }

    /**
     * A labelled text file is numbered by the model's vocabulary, not one built from it (which would give its letters
     * other ids and its texts another length): the loss is the cross-entropy of the outputs predict gives for the same texts.
     */
    @Test
    void otherTextsAreReadWithTheModelsVocabulary() throws Exception {
        List<String> names = List.of("Zzyzx", "Rossi", "Bianchi", "Kowalski", "Nowak", "Y\u0131lmaz");
        List<String> languages = List.of("English", "Italian", "Italian", "Polish", "Polish", "Turkish");
        StringBuilder csv = new StringBuilder("surname,language\n");
        for (int i = 0; i < names.size(); i++) csv.append(names.get(i)).append(',').append(languages.get(i)).append('\n');
        Path test = Files.writeString(dir.resolve("test.csv"), csv);

        assertEquals(0, cli.run("eval", surnames.toString(), "--data", "source=text", "path=" + test, "--device", "cpu"), cli.err.toString());
        List<String> out = cli.out.toString().lines().toList();
        assertTrue(out.get(1).startsWith("data: test.csv (characters (lower-cased), "), out.get(1));
        assertTrue(out.get(1).contains(", 24 a text, the model's vocabulary): 6 samples of [24], 8 classes, train split: 6 samples"), out.get(1));
        double loss = Double.parseDouble(out.get(2).split(" +")[1]);

        Path y = dir.resolve("y.npy");
        assertEquals(0, cli.run("predict", surnames.toString(), "--input", test.toString(), "--output", y.toString()), cli.err.toString());
        float[] logits = Npy.read(y).toFloatArray();
        List<String> classes = ModelBundle.load(surnames).names().classes();
        double sum = 0;
        for (int i = 0; i < names.size(); i++) {
            double max = Double.NEGATIVE_INFINITY, exp = 0;
            for (int k = 0; k < 8; k++) max = Math.max(max, logits[8 * i + k]);
            for (int k = 0; k < 8; k++) exp += Math.exp(logits[8 * i + k] - max);
            sum += max + Math.log(exp) - logits[8 * i + classes.indexOf(languages.get(i))];
        }
        assertEquals(sum / names.size(), loss, 5e-5, cli.out.toString());
    }

    /** The bundle's own validation split is read with its vocabulary too: the training names', which lacks a letter of the whole set's. */
    @Test
    void theBundlesOwnDataAreReadWithItsVocabulary() throws Exception {
        Vocabulary v = ModelBundle.load(surnames).names().vocabulary();
        assertEquals(BundledDatasets.surnames().vocabulary().size() - 1, v.size(), "è occurs only in validation names");
        assertEquals(0, cli.run("eval", surnames.toString(), "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("surnames (" + v.describe() + ", the model's vocabulary)"), cli.out.toString());
    }
}
