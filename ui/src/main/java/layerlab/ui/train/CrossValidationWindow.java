package layerlab.ui.train;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import layerlab.graph.Graph;
import layerlab.train.CrossValidation;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;

/**
 * Train › Cross-Validate…: K fresh copies of the project's network, each trained on all folds of its data set but one
 * and validated on that one ({@link CrossValidation}), off the JavaFX thread; a row per fold as it ends, then the
 * validation scores' mean ± standard deviation. Stop (or closing the window) ends it, the folds done kept. The project's
 * model is not touched.
 */
public final class CrossValidationWindow {
    private final Stage stage = new Stage();
    private final Spinner<Integer> folds = new Spinner<>(2, 20, 5);
    private final TableView<CrossValidation.Fold> table = new TableView<>();
    private final Label status = new Label(), summary = new Label(), pooled = new Label();
    private final Button start = new Button("Start"), close = new Button("Close");
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Trainer> running = new AtomicReference<>();
    private final Graph graph;
    private final Path baseDir;
    private volatile CrossValidation.Result result;
    /** How the last cross-validation was made (its data files' fingerprint, threads, device), taken on its thread; null before one. */
    private volatile layerlab.train.RunEnvironment environment;
    private java.util.function.Consumer<CrossValidation.Result> onFinished;

    /**
     * @param graph   the project (its data set, training settings and drawing, as they are now)
     * @param baseDir where its relative data paths resolve (null: the working folder)
     */
    public CrossValidationWindow(Window owner, Graph graph, Path baseDir) {
        this.graph = graph;
        this.baseDir = baseDir;
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("LayerLab — Cross-validate " + graph.name());
        Label about = new Label("Trains fresh copies of " + graph.name() + " with its training settings, each on all folds of the data set but "
                + "one and validated on that one (in place of the validation split), so that every sample is validated once. The mean of "
                + "their scores says how good the design is; the spread, how much one split's number is luck. The project's weights are "
                + "not touched.");
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE); // wrapped in full, not cut to a line by the growing table
        about.setId("cvAbout");
        folds.setId("cvFolds");
        folds.setEditable(true);
        folds.setPrefWidth(80);
        Label foldsLabel = new Label("Folds");
        foldsLabel.setLabelFor(folds);
        HBox settings = new HBox(8, foldsLabel, folds);
        settings.setAlignment(Pos.CENTER_LEFT);

        table.setId("cvTable");
        Label empty = new Label("Start trains one model per fold; each shows here as it ends.");
        empty.setWrapText(true);
        table.setPlaceholder(empty);
        // Each title whole at any text size: at 200 % they were "tra…", "va…"; a table wider than the window scrolls.
        layerlab.ui.TextColumn.titlesWhole(table);
        table.getColumns().add(column("fold", f -> Integer.toString(f.index() + 1)));
        table.getColumns().add(column("training", f -> Integer.toString(f.trainSize())));
        // With early stopping on a validation metric: the part of the training folds it watches (shown once a fold has one).
        TableColumn<CrossValidation.Fold, String> stopping = column("stopping", f -> Integer.toString(f.stoppingSize()));
        stopping.setId("cvColumn-stopping");
        stopping.setVisible(false);
        table.getColumns().add(stopping);
        table.getColumns().add(column("validation", f -> Integer.toString(f.validationSize())));
        table.getColumns().add(column("epochs", f -> Integer.toString(f.epochs())));
        for (String m : CrossValidation.SCORED) {
            TableColumn<CrossValidation.Fold, String> c = column(m, f -> f.metrics().get(m) == null ? "" : CrossValidation.value(m, f.metrics().get(m)));
            c.setId("cvColumn-" + m);
            fitHeader(c);
            table.getColumns().add(c);
        }
        table.getColumns().add(column("seconds", f -> String.format(java.util.Locale.ROOT, "%.1f", f.seconds())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);

        status.setId("cvStatus");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        summary.setId("cvSummary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        pooled.setId("cvPooled");
        pooled.setStyle("-fx-font-family: monospace");
        pooled.setMinHeight(Region.USE_PREF_SIZE);
        summary.setStyle("-fx-font-weight: bold");
        start.setId("cvStart");
        start.setDefaultButton(true);
        start.setOnAction(e -> start());
        close.setId("cvClose");
        close.setCancelButton(true);
        // While folds run it is Stop: the folds so far stay to read; then Close.
        close.setOnAction(e -> {
            if (start.isDisabled()) stopFolds();
            else stage.close();
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, gap, start, close);
        VBox root = new VBox(10, about, settings, table, status, summary, pooled, buttons);
        root.setId("crossValidation");
        root.setPadding(new Insets(14));
        Scene scene = new Scene(root);
        stage.setScene(scene);
        layerlab.ui.Screens.toolWindow(stage, owner, 720, 540);
        // The owner's theme and text size, followed while it is open (View › Theme changed the main window alone).
        layerlab.ui.OwnerLook.follow(scene, owner);
        stage.setOnHidden(e -> stopFolds());
    }

    /** Ends the cross-validation after the fold's batch in progress; that fold is not scored. */
    private void stopFolds() {
        stop.set(true);
        Trainer t = running.get();
        if (t != null) t.stop();
    }

    private static TableColumn<CrossValidation.Fold, String> column(String title, java.util.function.Function<CrossValidation.Fold, String> value) {
        TableColumn<CrossValidation.Fold, String> c = layerlab.ui.TextColumn.of(title, value);
        c.setSortable(false);
        return c;
    }

    public Stage stage() {
        return stage;
    }

    /** The cross-validation's outcome once it has ended (tests); null before. */
    /** How the last cross-validation was made ({@link layerlab.train.RunEnvironment}), set before its finished action runs; null before one ended. */
    public layerlab.train.RunEnvironment environment() {
        return environment;
    }

    public CrossValidation.Result result() {
        return result;
    }

    private void start() {
        int k = folds.getValue();
        table.getItems().clear();
        summary.setText("");
        pooled.setText("");
        result = null;
        stop.set(false);
        start.setDisable(true);
        folds.setDisable(true);
        close.setText("Stop");
        String note = CrossValidation.note(TrainingConfig.fromMap(graph.training()), graph.dataset());
        status.setText("Training fold 1 of " + k + "…" + (note == null ? "" : " Note: " + note + "."));
        Thread t = new Thread(() -> {
            try {
                TrainingConfig config = TrainingConfig.fromMap(graph.training());
                int[] fold = {0};
                String[] ranOn = {config.device()};
                CrossValidation.Result r = CrossValidation.run(graph, config, graph.dataset(), baseDir, k, (trainer, data) -> {
                    running.set(trainer);
                    ranOn[0] = trainer.device().toString();
                    int now = ++fold[0];
                    // Within a fold, its epochs: a long fold shows it is moving.
                    trainer.addListener(e -> {
                        if (e instanceof layerlab.train.TrainingEvent.EpochEnded end && !end.partial())
                            Platform.runLater(() -> status.setText("Training fold " + now + " of " + k + ": epoch " + end.epoch() + " of "
                                    + config.epochs() + " done…"));
                    });
                }, f -> Platform.runLater(() -> {
                    table.getItems().add(f);
                    // A classifier's accuracy, a regression's mean absolute error: the columns the folds have.
                    for (String m : CrossValidation.SCORED)
                        table.getColumns().stream().filter(c -> ("cvColumn-" + m).equals(c.getId())).forEach(c -> c.setVisible(f.metrics().get(m) != null));
                    table.getColumns().stream().filter(c -> "cvColumn-stopping".equals(c.getId())).forEach(c -> c.setVisible(f.stoppingSize() > 0));
                    headColumns(f);
                    summary.setText(describe(CrossValidation.scores(table.getItems()), table.getItems().size(), k));
                    if (f.index() + 1 < k) status.setText("Training fold " + (f.index() + 2) + " of " + k + "…");
                }), stop::get);
                // As layerlab train --folds records it, and here, off the JavaFX thread: the fingerprint reads every data file.
                layerlab.train.RunEnvironment env = layerlab.train.RunEnvironment.current(ranOn[0], config.seed(), graph.dataset(), baseDir);
                Platform.runLater(() -> {
                    environment = env;
                    finished(r);
                });
            } catch (Exception | OutOfMemoryError e) {
                String msg = e.getMessage() != null ? e.getMessage() : e.toString();
                Platform.runLater(() -> {
                    status.setText("Cannot cross-validate: " + msg);
                    ended();
                });
            }
        }, "layerlab-cross-validation");
        t.setDaemon(true);
        t.start();
    }

    /**
     * With several targets, a column per head's own score the fold has ({@code val_accuracy_species_loss},
     * {@code val_mae_bill_loss}, as the summary line names them), before the seconds; a one-target fold has none.
     */
    private void headColumns(CrossValidation.Fold f) {
        for (String m : f.metrics().keySet()) {
            if (!(m.startsWith("val_accuracy_") || m.startsWith("val_mae_")) || f.metrics().get(m) == null) continue;
            String id = "cvColumn-" + m;
            if (table.getColumns().stream().anyMatch(c -> id.equals(c.getId()))) continue;
            TableColumn<CrossValidation.Fold, String> c = column(m, x -> x.metrics().get(m) == null ? "" : CrossValidation.value(m, x.metrics().get(m)));
            // The score over the head's loss node, on two lines: one line's "val_accuracy_species_loss" was cut to "val_a…".
            String head = m.substring(m.indexOf('_', "val_".length()) + 1);
            c.setText(m.substring(0, m.length() - head.length() - 1) + "\n" + head);
            fitHeader(c);
            c.setId(id);
            table.getColumns().add(table.getColumns().size() - 1, c);
            // The window widens by the column, so that the others keep their width too.
            if (stage.isShowing()) stage.setWidth(stage.getWidth() + c.getMinWidth());
        }
    }

    /** A score's column no narrower than its title (each line of it), which the table's even widths cut to "val_accur…". */
    private static void fitHeader(TableColumn<?, ?> c) {
        double wide = 0;
        for (String line : c.getText().split("\n")) wide = Math.max(wide, new javafx.scene.text.Text(line).getLayoutBounds().getWidth());
        c.setMinWidth(wide + 24);
    }

    private static String describe(List<CrossValidation.Score> scores, int done, int folds) {
        return (done == folds ? folds + "-fold cross-validation: " : "So far (" + done + " of " + folds + " folds): ") + CrossValidation.describe(scores)
                + " (mean ± standard deviation)";
    }

    /** Called on the JavaFX thread with the result once the folds end (done, stopped or failed). */
    public void setOnFinished(java.util.function.Consumer<CrossValidation.Result> action) {
        onFinished = action;
    }

    private void finished(CrossValidation.Result r) {
        result = r;
        running.set(null);
        if (onFinished != null) onFinished.accept(r);
        if (r.failure() != null) status.setText("Training failed in " + r.failure());
        else if (r.stopped()) status.setText("Stopped after " + r.done().size() + " of " + r.folds() + " folds.");
        else {
            String note = CrossValidation.note(TrainingConfig.fromMap(graph.training()), graph.dataset());
            status.setText("Done: " + r.folds() + " models, each validated on samples it never trained on."
                    + (note == null ? "" : " Note: " + note + "."));
        }
        if (!r.done().isEmpty()) summary.setText(describe(r.scores(), r.done().size(), r.folds()));
        long[][] m = r.pooled();
        List<String> matrices = new java.util.ArrayList<>();
        if (m != null) {
            List<String> names = m.length == r.classes().size() ? r.classes() : List.of();
            matrices.add("Every sample, predicted by the model that did not train on it:\n" + layerlab.train.Metrics.confusionText(m, names).stripTrailing());
        }
        // With several targets, one matrix per classifier head, titled by its loss node as the head's columns are.
        r.pooledHeads().forEach((head, hm) -> {
            List<String> names = r.headClasses().getOrDefault(head, List.of());
            matrices.add("Head " + head + ": every sample, predicted by the model that did not train on it:\n"
                    + layerlab.train.Metrics.confusionText(hm, names.size() == hm.length ? names : List.of()).stripTrailing());
        });
        if (!matrices.isEmpty()) pooled.setText(String.join("\n\n", matrices));
        ended();
    }

    private void ended() {
        start.setDisable(false);
        folds.setDisable(false);
        close.setText("Close");
    }
}
