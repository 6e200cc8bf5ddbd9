package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import layerlab.io.FileFormatException;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
    @TempDir Path dir;

    /** The settings as the project reader hands them over: JSON converted to plain maps, lists and numbers. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) throws IOException {
        return new ObjectMapper().readValue(text, Map.class);
    }

    DataSplit open(String text) throws IOException {
        return DataSources.open(json(text), dir);
    }

    String misconfigured(String text) {
        return assertThrows(IllegalArgumentException.class, () -> open(text)).getMessage();
    }

    /** check reads the settings only: a mistake in them is found, a file that is not there is left for training to find. */
    @Test
    void checkFindsMistakesInTheSettingsWithoutReadingData() {
        DataSources.check(Map.of("source", "csv", "path", "not-there.csv", "validation_split", 0.2));
        DataSources.check(Map.of("source", "spirals", "validation", Map.of("source", "spirals", "seed", 3)));
        assertEquals("dataset: unknown key \"nosie\" for source \"spirals\" (did you mean noise?); the keys are n, noise, normalize, seed, source, validation, validation_split",
                assertThrows(IllegalArgumentException.class, () -> DataSources.check(Map.of("source", "spirals", "nosie", 0.1))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSources.check(Map.of("source", "spiral"))).getMessage()
                .startsWith("dataset.source: unknown source \"spiral\" (did you mean spirals?)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSources.check(Map.of("source", "spirals", "validation_split", 0.2,
                "validation", Map.of("source", "spirals")))).getMessage().contains("not both"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSources.check(Map.of("source", "spirals",
                "validation", Map.of("source", "spirals", "nosie", 5)))).getMessage().startsWith("dataset.validation: unknown key \"nosie\""));
    }

    @Test
    void generatorWithSplitAndStandardization() throws IOException {
        DataSplit s = open("{\"source\": \"moons\", \"n\": 200, \"noise\": 0.2, \"normalize\": \"standardize\", \"validation_split\": 0.25, \"seed\": 3}");
        assertEquals(150, s.train().size());
        assertEquals(50, s.validation().size());
        assertEquals(Normalization.Kind.STANDARDIZE, s.normalization().kind());
        float[] x = ((TensorDataset) s.train()).features();
        double mean = 0;
        for (int i = 0; i < x.length; i += 2) mean += x[i] / 150.0;
        assertEquals(0, mean, 1e-5, "standardized with the training set's own statistics");
        assertEquals("moons (n=200, noise=0.2, seed=3): 200 samples of [2], 2 classes (0, 1); 150 for training, 50 for validation; "
                + "normalize: standardize per feature (2)", s.description());
        DataSplit again = open("{\"source\": \"moons\", \"n\": 200, \"noise\": 0.2, \"normalize\": \"standardize\", \"validation_split\": 0.25, \"seed\": 3}");
        assertArrayEquals(x, ((TensorDataset) again.train()).features(), "reproducible from the seed");
        assertEquals(s.normalization(), again.normalization());
    }

    @Test
    void aGeneratedValidationSetIsFreshData() throws IOException {
        DataSplit s = open("{\"source\": \"moons\", \"n\": 20, \"validation\": {\"source\": \"moons\", \"n\": 20}}");
        float[] train = ((TensorDataset) s.train()).features(), validation = ((TensorDataset) s.validation()).features();
        assertEquals(40, train.length);
        assertTrue(!Arrays.equals(train, validation), "validation points differ from the training points");
        DataSplit seeded = open("{\"source\": \"moons\", \"n\": 20, \"seed\": 4, \"validation\": {\"source\": \"moons\", \"n\": 20, \"seed\": 4}}");
        assertArrayEquals(((TensorDataset) seeded.train()).features(), ((TensorDataset) seeded.validation()).features(), "an explicit seed is kept");
    }

    @Test
    void defaultsAndEveryBuiltInSource() throws IOException {
        for (String source : List.of("xor", "spirals", "moons", "circles", "blobs", "sine", "linear")) {
            DataSplit s = open("{\"source\": \"" + source + "\"}");
            assertEquals(500, s.train().size(), source);
            assertNull(s.validation());
            assertEquals(Normalization.none(), s.normalization());
        }
        assertEquals(5, open("{\"source\": \"blobs\", \"classes\": 5, \"n\": 50}").train().classNames().size());
        DataSplit iris = open("{\"source\": \"iris\", \"normalize\": \"scale\", \"validation_split\": 0.2}");
        assertEquals(120, iris.train().size());
        assertEquals(30, iris.validation().size());
        DataSplit mnist = open("{\"source\": \"mnist\", \"validation_split\": 0.1}");
        assertArrayEquals(new int[] {1, 28, 28}, mnist.train().sampleShape());
        assertEquals(9000, mnist.train().size());
        assertEquals(1797, open("{\"source\": \"digits\"}").train().size());
    }

    @Test
    void aTrainedModelsStatisticsNormalizeTheDataInsteadOfFittedOnes() throws IOException {
        Normalization stored = new Normalization(Normalization.Kind.STANDARDIZE, Normalization.Per.FEATURE,
                new float[] {5.8f, 3.0f, 3.7f, 1.2f}, new float[] {0.8f, 0.4f, 1.7f, 0.75f});
        Map<String, Object> settings = Map.of("source", "iris", "normalize", "scale", "validation_split", 0.2);
        DataSplit d = DataSources.open(settings, dir, stored);
        DataSplit raw = open("{\"source\": \"iris\", \"validation_split\": 0.2}");
        assertEquals(stored, d.normalization());
        assertArrayEquals(stored.apply((TensorDataset) raw.train()).features(), ((TensorDataset) d.train()).features());
        assertArrayEquals(stored.apply((TensorDataset) raw.validation()).features(), ((TensorDataset) d.validation()).features());
        assertTrue(d.description().endsWith("; normalize: " + stored.describe() + " (the model's)"), d.description());
    }

    /**
     * A trained text model's data, opened again (eval, a bundle opened in the window), are numbered by its vocabulary: one
     * built from these texts would give their tokens other ids (here "apple" would be 2, not 3) and another length.
     */
    @Test
    void aTrainedModelsVocabularyNumbersTheTextsInsteadOfOneBuiltFromThem() throws IOException {
        Vocabulary model = Vocabulary.build(List.of("zebra zebra apple", "cherry"), Vocabulary.Level.WORDS, true, 4, 100);
        assertEquals(List.of("<pad>", "<unk>", "zebra", "apple", "cherry"), model.tokens());
        Files.writeString(dir.resolve("test.csv"), "text,label\nApple pie,good\nzebra,bad\ncherry cherry apple zebra zebra,good\n");
        Map<String, Object> settings = Map.of("source", "text", "path", "test.csv");
        DataSplit d = DataSources.open(settings, dir, null, model);
        TensorDataset t = (TensorDataset) d.train();
        assertEquals(model, t.vocabulary());
        assertArrayEquals(new float[] {0, 0, 3, 1, 0, 0, 0, 2, 4, 4, 3, 2}, t.features(), "the model's ids, padded on the left, cut to its length");
        assertEquals(List.of("bad", "good"), t.classNames());
        assertTrue(d.description().contains("(words (lower-cased), 5 tokens, 4 a text, the model's vocabulary)"), d.description());
        TensorDataset own = (TensorDataset) open("{\"source\": \"text\", \"path\": \"test.csv\"}").train();
        assertFalse(Arrays.equals(own.features(), t.features()), "a vocabulary of their own numbers them otherwise");
        // With the stored normalization (none for ids) as eval passes it.
        assertArrayEquals(t.features(), ((TensorDataset) DataSources.open(settings, dir, Normalization.none(), model).train()).features());

        // A test file of one class is fine for a model that knows its classes.
        Files.writeString(dir.resolve("one.csv"), "text,label\nzebra,good\napple,good\n");
        assertEquals(List.of("good"), DataSources.open(Map.of("source", "text", "path", "one.csv"), dir, null, model).train().classNames());

        // The bundled surnames too.
        Vocabulary letters = Vocabulary.build(List.of("abc"), Vocabulary.Level.CHARACTERS, true, 24, 100);
        TensorDataset surnames = (TensorDataset) DataSources.open(Map.of("source", "surnames"), dir, null, letters).train();
        assertEquals(letters, surnames.vocabulary());
        for (float id : surnames.features()) assertTrue(id < letters.size(), "an id of the model's vocabulary: " + id);
    }

    /**
     * A trained model's test table is read as its training table was, by the model's names: the features by their
     * column names (this file has them in another order, and only two of the three islands: encoded by its own, its
     * one-hot columns would be others), the labels by the model's classes (it lacks one). What the model does not know
     * is said, with the line and column: a word, a column, a class.
     */
    @Test
    void aTrainedModelsNamesReadATestTableAsItsTrainingTableWasRead() throws IOException {
        DataNames model = new DataNames(List.of("island=Biscoe", "island=Dream", "island=Torgersen", "mass", "sex=female", "sex=male"),
                List.of("Adelie", "Chinstrap", "Gentoo"));
        Files.writeString(dir.resolve("test.csv"), "sex,mass,species,island,year\nmale,3.5,Gentoo,Dream,2007\nfemale,4.0,Adelie,Biscoe,2008\n");
        Map<String, Object> settings = Map.of("source", "csv", "path", "test.csv", "label_column", "species");
        TensorDataset t = (TensorDataset) DataSources.open(settings, dir, Normalization.none(), model).train();
        assertEquals(model.features(), t.featureNames());
        assertArrayEquals(new float[] {0, 1, 0, 3.5f, 0, 1, 1, 0, 0, 4.0f, 1, 0}, t.features());
        assertEquals(model.classes(), t.classNames());
        assertArrayEquals(new long[] {2, 0}, t.classTargets());

        Files.writeString(dir.resolve("anvers.csv"), "sex,mass,species,island\nmale,3.5,Gentoo,Dream\nfemale,4.0,Adelie,Anvers\n");
        assertEquals(dir.resolve("anvers.csv") + ":3: column 4 (\"island\"): \"Anvers\" is not one of the training set's words for it (Biscoe, Dream, "
                + "Torgersen)", assertThrows(FileFormatException.class, () -> DataSources.open(Map.of("source", "csv", "path", "anvers.csv",
                "label_column", "species"), dir, Normalization.none(), model)).getMessage());
        Files.writeString(dir.resolve("nosex.csv"), "mass,species,island\n3.5,Gentoo,Dream\n");
        assertEquals(dir.resolve("nosex.csv") + ": no column for the training feature \"sex=female\"; line 1 names mass, species, island",
                assertThrows(FileFormatException.class, () -> DataSources.open(Map.of("source", "csv", "path", "nosex.csv", "label_column", "species"),
                        dir, Normalization.none(), model)).getMessage());
        Files.writeString(dir.resolve("emperor.csv"), "sex,mass,species,island\nmale,3.5,Gentoo,Dream\nfemale,4.0,Emperor,Biscoe\n");
        assertEquals(dir.resolve("emperor.csv") + ":3: column 3 (\"species\"): \"Emperor\" is not one of the training set's classes (Adelie, Chinstrap, "
                + "Gentoo)", assertThrows(FileFormatException.class, () -> DataSources.open(Map.of("source", "csv", "path", "emperor.csv",
                "label_column", "species"), dir, Normalization.none(), model)).getMessage());
        Files.writeString(dir.resolve("bare.csv"), "male,3.5,Gentoo,Dream\n");
        assertTrue(assertThrows(FileFormatException.class, () -> DataSources.open(Map.of("source", "csv", "path", "bare.csv", "label_column", 2), dir,
                Normalization.none(), model)).getMessage().startsWith(dir.resolve("bare.csv") + ": no header row, so the training features"));
    }

    /**
     * A trained model's other test sets: an {@code .npy} file's class indices are the model's (the file's labels reach
     * only 1: its classes alone would be "0" and "1", none of the model's names), a text file's labels its class names.
     */
    @Test
    void aTrainedModelsClassesNumberTheLabelsOfOtherTestSets() throws IOException {
        DataNames model = new DataNames(List.of(), List.of("setosa", "versicolor", "virginica"));
        Npy.write(dir.resolve("x.npy"), Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(new long[] {1, 0}, 2));
        TensorDataset n = (TensorDataset) DataSources.open(Map.of("source", "npy", "features", "x.npy", "labels", "y.npy"), dir, Normalization.none(),
                model).train();
        assertEquals(model.classes(), n.classNames());
        assertArrayEquals(new long[] {1, 0}, n.classTargets());
        Npy.write(dir.resolve("y3.npy"), Tensor.ofLongs(new long[] {1, 3}, 2));
        assertEquals(dir.resolve("y3.npy") + ": label 3 at index 1 is no class of the model's, which has 3 (0..2: setosa, versicolor, virginica)",
                assertThrows(IllegalArgumentException.class, () -> DataSources.open(Map.of("source", "npy", "features", "x.npy", "labels", "y3.npy"), dir,
                        Normalization.none(), model)).getMessage());

        Vocabulary words = Vocabulary.build(List.of("red blue"), Vocabulary.Level.WORDS, true, 3, 100);
        DataNames texts = new DataNames(List.of(), List.of("setosa", "versicolor", "virginica"), words);
        Files.writeString(dir.resolve("flowers.csv"), "text,label\nred,virginica\nblue,versicolor\n");
        TensorDataset t = (TensorDataset) DataSources.open(Map.of("source", "text", "path", "flowers.csv"), dir, null, texts).train();
        assertEquals(texts.classes(), t.classNames());
        assertArrayEquals(new long[] {2, 1}, t.classTargets(), "by the model's classes, not numbered alone (versicolor 0, virginica 1)");
        Files.writeString(dir.resolve("daisy.csv"), "text,label\nred,virginica\nblue,daisy\n");
        assertEquals(dir.resolve("daisy.csv") + ": line 3: the label \"daisy\" is not one of the training set's classes (setosa, versicolor, virginica)",
                assertThrows(FileFormatException.class, () -> DataSources.open(Map.of("source", "text", "path", "daisy.csv"), dir, null, texts))
                        .getMessage());
    }

    /** A separate validation file is numbered by the training texts' vocabulary, so that a token has one id in both. */
    @Test
    void aSeparateValidationFileIsNumberedByTheTrainingVocabulary() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "text,label\nb b a,x\nc,y\na,y\n");
        Files.writeString(dir.resolve("val.csv"), "text,label\na a a a a c,x\nc new,y\n");
        DataSplit d = open("{\"source\": \"text\", \"path\": \"train.csv\", \"validation\": {\"source\": \"text\", \"path\": \"val.csv\"}}");
        Vocabulary v = d.train().vocabulary();
        assertEquals(List.of("<pad>", "<unk>", "b", "a", "c"), v.tokens());
        assertEquals(v, d.validation().vocabulary());
        assertArrayEquals(new float[] {3, 3, 3, 0, 4, 1}, ((TensorDataset) d.validation()).features());
    }

    /**
     * A split takes the samples the seeded permutation picks, whatever the source: a text set, whose vocabulary is built
     * from its training part before the split, holds the same samples in each part as any other set.
     */
    @Test
    void aSplitTakesTheSamplesOfTheSeededPermutationForEverySource() throws IOException {
        int seed = 3;
        TensorDataset iris = BundledDatasets.iris();
        DataSplit split = open("{\"source\": \"iris\", \"validation_split\": 0.2, \"seed\": " + seed + "}");
        int[] perm = new layerlab.tensor.Generator(seed ^ DataSources.SPLIT_SALT).permutation(iris.size());
        int[] held = Arrays.copyOf(perm, 30);
        Arrays.sort(held);
        assertArrayEquals(held, Splits.indices(iris.size(), 0.2, seed ^ DataSources.SPLIT_SALT, "iris").validation());
        assertArrayEquals(iris.subset("v", held).features(), ((TensorDataset) split.validation()).features());

        // A text set whose labels name their rows: each part holds the rows the same permutation picks.
        StringBuilder csv = new StringBuilder("text,row\n");
        for (int i = 0; i < 20; i++) csv.append("word").append(i % 3).append(" w").append(i).append(",r").append(i).append('\n');
        Files.writeString(dir.resolve("rows.csv"), csv);
        DataSplit texts = open("{\"source\": \"text\", \"path\": \"rows.csv\", \"validation_split\": 0.25, \"seed\": " + seed + "}");
        Splits.Indices at = Splits.indices(20, 0.25, seed ^ DataSources.SPLIT_SALT, "rows.csv");
        assertEquals(rows(at.validation()), rows((TensorDataset) texts.validation()));
        assertEquals(rows(at.train()), rows((TensorDataset) texts.train()));

        // The bundled surnames: the same languages, and the training names read back whole (their letters are all known).
        TensorDataset all = BundledDatasets.surnames();
        DataSplit names = open("{\"source\": \"surnames\", \"validation_split\": 0.2}");
        Splits.TrainValidation before = Splits.trainValidation(all, 0.2, DataSources.SPLIT_SALT);
        assertArrayEquals(before.validation().classTargets(), ((TensorDataset) names.validation()).classTargets());
        assertArrayEquals(before.train().classTargets(), ((TensorDataset) names.train()).classTargets());
        TensorDataset train = (TensorDataset) names.train();
        Vocabulary v = train.vocabulary();
        for (int k = 0; k < train.size(); k += 97)
            assertEquals(all.vocabulary().decode(before.train().features(), k * all.vocabulary().length()), v.decode(train.features(), k * v.length()));
    }

    /** The rows named by the row labels ("r7") of a text set's samples, in order. */
    private static List<Integer> rows(TensorDataset d) {
        List<Integer> rows = new java.util.ArrayList<>();
        for (long c : d.classTargets()) rows.add(Integer.parseInt(d.classNames().get((int) c).substring(1)));
        return rows;
    }

    private static List<Integer> rows(int[] indices) {
        return Arrays.stream(indices).boxed().toList();
    }

    /**
     * Split by {@code validation_split}, a text set is numbered by its training texts' vocabulary and length: a token of
     * validation rows alone is {@code <unk>} there, as in new text, and has no id (an Embedding row that never trains).
     */
    @Test
    void theVocabularyAndLengthOfASplitTextSetAreItsTrainingTexts() throws IOException {
        Splits.Indices at = Splits.indices(12, 0.25, DataSources.SPLIT_SALT, "reviews.csv");
        java.util.Set<Integer> held = new java.util.HashSet<>(rows(at.validation()));
        StringBuilder csv = new StringBuilder("review,label\n");
        for (int i = 0; i < 12; i++) csv.append(held.contains(i) ? "dreadful dreadful film indeed" : i % 2 == 0 ? "a film" : "good").append(',')
                .append(i % 2 == 0 ? "bad" : "good").append('\n');
        Files.writeString(dir.resolve("reviews.csv"), csv);
        DataSplit d = open("{\"source\": \"text\", \"path\": \"reviews.csv\", \"validation_split\": 0.25}");
        Vocabulary v = d.train().vocabulary();
        assertFalse(v.tokens().contains("dreadful"), v.tokens().toString());
        assertFalse(v.tokens().contains("indeed"), v.tokens().toString());
        assertEquals(2, v.length(), "the longest training text: a film");
        assertEquals(v, d.validation().vocabulary());
        float[] ids = ((TensorDataset) d.validation()).features();
        assertEquals(held.size() * 2, ids.length);
        for (float id : ids) assertEquals(Vocabulary.UNK_ID, (int) id, "dreadful dreadful, cut to the training length");
        assertTrue(d.description().startsWith("reviews.csv (words (lower-cased), " + v.size() + " tokens, 2 a text, from the training texts): 12 samples"),
                d.description());
        // Not split, the whole file is the training set.
        assertTrue(open("{\"source\": \"text\", \"path\": \"reviews.csv\"}").train().vocabulary().tokens().contains("dreadful"));
    }

    /** A text set with numbers for labels is a regression set, with the CSV source's {@code task}, its values and its default. */
    @Test
    void textsWithNumericLabelsAreARegressionSet() throws IOException {
        Files.writeString(dir.resolve("ratings.csv"), "review,stars\nsuperb,5\nawful,1\nfine,3\ngood,4\nmeh,2\nok,3\n");
        DataSplit r = open("{\"source\": \"text\", \"path\": \"ratings.csv\", \"task\": \"regression\", \"validation_split\": 0.5}");
        assertFalse(r.train().isClassification());
        assertFalse(r.validation().isClassification());
        assertArrayEquals(new int[] {1}, r.train().targetShape());
        assertEquals(r.train().vocabulary(), r.validation().vocabulary(), "the vocabulary travels with a regression set too");
        float[] all = new float[6];
        System.arraycopy(((TensorDataset) r.train()).valueTargets(), 0, all, 0, 3);
        System.arraycopy(((TensorDataset) r.validation()).valueTargets(), 0, all, 3, 3);
        Arrays.sort(all);
        assertArrayEquals(new float[] {1, 2, 3, 3, 4, 5}, all);
        assertEquals(List.of("1", "2", "3", "4", "5"), open("{\"source\": \"text\", \"path\": \"ratings.csv\"}").train().classNames(),
                "auto: whole numbers are classes");
        assertEquals(CsvLoader.Task.REGRESSION, DataSources.textOptions(Map.of("source", "text", "path", "ratings.csv", "task", "regression")).task(),
                "predict reads new texts with the options");
        assertEquals(CsvLoader.Task.AUTO, DataSources.textOptions(Map.of("source", "text", "path", "ratings.csv")).task());

        assertEquals("auto", DataSources.defaultText("text", "task"));
        assertEquals(List.of("auto", "classification", "regression"), DataSources.choices("text", "task"));
        for (String task : DataSources.choices("text", "task"))
            assertEquals(!task.equals("regression"), open("{\"source\": \"text\", \"path\": \"ratings.csv\", \"task\": \"" + task + "\"}").train()
                    .isClassification(), task);
        assertEquals("dataset.task is \"score\"; choose one of auto, classification, regression",
                misconfigured("{\"source\": \"text\", \"path\": \"ratings.csv\", \"task\": \"score\"}"));
    }

    @Test
    void theFormsDefaultTextIsWhatOpeningWithoutTheKeyGives() throws IOException {
        for (var e : DataSources.OPTIONS.entrySet()) for (String key : e.getValue()) assertFalse(DataSources.defaultText(e.getKey(), key).isBlank());
        for (String source : List.of("xor", "spirals", "moons", "circles", "blobs", "sine", "linear", "tokens")) {
            assertEquals(Integer.parseInt(DataSources.defaultText(source, "n")), open("{\"source\": \"" + source + "\"}").train().size(), source);
        }
        assertEquals(Integer.parseInt(DataSources.defaultText("blobs", "classes")), open("{\"source\": \"blobs\"}").train().classNames().size());
        assertEquals("required: a file", DataSources.defaultText("npy", "features"));
        assertEquals("all but the label", DataSources.defaultText("csv", "features"));
        assertEquals("required: a folder", DataSources.defaultText("images", "path"));
        assertThrows(IllegalArgumentException.class, () -> DataSources.defaultText("csv", "noise"));
    }

    @Test
    void csvColumnNamesSurviveTheSplitAndTheNormalization() throws IOException {
        Files.writeString(dir.resolve("n.csv"), "a,b,y\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n9,1,x\n");
        DataSplit s = open("{\"source\": \"csv\", \"path\": \"n.csv\", \"validation_split\": 0.4, \"normalize\": \"standardize\"}");
        assertEquals(List.of("a", "b"), s.train().featureNames());
        assertEquals(List.of("a", "b"), s.validation().featureNames());
        Files.writeString(dir.resolve("bare.csv"), "1,2,0\n3,4,1\n");
        assertEquals(List.of(), open("{\"source\": \"csv\", \"path\": \"bare.csv\"}").train().featureNames(), "no header, no names");
    }

    @Test
    void csvWithRelativePathAndChosenColumns() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/t.csv"), "id,x1,x2,kind\n1,0.5,1,b\n2,1.5,2,a\n3,2.5,3,b\n");
        DataSplit s = open("{\"source\": \"csv\", \"path\": \"data/t.csv\", \"features\": [\"x2\", 1], \"label_column\": \"kind\"}");
        TensorDataset t = (TensorDataset) s.train();
        assertArrayEquals(new float[] {1, 0.5f, 2, 1.5f, 3, 2.5f}, t.features());
        assertEquals(List.of("a", "b"), t.classNames());
        DataSplit r = open("{\"source\": \"csv\", \"path\": \"" + dir.resolve("data/t.csv").toString().replace("\\", "\\\\")
                + "\", \"label_column\": 2, \"features\": [1], \"task\": \"regression\", \"header\": true}");
        assertArrayEquals(new float[] {1, 2, 3}, ((TensorDataset) r.train()).valueTargets());
        String m = assertThrows(FileFormatException.class,
                () -> open("{\"source\": \"csv\", \"path\": \"data/t.csv\", \"label_column\": \"label\"}")).getMessage();
        assertTrue(m.contains("no column \"label\""), m);
    }

    @Test
    void idxWithASeparateValidationSource() throws IOException {
        Files.write(dir.resolve("train-images"), IdxLoaderTest.idx(new int[] {4, 2, 3}, IdxLoaderTest.pixels(4)));
        Files.write(dir.resolve("train-labels"), IdxLoaderTest.idx(new int[] {4}, new byte[] {0, 1, 2, 1}));
        Files.write(dir.resolve("test-images"), IdxLoaderTest.idx(new int[] {2, 2, 3}, IdxLoaderTest.pixels(2)));
        Files.write(dir.resolve("test-labels"), IdxLoaderTest.idx(new int[] {2}, new byte[] {2, 0}));
        DataSplit s = open("{\"source\": \"idx\", \"images\": \"train-images\", \"labels\": \"train-labels\", \"normalize\": \"standardize\","
                + " \"validation\": {\"source\": \"idx\", \"images\": \"test-images\", \"labels\": \"test-labels\"}}");
        assertEquals(4, s.train().size());
        assertEquals(2, s.validation().size());
        assertEquals(Normalization.Per.CHANNEL, s.normalization().per());
        assertEquals(s.normalization().apply((TensorDataset) open("{\"source\": \"idx\", \"images\": \"test-images\", \"labels\": \"test-labels\"}")
                .train()).features()[5], ((TensorDataset) s.validation()).features()[5], 1e-6, "validation uses the training statistics");

        Npy.write(dir.resolve("x.npy"), Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(new long[] {1, 0}, 2));
        String m = misconfigured("{\"source\": \"idx\", \"images\": \"train-images\", \"labels\": \"train-labels\","
                + " \"validation\": {\"source\": \"npy\", \"features\": \"x.npy\", \"labels\": \"y.npy\"}}");
        assertTrue(m.startsWith("dataset.validation: samples of [2] do not match the training samples of [1, 2, 3]"), m);
    }

    @Test
    void npyAndImageFolders() throws IOException {
        Npy.write(dir.resolve("x.npy"), Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(new long[] {1, 0, 1}, 3));
        DataSplit n = open("{\"source\": \"npy\", \"features\": \"x.npy\", \"labels\": \"y.npy\"}");
        assertArrayEquals(new long[] {1, 0, 1}, ((TensorDataset) n.train()).classTargets());

        System.setProperty("java.awt.headless", "true");
        ImageFolderLoaderTest.image(dir.resolve("pics/a/1.png"), 5, 5, 0xffffff);
        ImageFolderLoaderTest.image(dir.resolve("pics/b/1.png"), 5, 5, 0);
        assertArrayEquals(new int[] {1, 3, 4}, open("{\"source\": \"images\", \"path\": \"pics\", \"size\": [3, 4], \"grayscale\": true}").train().sampleShape());
        assertArrayEquals(new int[] {3, 2, 2}, open("{\"source\": \"images\", \"path\": \"pics\", \"size\": 2}").train().sampleShape());
        assertTrue(misconfigured("{\"source\": \"images\", \"path\": \"pics\", \"size\": [0, 2]}").startsWith("dataset.size must be [height, width]"));
    }

    @Test
    void textFilesWithTheirOptionsAndDefaults() throws IOException {
        Files.writeString(dir.resolve("names.tsv"), "name\tlang\nRossi\tit\nNowak\tpl\nBianchi\tit\nKowalski\tpl\nEsposito\tit\n");
        DataSplit s = open("{\"source\": \"text\", \"path\": \"names.tsv\", \"tokenize\": \"characters\", \"text_column\": \"name\", "
                + "\"label_column\": \"lang\", \"length\": 6, \"validation_split\": 0.4}");
        Vocabulary v = s.train().vocabulary();
        assertEquals(Vocabulary.Level.CHARACTERS, v.level());
        assertEquals(6, v.length());
        assertEquals(v, s.validation().vocabulary(), "both halves are read with the one vocabulary");
        assertEquals(List.of("it", "pl"), s.train().classNames());
        assertEquals(3, s.train().size());
        assertTrue(s.description().startsWith("names.tsv (characters (lower-cased), "), s.description());
        assertEquals("the first column", DataSources.defaultText("text", "text_column"));
        assertEquals("words", DataSources.defaultText("text", "tokenize"));
        assertEquals("the longest text's", DataSources.defaultText("text", "length"));
        assertEquals("required: a file or a folder of class folders", DataSources.defaultText("text", "path"));
        assertEquals(List.of("words", "characters"), DataSources.choices("text", "tokenize"));
        assertEquals(List.of("true", "false"), DataSources.choices("text", "lowercase"));
        assertEquals(List.of("auto", "classification", "regression"), DataSources.choices("csv", "task"));
        assertEquals(List.of("majority", "sentiment"), DataSources.choices("tokens", "task"));
        assertEquals(List.of(), DataSources.choices("text", "length"));
        // Every offered value is one the source takes.
        for (String level : DataSources.choices("text", "tokenize"))
            assertEquals(level, open("{\"source\": \"text\", \"path\": \"names.tsv\", \"tokenize\": \"" + level + "\"}").train().vocabulary().level().id());
        assertEquals("dataset.tokenize is \"character\" (did you mean characters?); choose one of words, characters",
                misconfigured("{\"source\": \"text\", \"path\": \"names.tsv\", \"tokenize\": \"character\"}"));
        assertEquals("dataset.normalize: token ids are not normalized; expected \"none\", got \"standardize\"",
                misconfigured("{\"source\": \"surnames\", \"normalize\": \"standardize\"}"));
        assertEquals("dataset.length must be an integer from 1 to 10000, got 0",
                misconfigured("{\"source\": \"text\", \"path\": \"names.tsv\", \"length\": 0}"));
        // Padding: on the left unless asked for the right (a model that masks it); the vocabulary keeps the side.
        assertEquals(List.of("left", "right"), DataSources.choices("text", "padding"));
        assertEquals("left", DataSources.defaultText("text", "padding"));
        assertEquals(Vocabulary.Padding.LEFT, v.padding());
        DataSplit right = open("{\"source\": \"text\", \"path\": \"names.tsv\", \"tokenize\": \"characters\", \"text_column\": \"name\", "
                + "\"label_column\": \"lang\", \"length\": 6, \"padding\": \"right\"}");
        assertEquals(Vocabulary.Padding.RIGHT, right.train().vocabulary().padding());
        float[] ids = right.train().batch(java.util.stream.IntStream.range(0, right.train().size()).toArray()).inputs().toFloatArray();
        int padded = 0;
        for (int i = 0; i < ids.length; i += 6) {
            for (int j = 1; j < 6; j++)
                assertTrue(ids[i + j - 1] != Vocabulary.PAD_ID || ids[i + j] == Vocabulary.PAD_ID, "letters first, then <pad>: " + java.util.Arrays.toString(ids));
            if (ids[i + 5] == Vocabulary.PAD_ID) padded++;
        }
        assertTrue(padded > 0, "Rossi and Nowak are padded: " + java.util.Arrays.toString(ids));
        assertEquals("dataset.padding is \"both\"; choose one of left, right",
                misconfigured("{\"source\": \"text\", \"path\": \"names.tsv\", \"padding\": \"both\"}"));
    }

    /**
     * min_freq, torchtext's: the training texts' words seen fewer times are left out of the vocabulary (<unk>), and the
     * description says how many were kept of how many; unset, or 1, the vocabulary and the description are as before.
     * torchtext's max_tokens is vocab, and the message for it says so.
     */
    @Test
    void textMinFreqKeepsTheCommonWordsAndSaysHowMany() throws IOException {
        Files.writeString(dir.resolve("reviews.csv"), "text,label\ngood film,pos\ngood plot,pos\nbad film,neg\nbad acting,neg\ngood good,pos\nawful,neg\n");
        DataSplit all = open("{\"source\": \"text\", \"path\": \"reviews.csv\"}");
        assertEquals(List.of("<pad>", "<unk>", "good", "film", "bad", "plot", "acting", "awful"), all.train().vocabulary().tokens());
        assertTrue(all.description().startsWith("reviews.csv (words (lower-cased), 8 tokens, 2 a text): 6 samples of [2]"), all.description());
        DataSplit one = open("{\"source\": \"text\", \"path\": \"reviews.csv\", \"min_freq\": 1}");
        assertEquals(all.train().vocabulary(), one.train().vocabulary());
        assertEquals(all.description(), one.description());

        DataSplit common = open("{\"source\": \"text\", \"path\": \"reviews.csv\", \"min_freq\": 2}");
        Vocabulary v = common.train().vocabulary();
        assertEquals(List.of("<pad>", "<unk>", "good", "film", "bad"), v.tokens());
        assertTrue(common.description().startsWith("reviews.csv (words (lower-cased), 5 tokens, 2 a text; kept 3 of 6 tokens (min_freq 2)): 6 samples of [2]"),
                common.description());
        assertEquals("bad <unk>", v.decode(common.train().batch(new int[] {3}).inputs().toFloatArray(), 0));
        DataSplit capped = open("{\"source\": \"text\", \"path\": \"reviews.csv\", \"vocab\": 3}");
        assertTrue(capped.description().contains("; kept 1 of 6 tokens (vocab 3)"), capped.description());
        assertEquals("1: every token", DataSources.defaultText("text", "min_freq"));
        assertEquals("dataset.min_freq must be an integer of at least 1, got 0",
                misconfigured("{\"source\": \"text\", \"path\": \"reviews.csv\", \"min_freq\": 0}"));
        assertTrue(misconfigured("{\"source\": \"text\", \"path\": \"reviews.csv\", \"max_tokens\": 100}").startsWith("dataset: unknown key \"max_tokens\" "
                + "for source \"text\" (vocab is torchtext's max_tokens: the most tokens, <pad> and <unk> included); the keys are "),
                misconfigured("{\"source\": \"text\", \"path\": \"reviews.csv\", \"max_tokens\": 100}"));
    }

    /** A CSV's features typed as "a,b" on a command line, and its missing values dropped when asked. */
    @Test
    void csvFeaturesAsCommaSeparatedNamesAndMissingValuesDropped() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("p.csv"), "species,island,mass,sex\nA,X,3.5,m\nA,Y,NA,f\nB,X,4.0,f\nB,Y,4.5,NA\n");
        DataSplit d = DataSources.open(new java.util.LinkedHashMap<>(java.util.Map.of("source", "csv", "path", "p.csv", "label_column", "species",
                "features", "mass, island", "missing", "drop")), dir);
        assertEquals(List.of("mass", "island=X", "island=Y"), d.train().featureNames());
        assertEquals(3, d.train().size(), "the row without a mass left out; sex is not used");
        assertEquals(List.of("error", "drop", "fill", "fill_median", "fill_most_frequent"), DataSources.choices("csv", "missing"));
        assertEquals("error", DataSources.defaultText("csv", "missing"));
    }

    /** The bundled penguins drop their 11 rows with gaps unless told to fill them (all 344 kept) or to refuse them. */
    @Test
    void thePenguinsGapsAreDroppedFilledOrRefused() throws Exception {
        assertEquals(333, open("{\"source\": \"penguins\"}").train().size());
        DataSplit filled = open("{\"source\": \"penguins\", \"missing\": \"fill\", \"normalize\": \"standardize\"}");
        assertEquals(344, filled.train().size());
        assertEquals(9, filled.normalization().fill().length);
        assertTrue(filled.description().startsWith("penguins (19 missing values to fill): 344 samples"), filled.description());
        FileFormatException e = assertThrows(FileFormatException.class, () -> open("{\"source\": \"penguins\", \"missing\": \"error\"}"));
        assertTrue(e.getMessage().startsWith("/layerlab/datasets/penguins.csv.gz:5: column 3 (\"bill_length_mm\") has no value (\"NA\")"), e.getMessage());
        assertEquals(List.of("error", "drop", "fill", "fill_median", "fill_most_frequent"), DataSources.choices("penguins", "missing"));
        assertEquals("drop", DataSources.defaultText("penguins", "missing"));
    }

    /**
     * The bundled surnames pad on the left unless told the right (the masked-surnames sample): the same names, each one's
     * letters first and its padding after; the vocabulary keeps the side, so predict pads new names alike.
     */
    @Test
    void theSurnamesArePaddedOnTheRightWhenAsked() throws Exception {
        TensorDataset left = (TensorDataset) open("{\"source\": \"surnames\", \"validation_split\": 0.2}").train();
        TensorDataset right = (TensorDataset) open("{\"source\": \"surnames\", \"padding\": \"right\", \"validation_split\": 0.2}").train();
        assertEquals(Vocabulary.Padding.LEFT, left.vocabulary().padding());
        assertEquals(Vocabulary.Padding.RIGHT, right.vocabulary().padding());
        assertArrayEquals(left.classTargets(), right.classTargets());
        int t = right.vocabulary().length();
        for (int k = 0; k < right.size(); k += 97) {
            assertEquals(left.vocabulary().decode(left.features(), k * t), right.vocabulary().decode(right.features(), k * t));
            assertTrue(right.features()[k * t] != 0 && left.features()[k * t + t - 1] != 0, "sample " + k + ": letters first on the right, last on the left");
        }
        assertEquals(Vocabulary.Padding.RIGHT, DataSources.textOptions(Map.of("source", "surnames", "padding", "right")).padding());
        assertEquals(List.of("left", "right"), DataSources.choices("surnames", "padding"));
        assertEquals("left", DataSources.defaultText("surnames", "padding"));
        assertEquals("dataset.padding is \"middle\"; choose one of left, right",
                misconfigured("{\"source\": \"surnames\", \"padding\": \"middle\"}"));
    }

    /**
     * missing: fill keeps every labelled row; the gaps take the training set's means, in the validation set too (its own
     * values do not count), and before standardizing, so a filled value standardizes to 0.
     */
    @Test
    void csvGapsAreFilledWithTheTrainingMeans() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("p.csv"), "species,island,mass\nA,X,3.0\nA,Y,NA\nB,X,4.0\nB,,5.0\nC,Y,?\n");
        java.nio.file.Files.writeString(dir.resolve("v.csv"), "species,island,mass\nA,,100\nB,Y,\n");
        DataSplit d = DataSources.open(new java.util.LinkedHashMap<>(java.util.Map.of("source", "csv", "path", "p.csv", "label_column", "species",
                "missing", "fill", "normalize", "standardize", "validation", java.util.Map.of("source", "csv", "path", "v.csv",
                        "label_column", "species", "missing", "fill"))), dir);
        assertEquals(5, d.train().size());
        // mass: (3 + 4 + 5) / 3 = 4; island=X: 2 of the 4 rows with an island, island=Y: 2 of 4.
        assertArrayEquals(new float[] {0.5f, 0.5f, 4}, d.normalization().fill());
        // The gaps are known after the split and the filling (for the preview to mark): 3 in training, 2 in validation.
        TensorDataset train = (TensorDataset) d.train(), val = (TensorDataset) d.validation();
        int marked = 0;
        for (int i = 0; i < train.size(); i++) for (int j = 0; j < 3; j++) if (train.isGap(i, j)) marked++;
        assertEquals(4, marked, "island's gap is a gap in both its one-hot columns, and mass has two");
        assertTrue(val.isGap(0, 0) && val.isGap(0, 1) && !val.isGap(0, 2) && val.isGap(1, 2));
        assertEquals(0, train.gaps().stream().filter(k -> Float.isNaN(train.features()[k])).count(), "and filled");
        float[] v = ((TensorDataset) d.validation()).features();
        assertEquals(0f, v[0], 1e-6, "the validation row without an island is the training share, 0 once standardized");
        assertEquals(0f, v[5], 1e-6, "the validation row without a mass is the training mean");
        assertTrue(v[2] > 50, "a validation value stays its own");
        assertTrue(d.description().contains("gaps filled with training means"), d.description());
        assertTrue(d.description().startsWith("p.csv (3 missing values to fill)"), d.description());
        assertEquals(List.of("island=X", "island=Y", "mass"), d.validation().featureNames(),
                "the validation file's words encoded as the training file's, though it has only Y");
        assertEquals(List.of("A", "B", "C"), d.validation().classNames(), "its classes numbered as training's, though it lacks C");
        java.nio.file.Files.writeString(dir.resolve("w.csv"), "species,island,mass\nA,X,1\nD,Y,2\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> DataSources.open(new java.util.LinkedHashMap<>(java.util.Map.of(
                "source", "csv", "path", "p.csv", "label_column", "species", "missing", "fill", "validation",
                java.util.Map.of("source", "csv", "path", "w.csv", "label_column", "species"))), dir));
        assertEquals(dir.resolve("w.csv") + ":3: column 1 (\"species\"): \"D\" is not one of the training set's classes (A, B, C)", e.getMessage());
        // A model trained without filling cannot take the gaps "fill" leaves: said, not NaN in its outputs.
        IllegalArgumentException stored = assertThrows(IllegalArgumentException.class, () -> DataSources.open(new java.util.LinkedHashMap<>(java.util.Map.of(
                "source", "csv", "path", "p.csv", "label_column", "species", "missing", "fill")), dir, Normalization.none()));
        assertTrue(stored.getMessage().startsWith("dataset.missing: \"fill\" leaves gaps for the model's training statistics to fill, but this "
                + "model was trained without filling gaps"), stored.getMessage());
        // The most frequent values instead: islands X and Y tie (the smaller, X, wins), and so do the masses 3, 4, 5.
        DataSplit frequent = DataSources.open(new java.util.LinkedHashMap<>(java.util.Map.of("source", "csv", "path", "p.csv", "label_column", "species",
                "missing", "fill_most_frequent", "validation_split", 0.0)), dir);
        assertArrayEquals(new float[] {1, 0, 3}, frequent.normalization().fill());
        assertEquals(Normalization.FillWith.MOST_FREQUENT, frequent.normalization().fillWith());
        assertTrue(frequent.description().contains("gaps filled with training most frequent values"), frequent.description());
    }

    /** A fold of a cross-validation: that fold validates, the rest train, and the statistics are the rest's. */
    @Test
    void aFoldValidatesOnItsSamplesWithStatisticsFromTheOthers() throws Exception {
        Map<String, Object> iris = new java.util.LinkedHashMap<>(Map.of("source", "iris", "normalize", "standardize", "validation_split", 0.2));
        java.util.Set<String> offsets = new java.util.HashSet<>();
        int held = 0;
        DataSources.Folds folds = DataSources.folds(iris, dir, 4);
        for (int f = 0; f < 4; f++) {
            DataSplit d = folds.open(f);
            held += d.validation().size();
            assertEquals(150, d.train().size() + d.validation().size());
            assertEquals(f < 2 ? 38 : 37, d.validation().size(), "KFold's sizes: 150 = 38 + 38 + 37 + 37");
            // Fitted on the fold's training samples: they, not all 150, have mean 0.
            assertArrayEquals(Normalization.fit(Normalization.Kind.STANDARDIZE, ((TensorDataset) d.train())).offset(), new float[4], 1e-5f);
            offsets.add(java.util.Arrays.toString(d.normalization().offset()));
        }
        assertEquals(150, held);
        assertEquals(4, offsets.size(), "each fold's own statistics");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSources.folds(Map.of("source", "xor",
                "validation", Map.of("source", "xor")), dir, 3));
        assertTrue(e.getMessage().startsWith("dataset: cross-validation folds the one data set"), e.getMessage());
    }

    @Test
    void mistakesNameTheKeyAndWhatIsAllowed() {
        assertEquals("dataset: unknown key \"nosie\" for source \"xor\" (did you mean noise?); the keys are n, noise, normalize, seed, source, "
                + "validation, validation_split",
                misconfigured("{\"source\": \"xor\", \"nosie\": 0.1}"));
        assertEquals("dataset.source: unknown source \"cifar10\"; expected one of xor, spirals, moons, circles, blobs, sine, linear, "
                + "iris, penguins, digits, mnist, surnames, spam_subjects, sunspots, csv, series, idx, images, npy, text, tokens, color_mnist", misconfigured("{\"source\": \"cifar10\"}"));
        assertTrue(misconfigured("{}").startsWith("dataset: missing \"source\"; expected one of xor,"));
        assertEquals("dataset.n must be an integer, got \"many\"", misconfigured("{\"source\": \"xor\", \"n\": \"many\"}"));
        assertEquals("dataset.n must be an integer, got 2.5", misconfigured("{\"source\": \"xor\", \"n\": 2.5}"));
        assertEquals("dataset.n must be an integer from 1 to 10000000, got 1e+12", misconfigured("{\"source\": \"xor\", \"n\": 1e12}"));
        assertEquals("dataset.normalize is \"zscore\"; choose one of none, standardize, scale",
                misconfigured("{\"source\": \"iris\", \"normalize\": \"zscore\"}"));
        assertEquals("dataset.validation_split must be a number from 0 to 1, got -0.1",
                misconfigured("{\"source\": \"iris\", \"validation_split\": -0.1}"));
        assertEquals("dataset.validation_split must be a fraction below 1, got 1", misconfigured("{\"source\": \"iris\", \"validation_split\": 1}"));
        assertEquals("dataset: missing \"path\" (a file or folder path)", misconfigured("{\"source\": \"csv\"}"));
        assertTrue(misconfigured("{\"source\": \"iris\", \"validation_split\": 0.1, \"validation\": {\"source\": \"iris\"}}").contains("not both"));
        assertEquals("dataset.validation: unknown key \"normalize\" for source \"iris\"; the keys are seed, source",
                misconfigured("{\"source\": \"iris\", \"validation\": {\"source\": \"iris\", \"normalize\": \"scale\"}}"));
        assertEquals("dataset.task is \"ranking\"; choose one of auto, classification, regression",
                misconfigured("{\"source\": \"csv\", \"path\": \"x.csv\", \"task\": \"ranking\"}"));
    }
}
