package layerlab.ui.train;

import static layerlab.ui.train.SettingText.commit;
import static layerlab.ui.train.SettingText.field;
import static layerlab.ui.train.SettingText.fmt;
import static layerlab.ui.train.SettingText.integer;
import static layerlab.ui.train.SettingText.show;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import layerlab.backend.BackendProvider;
import layerlab.backend.Backends;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.train.SettingsReading;
import layerlab.tensor.Device;
import layerlab.train.Losses;
import layerlab.train.LrFinder;
import layerlab.train.OptimizerFactory;
import layerlab.train.ParamGroups;
import layerlab.train.TrainingConfig;
import layerlab.ui.Captions;
import layerlab.ui.StackingForm;
import layerlab.ui.TypedText;

/**
 * The training settings and the run controls ({@link RunControls}). Each edit is checked by {@link TrainingConfig#fromMap}
 * and written to the project's {@code "training"} object through {@code write} (an undoable command); a refused value is
 * shown with the reason and not written.
 */
public final class TrainingPanel extends VBox {
    private final Supplier<Map<String, Object>> read;
    private final Consumer<Map<String, Object>> write;
    private final ComboBox<String> optimizer = new ComboBox<>(), scheduler = new ComboBox<>(), loss = new ComboBox<>(), device = new ComboBox<>();
    private final OptionsGrid optimizerParams = new OptionsGrid("optimizer", this::edit), schedulerParams = new OptionsGrid("scheduler", this::edit);
    private final TextField epochs = field("epochs"), batchSize = field("batch_size"), clipNorm = field("clip_grad_norm"),
            clipNormType = field("clip_grad_norm_type"), clipValue = field("clip_grad_value"), seed = field("seed"),
            statsEvery = field("stats_every"), checkpointEvery = field("checkpoint_every");
    private final CheckBox shuffle = new CheckBox("shuffle every epoch"), dropLast = new CheckBox("drop the last, smaller batch");
    private final ComboBox<String> metrics = new ComboBox<>();
    private final EarlyStoppingSection earlyStopping = new EarlyStoppingSection(this::edit);
    /** The metrics' choices: auto (none named: chosen from the loss), or these. */
    private static final List<String> METRIC_CHOICES = List.of("auto", "accuracy", "mae", "accuracy, mae");
    private final LossOptions lossOptions = new LossOptions(this::edit);
    /** What a run would refuse of the watched metric and the loss's class weights, said under them as the network changes. */
    private final NetworkChecks checks = new NetworkChecks(earlyStopping.watched, lossOptions, metric -> earlyStopping.edit("metric", metric), schedulerParams,
            schedulerParams::stepOn);
    /** The network as last analysed (its Output's shape, for the class weights' count); null: not known. */
    private Supplier<layerlab.graph.analysis.Analysis> analysis;
    private final LossWeightsSection lossWeights = new LossWeightsSection(this::edit);
    private final ParamGroupsSection groups = new ParamGroupsSection(this::edit);
    private final ParameterNames parameterNames = new ParameterNames();
    /** The drawing whose parameters the groups are matched against; null: not matched. */
    private Supplier<Graph> graph;
    /** The groups as last read, to match the model's parameter names against once they are found. */
    private ParamGroups readGroups;
    private final Label error = new Label(), deviceNote = new Label();
    /** What the last pick of an optimiser did not carry over from the one before ({@link #switchNote}); hidden when nothing. */
    private final Label optimizerNote = new Label();
    /** The optimiser {@link #optimizerNote} speaks of: the note goes once another is shown (an undo, another project). */
    private String notedOptimizer;
    private final RunControls run;
    final Button start, pause, step, stop, goOn;
    private boolean updating;
    /** Runs the learning-rate range test (the "Find…" beside the optimiser's lr). */
    private final Button find = new Button("Find…");
    /**
     * Holds "Find…": where it is off for the optimiser (LBFGS, Rprop) the holder says why, as a disabled button shows no
     * tooltip of its own.
     */
    private final javafx.scene.layout.StackPane findHolder = new javafx.scene.layout.StackPane(find);
    /** Why the range test says nothing for the optimiser shown ({@link LrFinder#unsupported}), or null. */
    private String findOff;
    /** The key of {@link #findHolder}'s properties that holds the tooltip saying why "Find…" is off. */
    private static final String FIND_OFF = "findOff";
    private TrainingSession followed;

    /**
     * @param read  the project's current training object
     * @param write replaces it (through the editor's command stack)
     */
    public TrainingPanel(TrainingSession session, Supplier<Map<String, Object>> read, Consumer<Map<String, Object>> write, Runnable onStart,
                         Runnable onStep) {
        this.read = read;
        this.write = write;
        run = new RunControls(session, onStart, onStep, this::moreEpochs);
        start = run.start;
        pause = run.pause;
        step = run.step;
        stop = run.stop;
        goOn = run.goOn;
        setId("trainingPanel");
        setSpacing(6);
        setPadding(new Insets(8));
        setPrefWidth(290);
        schedulerParams.metricChoices(() -> OptionsGrid.plateauChoices(graph == null ? List.of() : Losses.nodeNames(graph.get()),
                graph == null ? Map.of() : Losses.headScores(graph.get())));
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
        error.setId("trainError");
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #d9363e");

        // Captions beside their fields, or above them where both do not fit whole (large text in a narrow column).
        StackingForm form = new StackingForm();
        form.setId("trainForm");
        form.row(Captions.of("Optimizer", optimizer), optimizer);
        optimizerNote.setId("trainOptimizerNote");
        optimizerNote.setWrapText(true);
        optimizerNote.getStyleClass().add("muted");
        switchNote(null, List.of());
        form.wide(optimizerNote);
        form.wide(optimizerParams);
        // A row of its own under its caption, the form's width: beside it, in the fields' column (179 px at 100 % text in a
        // 1280-wide window), "ReduceLROnPlateau" showed as "ReduceLROnPlate…" (and CosineAnnealingWarmRestarts worse).
        scheduler.setMaxWidth(Double.MAX_VALUE);
        form.wide(Captions.of("Scheduler", scheduler));
        form.wide(scheduler);
        form.wide(schedulerParams);
        form.wide(checks.plateauProblem);
        form.row(Captions.of("Loss", loss), loss);
        form.wide(lossOptions);
        form.wide(checks.lossProblem);
        form.wide(lossWeights);
        form.row(Captions.of("Metrics", metrics), metrics);
        form.row(Captions.of("Epochs", epochs), epochs);
        form.row(Captions.of("Batch size", batchSize), batchSize);
        form.under(shuffle);
        form.under(dropLast);
        form.row(Captions.of("Clip norm", clipNorm), clipNorm);
        form.row(Captions.of("Norm type", clipNormType), clipNormType);
        form.row(Captions.of("Clip value", clipValue), clipValue);
        earlyStopping.addTo(form, checks.watchedProblem);
        form.row(Captions.of("Seed", seed), seed);
        form.row(Captions.of("Device", device), device);
        form.wide(deviceNote);
        form.row(Captions.of("Stats every", statsEvery), statsEvery);
        form.row(Captions.of("Checkpoints", checkpointEvery), checkpointEvery);
        moreFields();
        clipNorm.setPromptText("none");
        clipNorm.setTooltip(new Tooltip("Scale all gradients down together when their total norm exceeds this (torch.nn.utils.clip_grad_norm_)"));
        clipValue.setPromptText("none");
        clipValue.setTooltip(new Tooltip("Clamp every gradient element to [-value, value] (torch.nn.utils.clip_grad_value_); "
                + "with a norm as well, values are clamped first"));

        // A new optimiser keeps the options set so far that it also has, as the command line's --optimizer does
        // (OptimizerFactory.switched: Adam's betas go on to AdamW; lrAfterSwitch says when the rate is its own); the note
        // under the picker names those it has not.
        optimizer.setOnAction(e -> {
            if (updating) return;
            OptimizerFactory.Switched s = OptimizerFactory.switched(read.get().get("optimizer"), optimizer.getValue());
            edit(m -> m.put("optimizer", s.optimizer()));
            if (s.optimizer().equals(read.get().get("optimizer"))) switchNote(optimizer.getValue(), s.leftOut());
        });
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
        commit(clipNorm, t -> edit(m -> {
            // Blank: no clipping, and the norm type (refused without a norm) goes too.
            if (t.isBlank()) m.keySet().removeAll(List.of("clip_grad_norm", "clip_grad_norm_type"));
            else m.put("clip_grad_norm", Double.parseDouble(TypedText.decimalPoint(t).trim()));
        }));
        commit(clipValue, t -> edit(m -> {
            if (t.isBlank()) m.remove("clip_grad_value");
            else m.put("clip_grad_value", Double.parseDouble(TypedText.decimalPoint(t).trim()));
        }));

        Label title = new Label("Training");
        title.setId("trainTitle");
        title.getStyleClass().add("section-title");
        title.setStyle("-fx-font-weight: bold");
        getChildren().add(title);
        getChildren().addAll(run.nodes());
        getChildren().addAll(new javafx.scene.control.Separator(), form, new javafx.scene.control.Separator(), groups, error);
        session.stateProperty().addListener(o -> followState(session));
        followState(session);
        refresh();
    }

    /** The run's progress bar and line, which the Dashboard keeps in view under the scrolling form. */
    javafx.scene.Node progress() {
        return run.progress();
    }

    /**
     * The settings that only some runs need: shuffling and the last batch, the norm clipping bounds, the metrics beside
     * the loss, how often weight statistics and checkpoints are taken (early stopping's are {@link EarlyStoppingSection}).
     */
    private void moreFields() {
        for (javafx.scene.control.Control c : List.of(shuffle, dropLast)) c.setStyle("-fx-font-size: 0.923em");
        shuffle.setId("train-shuffle");
        shuffle.setWrapText(true);
        shuffle.setTooltip(new Tooltip("Reshuffle the training samples every epoch, from the seed (DataLoader's shuffle)"));
        shuffle.setOnAction(e -> edit(m -> m.put("shuffle", shuffle.isSelected())));
        dropLast.setId("train-drop_last");
        dropLast.setWrapText(true);
        dropLast.setTooltip(new Tooltip("Leave out an epoch's last batch when it is smaller than Batch size (DataLoader's drop_last)"));
        dropLast.setOnAction(e -> edit(m -> m.put("drop_last", dropLast.isSelected())));
        clipNormType.setPromptText("2");
        clipNormType.setTooltip(new Tooltip("Which norm Clip norm bounds (clip_grad_norm_'s norm_type): 2 the Euclidean, 1 the sum of magnitudes, "
                + "inf the largest magnitude; any number above 0"));
        commit(clipNormType, t -> edit(m -> {
            String s = TypedText.decimalPoint(t).trim();
            if (s.isEmpty()) m.remove("clip_grad_norm_type");
            else if (s.equalsIgnoreCase("inf")) m.put("clip_grad_norm_type", "inf");
            else m.put("clip_grad_norm_type", SettingText.numberOrText(s) instanceof Integer i ? (Object) i.doubleValue() : SettingText.numberOrText(s));
        }));
        metrics.setId("train-metrics");
        metrics.getItems().setAll(METRIC_CHOICES);
        metrics.setTooltip(new Tooltip("Scores measured every epoch besides the loss (metrics); auto: accuracy for classes, MAE for amounts, as the loss says"));
        metrics.setOnAction(e -> edit(m -> {
            int i = metrics.getSelectionModel().getSelectedIndex();
            if (i <= 0) m.remove("metrics");
            else m.put("metrics", i == 3 ? List.of("accuracy", "mae") : List.of(metrics.getValue()));
        }));
        statsEvery.setPromptText("50");
        statsEvery.setTooltip(new Tooltip("Take the weights' and gradients' statistics (the Inspector's histograms and gradient norms) every this many "
                + "batches; 0: never"));
        commit(statsEvery, t -> edit(m -> {
            if (t.isBlank()) m.remove("stats_every");
            else m.put("stats_every", SettingText.numberOrText(t.trim()));
        }));
        checkpointEvery.setPromptText("never");
        checkpointEvery.setTooltip(new Tooltip("Write the model every this many epochs when trained from the command line with --save-bundle or "
                + "--save-weights (checkpoint_every); the window keeps every run's weights itself"));
        commit(checkpointEvery, t -> edit(m -> {
            if (t.isBlank()) m.remove("checkpoint_every");
            else m.put("checkpoint_every", SettingText.numberOrText(t.trim()));
        }));
    }

    /**
     * Checks the settings against the network {@code analysis} gives (the editor's, as it changes): the loss's class
     * weights against its Output's classes, as Start and {@code layerlab check} count them.
     */
    public void setAnalysis(Supplier<layerlab.graph.analysis.Analysis> analysis) {
        this.analysis = analysis;
        checkAgainstNetwork();
    }

    /** Another project is about to be shown: the names the last one's loss nodes had are not its. */
    public void forgetNames() {
        checks.forgetNames();
    }

    /** Says at their fields what a run would refuse of the settings only when it starts ({@link NetworkChecks}), for the network now. */
    public void checkAgainstNetwork() {
        checks.check(graph == null ? null : graph.get(), analysis == null ? null : analysis.get(), reading(read.get()));
    }

    /** Matches the parameter groups against the parameters of {@code graph}'s model, and shows how many each takes. */
    public void setGraph(Supplier<Graph> graph) {
        this.graph = graph;
        refresh();
    }

    /** Says under the picker which options of the optimiser before {@code to} it did not carry over ({@code leftOut}: none, no note). */
    private void switchNote(String to, List<String> leftOut) {
        notedOptimizer = leftOut.isEmpty() ? null : to;
        optimizerNote.setText(leftOut.isEmpty() ? "" : "Not carried to " + to + ": " + String.join(", ", leftOut));
        optimizerNote.setVisible(!leftOut.isEmpty());
        optimizerNote.setManaged(!leftOut.isEmpty());
    }

    private double currentLr() {
        try {
            return TrainingConfig.fromMap(read.get()).lr();
        } catch (RuntimeException e) {
            return 0.001;
        }
    }

    private void followState(TrainingSession session) {
        followed = session;
        run.followState();
        updateFind();
    }

    /** "Find…" is off while a run goes on, and for an optimiser the range test says nothing about, with the reason as its tooltip. */
    private void updateFind() {
        find.setDisable(followed != null && followed.state().active() || findOff != null);
        if (findHolder.getProperties().remove(FIND_OFF) instanceof Tooltip was) Tooltip.uninstall(findHolder, was);
        find.setAccessibleHelp(null);
        if (findOff == null) return;
        Tooltip why = new Tooltip("Find… is off for " + optimizer.getValue() + ": " + findOff);
        why.setWrapText(true);
        why.setMaxWidth(420);
        why.setShowDuration(javafx.util.Duration.seconds(30));
        Tooltip.install(findHolder, why);
        findHolder.getProperties().put(FIND_OFF, why);
        find.setAccessibleHelp(why.getText());
    }

    /** What Go On does: called with the Epochs setting (how many more epochs after a completed run). */
    public void setGoOn(java.util.function.IntConsumer action) {
        run.setGoOn(action);
    }

    private int moreEpochs() {
        try {
            return TrainingConfig.fromMap(read.get()).epochs();
        } catch (RuntimeException e) {
            return 1;
        }
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
            refused(e instanceof NumberFormatException ? "Not a number: " + e.getMessage() : e.getMessage());
            return;
        }
        Reading now = reading(m), before = reading(read.get());
        if (!before.refused().containsAll(now.refused())) {
            refused(now.error());
            return;
        }
        error.setText("");
        if (!m.equals(read.get())) write.accept(m);
        refresh();
    }

    /** Shows why an edit was not written: each refusal at the field it names (a group's under the group), the rest in the form's line. */
    private void refused(String why) {
        List<String> rest = new ArrayList<>();
        for (String line : why == null ? new String[0] : why.split("\n")) {
            mark(line);
            if (!groups.place(line)) rest.add(line);
        }
        error.setText(String.join("\n", rest));
    }

    /**
     * Marks the field a refusal names with it ({@link FieldMark}): {@code training.epochs} the Epochs field,
     * {@code training.optimizer.lr} the optimiser's lr.
     */
    private void mark(String line) {
        String[] p = path(line);
        javafx.scene.Node n = p.length == 2 ? lookup("#train-" + p[1]) : p.length == 3 ? lookup("#train-" + p[1] + "-" + p[2]) : null;
        if (n instanceof TextField f) FieldMark.mark(f, line);
    }

    /** The lines of {@code error} that refuse the setting {@code key} ({@code training.<key>…}), or null when none does. */
    private static String why(String error, String key) {
        if (error == null) return null;
        List<String> out = new ArrayList<>();
        for (String line : error.split("\n")) {
            String[] p = path(line);
            if (p.length >= 2 && p[1].equals(key)) out.add(line);
        }
        return out.isEmpty() ? null : String.join("\n", out);
    }

    /**
     * The training object as far as it reads: {@code config} from every setting the engine accepts, the settings it
     * refuses ({@code refused}, the object's keys: {@code "epochs"}, {@code "optimizer"}) left out of it, and why, a line
     * per refusal ({@code error}, null when all is well).
     */
    record Reading(TrainingConfig config, Set<String> refused, String error) {}

    static Reading reading(Map<String, Object> m) {
        SettingsReading r = SettingsReading.of(m);
        return new Reading(r.config(), r.refused(), r.error());
    }

    private static String[] path(String message) {
        String p = ProjectJson.settingPath(message);
        return p == null ? new String[0] : p.split("\\.");
    }

    /** Shows the project's training object (after a load, an undo or an edit here); a setting it refuses shows as written. */
    public void refresh() {
        // The field with the focus, which the options' rows rebuilt below may replace: Tab out of the optimiser's betas
        // commits them, and the rebuild took eps, where the focus had gone, out of the window (the focus left the form).
        javafx.scene.Node had = getScene() == null ? null : getScene().getFocusOwner();
        String hadId = had != null && had.getId() != null && inside(had, this) ? had.getId() : null;
        run.updateGoOn();
        Map<String, Object> m = read.get();
        Reading r = reading(m);
        TrainingConfig c = r.config();
        updating = true;
        try {
            Set<String> bad = r.refused();
            TrainingConfig.Component opt = bad.contains("optimizer") ? written(m.get("optimizer")) : c.optimizer();
            optimizer.setValue(opt.name());
            if (notedOptimizer != null && !notedOptimizer.equals(opt.name())) switchNote(null, List.of());
            scheduler.setValue(bad.contains("scheduler") ? written(m.get("scheduler")).name() : c.scheduler() == null ? "none" : c.scheduler().name());
            String lossName = bad.contains("loss") ? written(m.get("loss")).name() : c.loss() == null ? null : c.loss().name();
            if (lossName == null) loss.getSelectionModel().select(0);
            else loss.setValue(lossName);
            lossOptions.showOptions(lossName, m.get("loss"));
            lossWeights.show(graph == null ? List.of() : Losses.nodeNames(graph.get()), m.get("loss_weights"));
            metrics.getSelectionModel().select(c.metrics().isEmpty() ? 0 : c.metrics().size() == 2 ? 3 : METRIC_CHOICES.indexOf(c.metrics().get(0)));
            device.setValue(bad.contains("device") ? show(m.get("device")) : c.device().startsWith("cuda") ? "cuda" : c.device());
            shown(epochs, bad.contains("epochs"), m.get("epochs"), Integer.toString(c.epochs()), why(r.error(), "epochs"));
            shown(batchSize, bad.contains("batch_size"), m.get("batch_size"), Integer.toString(c.batchSize()), why(r.error(), "batch_size"));
            shuffle.setSelected(c.shuffle());
            dropLast.setSelected(c.dropLast());
            shown(seed, bad.contains("seed"), m.get("seed"), Long.toString(c.seed()), why(r.error(), "seed"));
            shown(clipNorm, bad.contains("clip_grad_norm"), m.get("clip_grad_norm"), c.clipGradNorm() == null ? "" : fmt(c.clipGradNorm()), why(r.error(), "clip_grad_norm"));
            // The norm type as the file writes it ("inf", 1.0), blank for the usual 2; only beside a norm.
            shown(clipNormType, bad.contains("clip_grad_norm_type"), m.get("clip_grad_norm_type"), show(m.get("clip_grad_norm_type")), why(r.error(), "clip_grad_norm_type"));
            clipNormType.setDisable(m.get("clip_grad_norm") == null && m.get("clip_grad_norm_type") == null);
            shown(clipValue, bad.contains("clip_grad_value"), m.get("clip_grad_value"), c.clipGradValue() == null ? "" : fmt(c.clipGradValue()), why(r.error(), "clip_grad_value"));
            shown(statsEvery, bad.contains("stats_every"), m.get("stats_every"), show(m.get("stats_every")), why(r.error(), "stats_every"));
            shown(checkpointEvery, bad.contains("checkpoint_every"), m.get("checkpoint_every"), show(m.get("checkpoint_every")), why(r.error(), "checkpoint_every"));
            earlyStopping.refresh(m, r, why(r.error(), "early_stopping"), graph == null ? List.of() : Losses.nodeNames(graph.get()),
                    graph == null ? Map.of() : Losses.headScores(graph.get()));
            optimizerParams.showOptions(opt);
            findOff = LrFinder.unsupported(opt.name());
            updateFind();
            schedulerParams.showOptions(bad.contains("scheduler") ? withEveryOption(written(m.get("scheduler")), c.epochs()) : c.scheduler());
            // An option a refusal names ("training.optimizer.lr must …") is marked where it is typed; a group's refusal
            // is said under the group, the others in the form's line.
            List<String> lines = r.error() == null ? List.of() : List.of(r.error().split("\n"));
            for (String line : lines) {
                String[] p = path(line);
                if (p.length == 3) mark(line);
            }
            error.setText(String.join("\n", groups.showGroups(m, opt, lines)));
            readGroups = bad.contains(ParamGroups.KEY) ? null : c.paramGroups();
            if (graph != null && readGroups != null && !readGroups.isEmpty()) {
                parameterNames.of(graph.get(), names -> groups.showModel(names, readGroups));
            }
        } finally {
            updating = false;
        }
        checkAgainstNetwork();
        javafx.scene.Node now = hadId == null || inside(had, this) ? null : lookup("#" + hadId);
        if (now != null) {
            now.requestFocus();
            // Where the caret was, or all selected as Tab left it.
            if (had instanceof TextField old && now instanceof TextField f && old.getText().equals(f.getText())) f.selectRange(old.getAnchor(), old.getCaretPosition());
        }
    }

    private static boolean inside(javafx.scene.Node n, javafx.scene.Node ancestor) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) if (p == ancestor) return true;
        return false;
    }

    /**
     * A field shows what the config made of its setting, or, for a setting it refused, the value as the file writes it,
     * marked with the reason ({@code why}; null: none).
     */
    static void shown(TextField f, boolean refused, Object written, String read, String why) {
        f.setText(refused ? show(written) : read);
        FieldMark.clear(f);
        if (refused) FieldMark.mark(f, why == null ? "refused" : why);
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

    /** Shows a "Find…" button beside the optimiser's learning rate that runs {@code action} (disabled while training runs). */
    public void setFindLr(Runnable action) {
        find.setId("trainFindLr");
        find.setTooltip(new Tooltip("Find a learning rate: a short run with a growing rate, and the rate where the loss falls fastest"));
        find.setOnAction(e -> action.run());
        optimizerParams.besideLr(findHolder);
        refresh();
    }
}
