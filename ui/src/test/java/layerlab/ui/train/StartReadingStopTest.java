package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start on a big table: while it is read the progress line says how far ("Reading big.csv — 3 % (1 of 40 MB)"), and Stop
 * cancels the read, leaving the session ready with nothing trained rather than reading on for tens of seconds.
 */
class StartReadingStopTest {
    @TempDir Path dir;
    private final ExecutorService fx = Executors.newSingleThreadExecutor();
    private final TrainingSession s = new TrainingSession(fx::submit);

    @AfterEach
    void shut() throws Exception {
        fx.submit(s::close).get();
        fx.shutdown();
        assertTrue(fx.awaitTermination(5, TimeUnit.SECONDS));
    }

    /** The iris sample over big.csv: about a million rows of four numbers and a class, 40 MB. */
    private Graph overBigTable() throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("big.csv"))) {
            w.write("a,b,c,d,species\n");
            java.util.Random r = new java.util.Random(3);
            for (int i = 0; i < 1_000_000; i++) w.write(r.nextFloat() + "," + r.nextFloat() + "," + r.nextInt(100) + "," + r.nextInt(10) + "," + i % 3 + "\n");
        }
        String text = Files.readString(Path.of("..", "sample-projects", "iris.json"));
        return ProjectJson.read(text.replace("\"source\": \"iris\"", "\"source\": \"csv\", \"path\": \"big.csv\""), "iris.json");
    }

    private <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        return fx.submit(c).get();
    }

    @Test
    void stopWhileTheDataAreReadCancelsTheRead() throws Exception {
        Graph g = overBigTable();
        fx.submit(() -> s.start(g, dir, false)).get();
        long end = System.nanoTime() + 60_000_000_000L;
        while (!onFx(() -> s.progressTextProperty().get()).startsWith("Reading big.csv — ") && System.nanoTime() < end) Thread.sleep(5);
        String said = onFx(() -> s.progressTextProperty().get());
        assertTrue(said.matches("Reading big\\.csv — \\d+ % \\(\\d+ of \\d+ MB\\)(, making the samples…)?"), said);
        assertEquals(TrainingSession.State.PREPARING, onFx(s::state));
        fx.submit(s::stop).get();
        while (onFx(s::state) == TrainingSession.State.PREPARING && System.nanoTime() < end) Thread.sleep(5);
        assertEquals(TrainingSession.State.IDLE, onFx(s::state));
        assertEquals("Stopped: reading the data was cancelled; nothing trained", onFx(() -> s.statusProperty().get()));
        assertEquals("", onFx(() -> s.progressTextProperty().get()));
        assertNull(s.reading, "the read is over");
        assertNull(s.trainer, "nothing trained");
        String row = onFx(() -> RunChanges.ended(s.run));
        assertTrue(row.startsWith("stopped, "), "the runs table says the user stopped it, not that it failed: " + row);
    }
}
