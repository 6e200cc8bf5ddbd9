package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two LayerLabs adding runs to one project's log at once (the window training a shared project while {@code layerlab
 * train} runs on it in a terminal): every run of both is kept, each under a number of its own. Without a lock across
 * processes each read the log, added its run and wrote it back, so one's runs were dropped and a dropped run's updates
 * wrote over the other's run that had taken its number.
 */
class RunLogTwoProcessesTest {
    static final int EACH = 25;

    @TempDir
    Path dir;

    @Test
    void runsAddedByTwoProcessesAtOnceAreAllKept() throws Exception {
        Path project = dir.resolve("Übung 3").resolve("geteilt.json");
        Path logDir = dir.resolve("runs");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), RunLogWriterChild.class.getName(),
                logDir.toString(), project.toString(), "child", Integer.toString(EACH))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        RunLogWriterChild.write(new RunLog(logDir), project, "parent", EACH);
        if (!child.waitFor(2, TimeUnit.MINUTES)) child.destroyForcibly();
        assertEquals(0, child.exitValue(), () -> read(dir.resolve("child.out")));

        List<RunLog.Run> runs = new RunLog(logDir).load(project);
        assertEquals(2 * EACH, runs.size(), "every run of both processes is kept");
        Set<Integer> numbers = new TreeSet<>();
        for (RunLog.Run r : runs) numbers.add(r.number());
        assertEquals(2 * EACH, numbers.size(), "each under its own number: " + numbers);
        for (String who : List.of("parent", "child")) {
            long done = runs.stream().filter(r -> who.equals(r.settings().get("who")) && r.end() != null).count();
            assertEquals(EACH, done, who + "'s runs, each brought to its end by its own updates");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** Adds runs to a project's log as {@code layerlab train} does (begin, then update at the end), in a process of its own. */
    public static final class RunLogWriterChild {
        public static void main(String[] args) throws Exception {
            write(new RunLog(Path.of(args[0])), Path.of(args[1]), args[2], Integer.parseInt(args[3]));
        }

        static void write(RunLog log, Path project, String who, int n) throws Exception {
            for (int i = 0; i < n; i++) {
                RunLog.Run run = log.begin(project, Map.of("who", who, "i", i), List.of());
                log.update(project, run.with(List.of(), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 1, 1, Map.of(), 0.1, 0, Map.of())));
            }
        }
    }
}
