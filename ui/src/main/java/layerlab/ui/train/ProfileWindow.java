package layerlab.ui.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import layerlab.backend.cpu.Parallel;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.io.AtomicFiles;
import layerlab.train.StepProfile;
import layerlab.train.TrainingConfig;
import layerlab.ui.TextColumn;
import layerlab.ui.data.DataOpener;
import layerlab.ui.exchange.PathChooser;

/**
 * Train › Profile a Training Step: where a step's time goes, node by node ({@link StepProfile}), run off the JavaFX
 * thread on a fresh copy of the model with the project's data and settings. A row a node (forward, backward, total
 * milliseconds, its share as a bar, its forward GFLOP/s), then the parts of the step outside every node; a click on a
 * node's row selects it on the canvas; the columns sort. Closing the window stops the profile; the project is not touched.
 */
public final class ProfileWindow {
    private final Stage stage = new Stage();
    private final TableView<StepProfile.Row> table = new TableView<>();
    private final Label status = new Label(), summary = new Label();
    private final Button again = new Button("Profile Again"), copy = new Button("Copy Table"), trace = new Button("Save Trace…"),
            close = new Button("Stop");
    private PathChooser chooser = PathChooser.system();
    private final javafx.scene.control.CheckBox heat = new javafx.scene.control.CheckBox("Heat on the canvas");
    private final Consumer<java.util.Map<String, Double>> showHeat;
    private final AtomicBoolean stop = new AtomicBoolean();
    private Graph graph;
    private final Supplier<Graph> project;
    private final Function<Graph, String> whyNot;
    private final Path baseDir;
    private final DataOpener opener;
    private final StepProfile.Options options;
    private volatile StepProfile.Result result;

    /**
     * @param graph   the project (its data set, training settings and drawing, as they are now)
     * @param project the project as it is when Profile Again is pressed (an edit since is profiled then)
     * @param whyNot  why that project cannot be profiled now (a run is going, the drawing has errors), or null
     * @param baseDir where its relative data paths resolve (null: the working folder)
     * @param opener  opens the data (the window's, so a data set the editor has open is not read again)
     * @param select  selects the project's node of that name on the canvas
     * @param showHeat tints the canvas's cards by their shares of the step (top-level node → share), or clears the tint (null)
     */
    public ProfileWindow(Window owner, Graph graph, Supplier<Graph> project, Function<Graph, String> whyNot, Path baseDir, DataOpener opener,
                         StepProfile.Options options, Consumer<String> select, Consumer<java.util.Map<String, Double>> showHeat) {
        this.showHeat = showHeat;
        this.graph = graph;
        this.project = project;
        this.whyNot = whyNot;
        this.baseDir = baseDir;
        this.opener = opener;
        this.options = options;
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setTitle("LayerLab — Profile a training step of " + graph.name());
        Label about = new Label(String.format(Locale.ROOT, "Trains a fresh copy of %s with its data and training settings for %s s untimed (so that the "
                + "kernels are compiled), then times %d steps node by node: each node's forward pass and the backward pass of what it computed, as "
                + "the median of the steps. Forward GFLOP/s says how close a layer runs to the machine's speed. The project's weights are not touched.",
                graph.name(), TrainingConfig.shortNumber(options.warmupSeconds(), 3), options.steps()));
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE);
        about.setId("profileAbout");

        table.setId("profileTable");
        table.setPlaceholder(new Label("Profiling…"));
        TableColumn<StepProfile.Row, String> node = TextColumn.of("node", StepProfile.Row::label), kind = TextColumn.of("kind", StepProfile.Row::kind);
        node.setPrefWidth(190);
        kind.setPrefWidth(150);
        table.getColumns().add(node);
        table.getColumns().add(kind);
        table.getColumns().add(number("forward ms", r -> r.fusedInto() == null && hasPasses(r) ? r.forwardMs() : Double.NaN, "profileForward"));
        table.getColumns().add(number("backward ms", r -> r.fusedInto() == null && hasPasses(r) ? r.backwardMs() : Double.NaN, "profileBackward"));
        table.getColumns().add(number("total ms", r -> r.fusedInto() == null ? r.totalMs() : Double.NaN, "profileTotal"));
        table.getColumns().add(shareColumn());
        table.getColumns().add(number("GFLOP/s", r -> result == null ? Double.NaN : result.forwardGflops(r), "profileGflops"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // Each title whole at any text size: at 200 % they were "for…", "bac…"; a table wider than the window scrolls.
        TextColumn.titlesWhole(table);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> {
            if (row != null && (row.part() == StepProfile.Part.NODE || row.part() == StepProfile.Part.LOSS) && graph.nodeByName(row.topNode()) != null) {
                select.accept(row.topNode());
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        status.setId("profileStatus");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        summary.setId("profileSummary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.setStyle("-fx-font-weight: bold");
        again.setId("profileAgain");
        again.setDisable(true);
        again.setTooltip(new javafx.scene.control.Tooltip("Profiles the project as it is now, with any change made since"));
        again.setOnAction(e -> again());
        copy.setId("profileCopy");
        copy.setDisable(true);
        copy.setOnAction(e -> {
            StepProfile.Result r = result;
            if (r == null) return;
            ClipboardContent c = new ClipboardContent();
            c.putString(r.table() + r.describe() + "\n");
            Clipboard.getSystemClipboard().setContent(c);
            status.setText("The table is on the clipboard (as text: it lines up in a fixed-width font).");
        });
        trace.setId("profileTrace");
        trace.setDisable(true);
        trace.setTooltip(new javafx.scene.control.Tooltip("The timed steps as a timeline — each node's forward pass and each op's backward — for "
                + "Perfetto (ui.perfetto.dev) or chrome://tracing, as torch.profiler's export_chrome_trace writes it"));
        trace.setOnAction(e -> saveTrace());
        close.setId("profileClose");
        close.setCancelButton(true);
        close.setOnAction(e -> {
            if (again.isDisabled() && result == null) stop.set(true);
            else stage.close();
        });
        heat.setId("profileHeat");
        heat.setSelected(true);
        heat.setTooltip(new javafx.scene.control.Tooltip("Each card on the canvas glows by its share of the step: blue the least, red the most"));
        heat.selectedProperty().addListener((o, was, on) -> showHeat());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, copy, trace, heat, gap, again, close);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox root = new VBox(10, about, table, summary, status, buttons);
        root.setId("profile");
        root.setPadding(new Insets(14));
        Scene scene = new Scene(root);
        stage.setScene(scene);
        layerlab.ui.Screens.toolWindow(stage, owner, 960, 640);
        // The owner's theme and text size, followed while it is open (View › Theme changed the main window alone).
        layerlab.ui.OwnerLook.follow(scene, owner);
        // Ctrl+S, Ctrl+Z, Ctrl+Shift+T… pressed here act in the main window, as over its palettes.
        layerlab.ui.OwnerKeys.forward(stage, owner);
        stage.setOnHidden(e -> {
            stop.set(true);
            showHeat.accept(null);
        });
        start();
    }

    public Stage stage() {
        return stage;
    }

    /** The profile once it has been taken (tests); null before and while it runs again. */
    public StepProfile.Result result() {
        return result;
    }

    TableView<StepProfile.Row> table() {
        return table;
    }

    /** Profile Again: the project as it is now, unless it cannot be profiled now (then the status says why). */
    private void again() {
        Graph now = project.get();
        String why = whyNot.apply(now);
        if (why != null) {
            status.setText(why);
            return;
        }
        graph = now;
        stage.setTitle("LayerLab — Profile a training step of " + now.name());
        start();
    }

    private void start() {
        result = null;
        stop.set(false);
        again.setDisable(true);
        copy.setDisable(true);
        trace.setDisable(true);
        close.setText("Stop");
        table.getItems().clear();
        showHeat.accept(null);
        summary.setText("");
        status.setText("Opening the data…");
        Graph graph = this.graph;
        Thread t = new Thread(() -> {
            try {
                TrainingConfig config = TrainingConfig.fromMap(graph.training());
                DataSplit split = opener.open(graph.dataset(), baseDir, false);
                Platform.runLater(() -> status.setText(String.format(Locale.ROOT, "Warming up for %s s, then timing %d steps of %d samples…",
                        TrainingConfig.shortNumber(options.warmupSeconds(), 3), options.steps(), config.batchSize())));
                StepProfile.Result r = StepProfile.run(graph, config, split.train(), options, Parallel.threads(), stop::get);
                Platform.runLater(() -> finished(r));
            } catch (Exception | OutOfMemoryError e) {
                String msg = e.getMessage() != null ? e.getMessage() : e.toString();
                Platform.runLater(() -> {
                    status.setText("Cannot profile: " + msg);
                    table.setPlaceholder(new Label("No profile."));
                    close.setText("Close");
                    again.setDisable(false);
                });
            }
        }, "layerlab-profile");
        t.setDaemon(true);
        t.start();
    }

    private void finished(StepProfile.Result r) {
        result = r;
        table.getItems().setAll(r.rows());
        String d = r.describe();
        summary.setText(d.substring(0, 1).toUpperCase(Locale.ROOT) + d.substring(1) + ".");
        List<StepProfile.Row> top = r.slowest();
        StringBuilder s = new StringBuilder();
        if (top.size() > 1) {
            s.append("Next: ");
            for (int i = 1; i < Math.min(4, top.size()); i++) {
                if (i > 1) s.append(", ");
                s.append(String.format(Locale.ROOT, "%s %.0f%%", top.get(i).name(), 100 * r.share(top.get(i))));
            }
            s.append(". ");
        }
        s.append(r.ended().equals("stopped") ? "Stopped after " + r.steps() + " timed step" + (r.steps() == 1 ? "" : "s") + ". " : "");
        s.append("A click on a node's row selects it on the canvas.");
        status.setText(s.toString());
        close.setText("Close");
        again.setDisable(false);
        copy.setDisable(false);
        trace.setDisable(false);
        showHeat();
    }

    /** The canvas's heat as the check box says: the profile's shares, or none. */
    private void showHeat() {
        StepProfile.Result r = result;
        showHeat.accept(heat.isSelected() && r != null ? r.nodeShares() : null);
    }

    /** Replaces the file dialog (tests cannot drive the native one). */
    void setChooser(PathChooser chooser) {
        this.chooser = chooser;
    }

    /** Asks where, then writes the timed steps as a Trace Event Format file (atomically) and says so. */
    private void saveTrace() {
        StepProfile.Result r = result;
        if (r == null) return;
        Path f = chooser.save(stage, "Save the profile as a trace", "Trace (Perfetto, chrome://tracing)", "json", baseDir,
                graph.name().replaceAll("[^A-Za-z0-9_-]+", "-") + "-trace.json");
        if (f == null) return;
        if (!f.getFileName().toString().endsWith(".json")) f = f.resolveSibling(f.getFileName() + ".json");
        try {
            AtomicFiles.writeString(f, r.traceJson());
            status.setText("Saved " + f.getFileName() + ": open it in ui.perfetto.dev or chrome://tracing to see the steps as a timeline.");
        } catch (java.io.IOException e) {
            status.setText("Could not save " + f.getFileName() + ": " + e.getMessage());
        }
    }

    /** Whether a row has forward and backward times of its own (a node or the loss), not only a total. */
    private static boolean hasPasses(StepProfile.Row r) {
        return r.part() == StepProfile.Part.NODE || r.part() == StepProfile.Part.LOSS;
    }

    /**
     * A column of milliseconds (or GFLOP/s), sorted as numbers, blank where not known ({@code value} gives NaN); a blank
     * sorts as the smallest, as a spreadsheet sorts it, so the largest times come first in descending order.
     */
    private static TableColumn<StepProfile.Row, Double> number(String title, ToDoubleFunction<StepProfile.Row> value, String id) {
        TableColumn<StepProfile.Row, Double> c = new TableColumn<>(title);
        c.setId(id);
        c.setPrefWidth(100);
        c.setCellValueFactory(x -> {
            double v = value.applyAsDouble(x.getValue());
            return new ReadOnlyObjectWrapper<>(Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v);
        });
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null || !Double.isFinite(v) ? null : StepProfile.ms(v));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        return c;
    }

    /** The share as a bar the width of its part of the column, with the percentage on it. */
    private TableColumn<StepProfile.Row, Double> shareColumn() {
        TableColumn<StepProfile.Row, Double> c = new TableColumn<>("share");
        c.setId("profileShare");
        c.setPrefWidth(170);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(result == null ? 0 : result.share(x.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            private final Region bar = new Region();
            private final Label text = new Label();
            private final StackPane box = new StackPane(bar, text);

            {
                bar.getStyleClass().add("profile-share-bar");
                bar.setStyle("-fx-background-color: derive(-fx-accent, 40%); -fx-background-radius: 2;");
                bar.setMaxHeight(14);
                StackPane.setAlignment(bar, Pos.CENTER_LEFT);
                StackPane.setAlignment(text, Pos.CENTER_RIGHT);
                box.setMinWidth(0);
            }

            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                StepProfile.Row row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(null);
                if (empty || v == null || row == null) {
                    setGraphic(null);
                    return;
                }
                if (row.fusedInto() != null) {
                    // Its time is its host's: PyTorch would run it as a kernel of its own.
                    setGraphic(null);
                    setText("in " + row.fusedInto() + "'s kernel");
                    setTooltip(new javafx.scene.control.Tooltip(row.name() + " runs inside " + row.fusedInto() + "'s kernel (fused with it): its time is counted on "
                            + row.fusedInto() + "'s row."));
                    return;
                }
                setTooltip(null);
                text.setText(String.format(Locale.ROOT, "%.1f%%", 100 * v));
                bar.maxWidthProperty().bind(box.widthProperty().multiply(v));
                setGraphic(box);
            }
        });
        return c;
    }
}
