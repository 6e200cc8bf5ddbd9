package layerlab.ui.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import layerlab.graph.CanvasView;
import layerlab.graph.Graph;
import layerlab.io.ReadProgress;
import layerlab.ui.editor.EditorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The editor's data checks share their read with the Data tab: when the person cancels it there, the checks know nothing of
 * the data (no problem on a card, no warning on the project) and do not read it again by themselves; a later read (the
 * Data tab's Apply) is a new one.
 */
class DataWatchCancelTest {
    @TempDir Path dir;

    @Test
    void aCancelledSharedReadIsNoProblemAndIsNotReadAgain() throws Exception {
        Files.write(dir.resolve("big.csv"), new byte[2_000_000]);
        CountDownLatch started = new CountDownLatch(1);
        boolean[] readable = {false};
        DataOpener opener = new DataOpener((settings, base) -> {
            if (readable[0]) return layerlab.data.DataSources.open(Map.of("source", "moons", "n", 20), base);
            started.countDown();
            while (true) {
                ReadProgress.current().check();
                Thread.sleep(5);
            }
        });
        Map<String, Object> settings = Map.of("source", "csv", "path", "big.csv");
        EditorModel editor = new EditorModel(Runnable::run);
        editor.load(Graph.of("big", "", List.of(), List.of(), List.of(), List.of(), CanvasView.DEFAULT, settings, Map.of()));
        DataWatch watch = new DataWatch(editor, () -> dir, Runnable::run, opener);
        try {
            assertEquals(true, started.await(10, TimeUnit.SECONDS));
            // The Data tab waits for the same read, and its Cancel ends it for both.
            java.util.concurrent.atomic.AtomicReference<Throwable> previewGot = new java.util.concurrent.atomic.AtomicReference<>();
            Thread preview = new Thread(() -> {
                try {
                    opener.open(settings, dir, false);
                } catch (Throwable e) {
                    previewGot.set(e);
                }
            });
            preview.start();
            while (opener.reading() == null) Thread.sleep(5);
            Thread.sleep(50); // the preview waiting for the read the checks started
            opener.cancel();
            preview.join(10_000);
            // Cancelled itself, on every JDK: newer ones' CompletableFuture.get() gave a CancellationException "get".
            assertEquals(ReadProgress.Cancelled.class, previewGot.get().getClass(), String.valueOf(previewGot.get()));
            assertEquals("Reading big.csv cancelled", previewGot.get().getMessage());
            watch.await();
            assertNull(editor.dataErrorProperty().get(), "a cancel is not a problem with the project");
            assertNull(editor.dataProperty().get());
            watch.follow(editor.graph());
            watch.await();
            assertEquals(1, opener.opens(), "not read again by the checks");
            assertNull(opener.reading());

            // The Data tab's Apply reads the settings again: the checks have the data then.
            readable[0] = true;
            opener.open(settings, dir, true);
            watch.await();
            assertEquals("[2]", java.util.Arrays.toString(editor.dataProperty().get().sampleShape()), "the moons' points, read for the Data tab");
        } finally {
            watch.close();
        }
    }

    @Test
    void closingTheWindowEndsAReadInProgress() throws Exception {
        Files.write(dir.resolve("big.csv"), new byte[2_000_000]);
        CountDownLatch started = new CountDownLatch(1), ended = new CountDownLatch(1);
        DataOpener opener = new DataOpener((settings, base) -> {
            started.countDown();
            try {
                while (true) {
                    ReadProgress.current().check();
                    Thread.sleep(5);
                }
            } finally {
                ended.countDown();
            }
        });
        Map<String, Object> settings = Map.of("source", "csv", "path", "big.csv");
        EditorModel editor = new EditorModel(Runnable::run);
        editor.load(Graph.of("big", "", List.of(), List.of(), List.of(), List.of(), CanvasView.DEFAULT, settings, Map.of()));
        DataWatch watch = new DataWatch(editor, () -> dir, Runnable::run, opener);
        assertEquals(true, started.await(10, TimeUnit.SECONDS));
        watch.close();
        assertEquals(true, ended.await(10, TimeUnit.SECONDS), "the reading thread's interrupt ends the read");
        assertNull(editor.dataErrorProperty().get());
    }
}
