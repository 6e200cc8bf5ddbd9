package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerlab train} from a script: {@code --quiet} for a log, commands it suggests that a shell can run as they are. */
class TrainForScriptsTest {
    @TempDir
    Path dir;
    private final CliRunner cli = new CliRunner();

    @Test
    void quietLeavesOutTheProgressButSaysHowTheRunEndedAndWhatItWrote() throws Exception {
        Path project = Files.copy(Path.of("..", "sample-projects", "iris.json"), dir.resolve("iris.json")), bundle = dir.resolve("iris.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "3", "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("\nepoch 3/3: "), cli.out.toString());

        assertEquals(0, cli.run("train", project.toString(), "--epochs", "3", "--device", "cpu", "--quiet", "--save-bundle", bundle.toString()),
                cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.lines().noneMatch(l -> l.startsWith("epoch ") || l.contains(" parameters on ")), out);
        assertTrue(out.contains("finished after 3 epochs, 24 steps"), out);
        assertTrue(out.endsWith("wrote " + bundle + "\n"), out);
        assertEquals("", cli.err.toString());
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "-q"), cli.err.toString());
        assertTrue(cli.out.toString().lines().noneMatch(l -> l.startsWith("epoch ")), cli.out.toString());
    }

    /**
     * The command a stopped run says to go on with is one to paste into a shell: a path with a space or a quote is quoted
     * (it was printed bare, and the shell split it); pasted into {@code sh -c}, it reaches the command as the same words.
     */
    @Test
    void theCommandToGoOnWithQuotesPathsAShellWouldSplit() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("lab's runs"));
        Path project = Files.copy(Path.of("..", "sample-projects", "iris.json"), folder.resolve("my iris.json")), bundle = folder.resolve("part 1.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "3", "--steps", "5", "--device", "cpu", "-q", "--save-bundle", bundle.toString()),
                cli.err.toString());
        String line = cli.out.toString().lines().filter(l -> l.startsWith("to go on: ")).findFirst().orElseThrow();
        String command = line.substring("to go on: ".length());
        assertEquals("layerlab train '" + project.toString().replace("'", "'\\''") + "' --resume '" + bundle.toString().replace("'", "'\\''") + "'", command);
        Process echo = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + command.substring("layerlab ".length())).start();
        assertEquals(java.util.List.of("train", project.toString(), "--resume", bundle.toString()),
                new String(echo.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
        assertEquals("iris.json", CliSupport.shellWord("iris.json"));
        assertEquals("runs/a-1_b.llab", CliSupport.shellWord("runs/a-1_b.llab"));
    }

    /**
     * A run that never starts (its metrics file cannot be made) leaves nothing in the runs history, where its entry, written
     * at the start, said "interrupted"; a run that trains is there from its start.
     */
    @Test
    void aRunThatNeverStartsIsNotInTheHistory() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux's /proc, where no file can be made");
        Path project = Files.copy(Path.of("..", "sample-projects", "iris.json"), dir.resolve("iris.json"));
        layerlab.train.RunLog log = new layerlab.train.RunLog(layerlab.train.RunLog.defaultDir());
        assertEquals(2, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--metrics", "/proc/self/no/m.jsonl"));
        assertEquals(java.util.List.of(), log.load(project), cli.err.toString());
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "-q"), cli.err.toString());
        assertEquals(1, log.load(project).size());
        // A metrics file in a folder not made yet: made, as --save-bundle's is (the run failed after reading its data).
        Path metrics = dir.resolve("logs/nightly/run.jsonl");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "-q", "--metrics", metrics.toString()), cli.err.toString());
        assertTrue(Files.readString(metrics).contains("\"epoch\""), Files.readString(metrics));
    }
}
