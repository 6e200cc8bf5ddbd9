package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A teacher grading hand-ins sees in the CSV's {@code advice} column what the training doctor found in each run, the same
 * findings {@code layerlab train} gives as {@code advice:} lines: a learning rate of 1e-7 leaves the loss where it started.
 * Sweep's rows, through the same runner, have the column too.
 */
class GradeAdviceTest {
    final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    @Test
    void aRunThatDoesNotLearnSaysSoInItsRow() throws Exception {
        Path in = Files.createDirectories(dir.resolve("hand-ins")), csv = dir.resolve("grades.csv");
        String iris = Files.readString(GradeCommandTest.IRIS);
        Files.writeString(in.resolve("a-ana.json"), iris.replace("{\"name\": \"Adam\", \"lr\": 0.01}", "{\"name\": \"Adam\", \"lr\": 1e-7}"));
        assertEquals(0, cli.run("grade", in.toString(), "--summary", csv.toString(), "--epochs", "4", "--seed", "0", "--device", "cpu"),
                cli.out + "" + cli.err);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("advice", GradeCommand.COLUMNS.get(GradeCommand.COLUMNS.size() - 1));
        assertTrue(lines.get(0).endsWith(",reason,advice"), lines.get(0));
        String[] row = lines.get(1).split(",", -1);
        assertEquals(GradeCommand.COLUMNS.size(), row.length, lines.get(1));
        assertEquals("Loss not falling", row[GradeCommand.COLUMNS.indexOf("advice")], lines.get(1));

        // train with the same options says the same finding.
        assertEquals(0, cli.run("train", in.resolve("a-ana.json").toString(), "--epochs", "4", "--seed", "0", "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("\nadvice: Loss not falling: "), cli.out.toString());
    }

    @Test
    void aHealthyRunHasNoAdviceAndSweepsRowsHaveTheColumn() throws Exception {
        Path csv = dir.resolve("runs.csv");
        assertEquals(0, cli.run("sweep", GradeCommandTest.IRIS.toString(), "--lr", "0.01,1e-7", "--epochs", "4", "--device", "cpu",
                "--summary", csv.toString()), cli.out + "" + cli.err);
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).endsWith(",reason,advice"), lines.get(0));
        int advice = SweepCommand.COLUMNS.indexOf("advice");
        assertEquals("", lines.get(1).split(",", -1)[advice], lines.get(1));
        assertEquals("Loss not falling", lines.get(2).split(",", -1)[advice], lines.get(2));
    }

    @Test
    void eachTitleOnceInTheOrderFound() {
        var dead = new layerlab.train.Diagnosis.Finding(layerlab.train.Diagnosis.Kind.DEAD_UNITS, "relu1", "e", "a");
        var flat = new layerlab.train.Diagnosis.Finding(layerlab.train.Diagnosis.Kind.NOT_LEARNING, null, "e", "a");
        assertEquals("Loss not falling; Dead ReLU units", TrainRuns.advice(List.of(flat, dead, dead)));
        assertEquals("", TrainRuns.advice(List.of()));
    }
}
