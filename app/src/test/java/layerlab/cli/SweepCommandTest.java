package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.train.RunLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab sweep}: a grid of train runs of one project into one CSV, through train itself (the numbers are train's
 * with the same options), each kept in the project's runs for the window's table, ranked at the end; a bad value is refused
 * before anything trains. Iris for one or two epochs: a run is a fraction of a second.
 */
class SweepCommandTest {
    static final Path IRIS = Path.of("..", "sample-projects", "iris.json");
    final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    private Path iris() throws Exception {
        return Files.copy(IRIS, dir.resolve("iris.json"));
    }

    @Test
    void aRowPerRunTheSettingsRankedAndTheBestsCommand() throws Exception {
        Path project = iris(), csv = dir.resolve("runs.csv");
        int code = cli.run("sweep", project.toString(), "--lr", "0.1,0.001", "--optimizer", "SGD,Adam", "--seeds", "2", "--epochs", "2",
                "--device", "cpu", "--summary", csv.toString());
        String out = cli.out.toString();
        assertEquals(0, code, out + cli.err);
        assertTrue(out.startsWith("sweep: 8 runs of iris.json (2 optimizers × 2 learning rates × 2 seeds)\n"), out);
        assertTrue(out.contains("[1/8] run 1 (SGD, lr 0.1, seed 0): ok, 131 parameters, 2 epochs  val_loss "), out);
        assertTrue(out.contains("[8/8] run 8 (Adam, lr 0.001, seed 1): ok, "), out);
        assertTrue(out.contains("8 of 8 runs trained; wrote " + csv + " (8 rows)"), out);
        assertTrue(out.contains("by val_accuracy, highest first (mean ± std over 2 seeds):\n  optimizer  lr     val_accuracy"), out);

        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", SweepCommand.COLUMNS), lines.get(0));
        assertEquals(9, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("1,SGD,0.1,16,0,ok,2,16,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("2,SGD,0.1,16,1,ok,2,16,"), lines.get(2));
        assertTrue(lines.get(8).startsWith("8,Adam,0.001,16,1,ok,2,16,"), lines.get(8));

        // The best, worked out from the CSV: the setting with the highest mean val_accuracy over its two seeds.
        int acc = SweepCommand.COLUMNS.indexOf("val_accuracy"), best = SweepCommand.COLUMNS.indexOf("best_val_accuracy");
        String bestSetting = null;
        double bestMean = -1;
        for (int i = 1; i < lines.size(); i += 2) {
            String[] a = lines.get(i).split(","), b = lines.get(i + 1).split(",");
            assertTrue(Double.parseDouble(a[best]) >= Double.parseDouble(a[acc]), lines.get(i));
            double mean = (Double.parseDouble(a[acc]) + Double.parseDouble(b[acc])) / 2;
            if (mean > bestMean) {
                bestMean = mean;
                bestSetting = a[1] + ", lr " + a[2];
            }
        }
        Matcher m = Pattern.compile("best: optimizer (\\S+), lr (\\S+): val_accuracy (\\S+)% ± \\S+ over 2 runs\n").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(bestSetting, m.group(1) + ", lr " + m.group(2), out);
        assertEquals(100 * bestMean, Double.parseDouble(m.group(3)), 0.006, out);
        assertTrue(out.contains("to train it: layerlab train " + project + " --optimizer " + m.group(1) + " --lr " + m.group(2) + " --epochs 2\n"), out);
    }

    @Test
    void aRowsNumbersAreTrainsWithTheSameOptions() throws Exception {
        Path project = iris(), csv = dir.resolve("runs.csv");
        assertEquals(0, cli.run("sweep", project.toString(), "--batch-size", "8,32", "--lr", "0.05", "--seed", "3", "--epochs", "2", "--device", "cpu",
                "--summary", csv.toString()), cli.err.toString());
        String[] row = Files.readAllLines(csv).get(1).split(",");
        assertEquals(List.of("1", "Adam", "0.05", "8", "3"), List.of(row).subList(0, 5));
        assertEquals(0, cli.run("train", project.toString(), "--batch-size", "8", "--lr", "0.05", "--seed", "3", "--epochs", "2", "--device", "cpu", "-q"),
                cli.err.toString());
        Matcher m = Pattern.compile("val_loss (\\S+)  val_accuracy (\\S+)%").matcher(cli.out.toString());
        assertTrue(m.find(), cli.out.toString());
        assertEquals(m.group(1), row[SweepCommand.COLUMNS.indexOf("val_loss")]);
        assertEquals(Double.parseDouble(m.group(2)) / 100, Double.parseDouble(row[SweepCommand.COLUMNS.indexOf("val_accuracy")]), 1e-4);
    }

    /** Each run is in the project's runs, as a train run is, so the window's runs table lists them when the project is opened. */
    @Test
    void everyRunIsKeptForTheWindowsRunsTable() throws Exception {
        Path project = iris();
        assertEquals(0, cli.run("sweep", project.toString(), "--lr", "0.1,0.01,0.001", "--epochs", "1", "--device", "cpu"), cli.err.toString());
        List<RunLog.Run> runs = new RunLog(RunLog.defaultDir()).load(project);
        assertEquals(3, runs.size());
        assertEquals(List.of(0.1, 0.01, 0.001), runs.stream().map(r -> ((Number) r.settings().get("optimizer.lr")).doubleValue()).toList());
        assertEquals("optimizer.lr 0.1 → 0.01", runs.get(1).changes());
        assertTrue(runs.stream().allMatch(r -> r.end() instanceof layerlab.train.TrainingEvent.RunFinished && r.epochs().size() == 1));
    }

    @Test
    void aBadValueIsRefusedBeforeAnythingTrains() throws Exception {
        Path project = iris(), csv = dir.resolve("runs.csv");
        String p = project.toString();
        assertEquals(2, cli.run("sweep", p, "--lr", "0.1,abc", "--summary", csv.toString()));
        cli.assertOneLineError("layerlab sweep: --lr: \"abc\" is not a number (in 0.1,abc)");
        assertEquals(2, cli.run("sweep", p, "--lr", "0.1,-1", "--summary", csv.toString()));
        cli.assertOneLineError("layerlab sweep: --lr ");
        assertTrue(cli.err.toString().contains("-1"), cli.err.toString());
        assertEquals(2, cli.run("sweep", p, "--optimizer", "SGD,Adamm", "--summary", csv.toString()));
        cli.assertOneLineError("layerlab sweep: --optimizer");
        assertTrue(cli.err.toString().contains("Adamm"), cli.err.toString());
        assertEquals(2, cli.run("sweep", p, "--batch-size", "16,0", "--summary", csv.toString()));
        cli.assertOneLineError("layerlab sweep: --batch-size must be an integer of at least 1, got 0");
        assertEquals(2, cli.run("sweep", p, "--seeds", "0"));
        cli.assertOneLineError("layerlab sweep: --seeds must be at least 1, got 0");
        assertEquals(2, cli.run("sweep", p, "--by", "accuracy"));
        cli.assertOneLineError("layerlab sweep: --by: accuracy is not a metric a sweep measures; one of val_accuracy, val_loss");
        assertEquals(2, cli.run("sweep", p, "--lr", "0.1", "--summary", p));
        cli.assertOneLineError("layerlab sweep: --summary " + p + " is the file this command reads");
        assertFalse(Files.exists(csv));
        assertTrue(new RunLog(RunLog.defaultDir()).load(project).isEmpty(), "nothing trained");
    }

    /** A run that diverges is a row saying why; the others still train, and the ranking leaves it last. */
    @Test
    void aRunThatFailsIsARowAndTheRestGoOn() throws Exception {
        Path project = iris(), csv = dir.resolve("runs.csv");
        int code = cli.run("sweep", project.toString(), "--optimizer", "SGD", "--lr", "1e30,0.1", "--epochs", "1", "--device", "cpu", "--by", "val_loss",
                "--summary", csv.toString());
        String out = cli.out.toString();
        assertEquals(1, code, out);
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(1).startsWith("1,SGD,1e+30,16,0,failed,") && lines.get(1).contains("the loss became"), lines.get(1));
        assertTrue(lines.get(2).startsWith("2,SGD,0.1,16,0,ok,"), lines.get(2));
        assertTrue(out.contains("1 of 2 runs trained"), out);
        assertTrue(out.contains("best: optimizer SGD, lr 0.1: val_loss "), out);
        assertTrue(out.contains("  SGD        1e+30  –         0 of 1"), out);
    }

    /** Runs that cannot train for the same reason twice (a --data file that is not there) stop the sweep: the rest would say it too. */
    @Test
    void theSameErrorTwiceStopsTheSweep() throws Exception {
        Path project = iris(), csv = dir.resolve("runs.csv");
        int code = cli.run("sweep", project.toString(), "--lr", "0.1,0.01,0.001,0.0001", "--epochs", "1", "--device", "cpu", "--data", "source=csv", "path=nope.csv",
                "--summary", csv.toString());
        String out = cli.out.toString();
        assertEquals(1, code, out);
        assertEquals(3, Files.readAllLines(csv).size(), "a header and two rows");
        assertTrue(out.contains("[2/4] run 2 (lr 0.01): error: "), out);
        assertFalse(out.contains("[3/4]"), out);
        assertTrue(out.contains("stopped after 2 of 4 runs: the last two could not train, for the same reason, and the others would not either: "), out);
        assertTrue(out.contains("nope.csv"), out);
        assertTrue(out.contains("0 of 2 runs trained; wrote " + csv + " (2 rows)\n"), out);
        assertFalse(out.contains("no run measured"), out);
    }
}
