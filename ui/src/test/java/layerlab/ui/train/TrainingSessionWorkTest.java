package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Work on the finished model ({@link TrainingSession#afterRun}): a request under a key replaces the one before it — still
 * queued, it never starts; running, it is interrupted and its result is not shown — and a closed session stops a run
 * and its thread ends.
 */
class TrainingSessionWorkTest {
    private final ExecutorService fx = Executors.newSingleThreadExecutor();
    private TrainingSession s;

    /** Spirals set to {@code epochs} epochs. */
    private static Graph spirals(int epochs) throws Exception {
        String text = Files.readString(Path.of("..", "sample-projects", "spirals.json"));
        return ProjectJson.read(text.replace("\"epochs\": 100", "\"epochs\": " + epochs), "spirals.json");
    }

    @BeforeEach
    void open() {
        s = new TrainingSession(fx::submit);
    }

    @AfterEach
    void shut() throws Exception {
        fx.submit(s::close).get();
        fx.shutdown();
        assertTrue(fx.awaitTermination(5, TimeUnit.SECONDS));
    }

    private void trainToTheEnd(Graph g) throws Exception {
        fx.submit(() -> s.start(g, Path.of("..", "sample-projects"), false)).get();
        long end = System.nanoTime() + 120_000_000_000L;
        while (fx.submit(() -> s.state()).get() != TrainingSession.State.FINISHED && System.nanoTime() < end) Thread.sleep(20);
        assertEquals(TrainingSession.State.FINISHED, fx.submit(() -> s.state()).get(), fx.submit(() -> s.statusProperty().get()).get());
    }

    @Test
    void aNewerRequestUnderTheSameKeyReplacesTheOneBefore() throws Exception {
        trainToTheEnd(spirals(1));
        List<String> shown = new CopyOnWriteArrayList<>();
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean(), queuedStarted = new AtomicBoolean();
        // "features" runs until interrupted, as a projection gives up; "saliency" waits behind it twice.
        fx.submit(() -> s.afterRun("features", t -> {
            running.countDown();
            while (!Thread.currentThread().isInterrupted()) Thread.onSpinWait();
            interrupted.set(true);
            return "first projection";
        }, shown::add)).get();
        assertTrue(running.await(10, TimeUnit.SECONDS), "the first projection started");
        fx.submit(() -> {
            s.afterRun("saliency", t -> {
                queuedStarted.set(true);
                return "first saliency";
            }, shown::add);
            s.afterRun("saliency", t -> "second saliency", shown::add);
            s.afterRun("features", t -> "second projection: " + t.evaluator().output(), shown::add);
            s.afterRun(t -> "unkeyed", shown::add);
        }).get();
        s.awaitIdle();
        fx.submit(() -> null).get();
        assertTrue(interrupted.get(), "the running projection was interrupted");
        assertFalse(queuedStarted.get(), "the queued request never started");
        assertEquals(List.of("second saliency", "second projection: logits", "unkeyed"), shown);
        String status = fx.submit(() -> s.statusProperty().get()).get();
        assertTrue(status.startsWith("Finished"), "a request given up says nothing: " + status);
    }

    @Test
    void closingStopsTheRunAndEndsTheThread() throws Exception {
        Graph g = spirals(10_000);
        fx.submit(() -> s.start(g, Path.of("..", "sample-projects"), false)).get();
        long end = System.nanoTime() + 60_000_000_000L;
        while (fx.submit(() -> s.state()).get() != TrainingSession.State.RUNNING && System.nanoTime() < end) Thread.sleep(20);
        Thread.sleep(300);
        fx.submit(s::close).get();
        assertTrue(s.awaitClosed(30, TimeUnit.SECONDS), "the session's thread ended");
        List<String> shown = new CopyOnWriteArrayList<>();
        fx.submit(() -> s.afterRun(t -> "after close", shown::add)).get();
        fx.submit(() -> null).get();
        assertEquals(List.of(), shown, "a closed session takes no more work");
    }
}
