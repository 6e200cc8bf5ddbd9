package layerlab.ui.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import layerlab.backend.BackendProvider;
import layerlab.backend.Backends;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Device;
import layerlab.train.Losses;
import layerlab.train.OptimizerFactory;
import layerlab.train.TrainingConfig;
import layerlab.ui.Captions;
import layerlab.ui.TypedText;

/**
 * The training settings and the run controls. Each edit is checked by {@link TrainingConfig#fromMap} and written to
 * the project's {@code "training"} object through {@code write} (an undoable command); a refused value is shown
 * with the reason and not written. The controls follow {@link TrainingSession}'s state.
 */
public final class TrainingPanel extends VBox {
    private final Supplier<Map<String, Object>> read;
    private final Consumer<Map<String, Object>> write;
    private final TrainingSession session;
    private final ComboBox<String> optimizer = new ComboBox<>(), scheduler = new ComboBox<>(), loss = new ComboBox<>(), device = new ComboBox<>();
    private final GridPane optimizerParams = new GridPane(), schedulerParams = new GridPane();
    private final TextField epochs = field("epochs"), batchSize = field("batch_size"), clipNorm = field("clip_grad_norm"),
            clipValue = field("clip_grad_value"), seed = field("seed");
    /** Early stopping: its patience (blank: none), and whether the best epoch's weights are kept. */
    private final TextField patience = field("patience");
    private final javafx.scene.control.CheckBox restoreBest = new javafx.scene.control.CheckBox("keep the best epoch");
    private final Label error = new Label(), deviceNote = new Label();
    final Button start = new Button("Start"), pause = new Button("Pause") {
        /** As wide as its other label, "Resume", so that the row does not change its width when a run pauses. */
        @Override
        protected double computePrefWidth(double height) {
            return super.computePrefWidth(height) + Math.max(0, textWidth("Resume") - textWidth(getText()));
        }

        private double textWidth(String s) {
            javafx.scene.text.Text t = new javafx.scene.text.Text(s);
            t.setFont(getFont());
            return t.getLayoutBounds().getWidth();
        }
    }, step = new Button("Step"), stop = new Button("Stop");
    private boolean updating;
    /** Runs the learning-rate range test (the "Find…" beside the optimiser's lr); null: no button. */
    private Runnable findLr;
    private final Button find = new Button("Find…");
    /** Train on from the last run's weights instead of fresh ones (not kept in the project). */
    private final javafx.scene.control.CheckBox fromLast = new javafx.scene.control.CheckBox("Start from the last run's weights");
    /** Goes on with the last run (its optimiser and schedule too); its text says how far. */
    final Button goOn = new Button("Go On");

    /**
     * @param read  the project's current training object
     * @param write replaces it (through the editor's command stack)
     */
    public TrainingPanel(TrainingSession session, Supplier<Map<String, Object>> read, Consumer<Map<String, Object>> write, Runnable onStart,
                         Runnable onStep) {
        this.session = session;
        this.read = read;
        this.write = write;
        setId("trainingPanel");
        setSpacing(6);
        setPadding(new Insets(8));
        setPrefWidth(290);
        optimizer.setId("trainOptimizer");
        optimizer.getItems().setAll(OptimizerFactory.OPTIMIZERS);
        scheduler.setId("trainScheduler");
        scheduler.getItems().setAll(OptimizerFactory.SCHEDULERS);
        loss.setId("trainLoss");
        loss.getItems().add("(the graph's loss)");
        loss.getItems().addAll(Losses.NAMES);
        device.setId("trainDevice");
        device.getItems().setAll("auto", "cpu", "cuda");
        BackendProvider.Availability cuda = Backends.availability(Device.Kind.CUDA);
        device.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                boolean off = "cuda".equals(item) && !cuda.available();
                setDisable(off);
                setTooltip(off ? new Tooltip("CUDA is unavailable: " + cuda.detail()) : null);
                setStyle(off ? "-fx-opacity: 0.5" : "");
            }
        });
        deviceNote.setId("trainDeviceNote");
        deviceNote.setWrapText(true);
        deviceNote.getStyleClass().add("muted");
        deviceNote.setText(cuda.available() ? "CUDA: " + cuda.detail() : "CUDA unavailable: " + cuda.detail());
        for (GridPane g : List.of(optimizerParams, schedulerParams)) {
            g.setHgap(6);
            g.setVgap(3);
        }
        error.setId("trainError");
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #d9363e");

        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(4);
        int row = 0;
        form.addRow(row++, Captions.of("Optimizer", optimizer), optimizer);
        form.add(optimizerParams, 0, row++, 2, 1);
        form.addRow(row++, Captions.of("Scheduler", scheduler), scheduler);
        form.add(schedulerParams, 0, row++, 2, 1);
        form.addRow(row++, Captions.of("Loss", loss), loss);
        form.addRow(row++, Captions.of("Epochs", epochs), epochs);
        form.addRow(row++, Captions.of("Batch size", batchSize), batchSize);
        form.addRow(row++, Captions.of("Clip norm", clipNorm), clipNorm);
        form.addRow(row++, Captions.of("Clip value", clipValue), clipValue);
        form.addRow(row++, Captions.of("Stop early", patience), patience);
        form.add(restoreBest, 1, row++);
        form.addRow(row++, Captions.of("Seed", seed), seed);
        form.addRow(row++, Captions.of("Device", device), device);
        form.add(deviceNote, 0, row, 2, 1);
        clipNorm.setPromptText("none");
        clipNorm.setTooltip(new Tooltip("Scale all gradients down together when their total norm exceeds this (torch.nn.utils.clip_grad_norm_)"));
        clipValue.setPromptText("none");
        clipValue.setTooltip(new Tooltip("Clamp every gradient element to [-value, value] (torch.nn.utils.clip_grad_value_); "
                + "with a norm as well, values are clamped first"));
        patience.setPromptText("never");
        patience.setTooltip(new Tooltip("Epochs without improvement after which training stops (early_stopping.patience; it watches "
                + "val_loss unless the project's file says otherwise). Blank: train every epoch."));
        restoreBest.setId("train-restore-best");
        // Beside "Stop early" the column is narrow at 150 % (a projector): two lines rather than "keep the best ...".
        restoreBest.setWrapText(true);
        restoreBest.setTooltip(new Tooltip("End with the weights of the epoch that scored best, not the last epoch's (early_stopping.restore_best)"));

        // A new optimiser keeps the learning rate; its other options start at their defaults.
        optimizer.setOnAction(e -> edit(m -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", optimizer.getValue());
            o.put("lr", currentLr());
            m.put("optimizer", o);
        }));
        scheduler.setOnAction(e -> edit(m -> m.put("scheduler", SchedulerPicks.picked(scheduler.getValue(), m.get("epochs") instanceof Number n ? n.intValue() : 10,
                currentLr()))));
        loss.setOnAction(e -> edit(m -> {
            if (loss.getSelectionModel().getSelectedIndex() <= 0) m.remove("loss");
            else m.put("loss", loss.getValue());
        }));
        device.setOnAction(e -> edit(m -> m.put("device", device.getValue())));
        commit(epochs, t -> edit(m -> m.put("epochs", integer(t))));
        commit(batchSize, t -> edit(m -> m.put("batch_size", integer(t))));
        commit(seed, t -> edit(m -> m.put("seed", Long.parseLong(t.trim()))));
        commit(patience, t -> edit(m -> {
            if (t.isBlank()) {
                m.remove("early_stopping");
                return;
            }
            Map<String, Object> es = earlyStopping(m);
            es.put("patience", integer(t));
            m.put("early_stopping", es);
        }));
        restoreBest.setOnAction(e -> edit(m -> {
            Map<String, Object> es = earlyStopping(m);
            es.put("restore_best", restoreBest.isSelected());
            m.put("early_stopping", es);
        }));
        commit(clipNorm, t -> edit(m -> {
            // Blank: no clipping, and the file's clip_grad_norm_type (no field here; refused without a norm) goes too.
            if (t.isBlank()) m.keySet().removeAll(List.of("clip_grad_norm", "clip_grad_norm_type"));
            else m.put("clip_grad_norm", Double.parseDouble(TypedText.decimalPoint(t).trim()));
        }));
        commit(clipValue, t -> edit(m -> {
            if (t.isBlank()) m.remove("clip_grad_value");
            else m.put("clip_grad_value", Double.parseDouble(TypedText.decimalPoint(t).trim()));
        }));

        start.setId("trainStart");
        pause.setId("trainPause");
        step.setId("trainStep");
        stop.setId("trainStop");
        start.setTooltip(new Tooltip("Start training (Ctrl+Enter)"));
        stop.setTooltip(new Tooltip("Stop after this batch (Esc)"));
        step.setTooltip(new Tooltip("Train one batch, then pause"));
        start.setDefaultButton(false);
        start.setOnAction(e -> onStart.run());
        pause.setOnAction(e -> {
            if (session.state() == TrainingSession.State.PAUSED) session.resume();
            else session.pause();
        });
        step.setOnAction(e -> onStep.run());
        stop.setOnAction(e -> session.stop());
        HBox buttons = new HBox(4, start, pause, step, stop);
        for (Button b : List.of(start, pause, step, stop)) {
            b.setMaxWidth(Double.MAX_VALUE);
            // Never "St…": a button keeps room for its whole label (Pause becomes the wider "Resume"); the panel's
            // least width leaves room for all four.
            b.setMinWidth(Region.USE_PREF_SIZE);
            // A little less padding than a dialog's buttons: the four fit the panel's usual 290 px.
            b.setStyle("-fx-padding: 0.333333em 0.5em 0.333333em 0.5em");
            HBox.setHgrow(b, Priority.ALWAYS);
        }
        ProgressBar bar = new ProgressBar();
        bar.setId("trainProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(session.progressProperty());
        Label progress = new Label();
        progress.setId("trainProgressText");
        progress.setWrapText(true);
        progress.textProperty().bind(session.progressTextProperty());
        Label status = new Label();
        status.setId("trainStatus");
        status.setWrapText(true);
        status.textProperty().bind(session.statusProperty());
        Label title = new Label("Training");
        title.getStyleClass().add("section-title");
        title.setStyle("-fx-font-weight: bold");
        fromLast.setId("trainFromLast");
        fromLast.setWrapText(true);
        fromLast.selectedProperty().bindBidirectional(session.continueFromLastProperty());
        fromLast.setTooltip(new Tooltip("The next run starts where the last one ended (to train on, or to fine-tune after changing the head): "
                + "each layer whose weights still fit starts from them, a new or reshaped one fresh. The optimiser's state and the "
                + "scheduler start afresh. Unticked: fresh weights from the seed."));
        goOn.setId("trainGoOn");
        goOn.setMaxWidth(Double.MAX_VALUE);
        goOn.setMinWidth(Region.USE_PREF_SIZE);
        goOn.setTooltip(new Tooltip("Go on with the last run as if it had never stopped: its weights, the optimiser's state (momentum, Adam's "
                + "averages), the schedule and its place in the data, with the settings it was trained with — to its last epoch when it "
                + "was stopped, else for as many more epochs as Epochs says. Its curves continue the last run's."));
        goOn.setOnAction(e -> {
            if (onGoOn != null) onGoOn.accept(moreEpochs());
        });
        // What one clicks stays together and in its place: the run's buttons, Go On and the start-from-last tick, then
        // how the run goes and how it ended under them. The progress line wraps to a second line or back as its figures
        // change (samples/s), and the status grows by lines when a run ends: above Go On and the tick, either moved both
        // under the pointer just as one reached for them (a tick aimed at meant Go On). The run's end scrolls the status
        // into view (Dashboard).
        getChildren().addAll(title, buttons, goOn, fromLast, bar, progress, status, new javafx.scene.control.Separator(), form, error);
        session.stateProperty().addListener(o -> followState());
        followState();
        refresh();
    }

    /** A copy of the training object's early_stopping (its metric, mode and min_delta kept), or a new one watching val_loss. */
    private static Map<String, Object> earlyStopping(Map<String, Object> m) {
        Map<String, Object> es = new LinkedHashMap<>();
        if (m.get("early_stopping") instanceof Map<?, ?> o) o.forEach((k, v) -> es.put(String.valueOf(k), v));
        else es.put("metric", "val_loss");
        return es;
    }

    private double currentLr() {
        try {
            return TrainingConfig.fromMap(read.get()).lr();
        } catch (RuntimeException e) {
            return 0.001;
        }
    }

    private static TextField field(String id) {
        TextField t = new TextField();
        t.setId("train-" + id);
        t.setPrefColumnCount(8);
        return t;
    }

    private static int integer(String t) {
        return Integer.parseInt(t.trim());
    }

    /** Runs {@code action} with the field's text on Enter and when the field loses the focus. */
    private static void commit(TextField f, Consumer<String> action) {
        f.setOnAction(e -> action.accept(f.getText()));
        f.focusedProperty().addListener((o, was, now) -> {
            if (!now) action.accept(f.getText());
        });
    }

    private void followState() {
        TrainingSession.State s = session.state();
        start.setDisable(s.active());
        pause.setDisable(s != TrainingSession.State.RUNNING && s != TrainingSession.State.PAUSED);
        pause.setText(s == TrainingSession.State.PAUSED ? "Resume" : "Pause");
        step.setDisable(s == TrainingSession.State.RUNNING || s == TrainingSession.State.PREPARING);
        stop.setDisable(!s.active());
        find.setDisable(s.active());
        fromLast.setDisable(!session.canContinue());
        updateGoOn();
    }

    private java.util.function.IntConsumer onGoOn;

    /** What Go On does: called with the Epochs setting (how many more epochs after a completed run). */
    public void setGoOn(java.util.function.IntConsumer action) {
        onGoOn = action;
        updateGoOn();
    }

    private int moreEpochs() {
        try {
            return TrainingConfig.fromMap(read.get()).epochs();
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /**
     * Go On is enabled once there is a run to go on with, labelled by how far it would go; before that, and while a run
     * goes, it is disabled in its place, so that the panel never jumps when a run ends (it appeared there, and what
     * was under the pointer became Go On).
     */
    private void updateGoOn() {
        if (session.state().active()) {
            goOn.setDisable(true);
            return;
        }
        String text = onGoOn == null ? null : session.goOnText(moreEpochs());
        goOn.setDisable(text == null);
        goOn.setText(text == null ? "Go On" : text);
    }

    /**
     * Applies {@code change} to a copy of the training object; writes it unless it makes a setting wrong that was not
     * wrong before (so a project whose file has two mistakes can be mended one field at a time).
     */
    private void edit(Consumer<Map<String, Object>> change) {
        if (updating) return;
        Map<String, Object> m = new LinkedHashMap<>(read.get());
        try {
            change.accept(m);
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            error.setText(e instanceof NumberFormatException ? "Not a number: " + e.getMessage() : e.getMessage());
            return;
        }
        Reading now = reading(m), before = reading(read.get());
        if (!before.refused().containsAll(now.refused())) {
            error.setText(now.error());
            return;
        }
        error.setText("");
        if (!m.equals(read.get())) write.accept(m);
        refresh();
    }

    /**
     * The training object as far as it reads: {@code config} from every setting the engine accepts, the settings it
     * refuses ({@code refused}, the object's keys: {@code "epochs"}, {@code "optimizer"}) left out of it, and why, a line
     * per refusal ({@code error}, null when all is well).
     */
    record Reading(TrainingConfig config, Set<String> refused, String error) {}

    static Reading reading(Map<String, Object> m) {
        Map<String, Object> rest = new LinkedHashMap<>(m);
        Set<String> refused = new LinkedHashSet<>();
        List<String> why = new ArrayList<>();
        while (true) {
            try {
                return new Reading(TrainingConfig.fromMap(rest), refused, why.isEmpty() ? null : String.join("\n", why));
            } catch (RuntimeException e) {
                why.add(e.getMessage());
                String key = settingKey(e.getMessage());
                if (key == null || rest.remove(key) == null) return new Reading(TrainingConfig.defaults(), Set.copyOf(m.keySet()), String.join("\n", why));
                refused.add(key);
            }
        }
    }

    /** The key of the training object a refusal names ({@code "epochs"} for {@code training.epochs}), or null. */
    private static String settingKey(String message) {
        String[] path = path(message);
        return path.length >= 2 && path[0].equals("training") ? path[1] : null;
    }

    private static String[] path(String message) {
        String p = ProjectJson.settingPath(message);
        return p == null ? new String[0] : p.split("\\.");
    }

    /** Shows the project's training object (after a load, an undo or an edit here); a setting it refuses shows as written. */
    public void refresh() {
        updateGoOn();
        Map<String, Object> m = read.get();
        Reading r = reading(m);
        TrainingConfig c = r.config();
        error.setText(r.error() == null ? "" : r.error());
        updating = true;
        try {
            Set<String> bad = r.refused();
            optimizer.setValue(bad.contains("optimizer") ? written(m.get("optimizer")).name() : c.optimizer().name());
            scheduler.setValue(bad.contains("scheduler") ? written(m.get("scheduler")).name() : c.scheduler() == null ? "none" : c.scheduler().name());
            if (bad.contains("loss")) loss.setValue(show(m.get("loss")));
            else if (c.loss() == null) loss.getSelectionModel().select(0);
            else loss.setValue(c.loss().name());
            device.setValue(bad.contains("device") ? show(m.get("device")) : c.device().startsWith("cuda") ? "cuda" : c.device());
            shown(epochs, bad.contains("epochs"), m.get("epochs"), Integer.toString(c.epochs()));
            shown(batchSize, bad.contains("batch_size"), m.get("batch_size"), Integer.toString(c.batchSize()));
            shown(seed, bad.contains("seed"), m.get("seed"), Long.toString(c.seed()));
            shown(clipNorm, bad.contains("clip_grad_norm"), m.get("clip_grad_norm"), c.clipGradNorm() == null ? "" : fmt(c.clipGradNorm()));
            shown(clipValue, bad.contains("clip_grad_value"), m.get("clip_grad_value"), c.clipGradValue() == null ? "" : fmt(c.clipGradValue()));
            TrainingConfig.EarlyStopping es = c.earlyStopping();
            Object writtenPatience = m.get("early_stopping") instanceof Map<?, ?> o ? o.get("patience") : m.get("early_stopping");
            shown(patience, bad.contains("early_stopping"), writtenPatience == null ? "" : writtenPatience, es == null ? "" : Integer.toString(es.patience()));
            restoreBest.setSelected(es != null && es.restoreBest());
            restoreBest.setDisable(es == null);
            params(optimizerParams, "optimizer", bad.contains("optimizer") ? written(m.get("optimizer")) : c.optimizer());
            params(schedulerParams, "scheduler", bad.contains("scheduler") ? withEveryOption(written(m.get("scheduler")), c.epochs()) : c.scheduler());
            // An option a refusal names ("training.optimizer.lr must …") is marked where it is typed.
            for (String line : r.error() == null ? new String[0] : r.error().split("\n")) {
                String[] p = path(line);
                if (p.length == 3 && lookup("#train-" + p[1] + "-" + p[2]) instanceof TextField f) f.getStyleClass().add("invalid");
            }
        } finally {
            updating = false;
        }
    }

    /** A field shows what the config made of its setting, or, for a setting it refused, the value as the file writes it. */
    private static void shown(TextField f, boolean refused, Object written, String read) {
        f.setText(refused ? show(written) : read);
        f.getStyleClass().remove("invalid");
        if (refused) f.getStyleClass().add("invalid");
    }

    /** A refused scheduler as written, with a field for each option it leaves out (a required one blank, to be typed in). */
    private static TrainingConfig.Component withEveryOption(TrainingConfig.Component written, int epochs) {
        Map<String, Object> all = new LinkedHashMap<>(OptimizerFactory.schedulerOptions(written.name(), epochs));
        all.putAll(written.params());
        return new TrainingConfig.Component(written.name(), all);
    }

    /** An optimiser or scheduler as the file writes it (a name, or an object with a name and options): shown, not checked. */
    private static TrainingConfig.Component written(Object v) {
        if (v instanceof Map<?, ?> o) {
            Map<String, Object> params = new LinkedHashMap<>();
            o.forEach((k, x) -> {
                if (!"name".equals(k)) params.put(String.valueOf(k), x);
            });
            return new TrainingConfig.Component(show(o.get("name")), params);
        }
        return new TrainingConfig.Component(show(v), Map.of());
    }

    /**
     * SequentialLR's schedulers, each under a "then NAME" line with a field per option
     * ({@code #train-scheduler-schedulers-<i>-<option>}); an edit rewrites that part only.
     */
    private int parts(GridPane grid, int row, TrainingConfig.Component comp, List<?> parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof Map<?, ?> part)) continue;
            Label head = new Label((i == 0 ? "first " : "then ") + show(part.get("name")));
            head.setPadding(new Insets(0, 0, 0, 12));
            grid.add(head, 0, row++, 2, 1);
            int at = i;
            for (Map.Entry<?, ?> opt : part.entrySet()) {
                String name = String.valueOf(opt.getKey());
                if (name.equals("name")) continue;
                Label l = new Label(name);
                l.setPadding(new Insets(0, 0, 0, 24));
                l.setStyle("-fx-font-family: monospace; -fx-font-size: 0.846em");
                TextField f = new TextField(show(opt.getValue()));
                f.setId("train-scheduler-schedulers-" + i + "-" + name);
                f.setPrefColumnCount(8);
                commit(f, t -> edit(m -> {
                    List<Object> edited = new ArrayList<>(parts);
                    Map<String, Object> o = new LinkedHashMap<>();
                    part.forEach((k, x) -> o.put(String.valueOf(k), x));
                    Object v = parse(t, opt.getValue());
                    if (v == null) o.remove(name);
                    else o.put(name, v);
                    edited.set(at, o);
                    Map<String, Object> whole = new LinkedHashMap<>(comp.params());
                    whole.put("name", comp.name());
                    whole.put("schedulers", edited);
                    m.put("scheduler", whole);
                }));
                grid.addRow(row++, Captions.names(l, f), f);
            }
        }
        return row;
    }

    /**
     * One field per option of the optimiser or scheduler, indented under its choice: a check box for a true/false option
     * (Adam's {@code amsgrad}, {@code maximize}: the engine's defaults give each option its type), else a text field.
     */
    private void params(GridPane grid, String key, TrainingConfig.Component comp) {
        grid.getChildren().clear();
        if (comp == null) return;
        int row = 0;
        for (Map.Entry<String, Object> p : comp.params().entrySet()) {
            Label l = new Label(p.getKey());
            l.setPadding(new Insets(0, 0, 0, 12));
            l.setStyle("-fx-font-family: monospace; -fx-font-size: 0.846em");
            l.setMinWidth(Region.USE_PREF_SIZE);
            String name = p.getKey();
            if (name.equals("schedulers") && p.getValue() instanceof List<?> parts) {
                row = parts(grid, row, comp, parts);
                continue;
            }
            if (p.getValue() instanceof Boolean on) {
                javafx.scene.control.CheckBox box = new javafx.scene.control.CheckBox();
                box.setId("train-" + key + "-" + name);
                box.setSelected(on);
                Captions.names(l, box);
                box.setOnAction(e -> edit(m -> {
                    Map<String, Object> o = new LinkedHashMap<>(comp.params());
                    o.put("name", comp.name());
                    o.put(name, box.isSelected());
                    m.put(key, o);
                }));
                grid.addRow(row++, l, box);
                continue;
            }
            TextField f = new TextField(show(p.getValue()));
            f.setId("train-" + key + "-" + p.getKey());
            f.setPrefColumnCount(8);
            commit(f, t -> edit(m -> {
                Map<String, Object> o = new LinkedHashMap<>(comp.params());
                o.values().removeIf(x -> x == null); // an option left unset (OneCycleLR's total_steps) stays out of the file
                o.put("name", comp.name());
                Object v = parse(t, p.getValue());
                if (v == null) o.remove(name);
                else o.put(name, v);
                m.put(key, o);
            }));
            if (key.equals("optimizer") && name.equals("lr") && findLr != null) {
                // The rate's field shares its cell with "Find…", so the other options keep their width.
                f.setPrefColumnCount(4);
                find.setMinWidth(Region.USE_PREF_SIZE);
                HBox cell = new HBox(4, f, find);
                HBox.setHgrow(f, Priority.ALWAYS);
                grid.addRow(row++, Captions.names(l, cell), cell);
            } else {
                grid.addRow(row++, Captions.names(l, f), f);
            }
        }
    }

    /** Shows a "Find…" button beside the optimiser's learning rate that runs {@code action} (disabled while training runs). */
    public void setFindLr(Runnable action) {
        findLr = action;
        find.setId("trainFindLr");
        find.setTooltip(new Tooltip("Find a learning rate: a short run with a growing rate, and the rate where the loss falls fastest"));
        find.setOnAction(e -> action.run());
        followState();
        refresh();
    }

    private static String show(Object v) {
        if (v == null) return "";
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(show(x));
            return String.join(", ", parts);
        }
        if (v instanceof Double d) return fmt(d);
        return String.valueOf(v);
    }

    static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e6) return String.format(Locale.ROOT, "%.1f", d);
        String t = String.format(Locale.ROOT, Math.abs(d) < 1e-3 || Math.abs(d) >= 1e6 ? "%.6e" : "%.6f", d);
        int e = t.indexOf('e');
        String mant = e < 0 ? t : t.substring(0, e), exp = e < 0 ? "" : t.substring(e);
        mant = mant.replaceAll("0+$", "").replaceAll("\\.$", ".0");
        return mant + exp.replace("e-0", "e-").replace("e+0", "e").replace("e+", "e");
    }

    /** Reads a field like the value it replaces: a number (a decimal comma too, where the locale writes one), true/false, or a comma-separated list. */
    static Object parse(String t, Object like) {
        String s = like instanceof List<?> ? t.trim() : TypedText.decimalPoint(t.trim());
        if (s.isEmpty()) return null;
        if (like instanceof Boolean || s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        if (like instanceof List<?> || s.contains(",")) {
            List<Object> out = new ArrayList<>();
            for (String part : s.split(",")) out.add(number(part.trim()));
            return out;
        }
        if (like instanceof String) return s;
        return number(s);
    }

    private static Object number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return Double.parseDouble(s);
        }
    }
}
