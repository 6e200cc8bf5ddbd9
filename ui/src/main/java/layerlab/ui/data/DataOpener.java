package layerlab.ui.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import layerlab.data.DataFiles;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;

/**
 * Opens the project's data set once for the window's readers of it: the editor's data checks ({@link DataWatch}) and
 * the Data tab's preview ({@link DataPanel}) both asked for it when a project opened or its data settings changed, and
 * a large image folder was read twice over. A request for the settings (and folder) of the last one waits for that
 * one's result, opening or opened, rather than opening them again; a {@code fresh} request (the user pressing Apply on
 * unchanged settings, say after editing the file) opens them anew. Only the last data set is kept. Called off the
 * JavaFX thread: it blocks until the data are open.
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
            try {
                f.complete(opening.open(settings, base == null ? Path.of(".") : base));
            } catch (OutOfMemoryError e) {
                // Said naming the file and what to do, in the Data tab and the editor's problems alike, not "Java heap space".
                f.completeExceptionally(new java.io.IOException(DataFiles.outOfMemory(DataFiles.named(settings, base == null ? Path.of(".") : base)), e));
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
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

    /** How many times a data set was actually opened (tests). */
    public synchronized int opens() {
        return opens;
    }
}
