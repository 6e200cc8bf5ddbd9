package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runs history this LayerLab cannot read — cut short, or written by a newer LayerLab (a higher version, a way of ending it
 * does not know) — is not written over by the next run: it is moved aside as {@code <name>.unreadable-<time>.json}, whole,
 * and the new run starts a fresh log. (Before, the run's save replaced it, and every earlier run was lost.)
 */
class RunLogUnreadableTest {
    @TempDir
    Path dir;

    private final Path project = Path.of("/classroom/iris.json");

    private void assertKeptAside(RunLog log, String before) throws IOException {
        log.append(project, Map.of("epochs", 3), List.of(), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 3, 24, Map.of(), 1.0, 0, Map.of()));
        assertEquals(1, log.load(project).size(), "the new run, in a fresh log");
        List<Path> aside;
        try (Stream<Path> s = Files.list(dir)) {
            aside = s.filter(p -> p.getFileName().toString().contains(".unreadable-")).toList();
        }
        assertEquals(1, aside.size(), "the old log, kept beside: " + aside);
        assertTrue(aside.get(0).getFileName().toString().startsWith(log.fileFor(project).getFileName().toString().replace(".json", "")));
        assertEquals(before, Files.readString(aside.get(0)));
    }

    @Test
    void aDamagedLogIsKeptAside() throws IOException {
        RunLog log = new RunLog(dir);
        log.append(project, Map.of("epochs", 2), List.of(), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 16, Map.of(), 1.0, 0, Map.of()));
        String whole = Files.readString(log.fileFor(project));
        String cut = whole.substring(0, whole.length() / 2);
        Files.writeString(log.fileFor(project), cut);
        assertKeptAside(log, cut);
    }

    @Test
    void aNewerLayerLabsLogIsKeptAsideNotMisread() throws IOException {
        RunLog log = new RunLog(dir);
        log.append(project, Map.of("epochs", 2), List.of(), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 16, Map.of(), 1.0, 0, Map.of()));
        String newer = Files.readString(log.fileFor(project)).replace("\"version\" : 1", "\"version\" : 2");
        Files.writeString(log.fileFor(project), newer);
        assertEquals(List.of(), log.load(project), "a newer version is not read as if it were this one");
        assertKeptAside(log, newer);
    }

    @Test
    void aRunEndedInAWayThisLayerLabDoesNotKnowKeepsTheLog() throws IOException {
        RunLog log = new RunLog(dir);
        log.append(project, Map.of("epochs", 2), List.of(), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 16, Map.of(), 1.0, 0, Map.of()));
        String newer = Files.readString(log.fileFor(project)).replace("\"COMPLETED\"", "\"PRUNED\"");
        Files.writeString(log.fileFor(project), newer);
        assertKeptAside(log, newer);
    }

    /**
     * A run that has not ended is also written as failed, for LayerLab builds from before runs were kept unfinished (e655f20f and
     * older): they read a run without an end as a broken log and wrote over the whole history with their next run (seen by hand:
     * three runs gone). This build still reads it as unfinished, with its owner.
     */
    @Test
    void anUnfinishedRunReadsAsFailedToOlderBuildsAndUnfinishedToThisOne() throws IOException {
        RunLog log = new RunLog(dir);
        log.append(project, Map.of("epochs", 2), List.of(), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 16, Map.of(), 1.0, 0, Map.of()));
        RunLog.Run running = log.begin(project, Map.of("epochs", 9), List.of());
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(log.fileFor(project).toFile());
        var second = root.path("runs").get(1);
        assertTrue(second.path("failed").path("message").asText().startsWith("not ended: still training, or interrupted"), second.toString());
        assertTrue(second.path("unfinished").path("pid").canConvertToLong(), second.toString());
        List<RunLog.Run> runs = log.load(project);
        assertEquals(2, runs.size());
        assertTrue(runs.get(1).unfinished(), String.valueOf(runs.get(1).end()));
        assertEquals(running.owner(), runs.get(1).owner());
        assertTrue(runs.get(0).end() instanceof TrainingEvent.RunFinished);
    }
}
