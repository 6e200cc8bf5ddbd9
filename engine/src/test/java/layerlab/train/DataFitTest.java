package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import layerlab.data.BundledDatasets;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The data set against the drawn graph: each mistake on the node to change, with the value that fixes it. */
class DataFitTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private static Graph sample(String file) throws Exception {
        return ProjectJson.read(Files.readString(SAMPLES.resolve(file)), file);
    }

    private static Graph withParam(Graph g, String node, String key, Object value) {
        return g.setParam(g.nodeByName(node).id(), key, value).after();
    }

    private static List<DataFit.Fit> check(Graph g, DataFit.Data d) {
        return DataFit.check(Analysis.of(g), d);
    }

    private static DataFit.Fit only(Graph g, DataFit.Data d) {
        List<DataFit.Fit> fits = check(g, d);
        assertEquals(1, fits.size(), () -> "expected one finding, got " + fits);
        assertEquals(ProblemCode.DATA, fits.get(0).problem().code());
        return fits.get(0);
    }

    private static DataFit.Data images(int[] shape, List<String> classes) {
        return new DataFit.Data("images", shape, new int[0], classes, null, -1);
    }

    static Stream<String> samples() throws Exception {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
        }
    }

    /** No false alarms: every sample project fits the data set it names, as opened for training. */
    @ParameterizedTest
    @MethodSource("samples")
    void everySampleFitsItsOwnData(String file) throws Exception {
        Graph g = sample(file);
        DataSplit split = DataSources.open(g.dataset(), SAMPLES);
        assertEquals(List.of(), DataFit.problems(Analysis.of(g), DataFit.Data.of(split.train())));
    }

    /**
     * Texts padded on the right: a LastStep without lengths reads a short text's padding (a warning on it); a Lengths node
     * that counts another id than {@code <pad>} miscounts every text (an error with the fix).
     */
    @Test
    void rightPaddedTextsWantTheirLengthsCounted() throws Exception {
        Graph g = sample("surname-classifier.json");
        TensorDataset names = BundledDatasets.surnames();
        DataFit.Data d = DataFit.Data.of(names);
        DataFit.Data right = new DataFit.Data(d.name(), d.sampleShape(), d.targetShape(), d.classes(),
                d.vocabulary().withPadding(layerlab.data.Vocabulary.Padding.RIGHT), d.largestId());
        assertEquals(List.of(), check(g, d), "left padding: LastStep reads the last letter");
        Problem p = only(g, right).problem();
        assertTrue(!p.isError());
        assertEquals("LastStep \"last\": reads each sequence's last step, which is padding for a text shorter than 24 tokens (the data set pads "
                + "on the right): connect a Lengths node to its lengths.", p.toString());

        Graph masked = ProjectJson.read(layerlab.train.MaskedTextTest.gruAttention(24, true).replace("\"num_embeddings\": 20", "\"num_embeddings\": 100")
                .replace("\"out_features\": 3", "\"out_features\": 8"), "masked.json");
        assertEquals(List.of(), check(masked, right));
        DataFit.Fit f = only(withParam(masked, "lengths", "padding_idx", 1), right);
        assertEquals("padding_idx", f.problem().param());
        assertEquals(0, f.value());

        // Token ids with no vocabulary (an array, a generator): nothing says where the padding is; said, not refused.
        DataFit.Data ids = new DataFit.Data("tokens.npy", d.sampleShape(), d.targetShape(), d.classes(), null, 60);
        Problem unknown = only(masked, ids).problem();
        assertTrue(!unknown.isError());
        assertEquals("Lengths \"lengths\": counts the ids that are not 0 as each sequence's tokens, from its first step, but the data set (tokens.npy) "
                + "is no text data set, so nothing says its sequences are padded so: a text data set with \"padding\": \"right\" is.", unknown.toString());
    }

    @Test
    void fewerClassScoresThanClassesIsAnErrorOnTheLinearThatGivesThem() throws Exception {
        Graph g = withParam(sample("surname-classifier.json"), "fc", "out_features", 4);
        DataFit.Fit f = only(g, DataFit.Data.of(BundledDatasets.surnames()));
        Problem p = f.problem();
        assertTrue(p.isError());
        assertEquals("fc", p.nodeName());
        assertEquals("out_features", p.param());
        assertEquals(8, f.value());
        assertEquals("Linear \"fc\": gives 4 class scores per sample but the data set has 8 classes (Czech, English, German, …): "
                + "classes 4–7 could never be predicted; set out_features to 8.", p.toString());
    }

    @Test
    void moreClassScoresThanClassesIsAWarning() throws Exception {
        Graph g = withParam(sample("simple-cnn.json"), sample("simple-cnn.json").nodes().stream()
                .filter(n -> n.kind().equals("Linear")).reduce((a, b) -> b).orElseThrow().name(), "out_features", 12);
        DataFit.Fit f = only(g, images(new int[] {1, 28, 28}, DIGITS));
        assertTrue(!f.problem().isError());
        assertEquals(10, f.value());
        assertTrue(f.problem().message().contains("gives 12 class scores per sample but the data set has 10 classes (0, 1, 2, …): "
                + "scores 10–11 are never a right answer"), f.problem().message());
    }

    @Test
    void theScoresAreTracedBackThroughActivationsToTheLayerThatSetsTheirCount() throws Exception {
        Graph g = ProjectJson.read("""
                {"format": "layerlab-project", "version": 1, "name": "t", "nodes": [
                  {"id": "a", "name": "x", "kind": "Input", "params": {"shape": [4]}},
                  {"id": "b", "name": "fc", "kind": "Linear", "params": {"in_features": 4, "out_features": 2}},
                  {"id": "c", "name": "drop", "kind": "Dropout", "params": {}},
                  {"id": "d", "name": "logp", "kind": "LogSoftmax", "params": {"dim": 1}},
                  {"id": "e", "name": "out", "kind": "Output", "params": {}}],
                 "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "drop.in"}, {"from": "drop.out", "to": "logp.in"},
                           {"from": "logp.out", "to": "out.in"}],
                 "training": {"loss": "NLLLoss"}}""", "t.json");
        DataFit.Fit f = only(g, new DataFit.Data("iris", new int[] {4}, new int[0], List.of("setosa", "versicolor", "virginica"), null, -1));
        assertEquals("fc", f.problem().nodeName());
        assertEquals(3, f.value());
    }

    @Test
    void anInputOfAnotherShapeSaysTheDataSetsShape() throws Exception {
        DataFit.Fit f = only(sample("simple-cnn.json"), images(new int[] {1, 8, 8}, DIGITS));
        assertEquals("x", f.problem().nodeName());
        assertEquals("shape", f.problem().param());
        assertEquals(List.of(1, 8, 8), f.value());
        assertEquals("Input \"x\": takes [1, 28, 28] per sample (784 values) but the data set's samples are [1, 8, 8] (64 values): set the shape to [1, 8, 8].",
                f.problem().toString());
        // The same count in another shape is reshaped, as training does: [784] takes 28×28 images.
        assertEquals(List.of(), check(withParam(sample("neural-network.json"), "x", "shape", List.of(784)), images(new int[] {1, 28, 28}, DIGITS)));
    }

    /**
     * The bundled digits ([64], flat) chosen for a CNN drawn on an Input of pictures: the fix keeps it a picture, [1, 8, 8],
     * which the convolutions take; [64] would have fed them a flat vector (an error on the first Conv2d, without a fix). A flat Input, or values that make no square, get
     * the samples' own shape.
     */
    @Test
    void flatDigitsForACnnAreSetAsPictures() throws Exception {
        DataFit.Data digits = DataFit.Data.of(BundledDatasets.load("digits"));
        DataFit.Fit f = only(sample("simple-cnn.json"), digits);
        assertEquals(List.of(1, 8, 8), f.value());
        assertEquals("Input \"x\": takes [1, 28, 28] per sample (784 values) but the data set's samples are [64] (64 values, which make a "
                + "1×8×8 picture row by row): set the shape to [1, 8, 8].", f.problem().toString());
        Graph fixed = withParam(sample("simple-cnn.json"), "x", "shape", f.value());
        assertEquals(List.of(), check(fixed, digits));
        // The convolutions take it; the sample's Linear, set to 3136 for 28×28, is told its 256 (a fix of its own).
        assertEquals(List.of("fc"), Analysis.of(fixed).problems().stream().filter(Problem::isError).map(Problem::nodeName).toList());
        assertEquals(List.of(48), only(sample("simple-cnn.json"), images(new int[] {48}, DIGITS)).value(), "48 values make no square");
        assertEquals(List.of(64), only(withParam(sample("neural-network.json"), "x", "shape", List.of(784)), digits).value(), "a flat Input stays flat");
    }

    @Test
    void textsOfAnotherLengthSayBothSettings() throws Exception {
        Graph g = withParam(sample("surname-classifier.json"), "surname", "shape", List.of(30));
        DataFit.Fit f = only(g, DataFit.Data.of(BundledDatasets.surnames()));
        assertEquals("Input \"surname\": takes 30 token ids per sample but the data set reads each text as 24: "
                + "set the shape to [24] (a text file's data set, source text, cuts its texts to 30 tokens with \"length\": 30).", f.problem().toString());
        assertEquals(List.of(24), f.value());
    }

    @Test
    void anEmbeddingNeedsARowForEveryTokenOfTheVocabulary() throws Exception {
        Graph g = withParam(sample("surname-classifier.json"), "embedding", "num_embeddings", 40);
        DataFit.Fit f = only(g, DataFit.Data.of(BundledDatasets.surnames()));
        assertEquals("Embedding \"embedding\": num_embeddings is 40 but the texts' vocabulary has 64 tokens (ids 0..63): "
                + "set num_embeddings to 64, or the data set's \"vocab\" to 40.", f.problem().toString());
        assertEquals(64, f.value());
        // More rows than tokens is fine.
        assertEquals(List.of(), check(withParam(g, "embedding", "num_embeddings", 100), DataFit.Data.of(BundledDatasets.surnames())));
    }

    @Test
    void anEmbeddingOfFarMoreRowsThanTheVocabularyIsSaidAsRowsThatNeverTrain() throws Exception {
        // A dropped Embedding keeps its default 1,000 rows against 64 letters: 936 rows nothing looks up.
        Graph g = withParam(sample("surname-classifier.json"), "embedding", "num_embeddings", 1000);
        DataFit.Fit f = only(g, DataFit.Data.of(BundledDatasets.surnames()));
        assertTrue(!f.problem().isError(), "a warning: training still works");
        assertEquals("num_embeddings", f.problem().param());
        Object dim = g.nodes().stream().filter(n -> n.name().equals("embedding")).findFirst().orElseThrow().param("embedding_dim");
        long weights = 936L * ((Number) dim).longValue();
        assertEquals("Embedding \"embedding\": num_embeddings is 1000 but the texts' vocabulary has only 64 tokens: its other 936 rows ("
                + String.format(java.util.Locale.ROOT, "%,d", weights) + " weights) are never looked up, never trained: set num_embeddings to 64.",
                f.problem().toString());
        assertEquals(64, f.value());
        // Twice the vocabulary, or fewer than 100 spare rows, is room a user may want: not said.
        assertEquals(List.of(), check(withParam(g, "embedding", "num_embeddings", 128), DataFit.Data.of(BundledDatasets.surnames())));
        assertEquals(List.of(), check(withParam(g, "embedding", "num_embeddings", 163), DataFit.Data.of(BundledDatasets.surnames())));
    }

    @Test
    void anEmbeddingNeedsARowForTheLargestIdOfGeneratedTokens() throws Exception {
        Graph g = sample("embedding-gru.json");
        List<String> classes = List.of("0", "1");
        DataFit.Fit f = only(g, new DataFit.Data("tokens", new int[] {10}, new int[0], classes, null, 7));
        assertEquals("embedding", f.problem().nodeName());
        assertEquals(8, f.value());
        assertTrue(f.problem().message().startsWith("num_embeddings is 5 (ids 0..4) but the data set's ids go up to 7"), f.problem().message());
        assertEquals(List.of(), check(g, new DataFit.Data("tokens", new int[] {10}, new int[0], classes, null, 4)));
    }

    @Test
    void anInt64InputOfValuesThatAreNotIdsSaysSo() throws Exception {
        Graph g = withParam(sample("iris.json"), "measurements", "dtype", "int64");
        TensorDataset iris = BundledDatasets.iris();
        DataFit.Fit f = only(g, DataFit.Data.of(iris));
        assertEquals("dtype", f.problem().param());
        assertEquals("float32", f.value());
        assertEquals(-1, DataFit.Data.of(iris).largestId());
    }

    @Test
    void largestIdIsFoundInWholeNumberData() {
        TensorDataset ids = TensorDataset.classification("ids", new float[] {0, 3, 9, 2}, new int[] {2}, new long[] {0, 1}, List.of("a", "b"));
        assertEquals(9, DataFit.Data.of(ids).largestId());
        TensorDataset negative = TensorDataset.classification("neg", new float[] {0, -3, 9, 2}, new int[] {2}, new long[] {0, 1}, List.of("a", "b"));
        assertEquals(-1, DataFit.Data.of(negative).largestId());
    }

    @Test
    void binaryLossesTakeTwoClassesAtMost() throws Exception {
        Graph g = sample("binary-classifier.json");
        assertEquals(List.of(), check(g, new DataFit.Data("moons", new int[] {2}, new int[0], List.of("0", "1"), null, -1)));
        DataFit.Fit f = only(g, new DataFit.Data("blobs", new int[] {2}, new int[0], List.of("a", "b", "c"), null, -1));
        assertEquals("BCELoss", f.problem().kind());
        assertNull(f.value());
        assertTrue(f.problem().message().contains("use CrossEntropyLoss"), f.problem().message());
    }

    @Test
    void classIndexLossesOnNumericTargetsSaySoAndTargetInputsTakeTheTargetsShape() throws Exception {
        Graph iris = sample("iris.json");
        DataFit.Fit f = only(iris, new DataFit.Data("values", new int[] {4}, new int[] {1}, List.of(), null, -1));
        assertEquals("CrossEntropyLoss", f.problem().kind());
        assertTrue(f.problem().message().contains("use MSELoss, L1Loss or SmoothL1Loss"), f.problem().message());

        Graph regression = sample("regression.json");
        DataFit.Fit t = only(regression, new DataFit.Data("two", new int[] {1}, new int[] {2}, List.of(), null, -1));
        assertEquals("target", t.problem().nodeName());
        assertEquals(List.of(2), t.value());

        Graph labels = withParam(iris, "labels", "shape", List.of(3));
        DataFit.Fit l = only(labels, DataFit.Data.of(BundledDatasets.iris()));
        assertEquals("labels", l.problem().nodeName());
        assertEquals(List.of(), l.value());
    }

    /**
     * Pictures stored channels last ([28, 28, 3] from NumPy) for an Input of [3, 28, 28] are refused: read in order they
     * would be scrambled (PyTorch's Conv2d refuses them too); a reshape that only adds a dimension of 1 is fine.
     */
    @Test
    void channelsLastPicturesAreRefused() {
        assertEquals("takes [3, 28, 28] per sample but the data set's samples are [28, 28, 3]: the same sizes in another order, so each sample would "
                + "reach the model scrambled; pictures stored channels last ([H, W, C], as NumPy and PIL keep them) go channels first for PyTorch: "
                + "save X.transpose(0, 3, 1, 2)", DataFit.reordered(new int[] {3, 28, 28}, new int[] {28, 28, 3}));
        assertEquals(null, DataFit.reordered(new int[] {1, 28, 28}, new int[] {28, 28}));
        assertEquals(null, DataFit.reordered(new int[] {1, 28, 28}, new int[] {784}));
        assertEquals(null, DataFit.reordered(new int[] {3, 28, 28}, new int[] {3, 28, 28}));
        assertTrue(DataFit.reordered(new int[] {10, 4}, new int[] {4, 10}).endsWith("; transpose the data to the Input's order"));
    }

    /** RGB pictures for a grey Input: the fix may be the folder's "grayscale" rather than the model's shape. */
    @Test
    void rgbPicturesForAGreyInputNameGrayscale() throws Exception {
        DataFit.Fit f = check(sample("simple-cnn.json"), images(new int[] {3, 28, 28}, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"))).get(0);
        assertTrue(f.problem().message().endsWith("set the shape to [3, 28, 28], or read a folder of pictures grey (its \"grayscale\": true)"),
                f.problem().message());
    }

    /** Float labels under a CrossEntropyLoss may be classes saved as floats: the message says how to read them as classes too. */
    @Test
    void numbersUnderACrossEntropyLossSayHowToReadClasses() throws Exception {
        DataFit.Fit f = only(sample("iris.json"), new DataFit.Data("y.npy", new int[] {4}, new int[] {1}, List.of(), null, -1));
        assertEquals("takes class indices, but the data set's targets are numbers ([1] per sample): use MSELoss, L1Loss or SmoothL1Loss for them, "
                + "or if they are classes, read them so (a table's or text set's \"task\": \"classification\"; NumPy labels saved as integers, "
                + "y.astype(np.int64))", f.problem().message());
    }

    @Test
    void aRegressionLossOnClassesWarnsUnlessTheClassesAreTheirOwnIndices() throws Exception {
        Graph g = sample("regression.json");
        // Star ratings read as classes: learnt as 0..4, one too low.
        DataFit.Fit stars = only(g, new DataFit.Data("reviews", new int[] {1}, new int[0], List.of("1", "2", "3", "4", "5"), null, -1));
        assertTrue(!stars.problem().isError());
        assertEquals("MSELoss", stars.problem().kind());
        assertEquals("the data set reads its labels as 5 classes (1, 2, 3, …), so the targets are the class indices 0..4, not the numbers: "
                + "set the data set's \"task\" to \"regression\" to learn the numbers", stars.problem().message());
        // Words as amounts.
        DataFit.Fit words = only(g, new DataFit.Data("iris", new int[] {1}, new int[0], List.of("setosa", "versicolor", "virginica"), null, -1));
        assertTrue(words.problem().message().contains("for classes use CrossEntropyLoss"), words.problem().message());
        // 0/1 labels, and two named classes, are the classroom's MSE on a binary target: nothing to say.
        assertEquals(List.of(), check(g, new DataFit.Data("bits", new int[] {1}, new int[0], List.of("0", "1"), null, -1)));
        assertEquals(List.of(), check(g, new DataFit.Data("yes/no", new int[] {1}, new int[0], List.of("no", "yes"), null, -1)));
    }

    @Test
    void severalDataInputsAreCountedTogether() throws Exception {
        Graph g = sample("bilinear-features.json");
        DataFit.Fit f = only(g, new DataFit.Data("five", new int[] {5}, new int[0], List.of("a", "b", "c"), null, -1));
        assertEquals("sepal", f.problem().nodeName());
        assertNull(f.value());
        assertTrue(f.problem().message().startsWith("the data Inputs take 4 values per sample together (\"sepal\" [2], \"petal\" [2])"), f.problem().message());
    }

    @Test
    void theTrainerRefusesDataThatDoesNotFitOnTheNodeToChange() throws Exception {
        Graph g = withParam(sample("surname-classifier.json"), "fc", "out_features", 4);
        TensorDataset names = BundledDatasets.surnames();
        String m = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(g, TrainingConfig.fromMap(g.training()), names, null)).getMessage();
        assertTrue(m.startsWith("the data does not fit the model: Linear \"fc\": gives 4 class scores"), m);
    }
}
