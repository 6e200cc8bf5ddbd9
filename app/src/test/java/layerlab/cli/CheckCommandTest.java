package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void everySamplePassesCheck() throws Exception {
        try (var files = Files.list(SAMPLES)) {
            String[] args = files.filter(p -> p.toString().endsWith(".json")).sorted().map(Path::toString).toList().toArray(String[]::new);
            String[] all = new String[args.length + 1];
            all[0] = "check";
            System.arraycopy(args, 0, all, 1, args.length);
            assertEquals(0, run(all), err.toString());
        }
        assertEquals("", err.toString());
        assertTrue(out.toString().contains("Total params: 669,706"), out.toString());
        assertTrue(out.toString().contains("No problems."));
    }

    @Test
    void errorsNameFileAndNodeAndExitWith1(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cnn.json");
        Files.writeString(file, Files.readString(SAMPLES.resolve("simple-cnn.json")).replace("\"in_features\": 3136", "\"in_features\": 3000"));
        assertEquals(1, run("check", file.toString()));
        assertTrue(out.toString().contains("fc            Linear"), out.toString());
        assertEquals(file + ": error: Linear \"fc\": in_features is 3000 but its input \"flatten\" gives 3136 values per sample "
                + "([N, 64, 7, 7] flattened).\n", err.toString().replace("\r", ""));
        assertTrue(out.toString().contains("1 error, 0 warnings."));
    }

    /** The data set is opened and checked against the graph: what shape inference cannot see is an error on its node. */
    @Test
    void theDataSetIsCheckedAgainstTheGraph(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("names.json");
        Files.writeString(file, Files.readString(SAMPLES.resolve("surname-classifier.json")).replace("\"out_features\": 8", "\"out_features\": 4"));
        assertEquals(1, run("check", "-q", file.toString()));
        assertEquals(file + ": error: Linear \"fc\": gives 4 class scores per sample but the data set has 8 classes (Czech, English, German, …): "
                + "classes 4–7 could never be predicted; set out_features to 8.\n", err.toString().replace("\r", ""));
        // --no-data checks the graph alone, as before.
        err.getBuffer().setLength(0);
        assertEquals(0, run("check", "-q", "--no-data", file.toString()));
        assertEquals("", err.toString());

        // More scores than classes trains, so it is a warning (exit code 0), on the output stream.
        Files.writeString(file, Files.readString(SAMPLES.resolve("surname-classifier.json")).replace("\"out_features\": 8", "\"out_features\": 9"));
        out.getBuffer().setLength(0);
        assertEquals(0, run("check", "-q", file.toString()));
        assertTrue(out.toString().contains("warning: Linear \"fc\": gives 9 class scores per sample but the data set has 8 classes"), out.toString());
    }

    @Test
    void aDataSetThatCannotBeOpenedIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("csv.json");
        Files.writeString(file, Files.readString(SAMPLES.resolve("iris.json")).replace("\"source\": \"iris\"", "\"source\": \"csv\", \"path\": \"gone.csv\""));
        assertEquals(1, run("check", "-q", file.toString()));
        String e = err.toString();
        assertTrue(e.startsWith(file.toString()) && e.contains(": error: the data set cannot be opened: ") && e.contains("gone.csv"), e);
    }

    /**
     * The LSTMTextClassifier sample (Embedding → LSTM → LastStep → Linear) on the tokens source's toy reviews, 20 tokens a
     * review to fit its Input, as it was before it read the bundled spam subjects: the model the tokens source's settings
     * are checked against.
     */
    private static String onToyReviews() throws Exception {
        String text = Files.readString(SAMPLES.resolve("lstm-text-classifier.json"));
        String toy = "\"dataset\": {\"source\": \"tokens\", \"task\": \"sentiment\", \"n\": 8000, \"vocab\": 1000, \"length\": 20, \"validation_split\": 0.1, \"seed\": 0},";
        String reviews = text.replaceFirst("\"dataset\": \\{[^}]*\\},", java.util.regex.Matcher.quoteReplacement(toy));
        assertTrue(reviews.contains(toy), reviews);
        return reviews;
    }

    /**
     * The tokens source's padding: a side it does not know is an error naming the key and the sides; the reviews padded on
     * the right into the sample's LastStep (no lengths) are a warning on it saying to connect a Lengths node.
     */
    @Test
    void theTokensPaddingIsCheckedAndReadAgainstTheModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reviews.json");
        String text = onToyReviews();
        Files.writeString(file, text.replace("\"task\": \"sentiment\",", "\"task\": \"sentiment\", \"padding\": \"up\","));
        assertEquals(1, run("check", "-q", file.toString()));
        String e = err.toString();
        assertTrue(e.contains(": error: the data set cannot be opened: dataset.padding is \"up\"; choose one of left, right"), e);

        Files.writeString(file, text.replace("\"task\": \"sentiment\",", "\"task\": \"sentiment\", \"padding\": \"right\","));
        out.getBuffer().setLength(0);
        assertEquals(0, run("check", "-q", file.toString()));
        assertTrue(out.toString().contains("warning: LastStep \"last\": reads each sequence's last step, which is padding for a sequence shorter than 20 "
                + "tokens (the data set pads on the right): connect a Lengths node to its lengths"), out.toString());
    }

    /**
     * A separate validation source of the training source takes the training settings it leaves out (the reviews' task,
     * vocab and length): fine; one that changes the task is an error naming dataset.validation.task and why.
     */
    @Test
    void aSeparateValidationSourceIsReadAsTheTrainingSourceIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reviews.json");
        String text = onToyReviews();
        Files.writeString(file, text.replace("\"validation_split\": 0.1,", "\"validation\": {\"source\": \"tokens\", \"n\": 500},"));
        assertEquals(0, run("check", "-q", file.toString()), err.toString());

        Files.writeString(file, text.replace("\"validation_split\": 0.1,", "\"validation\": {\"source\": \"tokens\", \"task\": \"majority\"},"));
        assertEquals(1, run("check", "-q", file.toString()));
        String e = err.toString();
        assertTrue(e.startsWith(file.toString()) && e.contains(": error: dataset.validation.task: \"majority\", but the training data's is \"sentiment\": "
                + "the labels would mean something else"), e);
    }

    /** Training and data settings are checked too, each mistake said at its line and column, before any training. */
    @Test
    void mistakesInTheSettingsAreErrorsAtTheirLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("iris.json");
        String text = Files.readString(SAMPLES.resolve("iris.json"));
        String broken = text.replaceFirst("\"epochs\": \\d+", "\"epochs\": \"ten\"").replaceFirst("\"normalize\": ", "\"normalise\": ");
        Files.writeString(file, broken);
        assertEquals(1, run("check", "-q", file.toString()));
        String[] lines = broken.split("\n", -1);
        int epochsLine = 0;
        for (int i = 0; i < lines.length; i++) if (lines[i].contains("\"epochs\": \"ten\"")) epochsLine = i + 1;
        int column = lines[epochsLine - 1].indexOf("\"ten\"") + 1;
        String[] errs = err.toString().replace("\r", "").split("\n");
        assertEquals(file + ":" + epochsLine + ":" + column + ": error: training.epochs must be an integer, got \"ten\"", errs[0]);
        assertTrue(errs[1].startsWith(file + ":") && errs[1].contains(": error: dataset: unknown key \"normalise\" for source \"iris\" (did you mean normalize?)"),
                errs[1]);
        assertEquals(2, errs.length, err.toString());
    }

    /**
     * A param_groups name that matches no parameter of the model is an error of check, at its line, in the words a run
     * says it when it starts (before, only the run said it).
     */
    @Test
    void aParamGroupNamingNoParameterIsAnErrorOfCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("iris.json");
        Files.writeString(file, Files.readString(SAMPLES.resolve("iris.json")).replaceFirst("\"epochs\": ", java.util.regex.Matcher.quoteReplacement(
                "\"param_groups\": [{\"params\": [\"*.bias\"], \"weight_decay\": 0}, {\"params\": [\"fc9.*\"], \"lr\": 0.1}], \"epochs\": ")));
        assertEquals(1, run("check", "-q", file.toString()));
        String checked = err.toString().replace("\r", "").trim();
        assertTrue(checked.startsWith(file + ":") && checked.contains(": error: training.param_groups[1].params: \"fc9.*\" names no parameter of the "
                + "model; its parameters are "), checked);
        assertEquals(1, checked.split("\n").length, checked);
        String message = checked.substring(checked.indexOf("training.param_groups[1]"));
        err.getBuffer().setLength(0);
        run("train", "-q", "--steps", "1", file.toString());
        assertTrue(err.toString().contains(message), "train says it alike: " + err);
        // Groups that name parameters of the model pass.
        Files.writeString(file, Files.readString(file).replace("\"fc9.*\"", "\"*.weight\"").replace(", {\"params\": [\"*.weight\"], \"lr\": 0.1}", ""));
        err.getBuffer().setLength(0);
        assertEquals(0, run("check", "-q", file.toString()), err.toString());
    }

    /** A schedule's bad value is named by its field: a negative T_0, a pct_start outside (0, 1). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "{\"name\": \"CosineAnnealingWarmRestarts\", \"T_0\": -3}|training.scheduler.T_0 must be an integer of at least 1, got -3",
            "{\"name\": \"OneCycleLR\", \"max_lr\": 0.1, \"pct_start\": 1.5}|training.scheduler.pct_start must be between 0 and 1 (both excluded), got 1.5"})
    void aSchedulesBadValueIsNamed(String scheduler, String message, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("iris.json");
        Files.writeString(file, Files.readString(SAMPLES.resolve("iris.json")).replaceFirst("\"epochs\": ",
                java.util.regex.Matcher.quoteReplacement("\"scheduler\": " + scheduler + ", \"epochs\": ")));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(err.toString().contains(": error: " + message), err.toString());
    }

    @Test
    void unreadableFilesSayWhereAndExitWith2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n  \"format\": \"layerlab-project\",\n  \"version\": 1\n  \"nodes\": []\n}\n");
        assertEquals(2, run("check", file.toString()));
        assertTrue(err.toString().startsWith(file + ":4:3: malformed JSON: Unexpected character ('\"'"), err.toString());
        assertEquals(2, run("check", dir.resolve("missing.json").toString()));
        assertTrue(err.toString().contains("missing.json: no such file"));
        assertEquals(2, run("check", SAMPLES.resolve("iris.json").toString(), dir.resolve("missing.json").toString()), "bad input outranks a clean project");
        assertEquals(2, run("summary", dir.resolve("missing.json").toString()));
        assertTrue(err.toString().replace("\r", "").endsWith("\n" + dir.resolve("missing.json") + ": no such file\n"), err.toString());
    }

    @Test
    void explainShowsTheWorkings() {
        assertEquals(0, run("check", "--explain", SAMPLES.resolve("simple-cnn.json").toString()));
        assertTrue(out.toString().contains("  H_out = ⌊(28 + 2·1 − 3)/1⌋ + 1 = 28"), out.toString());
    }

    @Test
    void summaryReachesAStreamWhole() {
        // Over a buffered stream (System.out's), as a user runs it: the table is print()ed last and must be flushed.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        assertEquals(0, LayerLabCommand.run(new PrintWriter(bytes, true), new PrintWriter(err, true), "summary",
                SAMPLES.resolve("simple-cnn.json").toString()));
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("FLOPs per sample"), text);
    }

    @Test
    void summaryPrintsTheTableAndPytorchCode() throws Exception {
        assertEquals(0, run("summary", "--pytorch", SAMPLES.resolve("net-with-resblock.json").toString()));
        String s = out.toString();
        assertTrue(s.startsWith("NetWithResBlock: "), s);
        assertTrue(s.contains("res1          ResBlock"), s);
        assertTrue(s.contains("  conv1       Conv2d"), s);
        assertTrue(s.contains("self.conv1 = nn.Conv2d(1, 16, 3, padding=1)"), s);
        assertTrue(s.contains("self.res1 = ResBlock()"), s);
        // The Code tab's module, blocks and forward included.
        assertTrue(s.endsWith(layerlab.graph.PyTorchSource.of(layerlab.graph.json.ProjectJson.load(SAMPLES.resolve("net-with-resblock.json")))), s);
        assertTrue(s.contains("class ResBlock(nn.Module):"), s);
        assertTrue(s.contains("# loss = nn.CrossEntropyLoss()"), s);
    }

    /** A block with two outputs (and an LSTM's out and h_n): the table shows each output's shape, named by its port. */
    @Test
    void summaryShowsEveryOutputOfABlockWithSeveral(@TempDir Path dir) throws Exception {
        String project = "{\"format\": \"layerlab-project\", \"version\": 1, \"name\": \"Two\", \"nodes\": ["
                + "{\"id\": \"a\", \"name\": \"x\", \"kind\": \"Input\", \"params\": {\"shape\": [8]}},"
                + "{\"id\": \"b\", \"name\": \"split\", \"kind\": \"Block\", \"params\": {\"block\": \"Split\"}},"
                + "{\"id\": \"c\", \"name\": \"y\", \"kind\": \"Output\"}, {\"id\": \"d\", \"name\": \"z\", \"kind\": \"Output\"}],"
                + "\"edges\": [{\"from\": \"x.out\", \"to\": \"split.x\"}, {\"from\": \"split.wide\", \"to\": \"y.in\"}, {\"from\": \"split.narrow\", \"to\": \"z.in\"}],"
                + "\"blocks\": [{\"name\": \"Split\", \"nodes\": ["
                + "{\"id\": \"i\", \"name\": \"x\", \"kind\": \"Input\"},"
                + "{\"id\": \"f1\", \"name\": \"fc1\", \"kind\": \"Linear\", \"params\": {\"out_features\": 16}},"
                + "{\"id\": \"f2\", \"name\": \"fc2\", \"kind\": \"Linear\", \"params\": {\"out_features\": 3}},"
                + "{\"id\": \"o1\", \"name\": \"wide\", \"kind\": \"Output\"}, {\"id\": \"o2\", \"name\": \"narrow\", \"kind\": \"Output\"}],"
                + "\"edges\": [{\"from\": \"x.out\", \"to\": \"fc1.in\"}, {\"from\": \"x.out\", \"to\": \"fc2.in\"},"
                + "{\"from\": \"fc1.out\", \"to\": \"wide.in\"}, {\"from\": \"fc2.out\", \"to\": \"narrow.in\"}]}]}";
        Path file = java.nio.file.Files.writeString(dir.resolve("two.json"), project);
        assertEquals(0, run("summary", file.toString()), err.toString());
        String s = out.toString();
        assertTrue(s.matches("(?s).*\\nsplit +Split +\\[N, 16\\] \\(wide\\) +171 +304\\nsplit\\.narrow +\\[N, 3\\]\\n  x +Input.*"), s);
    }

    /**
     * A model whose weights cannot fit in Java's heap: check says so with its largest layers, and train refuses it in one
     * line before making a weight (it printed an OutOfMemoryError's stack trace from inside Linear's constructor).
     */
    @Test
    void aModelTooBigForTheHeapIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        // NeuralNetwork with a 60,000-wide hidden layer: fc2 alone holds 3.6 G values, 14.4 GB, beyond the test JVM's heap.
        Path file = dir.resolve("huge.json");
        Files.writeString(file, Files.readString(SAMPLES.resolve("neural-network.json"))
                .replace("\"in_features\": 784, \"out_features\": 512", "\"in_features\": 784, \"out_features\": 60000")
                .replace("\"in_features\": 512, \"out_features\": 512", "\"in_features\": 60000, \"out_features\": 60000")
                .replace("\"in_features\": 512, \"out_features\": 10", "\"in_features\": 60000, \"out_features\": 10"));
        assertEquals(1, run("check", "-q", "--no-data", file.toString()));
        String said = err.toString();
        assertTrue(said.startsWith(file + ": error: the model's 3,647,760,010 parameters take 14.6 GB as float32, more than the "), said);
        assertTrue(said.contains("(most are in fc2 (Linear) 3,600,060,000): make those layers smaller, or give Java more than its "), said);
        assertTrue(said.contains("LAYERLAB_JAVA_OPTS=-Xmx16g"), said);
        assertEquals(1, said.lines().count(), said);

        err.getBuffer().setLength(0);
        assertEquals(CliSupport.BAD_INPUT, run("train", file.toString(), "--epochs", "1"));
        said = err.toString();
        assertTrue(said.startsWith("layerlab train: " + file + ": cannot compile: the model's 3,647,760,010 parameters take 14.6 GB"), said);
        assertEquals(1, said.lines().count(), "one line, no stack trace: " + said);
    }

    /**
     * Weights that fit but leave no room to train them (gradients and the optimiser's state are as large): a warning
     * from check, which said "No problems." before training ran out of memory at its first step.
     */
    @Test
    void weightsThatFitButCannotBeTrainedAreAWarning(@TempDir Path dir) throws Exception {
        // A hidden width whose weights take about two thirds of this JVM's heap: they fit; with their gradients they do not.
        long params = Runtime.getRuntime().maxMemory() / 6;
        int h = (int) Math.sqrt(params);
        Path file = dir.resolve("wide.json");
        Files.writeString(file, Files.readString(SAMPLES.resolve("neural-network.json"))
                .replace("\"in_features\": 784, \"out_features\": 512", "\"in_features\": 784, \"out_features\": " + h)
                .replace("\"in_features\": 512, \"out_features\": 512", "\"in_features\": " + h + ", \"out_features\": " + h)
                .replace("\"in_features\": 512, \"out_features\": 10", "\"in_features\": " + h + ", \"out_features\": 10"));
        assertEquals(0, run("check", "--no-data", file.toString()), err.toString());
        String said = out.toString();
        assertTrue(said.contains(file + ": warning: training the model's "), said);
        assertTrue(said.contains("before any activations, more than the "), said);
        assertTrue(said.contains("so the run would stop at its first step"), said);
        assertTrue(said.contains("1 warning"), said);

        out.getBuffer().setLength(0);
        assertEquals(0, run("check", "--no-data", SAMPLES.resolve("neural-network.json").toString()));
        assertTrue(out.toString().contains("No problems."), out.toString());
    }
}
