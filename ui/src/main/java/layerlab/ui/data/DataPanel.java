package layerlab.ui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.ui.Captions;
import layerlab.ui.StackingForm;
import layerlab.ui.ChartTheme;
import layerlab.ui.TypedText;
import layerlab.ui.inspect.Pictures;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Where the project's data comes from: a source (generator, bundled set, CSV, IDX, image folder, NPY, text, or the
 * sample projects' own) with its options, normalisation, validation split and seed (a separate validation source, which
 * it has no fields for, is kept), written to the project's
 * {@code "dataset"} object on Apply (undoable); and a preview of what it opens to: an image grid, a scatter plot of
 * 2-D points, the texts with their vocabulary, or a table, with the class balance.
 */
public final class DataPanel extends BorderPane {
    /** Samples the preview shows at most. */
    static final int PREVIEW = 48;
    private static final ExecutorService LOADER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "layerlab-data-preview");
        t.setDaemon(true);
        return t;
    });

    private final Supplier<Map<String, Object>> read;
    private final Consumer<Map<String, Object>> write;
    private final Supplier<Path> baseDir;
    private final ComboBox<String> source = new ComboBox<>(), normalize = new ComboBox<>();
    private final TextField split = new TextField(), seed = new TextField();
    /** The source's own options. */
    private final SourceOptions options;
    /** The training images' random transforms. */
    private final AugmentForm augment = new AugmentForm();
    private final Label description = new Label(), error = new Label();
    private final BorderPane preview = new BorderPane();
    private final DefaultCategoryDataset balance = new DefaultCategoryDataset();
    private final ChartViewer balanceChart;
    private DataSplit shown;
    /**
     * Numbers the requests for a preview (and what overrides one: a refusal to preview, another project): only the
     * newest may show, so a slow earlier preview that finishes after a newer Apply failed, or after another project was
     * opened, does not put its stale data back; one overtaken before it started is not opened at all.
     */
    private final java.util.concurrent.atomic.AtomicLong request = new java.util.concurrent.atomic.AtomicLong();
    /** The scatter preview's chart, while one is shown (it follows the theme with the class balance). */
    private JFreeChart scatterChart;
    private boolean updating;

    /**
     * @param read  the project's dataset object
     * @param write replaces it (an undoable command)
     */
    public DataPanel(Supplier<Map<String, Object>> read, Consumer<Map<String, Object>> write, Supplier<Path> baseDir) {
        this.read = read;
        this.write = write;
        this.baseDir = baseDir;
        options = new SourceOptions(baseDir);
        setId("dataPanel");
        source.setId("dataSource");
        source.getItems().setAll(List.copyOf(DataSources.OPTIONS.keySet()));
        source.setPromptText("choose…");
        source.setOnAction(e -> {
            if (!updating) options.fill(source.getValue(), options.typedFor(source.getValue(), read.get()));
            augment.showFor(source.getValue());
        });
        normalize.setId("dataNormalize");
        normalize.getItems().setAll("none", "standardize", "scale");
        split.setId("dataSplit");
        split.setPrefColumnCount(5);
        seed.setId("dataSeed");
        seed.setPrefColumnCount(5);
        Button apply = new Button("Apply");
        apply.setId("dataApply");
        apply.setOnAction(e -> apply());
        Button show = new Button("Preview");
        show.setId("dataPreview");
        show.setOnAction(e -> {
            if (source.getValue() == null) refuse("Choose a source first.");
            else preview(current());
        });
        error.setId("dataError");
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #d9363e");
        // No empty line's room between the reading line and the buttons while there is nothing to say.
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        description.setWrapText(true);
        description.setId("dataDescription");
        // Captions above their fields where both do not fit whole: at 200 % Normalize's choice read "stand…".
        StackingForm form = new StackingForm();
        form.setId("dataForm");
        Label[] captions = {Captions.of("Source", source), Captions.of("Normalize", normalize), Captions.of("Validation split", split),
                Captions.of("Seed", seed)};
        form.row(captions[0], source);
        form.wide(options);
        form.row(captions[1], normalize);
        form.row(captions[2], split);
        form.row(captions[3], seed);
        form.wide(augment);
        left.getChildren().setAll(form, description);
        // Captions read whole ("Validatio…" at 200 %): the fields give way instead.
        for (Label c : captions) c.setMinWidth(Region.USE_PREF_SIZE);
        left.setPadding(new Insets(8));
        // The settings' column widens with View › Text Size, up to half the tab, so that its fields keep room.
        ChartTheme.onThemeChange(this, dark -> fitLeft());
        widthProperty().addListener(o -> fitLeft());
        JFreeChart bars = ChartFactory.createBarChart("Class balance", null, "samples", balance, PlotOrientation.VERTICAL, false, true, false);
        ChartTheme.follow(this, () -> scatterChart == null ? List.of(bars) : List.of(bars, scatterChart));
        balanceChart = layerlab.ui.ChartWheel.scrollsPage(new ChartViewer(bars));
        balanceChart.setId("dataBalance");
        balanceChart.setPrefSize(260, 200);
        left.getChildren().add(balanceChart);
        showBalance();
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);
        // Apply and Preview under the scrolling form, always in view and in their place: inside it, an image source's
        // augment list pushed them down (a click aimed at Apply landed on its text) and at 150 % text below the fold.
        // What they answer (reading…, why not) shows with them, above them: the reading line appears 300 ms into a read,
        // and under the buttons it grew the bar upwards, so Apply moved from under a pointer aimed at it (a second Apply
        // clicked as the first's read showed landed on the reading line instead).
        VBox bar = new VBox(6, readingBar, error, new HBox(6, apply, show));
        bar.setId("dataButtons");
        bar.setPadding(new Insets(6, 8, 8, 8));
        // As wide as the form above it, wrapping a long refusal: its own width would widen the column.
        bar.setPrefWidth(0);
        setLeft(new BorderPane(scroll, null, null, bar, null));
        setCenter(preview);
        refresh();
    }

    private final VBox left = new VBox(6);

    private void fitLeft() {
        left.setPrefWidth(Math.max(350, Math.min(350 * ChartTheme.textScale(getScene()), getWidth() / 2)));
    }

    /** Shows the project's dataset object. */
    public void refresh() {
        Map<String, Object> m = read.get();
        updating = true;
        try {
            String s = m.get("source") instanceof String x ? x : null;
            source.setValue(s);
            // Until a preview describes the data, say what to do when there is none, and nothing stale when there is.
            if (shown == null) description.setText(s == null ? NO_DATA : "");
            normalize.setValue(m.get("normalize") instanceof String x ? x : "none");
            split.setText(m.containsKey("validation_split") ? String.valueOf(m.get("validation_split")) : "0");
            seed.setText(m.containsKey("seed") ? String.valueOf(m.get("seed")) : "0");
            options.forgetTyped();
            options.fill(s, m);
            augment.fill(m.get("augment"));
            augment.showFor(s);
        } finally {
            updating = false;
        }
    }

    /** What the panel says while the project has no data set. */
    public static final String NO_DATA = "This project has no data set yet: choose a source (a sample set that ships with LayerLab, or your own "
            + "csv, idx, image folder, npy or text files), then Apply.";

    /** Forgets the preview (another project was opened). */
    public void clear() {
        request.incrementAndGet();
        readingBar.stop();
        stale(false);
        shown = null;
        balance.clear();
        showBalance();
        preview.setCenter(null);
        error.setText("");
        description.setText("");
        refresh();
    }

    /** Fades the preview and its class balance while they are no longer the settings' own (a read of new ones goes on). */
    private void stale(boolean on) {
        preview.setOpacity(on ? 0.35 : 1);
        balanceChart.setOpacity(on ? 0.35 : 1);
    }

    /** The class balance chart shows only when there are classes to count (none before a preview, none for regression). */
    private void showBalance() {
        boolean any = balance.getColumnCount() > 0;
        balanceChart.setVisible(any);
        balanceChart.setManaged(any);
    }

    /** The settings as the form shows them. */
    public Map<String, Object> current() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source.getValue());
        m.putAll(options.values());
        if (!"none".equals(normalize.getValue())) m.put("normalize", normalize.getValue());
        Object v = FieldValues.parse(TypedText.decimalPoint(split.getText()));
        if (v instanceof Number n && n.doubleValue() > 0) m.put("validation_split", n);
        // The tab has no fields for a separate validation source (the project's "validation"): kept as it is, unless a
        // validation split now takes its place.
        Object separate = read.get().get("validation");
        if (separate != null && !m.containsKey("validation_split")) m.put("validation", separate);
        Object s = FieldValues.parse(seed.getText());
        if (s instanceof Number) m.put("seed", s);
        List<Object> transforms = augment.value();
        if (!transforms.isEmpty() && DataSources.augments(source.getValue())) m.put("augment", transforms);
        return m;
    }

    /**
     * Writes the form to the project and previews it; Apply on settings that did not change reads the data again (the
     * file may have changed), else the preview shares the data set the editor's checks open for the new settings.
     */
    public void apply() {
        if (source.getValue() == null) {
            refuse("Choose a source first.");
            return;
        }
        Map<String, Object> m = current();
        boolean unchanged = m.equals(read.get());
        if (!unchanged) write.accept(m);
        preview(m, unchanged);
    }

    /** Shares the window's {@link DataOpener} (the editor's data checks open the same data set). */
    public void setOpener(DataOpener opener) {
        this.opener = opener;
        listen(opener);
    }

    private DataOpener opener = listen(new DataOpener());
    private final ReadingBar readingBar = new ReadingBar();
    /** The preview request waiting for a read (0: none): the reads it is told of are its own. */
    private final java.util.concurrent.atomic.AtomicLong waiting = new java.util.concurrent.atomic.AtomicLong();

    /** Shows how far {@code o}'s reads are while a preview waits for one (a read the editor's checks started, too). */
    private DataOpener listen(DataOpener o) {
        java.util.concurrent.atomic.AtomicReference<layerlab.io.ReadProgress> latest = new java.util.concurrent.atomic.AtomicReference<>();
        o.onProgress(p -> {
            long mine = waiting.get();
            // One hand-over to the JavaFX thread at a time; it shows the latest.
            if (mine == 0 || latest.getAndSet(p) != null) return;
            Platform.runLater(() -> {
                layerlab.io.ReadProgress last = latest.getAndSet(null);
                if (mine == request.get() && last != null) readingBar.show(last);
            });
        });
        return o;
    }

    /** What opens the project's data for this tab (and, shared, for the window's other readers of it). */
    public DataOpener opener() {
        return opener;
    }

    /** Opens {@code settings} off the JavaFX thread and shows the preview. */
    public void preview(Map<String, Object> settings) {
        preview(settings, false);
    }

    /** Lists the network's target Inputs ({@code inputs}), each given a drop-down of a table's columns. */
    public void setTargetInputs(Supplier<List<String>> inputs) {
        options.setTargetInputs(inputs);
    }

    /**
     * On the loader's thread: the columns of the table {@code settings} read (a CSV's, the penguins'), handed to the targets' drop-downs;
     * a table that cannot be read lists none (the preview says why).
     */
    private void showColumns(Map<String, Object> settings, Path base, long mine) {
        List<String> columns;
        try {
            columns = DataSources.tableColumns(settings, base);
        } catch (Exception | Error e) {
            return;
        }
        if (columns.isEmpty()) return;
        Platform.runLater(() -> {
            if (mine == request.get()) options.showColumns(columns);
        });
    }

    private void preview(Map<String, Object> settings, boolean fresh) {
        long mine = request.incrementAndGet();
        error.setText("");
        description.setText("Opening…");
        Path base = baseDir.get();
        DataOpener from = opener;
        readingBar.start(readsWhat(settings), from::cancel);
        // The data shown are the settings' before: faded while the new ones are read, not shown as if they were these.
        stale(true);
        LOADER.submit(() -> {
            if (mine != request.get()) return;
            waiting.set(mine);
            showColumns(settings, base, mine);
            try {
                DataSplit d = from.open(settings, base, fresh);
                Preview p = Preview.of(d);
                Platform.runLater(() -> {
                    if (mine == request.get()) show(d, p);
                });
            } catch (java.util.concurrent.CancellationException e) {
                Platform.runLater(() -> {
                    if (mine == request.get()) cancelled();
                });
            } catch (Exception | Error e) {
                // A missing file's exception says its path alone.
                String said = e.getMessage() == null ? e.toString() : e instanceof java.nio.file.NoSuchFileException ? "no such file: " + e.getMessage()
                        : e.getMessage();
                Platform.runLater(() -> {
                    if (mine == request.get()) failed(said);
                });
            } finally {
                waiting.compareAndSet(mine, 0);
            }
        });
    }

    /**
     * The files {@code settings} read, by name ("big.csv", "x.npy and y.npy"), or "the data set": named, not sized, on the
     * JavaFX thread (sizing a folder of pictures walks all of it; the read's progress says the size).
     */
    private static String readsWhat(Map<String, Object> settings) {
        List<String> names = new ArrayList<>();
        for (String k : DataSources.pathKeys(String.valueOf(settings.get("source")))) {
            if (!(settings.get(k) instanceof String p) || p.isBlank()) continue;
            try {
                Path name = Path.of(p).getFileName();
                names.add(name == null ? p : name.toString());
            } catch (RuntimeException e) {
                names.add(p);
            }
        }
        return names.isEmpty() ? "the data set" : String.join(" and ", names);
    }

    /**
     * The read was cancelled: nothing to preview, said where the preview was (the data shown before are not what these
     * settings give); the form stays as it is, to change or to Apply again, which reads anew.
     */
    private void cancelled() {
        failed("");
        description.setText("Reading cancelled");
        Label why = new Label("Reading cancelled: nothing to preview. Apply reads the data again.");
        why.setId("dataPreviewCancelled");
        why.setWrapText(true);
        why.setPadding(new Insets(12));
        BorderPane.setAlignment(why, javafx.geometry.Pos.TOP_LEFT);
        preview.setCenter(why);
    }

    /** Says why there is nothing to preview; a preview still being read is no longer wanted. */
    private void refuse(String message) {
        request.incrementAndGet();
        readingBar.stop();
        stale(false);
        description.setText(shown != null ? shown.description() : source.getValue() == null ? NO_DATA : "");
        error.setText(message);
    }

    /** Waits until the previews asked for so far have been read, their results handed to the JavaFX thread (tests). */
    void await() throws Exception {
        LOADER.submit(() -> null).get();
    }

    /**
     * Says that the settings did not open, and why, where the preview was: the data shown before are not what these
     * settings give (an Apply has written them to the project), so neither they nor their class balance stay on show.
     */
    private void failed(String message) {
        readingBar.stop();
        stale(false);
        shown = null;
        scatterChart = null;
        description.setText("");
        error.setText(message);
        balance.clear();
        showBalance();
        Label why = new Label("No preview: these settings did not open.\n" + message);
        why.setId("dataPreviewFailed");
        why.setWrapText(true);
        why.setStyle("-fx-text-fill: #d9363e");
        why.setPadding(new Insets(12));
        BorderPane.setAlignment(why, javafx.geometry.Pos.TOP_LEFT);
        preview.setCenter(why);
    }

    /** The class balance the chart shows. */
    public DefaultCategoryDataset balance() {
        return balance;
    }

    /** Previews the project's data set when nothing is shown yet (the tab was opened), so the data are there to see. */
    public void previewIfNone() {
        if (shown == null && read.get().get("source") instanceof String && error.getText().isEmpty() && !"Opening…".equals(description.getText())) {
            preview(read.get());
        }
    }

    /** The data set the preview shows (tests). */
    public DataSplit shown() {
        return shown;
    }

    private void show(DataSplit d, Preview p) {
        readingBar.stop();
        stale(false);
        shown = d;
        description.setText(d.description());
        balance.clear();
        for (int i = 0; i < p.counts().length; i++) balance.addValue(p.counts()[i], "samples", p.classes().get(i));
        showBalance();
        if (p.vocabulary() != null) {
            preview.setCenter(TextPreview.of(p));
        } else if (Pictures.isImage(p.shape())) {
            preview.setCenter(PreviewViews.imageGrid(p));
        } else if (p.shape().length == 1 && p.shape()[0] == 2) {
            ChartViewer v = PreviewViews.scatter(p, getScene());
            scatterChart = v.getChart();
            preview.setCenter(v);
        } else {
            preview.setCenter(PreviewViews.table(p, layerlab.data.Series.isSeries(source.getValue())));
        }
    }
}
