package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-time}: a run of a million epochs (a hand-in that would train for ever) ends at the time limit as at
 * {@code --steps}, with its metrics, for train and for each project grade trains.
 */
class TrainMaxTimeTest {
    final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    @Test
    void trainStopsAtTheTimeLimit() {
        long start = System.nanoTime();
        assertEquals(0, cli.run("train", GradeCommandTest.IRIS.toString(), "--epochs", "1000000", "--max-time", "1s", "--device", "cpu", "-q"),
                cli.err.toString());
        assertTrue(cli.out.toString().contains("stopped at the time limit (--max-time 1s) after "), cli.out.toString());
        assertTrue(cli.out.toString().contains("val_loss "), cli.out.toString());
        assertTrue(System.nanoTime() - start < 60e9, "stopped in time");
    }

    @Test
    void gradeSaysTimeLimitWithTheMetricsReached() throws Exception {
        Path csv = dir.resolve("grades.csv");
        assertEquals(0, cli.run("grade", GradeCommandTest.IRIS.toString(), "--summary", csv.toString(), "--epochs", "1000000", "--max-time", "1",
                "--device", "cpu"), cli.err.toString());
        String[] row = Files.readAllLines(csv).get(1).split(",", -1);
        assertEquals("time limit", row[GradeCommand.COLUMNS.indexOf("status")]);
        assertTrue(!row[GradeCommand.COLUMNS.indexOf("val_loss")].isEmpty(), String.join(",", row));
    }

    @Test
    void aTimeIsSecondsMinutesOrHours() {
        TimeLimit t = new TimeLimit();
        assertEquals(Duration.ofSeconds(90), t.convert("90"));
        assertEquals(Duration.ofSeconds(90), t.convert("90s"));
        assertEquals(Duration.ofMinutes(5), t.convert("5m"));
        assertEquals(Duration.ofMinutes(90), t.convert("1.5h"));
        assertEquals("1.5h", TimeLimit.show(Duration.ofMinutes(90)));
        assertEquals("5m", TimeLimit.show(Duration.ofMinutes(5)));
        assertEquals("0.5s", TimeLimit.show(Duration.ofMillis(500)));
        assertEquals(2, cli.run("train", GradeCommandTest.IRIS.toString(), "--max-time", "ten minutes"));
        assertTrue(cli.err.toString().contains("'ten minutes' is no time: give 90s, 5m or 1.5h"), cli.err.toString());
    }
}
