package layerlab.ui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Side;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
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
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

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
    private final GridPane options = new GridPane();
    private final Map<String, TextField> optionFields = new LinkedHashMap<>();
    /** The source whose settings the fields show, and per source the texts last typed in its fields (until the project's are shown again). */
    private String optionsOf;
    private final Map<String, Map<String, Object>> typed = new java.util.HashMap<>();
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
    /** The network's target Inputs (an Input a loss node's target reads), for a drop-down of the table's columns each. */
    private Supplier<List<String>> targetInputs = List::of;
    /** The targets' drop-downs while a table's settings are shown; null otherwise. */
    private TargetsPicker targetsPicker;

    /**
     * @param read  the project's dataset object
     * @param write replaces it (an undoable command)
     */
    public DataPanel(Supplier<Map<String, Object>> read, Consumer<Map<String, Object>> write, Supplier<Path> baseDir) {
        this.read = read;
        this.write = write;
        this.baseDir = baseDir;
        setId("dataPanel");
        source.setId("dataSource");
        source.getItems().setAll(List.copyOf(DataSources.OPTIONS.keySet()));
        source.setPromptText("choose…");
        source.setOnAction(e -> {
            if (!updating) fillOptions(source.getValue(), typedFor(source.getValue()));
            augment.showFor(source.getValue());
        });
        normalize.setId("dataNormalize");
        normalize.getItems().setAll("none", "standardize", "scale");
        split.setId("dataSplit");
        split.setPrefColumnCount(5);
        seed.setId("dataSeed");
        seed.setPrefColumnCount(5);
        options.setHgap(6);
        options.setVgap(3);
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
        left.getChildren().setAll(form, new HBox(6, apply, show), readingBar, error, description);
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
        setLeft(scroll);
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
            optionsOf = null;
            typed.clear();
            fillOptions(s, m);
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

    /**
     * The settings to show for {@code src} once the source is switched to it: what was typed for it before another source
     * was picked (a look at another source, or a wheel turned over the menu, lost the path, delimiter and columns typed),
     * else the project's where it is the project's source, else none.
     */
    private Map<String, Object> typedFor(String src) {
        Map<String, Object> project = read.get();
        if (typed.containsKey(src)) return new LinkedHashMap<>(typed.get(src));
        return src != null && src.equals(project.get("source")) ? project : Map.of();
    }

    private void fillOptions(String src, Map<String, Object> values) {
        if (optionsOf != null && !optionFields.isEmpty()) {
            Map<String, Object> texts = new LinkedHashMap<>();
            for (Map.Entry<String, TextField> e : optionFields.entrySet()) if (!e.getValue().getText().isEmpty()) texts.put(e.getKey(), e.getValue().getText());
            typed.put(optionsOf, texts);
        }
        optionsOf = src;
        options.getChildren().clear();
        optionFields.clear();
        targetsPicker = null;
        if (src == null) return;
        List<String> keys = DataSources.OPTIONS.getOrDefault(src, List.of());
        int row = 0;
        for (String k : keys) {
            TextField f = new TextField(values.containsKey(k) ? FieldValues.show(values.get(k)) : "");
            f.setId("data-" + k);
            String defaultText = DataSources.defaultText(src, k);
            f.setPromptText(defaultText);
            f.setTooltip(new Tooltip(k + ": " + defaultText + " when left empty"));
            f.setPrefColumnCount(14);
            optionFields.put(k, f);
            Label l = new Label(k);
            l.setStyle("-fx-font-family: monospace; -fx-font-size: 0.846em");
            l.setMinWidth(Region.USE_PREF_SIZE);
            l.setPadding(new Insets(0, 0, 0, 12));
            if (k.equals("targets")) {
                // With several target Inputs, a drop-down of the table's columns each, writing this field's pairs.
                targetsPicker = new TargetsPicker(f);
                targetsPicker.show(targetInputs.get(), List.of());
                options.addRow(row, Captions.names(l, f), new VBox(f, targetsPicker));
            } else options.addRow(row, Captions.names(l, f), f);
            if (DataSources.pathKeys(src).contains(k)) {
                Button browse = new Button("…");
                browse.setId("data-browse-" + k);
                // "…" alone says nothing to a screen reader, nor to a mouse hovering over it.
                browse.setAccessibleText("Browse for " + k);
                browse.setTooltip(new Tooltip("Choose the " + k + " in a file dialog"));
                browse.setOnAction(e -> browse(f, src, k, browse));
                options.add(browse, 2, row);
            } else if (!DataSources.choices(src, k).isEmpty()) {
                // A few words: offered in a menu beside the field, which still takes them typed.
                MenuButton choose = new MenuButton();
                choose.setId("data-choose-" + k);
                choose.setTooltip(new Tooltip("the values " + k + " takes"));
                choose.setAccessibleText("Values for " + k);
                for (String v : DataSources.choices(src, k)) {
                    String help = DataSources.choiceHelp(k, v);
                    MenuItem item;
                    if (help == null) {
                        item = new MenuItem(v);
                        item.setMnemonicParsing(false);
                    } else {
                        // The word, and what it does beside it in grey.
                        Label word = new Label(v), what = new Label(help);
                        what.getStyleClass().add("muted");
                        HBox line = new HBox(10, word, what);
                        item = new javafx.scene.control.CustomMenuItem(line);
                    }
                    item.setId("data-choice-" + k + "-" + v);
                    item.setOnAction(e -> f.setText(v));
                    choose.getItems().add(item);
                }
                options.add(choose, 2, row);
            }
            row++;
        }
    }

    /**
     * Asks for the file or folder of {@code src}'s {@code key}: a folder for images, a file for the others; for texts,
     * either (a CSV or TSV file, or a folder of class folders), from a menu under {@code button}.
     */
    private void browse(TextField f, String src, String key, Button button) {
        if (!src.equals("text")) {
            choose(f, src, key, src.equals("images"));
            return;
        }
        MenuItem file = new MenuItem("A CSV or TSV file…"), folder = new MenuItem("A folder with a subfolder of texts per class…");
        file.setId("data-browse-" + key + "-file");
        folder.setId("data-browse-" + key + "-folder");
        file.setOnAction(e -> choose(f, src, key, false));
        folder.setOnAction(e -> choose(f, src, key, true));
        ContextMenu menu = new ContextMenu(file, folder);
        menu.setId("data-browse-menu");
        menu.show(button, Side.BOTTOM, 0, 0);
    }

    private void choose(TextField f, String src, String key, boolean folder) {
        java.io.File chosen;
        Path base = baseDir.get();
        String title = "Choose the " + src + " data set's " + key;
        if (folder) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle(title + (src.equals("text") ? " (a folder with one subfolder of text files per class)"
                    : " (a folder with one subfolder of pictures per class)"));
            if (base != null) dc.setInitialDirectory(base.toFile());
            chosen = dc.showDialog(getScene().getWindow());
        } else {
            FileChooser fc = new FileChooser();
            fc.setTitle(title);
            fc.getExtensionFilters().addAll(switch (src) {
                case "csv" -> List.of(new FileChooser.ExtensionFilter("CSV files", "*.csv", "*.csv.gz", "*.tsv", "*.txt"));
                case "text" -> List.of(new FileChooser.ExtensionFilter("Texts with labels (CSV, TSV)", "*.csv", "*.tsv", "*.tab", "*.txt", "*.csv.gz",
                        "*.tsv.gz"));
                case "npy" -> List.of(new FileChooser.ExtensionFilter("NumPy arrays", "*.npy"));
                default -> List.of(new FileChooser.ExtensionFilter("IDX files", "*-ubyte", "*-ubyte.gz", "*.idx", "*.gz"));
            });
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
            if (base != null) fc.setInitialDirectory(base.toFile());
            chosen = fc.showOpenDialog(getScene().getWindow());
        }
        if (chosen == null) return;
        Path p = chosen.toPath();
        f.setText(base != null && p.startsWith(base) ? base.relativize(p).toString() : p.toString());
    }

    /** The settings as the form shows them. */
    public Map<String, Object> current() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source.getValue());
        for (Map.Entry<String, TextField> e : optionFields.entrySet()) {
            // A decimal comma typed under German ("noise" 0,1) is a number; a list of columns (features 0,2) stays a list.
            String t = e.getKey().equals("features") || e.getKey().equals("targets") ? e.getValue().getText() : TypedText.decimalPoint(e.getValue().getText());
            // targets: "species=species, bill=bill_depth_mm", a column per target Input, kept as the object the file holds.
            if (!t.isBlank()) m.put(e.getKey(), e.getKey().equals("targets") ? FieldValues.pairs(t) : FieldValues.parse(t));
        }
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
        this.targetInputs = inputs;
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
            if (mine == request.get() && targetsPicker != null) targetsPicker.show(targetInputs.get(), columns);
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

    /** The data set the preview shows (tests). */
    /** Previews the project's data set when nothing is shown yet (the tab was opened), so the data are there to see. */
    public void previewIfNone() {
        if (shown == null && read.get().get("source") instanceof String && error.getText().isEmpty() && !"Opening…".equals(description.getText())) {
            preview(read.get());
        }
    }

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
            preview.setCenter(imageGrid(p));
        } else if (p.shape().length == 1 && p.shape()[0] == 2) {
            preview.setCenter(scatter(p));
        } else {
            preview.setCenter(table(p));
        }
    }

    private ScrollPane imageGrid(Preview p) {
        int[] s = p.shape();
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        FlowPane grid = new FlowPane(6, 6);
        grid.setId("dataImageGrid");
        grid.setPadding(new Insets(8));
        VBox page = new VBox(grid);
        if (p.augmented() != null) page.getChildren().add(0, augmentedGrid(p, c, h, w));
        for (int i = 0; i < p.size(); i++) {
            ImageView v = new ImageView(Pictures.image(p.features(), i * c * h * w, c, h, w, 0, 0));
            v.setFitWidth(56);
            v.setFitHeight(56);
            v.setSmooth(false);
            String label = p.labels() != null ? p.classes().get((int) p.labels()[i]) : String.format(Locale.ROOT, "%.3g", p.values()[i]);
            VBox cell = new VBox(1, v, new Label(label));
            grid.getChildren().add(cell);
        }
        ScrollPane sp = new ScrollPane(page);
        sp.setFitToWidth(true);
        return sp;
    }

    /** Each of a few samples as it is, then variants the augmentation draws of it, a row per sample. */
    private VBox augmentedGrid(Preview p, int c, int h, int w) {
        GridPane rows = new GridPane();
        rows.setId("dataAugmentedGrid");
        rows.setHgap(6);
        rows.setVgap(6);
        int per = c * h * w, across = 1 + Preview.DRAWS, k = p.augmented().length / (per * across);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < across; j++) {
                ImageView v = new ImageView(Pictures.image(p.augmented(), (i * across + j) * per, c, h, w, 0, 0));
                v.setFitWidth(56);
                v.setFitHeight(56);
                v.setSmooth(false);
                rows.add(v, j == 0 ? 0 : j + 1, i);
            }
        }
        // A gap between each sample and its variants.
        rows.getColumnConstraints().add(new javafx.scene.layout.ColumnConstraints());
        rows.getColumnConstraints().add(new javafx.scene.layout.ColumnConstraints(6));
        Label head = new Label("Augmented for training — each sample, then what its random transforms can make of it (new draws every batch):");
        head.setWrapText(true);
        VBox box = new VBox(4, head, rows, new Label("The training samples as they are:"));
        box.setPadding(new Insets(8, 8, 0, 8));
        return box;
    }

    private ChartViewer scatter(Preview p) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<XYSeries> series = new ArrayList<>();
        int k = p.labels() == null ? 1 : p.classes().size();
        for (int i = 0; i < k; i++) {
            XYSeries s = new XYSeries(p.labels() == null ? "samples" : "class " + p.classes().get(i), false, true);
            series.add(s);
            data.addSeries(s);
        }
        for (int i = 0; i < p.size(); i++) {
            int cls = p.labels() == null ? 0 : (int) p.labels()[i];
            series.get(cls).add(p.features()[2 * i], p.features()[2 * i + 1], false);
        }
        // The axes by the file's column names where it has them ("Height", "Weight"), as the table preview heads its columns.
        boolean named = p.columns() != null && p.columns().size() == 2;
        JFreeChart chart = ChartFactory.createScatterPlot("Training samples", named ? p.columns().get(0) : "x₁", named ? p.columns().get(1) : "x₂",
                data, PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        // Each class its feature-space mark and colour: a shape as well as a hue (blobs' red and green dots were one to
        // colour-blind eyes).
        for (int i = 0; i < k; i++) {
            r.setSeriesShape(i, layerlab.ui.inspect.ClassMarker.chartShape(i, 2.5));
            if (p.labels() != null) r.setSeriesPaint(i, layerlab.ui.inspect.ClassMarker.chartColor(i, k));
        }
        scatterChart = chart;
        ChartTheme.dress(getScene(), chart);
        ChartViewer v = new ChartViewer(chart);
        v.setId("dataScatter");
        return v;
    }

    static TableColumn<Integer, String> targetColumn(Preview p) {
        TableColumn<Integer, String> target = new TableColumn<>("target");
        target.setCellValueFactory(c -> new ReadOnlyStringWrapper(p.labels() != null ? p.classes().get((int) p.labels()[c.getValue()])
                : String.format(Locale.ROOT, "%.4g", p.values()[c.getValue()])));
        return target;
    }

    /**
     * With several targets, a column per target Input's column, headed "bill ← bill_depth_mm": a word column's class by
     * name, a number as it is.
     */
    static List<TableColumn<Integer, String>> headColumns(Preview p) {
        List<TableColumn<Integer, String>> out = new java.util.ArrayList<>();
        int w = p.heads().stream().mapToInt(layerlab.data.TargetHead::width).sum(), at = 0;
        for (layerlab.data.TargetHead h : p.heads()) {
            for (int k = 0; k < h.width(); k++) {
                int col = at + k;
                TableColumn<Integer, String> c = new TableColumn<>(h.input() + " \u2190 " + h.columns().get(k));
                c.setCellValueFactory(v -> {
                    float x = p.values()[v.getValue() * w + col];
                    return new ReadOnlyStringWrapper(h.words() ? h.classes().get((int) x) : String.format(Locale.ROOT, "%.4g", x));
                });
                out.add(c);
            }
            at += h.width();
        }
        return out;
    }

    private TableView<Integer> table(Preview p) {
        TableView<Integer> t = new TableView<>();
        t.setId("dataTable");
        int per = 1;
        for (int s : p.shape()) per *= s;
        int cols = Math.min(per, 40);
        int stride = per;
        if (p.heads().isEmpty()) t.getColumns().add(targetColumn(p));
        else t.getColumns().addAll(headColumns(p));
        for (int j = 0; j < cols; j++) {
            int col = j;
            // The file's own column names where it has them (a CSV header), a time series' steps, else x0, x1, …
            String name = p.heading(j, layerlab.data.Series.isSeries(source.getValue()));
            TableColumn<Integer, String> tc = new TableColumn<>(name);
            tc.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.format(Locale.ROOT, "%.4g", p.features()[c.getValue() * stride + col])));
            if (!p.gaps().isEmpty() && p.fillWith() != null) {
                String with = p.fillWith().mark(name);
                tc.setCellFactory(c -> new GapCell(p.gaps(), with, stride, col));
            }
            t.getColumns().add(tc);
        }
        for (int i = 0; i < p.size(); i++) t.getItems().add(i);
        ChartTheme.onThemeChange(t, dark -> fitColumns(t));
        return t;
    }

    /**
     * Widens each column of {@code t} to its whole heading at the window's text size (the table scrolls sideways): at
     * 200 % the columns kept their 80 px and Iris's read "sep…", "sep…", "pet…".
     */
    static void fitColumns(TableView<?> t) {
        double scale = ChartTheme.textScale(t.getScene());
        javafx.scene.text.Text m = new javafx.scene.text.Text();
        m.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(), javafx.scene.text.FontWeight.BOLD, 13 * scale));
        for (TableColumn<?, ?> c : t.getColumns()) {
            m.setText(c.getText());
            c.setPrefWidth(Math.max(80 * scale, Math.ceil(m.getLayoutBounds().getWidth() + 20 * scale)));
        }
    }
}
