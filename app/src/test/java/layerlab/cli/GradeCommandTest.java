package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab grade}: a class's hand-ins in a folder, trained one after the other with the same options into one CSV.
 * A malformed file, a graph error and a run that diverges are rows with their one-line reason (file, line, node), and the
 * projects after them are still trained; a bundle's drawing is trained afresh; the numbers are the ones {@code train} gives
 * with the same options, since grade trains through it.
 */
class GradeCommandTest {
    static final Path IRIS = Path.of("..", "sample-projects", "iris.json");
    final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    /** Five hand-ins: fine, malformed, a wrong in_features, a learning rate that diverges, a bundle; and a note that is no project. */
    private Path handIns() throws Exception {
        Path in = Files.createDirectories(dir.resolve("hand-ins"));
        String iris = Files.readString(IRIS);
        Files.writeString(in.resolve("a-ana.json"), iris);
        int seed = iris.lastIndexOf("\"seed\": 0");
        Files.writeString(in.resolve("b-ben.json"), iris.substring(0, seed) + "\"seed\": 0," + iris.substring(seed + "\"seed\": 0".length()));
        Files.writeString(in.resolve("c-chloé.json"), iris.replace("\"in_features\": 16", "\"in_features\": 99"));
        Files.writeString(in.resolve("d-dev.json"), iris.replace("{\"name\": \"Adam\", \"lr\": 0.01}", "{\"name\": \"SGD\", \"lr\": 1e30}"));
        Files.copy(DamagedFilesCommandTest.OLD.resolve("iris.llab"), in.resolve("e-emma.llab"));
        Files.writeString(in.resolve("README.txt"), "graded on Iris");
        return in;
    }

    @Test
    void everyHandInIsARowAndNoneStopsTheRest() throws Exception {
        Path in = handIns(), csv = dir.resolve("grades.csv");
        int code = cli.run("grade", in.toString(), "--summary", csv.toString(), "--epochs", "2", "--seed", "0", "--device", "cpu");
        String all = cli.out + "" + cli.err;
        assertEquals(1, code, all);
        assertFalse(all.contains("Exception") || all.contains("\tat "), "no stack trace: " + all);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", GradeCommand.COLUMNS), lines.get(0));
        assertEquals(6, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith(in.resolve("a-ana.json") + ",Iris,ok,131,2,16,"), lines.get(1));
        assertTrue(lines.get(2).matches(Pattern.quote(in.resolve("b-ben.json").toString()) + ",,error,.*,\\d+\\.\\d,"
                + Pattern.quote(in.resolve("b-ben.json").toString()) + ":\\d+:\\d+: malformed JSON: .*"), lines.get(2));
        assertTrue(lines.get(3).contains(",Iris,error,") && lines.get(3).contains("error: Linear \"\"fc2\"\": in_features is 99"), lines.get(3));
        assertTrue(lines.get(4).contains(",Iris,failed,131,") && lines.get(4).contains("the loss became"), lines.get(4));
        assertTrue(lines.get(5).startsWith(in.resolve("e-emma.llab") + ",Iris,ok,131,2,16,"), lines.get(5));
        assertTrue(cli.out.toString().contains("[5/5] "), cli.out.toString());
        assertTrue(cli.out.toString().contains("2 of 5 projects trained; wrote " + csv + " (5 rows)"), cli.out.toString());
    }

    @Test
    void theNumbersAreTrainsWithTheSameOptions() throws Exception {
        Path csv = dir.resolve("grades.csv");
        assertEquals(0, cli.run("grade", IRIS.toString(), "--summary", csv.toString(), "--epochs", "3", "--seed", "7", "--device", "cpu"), cli.err.toString());
        String row = Files.readAllLines(csv).get(1);
        assertEquals(0, cli.run("train", IRIS.toString(), "--epochs", "3", "--seed", "7", "--device", "cpu", "-q"), cli.err.toString());
        Matcher m = Pattern.compile("val_loss (\\S+)  val_accuracy (\\S+)%").matcher(cli.out.toString());
        assertTrue(m.find(), cli.out.toString());
        String[] f = row.split(",");
        assertEquals(m.group(1), f[GradeCommand.COLUMNS.indexOf("val_loss")], row);
        assertEquals(Double.parseDouble(m.group(2)) / 100, Double.parseDouble(f[GradeCommand.COLUMNS.indexOf("val_accuracy")]), 1e-4, row);
    }

    @Test
    void aBundleAsHandedInIsScoredWithItsOwnWeightsAsEvalScoresIt() throws Exception {
        Path bundle = Files.copy(DamagedFilesCommandTest.OLD.resolve("iris.llab"), dir.resolve("e-emma.llab")), csv = dir.resolve("grades.csv");
        assertEquals(0, cli.run("grade", bundle.toString(), IRIS.toString(), "--as-handed-in", "--summary", csv.toString(), "--epochs", "1",
                "--seed", "0", "--device", "cpu"), cli.err.toString());
        List<String> lines = Files.readAllLines(csv);
        String[] handedIn = lines.get(1).split(",");
        assertEquals(TrainRuns.EVALUATED, handedIn[GradeCommand.COLUMNS.indexOf("status")], lines.get(1));
        assertEquals("", handedIn[GradeCommand.COLUMNS.indexOf("epochs")], "nothing trained: " + lines.get(1));
        assertTrue(lines.get(2).startsWith(IRIS + ",Iris,ok,131,1,"), "a project has no weights: trained as usual: " + lines.get(2));

        assertEquals(0, cli.run("eval", bundle.toString(), "--device", "cpu", "--json"), cli.err.toString());
        var eval = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.out.toString());
        assertEquals(CliSupport.number(eval.get("accuracy").asDouble()), handedIn[GradeCommand.COLUMNS.indexOf("val_accuracy")], lines.get(1));
        assertEquals(CliSupport.number(eval.get("loss").asDouble()), handedIn[GradeCommand.COLUMNS.indexOf("val_loss")], lines.get(1));
        assertEquals(eval.get("name").asText(), handedIn[GradeCommand.COLUMNS.indexOf("name")]);
    }

    @Test
    void excelGetsAByteOrderMarkAndOthersPlainUtf8() throws Exception {
        Path chloe = Files.copy(IRIS, dir.resolve("c-chloé.json")), plain = dir.resolve("plain.csv"), excel = dir.resolve("excel.csv");
        assertEquals(0, cli.run("grade", chloe.toString(), "--summary", plain.toString(), "--steps", "1", "--epochs", "1", "--device", "cpu"), cli.err.toString());
        assertEquals(0, cli.run("grade", chloe.toString(), "--summary", excel.toString(), "--steps", "1", "--epochs", "1", "--device", "cpu", "--excel"),
                cli.err.toString());
        byte[] withMark = Files.readAllBytes(excel), without = Files.readAllBytes(plain);
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 'f'), List.of(withMark[0], withMark[1], withMark[2], withMark[3]));
        assertEquals('f', without[0], "no mark unless asked: Python's csv would read it into the first column's name");
        String read = new String(withMark, 3, withMark.length - 3, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(read.lines().toList().get(1).startsWith(chloe + ","), read);
    }

    @Test
    void theSummaryIsNoneOfTheProjects() throws Exception {
        Path in = handIns();
        assertEquals(2, cli.run("grade", in.toString(), "--summary", in.resolve("a-ana.json").toString()));
        cli.assertOneLineError("layerlab grade: --summary " + in.resolve("a-ana.json") + " is the file this command reads");
        assertTrue(Files.readString(in.resolve("a-ana.json")).contains("\"format\": \"layerlab-project\""));
    }

    @Test
    void aRunInterruptedInsideAnEpochHasTheLastFinishedEpochsMetrics() {
        var history = List.of(new TrainingEvent.EpochEnded(1, Map.of("train_loss", 0.5, "val_loss", 0.6, "val_accuracy", 0.7), false),
                new TrainingEvent.EpochEnded(2, Map.of("train_loss", 0.4), true));
        var stopped = new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, 2, 30, Map.of("train_loss", 0.4), 1.0, 0, Map.of());
        Map<String, String> row = new LinkedHashMap<>();
        for (String c : TrainRuns.MEASURED) row.put(c, "");
        TrainRuns.finished(stopped, history, false, true, row);
        assertEquals("interrupted", row.get("status"));
        assertEquals(List.of("1", "30", "0.5000", "0.6000", "0.7000"), List.of(row.get("epochs"), row.get("steps"), row.get("train_loss"), row.get("val_loss"),
                row.get("val_accuracy")), row.toString());
        assertEquals("Ctrl-C in epoch 2; metrics of epoch 1, the last finished", row.get("reason"));
        assertTrue(TrainRuns.line("x.json", row).contains("interrupted, 1 epoch  val_loss 0.6000  val_accuracy 70.00%: Ctrl-C in epoch 2;"),
                TrainRuns.line("x.json", row));

        TrainRuns.finished(new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, 1, 3, Map.of("train_loss", 0.4), 1.0, 0, Map.of()),
                List.of(new TrainingEvent.EpochEnded(1, Map.of("train_loss", 0.4), true)), false, true, row);
        assertEquals("Ctrl-C in epoch 1, before any epoch finished: no metrics", row.get("reason"));

        // Stopped as epoch 2 ended, before epoch 3's first batch: no partial epoch, the row is epoch 2's.
        Map<String, String> between = new LinkedHashMap<>();
        for (String c : TrainRuns.MEASURED) between.put(c, "");
        TrainRuns.finished(new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, 2, 16, Map.of("train_loss", 0.4, "val_loss", 0.5), 1.0, 0, Map.of()),
                List.of(history.get(0), new TrainingEvent.EpochEnded(2, Map.of("train_loss", 0.4, "val_loss", 0.5), false)), false, true, between);
        assertEquals(List.of("interrupted", "2", "Ctrl-C after epoch 2", "0.5000"), List.of(between.get("status"), between.get("epochs"),
                between.get("reason"), between.get("val_loss")), between.toString());
    }

    @Test
    void aReasonIsTrainsFirstErrorWithoutNotes() {
        assertEquals("x.json: error: Linear \"fc\": bad (and 1 more)", TrainRuns.reason(
                "layerlab train: note: something to know\nx.json: error: Linear \"fc\": bad\nx.json: error: ReLU \"r\": worse\n"));
        assertEquals("x.json:3:4: no such file", TrainRuns.reason("layerlab train: x.json:3:4: no such file\n"));
    }

    @Test
    void fieldsWithCommasAndQuotesAreQuoted() {
        var row = new java.util.LinkedHashMap<String, String>();
        for (String c : GradeCommand.COLUMNS) row.put(c, "");
        row.put("file", "a,b.json");
        row.put("reason", "Linear \"fc\"");
        String line = GradeCommand.csv(List.of(row)).lines().toList().get(1);
        assertTrue(line.startsWith("\"a,b.json\","), line);
        assertTrue(line.endsWith(",\"Linear \"\"fc\"\"\","), line);
    }
}
