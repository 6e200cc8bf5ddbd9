package layerlab.ui.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import layerlab.data.DataFiles;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.io.ReadProgress;

/**
 * Opens the project's data set once for the window's readers of it: the editor's data checks ({@link DataWatch}) and
 * the Data tab's preview ({@link DataPanel}) both asked for it when a project opened or its data settings changed, and
 * a large image folder was read twice over. A request for the settings (and folder) of the last one waits for that
 * one's result, opening or opened, rather than opening them again; a {@code fresh} request (the user pressing Apply on
 * unchanged settings, say after editing the file) opens them anew. Only the last data set is kept. Called off the
 * JavaFX thread: it blocks until the data are open.
 * <p>
 * A read says how far it is to its {@link #onProgress listeners} ("Reading big.csv — 45 %") and may be {@link #cancel
 * cancelled}: every reader waiting for it then gets {@link ReadProgress.Cancelled}, and the next request reads again.
 */
public final class DataOpener {
    /** How settings become data: {@link DataSources#open}, or a test's stand-in (a slow one, say). */
    interface Opening {
        DataSplit open(Map<String, Object> settings, Path base) throws Exception;
    }

    private final Opening opening;
    private Map<String, Object> settings;
    private Path base;
    private CompletableFuture<DataSplit> last;
    private int opens;
    /** The read in progress, or null. */
    private ReadProgress reading;
    private final java.util.List<Consumer<ReadProgress>> progress = new CopyOnWriteArrayList<>();
    private final java.util.List<Opened> opened = new CopyOnWriteArrayList<>();

    /** Told of each data set opened: its settings, the folder they were read against (null: the working folder), the data. */
    public interface Opened {
        void opened(Map<String, Object> settings, Path base, DataSplit data);
    }

    public DataOpener() {
        this((settings, base) -> DataSources.open(settings, base));
    }

    DataOpener(Opening opening) {
        this.opening = opening;
    }

    /** The data set of {@code settings}, relative paths resolved against {@code base} (null: the working folder). */
    public DataSplit open(Map<String, Object> settings, Path base, boolean fresh) throws Exception {
        CompletableFuture<DataSplit> f;
        boolean mine = false;
        synchronized (this) {
            if (!fresh && last != null && !last.isCompletedExceptionally() && settings.equals(this.settings) && Objects.equals(base, this.base)) {
                f = last;
            } else {
                f = new CompletableFuture<>();
                last = f;
                this.settings = settings;
                this.base = base;
                mine = true;
                opens++;
            }
        }
        if (mine) {
            Path dir = base == null ? Path.of(".") : base;
            ReadProgress r = DataFiles.reading(settings, dir, p -> progress.forEach(l -> l.accept(p)));
            synchronized (this) {
                reading = r;
            }
            try {
                DataSplit d = r.run(() -> opening.open(settings, dir));
                f.complete(d);
                for (Opened l : opened) l.opened(settings, base, d);
            } catch (OutOfMemoryError e) {
                // Said naming the file and what to do, in the Data tab and the editor's problems alike, not "Java heap space".
                f.completeExceptionally(new java.io.IOException(DataFiles.outOfMemory(DataFiles.named(settings, base == null ? Path.of(".") : base)), e));
            } catch (ReadProgress.Cancelled e) {
                // Wrapped, so that the readers waiting for it get this one: a future holding a CancellationException gives
                // newer JDKs' get() a new one of its own, "get" (the Data tab then said "No preview: get").
                f.completeExceptionally(new java.util.concurrent.CompletionException(e));
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            } finally {
                synchronized (this) {
                    if (reading == r) reading = null;
                }
            }
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            if (e.getCause() instanceof Error x) throw x;
            throw e;
        }
    }

    /**
     * Tells {@code listener} how far each read is, on the reading thread (a whole percent at a time at most), whichever
     * reader started it.
     */
    public void onProgress(Consumer<ReadProgress> listener) {
        progress.add(listener);
    }

    /**
     * Tells {@code listener} of every data set opened, on the reading thread, whoever asked: the editor's checks learn of a
     * read the Data tab made again after they had been told it was cancelled.
     */
    public void onOpened(Opened listener) {
        opened.add(listener);
    }

    /** Cancels the read in progress, if any: its readers get {@link ReadProgress.Cancelled}; from any thread. */
    public synchronized void cancel() {
        if (reading != null) reading.cancel();
    }

    /** The read in progress, or null. */
    public synchronized ReadProgress reading() {
        return reading;
    }

    /** How many times a data set was actually opened (tests). */
    public synchronized int opens() {
        return opens;
    }
}
