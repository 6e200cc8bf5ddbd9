package layerlab.ui.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.analysis.Analysis;
import layerlab.train.LrFinder;
import layerlab.train.StepProfile;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.ui.data.DataPanel;
import layerlab.ui.editor.Command;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.inspect.InspectorView;
import layerlab.ui.inspect.ResultsView;

/**
 * The training dashboard under the canvas: the settings and run controls on the left; charts, data, the inspector
 * of the selected node and the classifier's results in tabs. It edits the project's {@code "training"} and
 * {@code "dataset"} through the editor's command stack, so those edits undo like any other.
 */
public final class Dashboard extends BorderPane {
    private final EditorModel editor;
    private final Supplier<Path> baseDir;
    private final TrainingSession session = new TrainingSession(Platform::runLater);
    private final TrainingPanel panel;
    private final ChartsView charts;
    private final DataPanel data;
    private final InspectorView inspector;
    private final ResultsView results;
    private final TabPane tabs;
    private final GradientTint tint;
    private final BooleanProperty tintOn = new SimpleBooleanProperty(this, "tint", true);
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", false);

    /**
     * @param baseDir the project file's folder (relative data paths resolve against it), or null for an unsaved project
     * @param card    the canvas card of a node by its id, or null
     */
    public Dashboard(EditorModel editor, Supplier<Path> baseDir, Function<String, javafx.scene.Node> card) {
        this.editor = editor;
        this.baseDir = baseDir;
        setId("dashboard");
        tint = new GradientTint(name -> {
            Graph g = editor.graph();
            var n = g.nodeByName(name);
            return n == null || editor.scopeProperty().get() != null ? null : card.apply(n.id());
        });
        panel = new TrainingPanel(session, () -> editor.graph().training(), m -> write(GraphChange.Setting.TRAINING, "Set training options", m),
                this::start, this::step);
        panel.setFindLr(this::findLr);
        panel.setGraph(editor::graph);
        panel.setAnalysis(editor::analysis);
        editor.analysisProperty().addListener(o -> panel.checkAgainstNetwork());
        editor.documentProperty().addListener(o -> panel.forgetNames());
        panel.setGoOn(more -> {
            shown.set(true);
            session.goOn(editor.graph(), more);
        });
        charts = new ChartsView(session);
        charts.setOnAdviceNode(name -> {
            var n = editor.graph().nodeByName(name);
            if (n != null && editor.scopeProperty().get() == null) editor.select(java.util.List.of(n.id()));
        });
        charts.setAdviceActions(this::findLr, this::earlyStopping);
        data = new DataPanel(() -> editor.graph().dataset(), m -> write(GraphChange.Setting.DATASET, "Set data set", m), baseDir);
        data.setTargetInputs(() -> layerlab.train.Losses.targetInputs(editor.graph()));
        inspector = new InspectorView(session, editor);
        results = new ResultsView(session);
        tabs = new TabPane(new Tab("Charts", charts), new Tab("Data", data), new Tab("Inspector", inspector), new Tab("Results", results));
        tabs.setId("dashboardTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().get(0).setId("tabCharts");
        tabs.getTabs().get(1).setId("tabData");
        tabs.getTabs().get(2).setId("tabInspector");
        tabs.getTabs().get(3).setId("tabResults");
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> {
            if (now.intValue() == 1) data.previewIfNone();
        });
        ScrollPane left = new ScrollPane(panel) {
            /**
             * Never narrower than the panel's least width (its row of run buttons, each with its whole label): a narrower
             * viewport cut the panel's right edge off.
             */
            @Override
            protected double computeMinWidth(double height) {
                return Math.max(270, panel.minWidth(-1) + snappedLeftInset() + snappedRightInset() + 12);
            }
        };
        left.setFitToWidth(true);
        left.setPrefWidth(300);
        // The run's progress and the key to the canvas's tint under the settings, in view however far they are scrolled
        // (at 150 % text on a 720-px screen the key took the column's foot and the progress line was cut off under it).
        javafx.scene.layout.VBox foot = new javafx.scene.layout.VBox(4, panel.progress(), tint.legend());
        foot.setPadding(new javafx.geometry.Insets(4, 8, 6, 8));
        // As wide as the settings above it, wrapping its lines: their own width would widen the column.
        foot.setMinWidth(0);
        foot.setPrefWidth(0);
        tint.legend().setPrefWidth(0);
        tint.legend().maxWidthProperty().bind(left.widthProperty().subtract(16));
        BorderPane side = new BorderPane(left, null, null, foot, null);
        setLeft(side);
        setCenter(tabs);
        session.addListener(this::onEvents);
        // A run's end brings its status into view (the settings may have been scrolled to), as its text settles: after
        // each layout while it is to be kept in view, from the final bounds. (Revealed from a bounds listener, it scrolled
        // to where a label being laid out stood for a moment, one word a line, and the view stayed there with Start and
        // the start-from-last tick scrolled out above it.)
        javafx.scene.Node status = panel.lookup("#trainStatus");
        javafx.scene.Node runRow = panel.lookup("#trainStart");
        while (runRow.getParent() != panel) runRow = runRow.getParent();
        javafx.scene.Node buttons = runRow, title = panel.lookup("#trainTitle");
        Runnable keepInView = () -> {
            if (revealStatus) reveal(left, title, buttons, status);
            else if (focusShown != null) {
                revealingFocus = true;
                try {
                    scrollIntoView(left, focusShown);
                } finally {
                    revealingFocus = false;
                }
            }
        };
        // Tab through the settings: the field that takes the focus comes into view, as little scrolled as it takes (a scroll
        // pane does not follow the focus: at 200 % text Tab went on into fields below the fold, out of sight). After each
        // layout, from its final bounds, until the next key, click or scroll (or the view scrolled by anything else):
        // scrolled once, as the focus moved, a layout that came after it left the field half under the column's foot.
        javafx.beans.value.ChangeListener<javafx.scene.Node> focusInView = (o, was, now) -> {
            focusShown = now != null && isInside(now, panel) ? now : null;
            if (focusShown != null) Platform.requestNextPulse();
        };
        sceneProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.removePostLayoutPulseListener(keepInView);
                was.focusOwnerProperty().removeListener(focusInView);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(keepInView);
                now.focusOwnerProperty().addListener(focusInView);
            }
        });
        // Until the user takes the panel in hand: then a status that still changes must not pull the view away from the
        // setting being changed (nor move the field under the pointer between aiming and clicking).
        left.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            revealStatus = false;
            focusShown = null;
        });
        left.addEventFilter(ScrollEvent.SCROLL, e -> {
            revealStatus = false;
            focusShown = null;
        });
        left.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            revealStatus = false;
            focusShown = null;
        });
        left.vvalueProperty().addListener((o, a, b) -> {
            if (!revealingFocus) focusShown = null;
        });
        session.stateProperty().addListener((o, a, s) -> {
            if (!s.active()) tint.clear();
            revealStatus = a.active() && !s.active();
            // The data are opened after Start returns: a refusal of them comes later, and points at its node then.
            if (s == TrainingSession.State.FAILED && a == TrainingSession.State.PREPARING) showWhyItCannotTrain();
        });
        editor.graphProperty().addListener((o, a, g) -> {
            panel.refresh();
            data.refresh();
            if (session.state().active() && session.graph() != null && g != session.graph()) {
                String st = session.statusProperty().get();
                String note = " · the graph changed since this run began (Start again to train the new one)";
                if (!st.endsWith(note)) session.statusProperty().set(st + note);
            }
            // A refusal to start was about the project as it was: once it is edited (a data set chosen, an error fixed),
            // Start will say again if something is still missing.
            session.clearRefusal();
        });
        // Another document: the run, its charts, results and weights belonged to the old one.
        editor.documentProperty().addListener(o -> {
            session.reset();
            tint.clear();
            data.clear();
        });
        tintOn.addListener((o, a, on) -> {
            if (!on) tint.clear();
        });
    }

    public TrainingSession session() {
        return session;
    }

    /** Whether the status is kept in view: from a run's end until the next run or the user's first click, scroll or key in the panel. */
    private boolean revealStatus;
    /**
     * The settings' field that has the focus, kept in view after each layout until the next key, click or scroll in the
     * panel, or any scroll of the view but its own.
     */
    private javafx.scene.Node focusShown;
    /** Whether the view is being scrolled to {@link #focusShown} (any other scroll ends keeping it in view). */
    private boolean revealingFocus;

    /**
     * Scrolls {@code left} as little as it takes to show {@code buttons} (the run's row of buttons) down to the whole of
     * {@code status}, both children of its content; where they do not fit together, the whole status, its end at the
     * bottom of the view. The panel's {@code title} above the buttons is shown whole or not at all: scrolled to the end of
     * a run's status at 150 % text, the view cut "Training" in half, a line of half letters at its top.
     */
    private static void reveal(ScrollPane left, javafx.scene.Node title, javafx.scene.Node buttons, javafx.scene.Node status) {
        double content = left.getContent().getLayoutBounds().getHeight(), view = left.getViewportBounds().getHeight();
        if (content <= view || view <= 0) return;
        javafx.geometry.Bounds b = status.getBoundsInParent();
        double from = Math.min(buttons.getBoundsInParent().getMinY(), b.getMinY()), to = b.getMaxY();
        if (to - from > view) from = Math.max(b.getMinY(), to - view);
        double top = left.getVvalue() * (content - view), was = top;
        if (to > top + view) top = to - view;
        if (from < top) top = from;
        javafx.geometry.Bounds t = title.getBoundsInParent();
        // Past it by a pixel of the gap below it: the view's place is rounded to whole pixels, and left a sliver of it.
        if (top > t.getMinY() && top < t.getMaxY() + 1) top = to - t.getMinY() <= view ? t.getMinY() : t.getMaxY() + 1;
        if (Math.abs(top - was) > 0.5) left.setVvalue(top / (content - view));
    }

    private static boolean isInside(javafx.scene.Node n, javafx.scene.Node ancestor) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) if (p == ancestor) return true;
        return false;
    }

    /** Scrolls {@code left} as little as it takes to show the whole of {@code node} (a field of its content), a little room round it. */
    private static void scrollIntoView(ScrollPane left, javafx.scene.Node node) {
        javafx.scene.Node content = left.getContent();
        if (node.getScene() == null || !isInside(node, content)) return;
        double total = content.getLayoutBounds().getHeight(), view = left.getViewportBounds().getHeight();
        if (total <= view || view <= 0) return;
        javafx.geometry.Bounds b = content.sceneToLocal(node.localToScene(node.getLayoutBounds()));
        double room = 8, top = left.getVvalue() * (total - view), was = top;
        if (b.getMaxY() + room > top + view) top = b.getMaxY() + room - view;
        if (b.getMinY() - room < top) top = b.getMinY() - room;
        top = Math.max(0, Math.min(total - view, top));
        if (Math.abs(top - was) > 0.5) left.setVvalue(top / (total - view));
    }

    public TrainingPanel panel() {
        return panel;
    }

    public ChartsView charts() {
        return charts;
    }

    public DataPanel data() {
        return data;
    }

    public InspectorView inspector() {
        return inspector;
    }

    public ResultsView results() {
        return results;
    }

    /** Shows the dashboard on its Data tab, where the project's data set is chosen and previewed. */
    public void showData() {
        shown.set(true);
        tabs.getSelectionModel().select(1);
    }

    public TabPane tabs() {
        return tabs;
    }

    public GradientTint tint() {
        return tint;
    }

    /** Whether the host shows the dashboard (the host listens and lays it out). */
    public BooleanProperty shownProperty() {
        return shown;
    }

    public BooleanProperty tintProperty() {
        return tintOn;
    }

    /** Starts training the project as it is now (Ctrl+Enter). */
    public void start() {
        shown.set(true);
        session.start(editor.graph(), baseDir.get(), false);
        showWhyItCannotTrain();
    }

    /**
     * Where to look when the project cannot train: the node of the drawing's first error, or of the first thing the data set
     * does not fit, is selected (its card stands out and Properties says what is wrong); without a data set, the Data tab,
     * where one is chosen, comes to the front.
     */
    private void showWhyItCannotTrain() {
        if (session.state() != TrainingSession.State.FAILED) return;
        Graph g = editor.graph();
        // The editor's analysis of the project, when it is current (it is, but for a large graph still being analysed).
        Analysis a = editor.analysis().graph() == g ? editor.analysis() : Analysis.of(g);
        var first = a.errors().stream().filter(p -> p.nodeId() != null && g.node(p.nodeId()) != null).findFirst();
        // Else the first thing the data set does not fit (the trainer refused it in the same words).
        if (first.isEmpty()) first = editor.viewDataFits().stream().map(layerlab.train.DataFit.Fit::problem).filter(layerlab.graph.analysis.Problem::isError).findFirst();
        if (first.isPresent() && editor.scopeProperty().get() == null) editor.select(java.util.List.of(first.get().nodeId()));
        else if (!a.hasErrors() && !(g.dataset().get("source") instanceof String)) tabs.getSelectionModel().select(1);
    }

    private Supplier<javafx.stage.Window> owner = () -> getScene() == null ? null : getScene().getWindow();

    /** Where the tools' windows (range test, cross-validation, profile) belong: the main window, whether the dashboard is shown or not. */
    public void setOwner(Supplier<javafx.stage.Window> owner) {
        this.owner = owner;
    }

    private javafx.stage.Window owner() {
        return owner.get();
    }

    /**
     * Opens the learning-rate range test on the project as it is now ({@link LrFinderWindow}); its "Use" sets the
     * optimiser's lr as one undoable edit. Refused, as Start is, while a run is going or when the drawing has errors.
     */
    public LrFinderWindow findLr() {
        Graph g = editor.graph();
        if (refused("the range test trains a model of its own", "Cannot find a learning rate: ", g)) return null;
        LrFinderWindow w = new LrFinderWindow(owner(), g, baseDir.get(), data.opener(), lr -> {
            write(GraphChange.Setting.TRAINING, "Set the learning rate to " + LrFinder.format(lr), TrainingConfig.withLr(editor.graph().training(), lr));
            editor.messageProperty().set("Learning rate set to " + LrFinder.format(lr) + " (Ctrl+Z undoes it)");
        });
        w.stage().show();
        return w;
    }

    /**
     * The advice's answer to overfitting, as one undoable edit of the training settings: early stopping on the validation loss
     * that keeps the best epoch's weights ({@code restore_best}) with the finding's patience, long enough to have reached this
     * run's best epoch; where the project stops early already, that patience in its early stopping, whatever else the student
     * set there (what it watches, min_delta, restore_best) kept.
     */
    void earlyStopping(int patience) {
        Map<String, Object> t = new LinkedHashMap<>(editor.graph().training());
        boolean on = t.get("early_stopping") instanceof Map<?, ?>;
        Map<String, Object> es = new LinkedHashMap<>();
        if (on) ((Map<?, ?>) t.get("early_stopping")).forEach((k, v) -> es.put(String.valueOf(k), v));
        else es.put("metric", "val_loss");
        es.put("patience", patience);
        if (!on) es.put("restore_best", true);
        t.put("early_stopping", es);
        write(GraphChange.Setting.TRAINING, on ? "Raise early stopping's patience to " + patience : "Turn on early stopping", t);
        if (editor.scopeProperty().get() == null) {
            editor.messageProperty().set(on ? "Early stopping's patience is " + patience + ": the next run waits " + patience
                    + " epochs for a better " + es.get("metric") + " (Ctrl+Z undoes it)" : "Early stopping on: the next run stops " + patience
                    + " epochs after its best val_loss and keeps that epoch's weights (Ctrl+Z undoes it)");
        }
    }

    /**
     * Opens the cross-validation of the project as it is now ({@link CrossValidationWindow}). Refused, as Start is,
     * while a run is going or when the drawing has errors.
     */
    public CrossValidationWindow crossValidate() {
        Graph g = editor.graph();
        if (refused("cross-validation trains models of its own", "Cannot cross-validate: ", g)) return null;
        CrossValidationWindow w = new CrossValidationWindow(owner(), g, baseDir.get());
        // Its scores join the runs table (and the project's run log), so a design measured by folds stays beside the runs.
        w.setOnFinished(r -> session.keepCrossValidation(g, r, w.environment()));
        w.stage().show();
        return w;
    }

    /**
     * Opens the profile of a training step of the project as it is now ({@link ProfileWindow}); a click on a node's row
     * selects it. Refused, as Start is, while a run is going (it would time the run as well) or when the drawing has errors.
     */
    public ProfileWindow profile() {
        return profile(StepProfile.Options.DEFAULT);
    }

    ProfileWindow profile(StepProfile.Options options) {
        Graph g = editor.graph();
        if (refused(PROFILE_OWN_MODEL, "Cannot profile: ", g)) return null;
        ProfileWindow w = new ProfileWindow(owner(), g, editor::graph, now -> whyNot(PROFILE_OWN_MODEL, "Cannot profile: ", now), baseDir.get(),
                data.opener(), options, name -> {
            var n = editor.graph().nodeByName(name);
            if (n != null && editor.scopeProperty().get() == null) editor.select(java.util.List.of(n.id()));
        }, shares -> {
            if (shares == null || session.state().active()) tint.clear();
            else tint.showShares(shares);
        });
        w.stage().show();
        lastProfile = w;
        return w;
    }

    private ProfileWindow lastProfile;

    /** The profile window opened last (tests), or null. */
    ProfileWindow lastProfile() {
        return lastProfile;
    }

    /**
     * Whether a tool that trains models of its own must not start now, saying why in the status line: a run is going
     * ({@code ownModels} says why that matters), or {@code g} cannot train ({@code cannot} starts the sentence).
     */
    private boolean refused(String ownModels, String cannot, Graph g) {
        String why = whyNot(ownModels, cannot, g);
        if (why != null) editor.messageProperty().set(why);
        return why != null;
    }

    /** Why such a tool must not start now on {@code g} (see {@link #refused}), or null. */
    private String whyNot(String ownModels, String cannot, Graph g) {
        if (session.state().active()) return "Stop the training run first: " + ownModels;
        String problem = RunStart.cannotTrain(g);
        return problem == null ? null : cannot + problem;
    }

    private static final String PROFILE_OWN_MODEL = "the profile trains a model of its own, and would time the run's steps with it";

    /** One batch: from idle it starts and pauses after the first. */
    public void step() {
        shown.set(true);
        if (session.state().active()) session.step();
        else {
            session.start(editor.graph(), baseDir.get(), true);
            showWhyItCannotTrain();
        }
    }

    private void onEvents(java.util.List<TrainingEvent> events) {
        // The tint shows a run in progress; it goes when the run ends. It follows the newest statistics on the
        // session's UI ticks, so that it changes in the same frame as the charts.
        if (!tintOn.get() || !session.state().active()) return;
        for (TrainingEvent e : events) tintPending |= e instanceof TrainingEvent.ParameterStats;
        RunRecord r = session.run();
        if (!tintPending || !session.uiTick() || r == null || r.stats().isEmpty()) return;
        tintPending = false;
        tint.apply(r.stats().get(r.stats().size() - 1));
    }

    /** Statistics arrived since the tint was last applied. */
    private boolean tintPending;

    private void write(GraphChange.Setting setting, String name, Map<String, Object> value) {
        if (editor.scopeProperty().get() != null) {
            editor.messageProperty().set("Go back to the project (Ctrl+Shift+E) to change its " + (setting == GraphChange.Setting.DATASET ? "data" : "training"));
            return;
        }
        editor.execute(new Command(name, g -> g.set(setting, new LinkedHashMap<>(value))));
    }

    /** The Train menu: Start, Pause/Resume, Step, Stop, Find Learning Rate…, Cross-Validate…, Profile a Training Step…, and the dashboard and tint toggles. */
    public Menu menu() {
        MenuItem start = item("trainMenuStart", "Start", "Shortcut+Enter", this::start);
        MenuItem pause = item("trainMenuPause", "Pause / Resume", "Shortcut+Shift+P", () -> {
            if (session.state() == TrainingSession.State.PAUSED) session.resume();
            else session.pause();
        });
        MenuItem step = item("trainMenuStep", "Step One Batch", "Shortcut+Shift+Enter", this::step);
        // Esc is the canvas's key too (it cancels a wire or the quick-add box): the window's filter stops a run only
        // while one is going, so the menu shows the key without an accelerator of its own.
        MenuItem stop = item("trainMenuStop", "Stop", null, session::stop);
        stop.setAccelerator(layerlab.ui.ShownKey.of("Esc"));
        start.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> session.state().active(), session.stateProperty()));
        stop.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> !session.state().active(), session.stateProperty()));
        MenuItem findLr = item("trainMenuFindLr", "Find Learning Rate…", null, () -> {
            shown.set(true);
            findLr();
        });
        javafx.beans.binding.BooleanBinding running = javafx.beans.binding.Bindings.createBooleanBinding(() -> session.state().active(), session.stateProperty());
        // Off, as the form's Find… is, for an optimiser the range test says nothing about; the item names it (a menu item has no tooltip).
        javafx.beans.property.BooleanProperty rangeTestOff = new javafx.beans.property.SimpleBooleanProperty(false);
        findLr.disableProperty().bind(running.or(rangeTestOff));
        MenuItem crossValidate = item("trainMenuCrossValidate", "Cross-Validate…", null, this::crossValidate);
        crossValidate.disableProperty().bind(running);
        MenuItem profile = item("trainMenuProfile", "Profile a Training Step…", null, this::profile);
        profile.disableProperty().bind(running);
        CheckMenuItem show = new CheckMenuItem("Show Dashboard");
        show.setId("trainMenuShow");
        show.setMnemonicParsing(false);
        show.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+T"));
        show.selectedProperty().bindBidirectional(shown);
        CheckMenuItem tintItem = new CheckMenuItem("Tint Nodes by Gradient");
        tintItem.setId("trainMenuTint");
        tintItem.setMnemonicParsing(false);
        tintItem.selectedProperty().bindBidirectional(tintOn);
        Menu m = new Menu("_Train", null, start, pause, step, stop, new SeparatorMenuItem(), findLr, crossValidate, profile, new SeparatorMenuItem(), show,
                tintItem);
        m.setId("menuTrain");
        m.setOnShowing(e -> {
            String optimizer = rangeTestOffFor();
            rangeTestOff.set(optimizer != null);
            findLr.setText(optimizer == null ? "Find Learning Rate…" : "Find Learning Rate… (not for " + optimizer + ")");
        });
        return m;
    }

    /**
     * The optimiser of the project's settings when the range test says nothing about it ({@link LrFinder#unsupported}: LBFGS,
     * Rprop), else null; null too for settings that do not read (the range test's own refusal then says what is wrong).
     */
    private String rangeTestOffFor() {
        try {
            String name = TrainingConfig.fromMap(editor.graph().training()).optimizer().name();
            return LrFinder.unsupported(name) == null ? null : name;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Esc stops a run; it is left to the focused control when none is going. */
    public void handleEscape(KeyEvent e) {
        if (e.getCode() == KeyCode.ESCAPE && session.state().active()) {
            session.stop();
            e.consume();
        }
    }

    private static MenuItem item(String id, String text, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setMnemonicParsing(false);
        item.setId(id);
        if (accelerator != null) item.setAccelerator(KeyCombination.keyCombination(accelerator));
        item.setOnAction(e -> action.run());
        return item;
    }
}
