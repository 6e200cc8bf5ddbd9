package layerlab.ui.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import layerlab.graph.Graph;
import layerlab.train.DataFit;
import layerlab.ui.editor.EditorModel;

/**
 * Keeps the editor's {@link EditorModel#dataProperty() data} the project's data set: opens it off the JavaFX thread when a
 * project is opened and whenever its data settings (or the folder its relative paths resolve against) change, so that the
 * Problems list and the cards say, while the graph is drawn, what does not fit the data (the class scores, the Input's
 * shape, an Embedding's rows) rather than Start saying it later. A data set that cannot be opened leaves the data unknown,
 * and says why in the Problems list (as the Data tab and Start do).
 */
public final class DataWatch {
    private final EditorModel editor;
    private final DataOpener opener;
    private final Supplier<Path> baseDir;
    private final Consumer<Runnable> fxThread;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "layerlab-data-watch");
        t.setDaemon(true);
        return t;
    });
    /** The settings and folder last asked for; a result for older ones is dropped. */
    private Map<String, Object> asked;
    private Path askedBase;
    private long request;

    /**
     * @param baseDir  the project file's folder, or null for an unsaved project
     * @param fxThread runs a task on the JavaFX thread
     */
    public DataWatch(EditorModel editor, Supplier<Path> baseDir, Consumer<Runnable> fxThread) {
        this(editor, baseDir, fxThread, new DataOpener());
    }

    /** The window closes: a data set still being read is given up, and the reading thread ends. */
    public void close() {
        loader.shutdownNow();
    }

    /** @param opener opens the data, shared with the Data tab's preview so a data set both want is read once */
    public DataWatch(EditorModel editor, Supplier<Path> baseDir, Consumer<Runnable> fxThread, DataOpener opener) {
        this.opener = opener;
        this.editor = editor;
        this.baseDir = baseDir;
        this.fxThread = fxThread;
        editor.graphProperty().addListener((o, a, g) -> follow(g));
        // A read of these settings that another reader made (the Data tab's Apply after a cancelled read): its data, unless
        // its outcome is on the way already.
        opener.onOpened((settings, base, data) -> {
            DataFit.Data d = DataFit.Data.of(data.trainSamples());
            fxThread.accept(() -> {
                if (settings.equals(asked) && Objects.equals(base, askedBase) && editor.dataProperty().get() == null) {
                    editor.dataProperty().set(d);
                    editor.dataErrorProperty().set(null);
                }
            });
        });
        follow(editor.graph());
    }

    /** Opens {@code g}'s data set when it is not the one last opened (on the JavaFX thread). */
    public void follow(Graph g) {
        Map<String, Object> settings = g.dataset();
        Path base = baseDir.get();
        if (settings.equals(asked) && Objects.equals(base, askedBase)) return;
        asked = settings;
        askedBase = base;
        long mine = ++request;
        // The data set read before (the last project's, or these settings' before the change) says nothing of this graph:
        // checked against it until the new one is read, a project of colour images [3, 28, 28] opened after one of
        // digits was told for a moment that its samples are [1, 28, 28]. Unknown until read, nothing is checked.
        editor.dataProperty().set(null);
        editor.dataErrorProperty().set(null);
        if (settings.isEmpty() || !(settings.get("source") instanceof String)) return;
        if (loader.isShutdown()) return;
        loader.submit(() -> {
            DataFit.Data d;
            String why = null;
            try {
                d = DataFit.Data.of(opener.open(settings, base, false).trainSamples());
            } catch (java.util.concurrent.CancellationException e) {
                // The person stopped the read (the Data tab's Cancel): nothing is wrong with the project, and nothing is
                // read again until its settings change or the Data tab reads them.
                d = null;
            } catch (Exception | OutOfMemoryError e) {
                d = null;
                why = e.getMessage() != null ? e.getMessage() : e.toString();
            }
            DataFit.Data found = d;
            String error = why;
            fxThread.accept(() -> {
                if (mine != request) return;
                editor.dataProperty().set(found);
                editor.dataErrorProperty().set(error);
            });
        });
    }

    /** Waits until the data set asked for last has been opened (tests). */
    public void await() {
        try {
            loader.submit(() -> null).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
