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
import layerlab.train.FeatureSpace;
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
        assertTrue(out.get(1).contains(", 24 a text, the model's vocabulary): 6 samples of [24], 8 classes (Czech, English, German, …), all (no validation split): 6 samples"), out.get(1));
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

    /** The bundle's own validation split is read with its vocabulary too: the training names', which lacks two letters of the whole set's. */
    @Test
    void theBundlesOwnDataAreReadWithItsVocabulary() throws Exception {
        Vocabulary v = ModelBundle.load(surnames).names().vocabulary();
        assertEquals(BundledDatasets.surnames().vocabulary().size() - 2, v.size(), "two characters occur only in validation names");
        assertEquals(0, cli.run("eval", surnames.toString(), "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("surnames (" + v.describe() + ", the model's vocabulary)"), cli.out.toString());
    }

    /**
     * {@code --features}: where the model's last layer's input puts the samples, said in one line and written as CSV with
     * the samples' class names; the same points as the engine's {@link FeatureSpace} (and so as the inspector's).
     */
    @Test
    void placesTheSamplesByALayersOutputs() throws Exception {
        Path csv = dir.resolve("features.csv");
        assertEquals(0, cli.run("eval", surnames.toString(), "--device", "cpu", "--features-out", csv.toString()), cli.err.toString());
        String out = cli.out.toString();
        TrainedModel m = TrainedModel.load(surnames, null, "cpu");
        String layer = FeatureSpace.defaultLayer(m.evaluator());
        layerlab.data.DataSplit data = layerlab.data.DataSources.open(m.graph().dataset(), m.baseDir(),
                m.normalization() != null ? m.normalization() : layerlab.data.Normalization.none(), m.names().vocabulary());
        FeatureSpace f = FeatureSpace.of(m.evaluator(), data.validation(), layer, FeatureSpace.SAMPLES);
        assertTrue(out.contains("\nfeature space: " + f.describe() + " (principal components, as scikit-learn's PCA)\n"), out);
        assertTrue(out.contains("wrote " + csv + " (" + f.samples() + " rows: sample, pc1, pc2, pc3, class, predicted)"), out);
        List<String> rows = Files.readAllLines(csv);
        assertEquals("sample,pc1,pc2,pc3,class,predicted", rows.get(0));
        assertEquals(f.samples() + 1, rows.size());
        for (int i = 0; i < f.samples(); i++) {
            String[] cells = rows.get(i + 1).split(",");
            assertEquals(String.valueOf(i), cells[0]);
            assertEquals(f.pca().point(i, 0), Float.parseFloat(cells[1]));
            assertEquals(f.pca().point(i, 1), Float.parseFloat(cells[2]));
            assertEquals(f.pca().point(i, 2), Float.parseFloat(cells[3]));
            assertEquals(f.classNames().get(f.classes()[i]), cells[4]);
            assertEquals(f.classNames().get(f.predicted()[i]), cells[5]);
        }
        // A layer named: its own; one the output does not depend on: refused before the evaluation, with the choices.
        assertEquals(0, cli.run("eval", surnames.toString(), "--device", "cpu", "--features", "embedding"), cli.err.toString());
        assertTrue(cli.out.toString().contains("feature space: embedding: "), cli.out.toString());
        assertEquals(2, cli.run("eval", surnames.toString(), "--device", "cpu", "--features", "loss"));
        cli.assertOneLineError("layerlab eval: --features loss: loss is not on the way from the Input to the model's output "
                + m.evaluator().output() + ": choose one of " + String.join(", ", FeatureSpace.layers(m.evaluator())));
        assertEquals("", cli.out.toString(), "nothing evaluated");
        assertEquals(2, cli.run("eval", surnames.toString(), "--device", "cpu", "--features", "nope"));
        cli.assertOneLineError("layerlab eval: --features nope: the model has no node named \"nope\": choose one of "
                + String.join(", ", FeatureSpace.layers(m.evaluator())));
    }

    /**
     * A folder of pictures of another size than the model's (32×32 RGB for MNIST's [1, 28, 28]) is read at the Input's
     * size and channels, as predict reads pictures, not at its first picture's (which the model cannot take).
     */
    @Test
    void aFolderOfPicturesIsReadAtTheModelsSize(@TempDir Path folder) throws Exception {
        Path mnist = folder.resolve("mnist.llab");
        CliRunner t = new CliRunner();
        assertEquals(0, t.run("train", SAMPLES.resolve("simple-cnn.json").toString(), "--steps", "1", "--device", "cpu", "--save-bundle",
                mnist.toString()), t.err.toString());
        for (String digit : List.of("3", "7")) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
            Files.createDirectories(folder.resolve("digits/" + digit));
            javax.imageio.ImageIO.write(img, "png", folder.resolve("digits/" + digit + "/a.png").toFile());
        }
        Files.writeString(folder.resolve("digits/7/notes.txt"), "not a picture");
        assertEquals(0, cli.run("eval", mnist.toString(), "--data", "source=images", "path=" + folder.resolve("digits")), cli.err.toString());
        assertTrue(cli.out.toString().contains("digits (1 file not .png, .jpg, .jpeg, .bmp, .gif, .tif, .tiff left out: 7/notes.txt): 2 samples of [1, 28, 28], "
                + "10 classes (0, 1, 2, …)"), cli.out.toString());
    }

    /**
     * A test file handed to a model trained with a validation split is scored whole, saying so first; {@code --split val}
     * scores its validation split alone as before, and the project's own file keeps its validation split.
     */
    @Test
    void aTestFileIsScoredWholeUnlessSplitValSaysOtherwise(@TempDir Path d) throws Exception {
        StringBuilder rows = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        for (int i = 0; i < 30; i++) {
            String[] kinds = {"setosa", "versicolor", "virginica"};
            rows.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f,%.1f,%.1f,%s%n", 5.0 + i % 3, 3.0 + 0.1 * (i % 5), 1.5 + 2 * (i % 3), 0.2 + 0.8 * (i % 3),
                    kinds[i % 3]));
        }
        Path train = Files.writeString(d.resolve("train.csv"), rows);
        Path test = Files.writeString(d.resolve("test.csv"), String.join("\n", rows.toString().lines().limit(21).toList()) + "\n");
        Path bundle = d.resolve("iris.llab");
        assertEquals(0, cli.run("train", SAMPLES.resolve("iris.json").toString(), "--steps", "2", "--device", "cpu", "--data", "source=csv", "path=" + train,
                "validation_split=0.2", "--save-bundle", bundle.toString()), cli.err.toString());
        long testRows = Files.readAllLines(test).size() - 1;

        CliRunner whole = new CliRunner();
        assertEquals(0, whole.run("eval", bundle.toString(), "--data", "path=" + test, "--device", "cpu"), whole.err.toString());
        List<String> out = whole.out.toString().lines().toList();
        assertEquals("every row of " + test.toAbsolutePath().normalize() + " (another file than the project's), not its validation split alone: "
                + "--split val for that", out.get(0));
        assertTrue(out.get(2).endsWith("all rows: " + testRows + " samples"), out.get(2));

        CliRunner val = new CliRunner();
        assertEquals(0, val.run("eval", bundle.toString(), "--data", "path=" + test, "--split", "val", "--device", "cpu"), val.err.toString());
        out = val.out.toString().lines().toList();
        assertTrue(out.get(0).startsWith("model: "), out.get(0));
        assertTrue(out.get(1).endsWith("validation split: " + Math.round(testRows * 0.2) + " samples"), out.get(1));

        // A validation_split given with the file is kept: its validation split.
        CliRunner given = new CliRunner();
        assertEquals(0, given.run("eval", bundle.toString(), "--data", "path=" + test, "validation_split=0.5", "--device", "cpu"), given.err.toString());
        out = given.out.toString().lines().toList();
        assertTrue(out.get(1).endsWith("validation split: 10 samples"), out.get(1));

        // The project's own file, named again: its validation split, as without --data.
        CliRunner own = new CliRunner();
        assertEquals(0, own.run("eval", bundle.toString(), "--data", "path=" + train, "--device", "cpu"), own.err.toString());
        out = own.out.toString().lines().toList();
        assertTrue(out.get(1).endsWith("validation split: 6 samples"), out.get(1));
    }
}
