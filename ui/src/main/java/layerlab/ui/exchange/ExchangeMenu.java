package layerlab.ui.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.stage.Window;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import layerlab.data.DataNames;
import layerlab.graph.Graph;
import layerlab.io.AtomicFiles;
import layerlab.io.onnx.OnnxImporter;
import layerlab.tensor.Tensor;
import layerlab.ui.Dialogs;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.exchange.ModelExchange.Format;
import layerlab.ui.project.ProjectFiles;
import layerlab.ui.train.TrainingSession;

/**
 * File › Export ▸ (a trained model's bundle, ONNX, PyTorch script, weights, a picture of the network) and File › Import ONNX: asks for the file, then lets
 * {@link ModelExchange} do the work. The status bar says which weights went out; a graph a format cannot hold, or
 * an ONNX model with an op LayerLab cannot map, gets the engine's message in an alert and changes nothing.
 */
public final class ExchangeMenu {
    private final EditorModel editor;
    private final ProjectFiles files;
    private final ModelExchange exchange;
    private final Supplier<Window> owner;
    private final Predicate<String> confirmDiscard;
    private final Runnable opened;
    private final TrainingSession session;
    private PathChooser chooser = PathChooser.system();

    /**
     * @param confirmDiscard asks to save unsaved work before the given action ("importing a model"); false: cancelled
     * @param opened         runs after an imported model has replaced the project (fits the canvas)
     */
    public ExchangeMenu(EditorModel editor, ProjectFiles files, TrainingSession session, Supplier<Window> owner,
                        Predicate<String> confirmDiscard, Runnable opened) {
        this.editor = editor;
        this.files = files;
        this.exchange = new ModelExchange(session);
        this.session = session;
        this.owner = owner;
        this.confirmDiscard = confirmDiscard;
        this.opened = opened;
    }

    /** What draws the canvas's picture at a scale (File › Export › Picture of the network); null for an empty canvas. */
    public void setPicture(DoubleFunction<WritableImage> picture) {
        this.picture = picture;
    }

    private DoubleFunction<WritableImage> picture = scale -> null;

    /** What writes the canvas's drawing as an SVG document, given its title (File › Export › Picture of the network (SVG)); null for an empty canvas. */
    public void setSvg(Function<String, String> svg) {
        this.svg = svg;
    }

    private Function<String, String> svg = title -> null;

    /** Replaces the file dialogs (tests). */
    public void setChooser(PathChooser chooser) {
        this.chooser = chooser;
    }

    /** The file dialogs, shared with the window's Save As. */
    public PathChooser chooser() {
        return chooser;
    }

    /** The File menu's items: the Export submenu, Import ONNX and Import Weights. */
    public List<MenuItem> items() {
        Menu export = new Menu("Export", null,
                item("fileExportBundle", "Trained model (.llab)…", () -> export(Format.BUNDLE)),
                item("fileExportModelOnly", "Trained model without training state (.llab)…", () -> export(Format.MODEL_ONLY)),
                item("fileExportOnnx", "ONNX…", () -> export(Format.ONNX)),
                item("fileExportPyTorch", "PyTorch script…", () -> export(Format.PYTORCH)),
                item("fileExportWeights", "Weights (safetensors)…", () -> export(Format.WEIGHTS)),
                new SeparatorMenuItem(),
                item("fileExportPicture", "Picture of the network (PNG)…", this::exportPicture),
                item("fileExportSvg", "Picture of the network (SVG)…", this::exportSvg));
        export.setId("fileExport");
        return List.of(export, item("fileImportOnnx", "Import ONNX…", this::importOnnx),
                item("fileImportWeights", "Import Weights (safetensors)…", this::importWeights));
    }

    /** Asks where, then writes the project's graph with its current weights. */
    public void export(Format format) {
        Graph g = editor.graph();
        Path out = askWhere("Export " + format.label(), format.label(), format.extension());
        if (out == null) return;
        try {
            editor.messageProperty().set(exchange.export(g, format, out));
            // Every format holds the trained weights (a PyTorch script's beside it): kept now, nothing to ask about on closing.
            session.weightsExported();
        } catch (IOException e) {
            fail("exportErrorDialog", "Could not write " + out.getFileName(), e.getMessage());
        } catch (RuntimeException e) {
            // The exporters' refusals (OnnxException, a graph with errors, a running training) say what and where.
            fail("exportErrorDialog", "Cannot export to " + format.label(), e.getMessage());
        }
    }

    /**
     * Asks where, then writes the drawing as a PNG picture at twice the canvas's 100 % (for slides, worksheets and reports),
     * every card and wire as the canvas shows them, whatever part is in view.
     */
    public void exportPicture() {
        WritableImage img = picture.apply(2);
        if (img == null) {
            editor.messageProperty().set("The canvas is empty: there is nothing to picture yet.");
            return;
        }
        Path out = askWhere("Export a picture of the network", "PNG image", "png");
        if (out == null) return;
        try {
            AtomicFiles.write(out, os -> ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", os));
            editor.messageProperty().set(String.format(Locale.ROOT, "Wrote a picture of the network, %d × %d pixels, to %s", (int) img.getWidth(),
                    (int) img.getHeight(), out.getFileName()));
        } catch (IOException e) {
            fail("exportErrorDialog", "Could not write " + out.getFileName(), e.getMessage());
        }
    }

    /**
     * Asks where, then writes the drawing as an SVG picture: shapes and text that stay sharp at any size, for printed
     * worksheets, papers and slides, and editable in a drawing program.
     */
    public void exportSvg() {
        String title = editor.graph().name();
        String doc = svg.apply(title == null || title.isBlank() ? "Network" : title);
        if (doc == null) {
            editor.messageProperty().set("The canvas is empty: there is nothing to picture yet.");
            return;
        }
        Path out = askWhere("Export a picture of the network", "SVG image", "svg");
        if (out == null) return;
        try {
            AtomicFiles.writeString(out, doc);
            editor.messageProperty().set("Wrote a picture of the network (SVG, " + editor.graph().nodes().size() + " nodes) to " + out.getFileName());
        } catch (IOException e) {
            fail("exportErrorDialog", "Could not write " + out.getFileName(), e.getMessage());
        }
    }

    /** Asks to keep unsaved work, then for an .onnx file, and opens the model as a new, unsaved project. */
    public void importOnnx() {
        if (!confirmDiscard.test("importing a model")) return;
        Path in = chooser.open(owner.get(), "Import ONNX model", "ONNX model", "onnx", folder());
        if (in != null) importOnnx(in);
    }

    /**
     * Opens the ONNX model in {@code in} as a new, unsaved project (unsaved work was asked about before). It is read in
     * the background ({@link #readThen}); then, should it be a torchvision model, its normalization and class names are
     * asked for.
     */
    public void importOnnx(Path in) {
        readThen(in, "Importing", "importErrorDialog", "Could not read ", "Cannot import ", exchange::importOnnx, read -> {
            ModelExchange.Opened m = read;
            // A torchvision model comes without its normalization and class names: asked for, as import --mean/--std/--classes.
            if (ModelLabelsDialog.applies(m.graph(), m.normalization(), m.names().classes())) {
                var labels = ModelLabelsDialog.ask(owner.get(), m.graph(), in, chooser);
                if (labels.isPresent()) {
                    var l = labels.get();
                    m = new ModelExchange.Opened(m.graph(), m.weights(), l.normalization(),
                            new DataNames(m.names().features(), l.classes(), m.names().vocabulary(), l.resize()), m.metrics(), m.notes());
                }
            }
            adopt(m, in);
            // Ready to predict with in Results (its project has no data to evaluate it on yet).
            session.useInitialWeights(m.graph(), in.toAbsolutePath().getParent());
            editor.messageProperty().set("Imported " + in.getFileName() + " (" + OnnxImporter.size(m.graph())
                    + "); training and export start from its weights until the layers change"
                    + (m.normalization() == null ? "" : "; it normalizes its inputs first (" + m.normalization().describe()
                    + "), which Export keeps with these weights")
                    + (m.names().resize() == 0 ? "" : "; pictures are framed as Resize(" + m.names().resize() + "), then CenterCrop")
                    + (m.names().classes().isEmpty() ? "" : "; its " + m.names().classes().size() + " classes are named")
                    + m.notes().stream().map(note -> "; note: " + note).collect(java.util.stream.Collectors.joining()));
        });
    }

    /**
     * Asks for a {@code .safetensors} state_dict and loads it into the drawing as it is (PyTorch's names: weights trained
     * in PyTorch, or exported from another project): those that fit become the weights the next runs start from and
     * Export writes, and the project's data evaluate them at once, so that Results and the Inspector show what they do.
     * Some that do not fit: a dialog lists them and asks first; none: it says why and nothing changes.
     */
    public void importWeights() {
        if (session.state().active()) {
            editor.messageProperty().set("A training run is going: stop it (Esc) or let it finish, then import weights.");
            return;
        }
        Path in = chooser.open(owner.get(), "Import weights", "safetensors weights", "safetensors", folder());
        if (in == null) return;
        Graph g = editor.graph();
        ModelExchange.LoadedWeights w;
        try {
            w = exchange.readWeights(g, in);
        } catch (IOException e) {
            fail("importErrorDialog", "Could not read " + in.getFileName(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail("importErrorDialog", "Cannot import " + in.getFileName(), e.getMessage());
            return;
        }
        String project = "\"" + g.name() + "\"";
        if (w.loaded() == 0) {
            fail("importErrorDialog", "None of the weights in " + in.getFileName() + " fits " + project,
                    "Weights load by their PyTorch names (fc1.weight, conv1.bias) and shapes. " + w.fit());
            return;
        }
        if (!w.fit().isClean()) {
            String text = String.format(Locale.ROOT, "%d of the drawing's %d tensors come from the file; %s start fresh. %s", w.loaded(), w.total(),
                    w.fresh().isEmpty() ? "none" : w.fresh(), w.fit());
            if (!confirm("weightsFitDialog", "Import weights", in.getFileName() + " fits " + project + " in part", text, "Load the ones that fit")) return;
        }
        exchange.useWeights(w);
        session.useInitialWeights(g, folder(), true);
        editor.messageProperty().set(String.format(Locale.ROOT, "Imported %d of %d tensors from %s%s; training and export start from them until the layers "
                + "change, and Results shows how they do on the project's data", w.loaded(), w.total(), in.getFileName(),
                w.fresh().isEmpty() ? "" : " (fresh: " + w.fresh() + ")") + nonFinite(w.weights()));
    }

    /** "; note: fc1.weight holds 3 NaN values of 12…" where weights read as they are hold infinities or NaN, else "". */
    private static String nonFinite(Map<String, Tensor> weights) {
        String what = layerlab.io.Safetensors.nonFinite(weights);
        return what == null ? "" : "; note: " + what;
    }

    /** An OK/Cancel question; true when the person chose {@code ok}. */
    private boolean confirm(String id, String title, String header, String text, String ok) {
        ButtonType yes = new ButtonType(ok, ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, yes, ButtonType.CANCEL);
        a.setTitle(title);
        return styled(a, id, header).showAndWait().orElse(ButtonType.CANCEL) == yes;
    }

    /**
     * Opens a trained model (a {@code .llab} bundle) as a new, unsaved project: its drawing, data and training settings,
     * with its weights as the start of the next run and what Export writes. Read in the background ({@link #readThen}).
     */
    public void openBundle(Path in) {
        readThen(in, "Opening", "bundleErrorDialog", "Could not open ", "Cannot open ", exchange::openBundle, m -> {
            adopt(m, in);
            // Ready to predict with, as after a run: its data are read (paths relative to the bundle's folder) and evaluated.
            session.useInitialWeights(m.graph(), in.toAbsolutePath().getParent());
            editor.messageProperty().set("Opened the trained model " + in.getFileName() + " (" + m.graph().nodes().size()
                    + " nodes); training and export start from its weights until the layers change; Save As keeps it as a project"
                    + (m.resume() != null ? "; Go On continues its run (" + m.resume().describe() + ")"
                    : m.unreadableState() != null ? "; its run cannot go on: " + m.unreadableState() : "") + nonFinite(m.weights()));
        });
    }

    private interface Reader {
        ModelExchange.Opened read(Path file) throws IOException;
    }

    /** The file being read ({@link #readThen}), or null. */
    private Path reading;
    /** Runs on the reading thread before it reads (tests hold a read there). */
    private Runnable beforeRead = () -> {};

    void setBeforeRead(Runnable r) {
        beforeRead = r;
    }

    /** Whether a model is being read in the background. */
    public boolean isReading() {
        return reading != null;
    }

    /** How long a read may take before its progress dialog shows: a small model opens without one flashing by. */
    private static final Duration QUIET = Duration.millis(300);

    /**
     * Reads the model in {@code in} on a thread of its own, so that the window keeps drawing and answering while a large
     * model (ConvNeXt-Tiny's 110 MB, a VGG's 500) is read, mapped and checked; past {@link #QUIET} a modal dialog says
     * what is being read, with Cancel, which lets the result go. Then, on the JavaFX thread, {@code then} takes the
     * model; or a dialog says why there is none (unreadable, a model LayerLab refuses, too large for the memory given).
     * Should the document have been changed meanwhile, unsaved work is asked about again first.
     */
    private void readThen(Path in, String verb, String dialogId, String unreadable, String refused, Reader reader, Consumer<ModelExchange.Opened> then) {
        if (reading != null) {
            editor.messageProperty().set("Still reading " + reading.getFileName() + ": wait for it, or cancel it, before opening " + in.getFileName());
            return;
        }
        reading = in;
        Graph before = editor.graph();
        String what = verb + " " + in.getFileName() + size(in) + "…";
        editor.messageProperty().set(what);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(36, 36);
        Label text = new Label(what);
        text.setWrapText(true);
        Alert progress = styled(new Alert(Alert.AlertType.NONE, null, ButtonType.CANCEL), "readingDialog", null);
        progress.setTitle(verb + " a model");
        HBox content = new HBox(14, spinner, text);
        content.setAlignment(Pos.CENTER_LEFT);
        content.setPadding(new Insets(6, 0, 2, 0));
        content.setMinWidth(380);
        progress.getDialogPane().setContent(content);
        String cancelled = verb + " " + in.getFileName() + " cancelled; nothing changed";
        boolean[] done = {false};
        progress.setOnHidden(e -> {
            if (done[0]) return;
            // Cancel: the read runs on to its end, unseen.
            done[0] = true;
            reading = null;
            editor.messageProperty().set(cancelled);
        });
        PauseTransition quiet = new PauseTransition(QUIET);
        quiet.setOnFinished(e -> {
            if (!done[0]) progress.show();
        });
        Thread t = new Thread(() -> {
            Object result;
            try {
                beforeRead.run();
                result = reader.read(in);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                result = e;
            }
            Object r = result;
            Platform.runLater(() -> {
                if (done[0]) return;
                done[0] = true;
                reading = null;
                quiet.stop();
                progress.close();
                if (r instanceof ModelExchange.Opened m) {
                    if (editor.graph() == before || confirmDiscard.test("opening " + in.getFileName())) then.accept(m);
                    else editor.messageProperty().set(cancelled);
                } else if (r instanceof IOException e) {
                    fail(dialogId, unreadable + in.getFileName(), e.getMessage());
                } else if (r instanceof OutOfMemoryError) {
                    fail(dialogId, refused + in.getFileName(), in.getFileName() + " does not fit in the memory LayerLab may use ("
                            + (Runtime.getRuntime().maxMemory() >> 20) + " MB). Start it with more, e.g. LAYERLAB_JAVA_OPTS=-Xmx8g ./layerlab");
                } else {
                    fail(dialogId, refused + in.getFileName(), ((Throwable) r).getMessage());
                }
            });
        }, "layerlab-read-model");
        t.setDaemon(true);
        t.start();
        quiet.play();
    }

    /** " (110 MB)" for a file of a megabyte or more, else "". */
    private static String size(Path in) {
        try {
            long mb = Files.size(in) >> 20;
            return mb >= 1 ? " (" + mb + " MB)" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The model read from {@code source} becomes a new project that starts from its weights, unsaved (once changed,
     * replacing or closing it asks first: it exists only in memory).
     */
    private void adopt(ModelExchange.Opened m, Path source) {
        files.openCopy(m.graph(), source);
        exchange.startFrom(m);
        opened.run();
    }

    /** The file to write, asked for in the project's folder under the project's name, ending in {@code .extension}; null: cancelled. */
    private Path askWhere(String title, String description, String extension) {
        String stem = files.displayName().replaceFirst("\\.json$", "");
        Path out = chooser.save(owner.get(), title, description, extension, files.folderToWrite(), stem + "." + extension);
        // The file dialog asked about replacing the name typed, not the one with the ending added.
        return out == null ? null : Dialogs.withExtensionOrAsk(out, extension, owner.get());
    }

    private Path folder() {
        Path f = files.fileProperty().get();
        return f == null ? null : f.toAbsolutePath().getParent();
    }

    private void fail(String id, String header, String message) {
        editor.messageProperty().set(header);
        styled(new Alert(Alert.AlertType.ERROR, message == null ? header : message), id, header).showAndWait();
    }

    /** An alert with its header, its id (for tests), over the window and in its theme. */
    private Alert styled(Alert a, String id, String header) {
        a.setHeaderText(header);
        a.getDialogPane().setId(id);
        Dialogs.attach(a, owner.get());
        return a;
    }

    private static MenuItem item(String id, String text, Runnable action) {
        MenuItem item = new MenuItem(text);
        // As every item of the menus: its words as written, no mnemonic (MainMenu.plain).
        item.setMnemonicParsing(false);
        item.setId(id);
        item.setOnAction(e -> action.run());
        return item;
    }
}
