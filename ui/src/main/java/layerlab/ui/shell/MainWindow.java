package layerlab.ui.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.ui.canvas.CanvasView;
import layerlab.ui.data.DataOpener;
import layerlab.ui.data.DataWatch;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.editor.ProblemsView;
import layerlab.ui.exchange.ExchangeMenu;
import layerlab.ui.palette.PaletteCatalog;
import layerlab.ui.project.ProjectFiles;
import layerlab.ui.project.Samples;
import layerlab.ui.help.HelpWindow;
import layerlab.ui.start.GuidedTour;
import layerlab.ui.start.StartPage;
import layerlab.ui.train.Dashboard;

/**
 * The main window: menus on top; palette | canvas over problems | properties and code in the middle; a status bar
 * at the bottom. It wires the views to one {@link EditorModel} and asks before unsaved work is lost.
 */
public final class MainWindow implements MenuActions, StartPage.Actions {
    private final ShellModel model;
    private final UiPrefs prefs;
    private final EditorModel editor = new EditorModel(Platform::runLater);
    private final ProjectFiles files;
    private Stage stage;
    private MenuBar menuBar;
    private CanvasView canvas;
    private final Autosave autosave;
    private Dashboard dashboard;
    private DataWatch dataWatch;
    private final DataOpener dataOpener = new DataOpener();
    private final WindowHelp help;
    private ExchangeMenu exchange;
    private final ProjectDialogs dialogs;
    private final WindowFrame frame;
    private final EditActions edits;

    public MainWindow(ShellModel model, UiPrefs prefs) {
        this(model, prefs, ProjectFiles.defaultRecoveryFile());
    }

    /** @param recoveryFile where autosave keeps unsaved work (tests use a temporary one) */
    public MainWindow(ShellModel model, UiPrefs prefs, Path recoveryFile) {
        this.model = model;
        this.prefs = prefs;
        this.files = new ProjectFiles(editor, prefs.node(), recoveryFile);
        this.autosave = new Autosave(files, prefs);
        this.dialogs = new ProjectDialogs(editor, files, () -> stage, () -> dashboard != null && dashboard.session().state().active(),
                () -> dashboard == null ? java.time.Duration.ZERO : dashboard.session().unexportedTraining(editor.graph()),
                () -> exchange.export(layerlab.ui.exchange.ModelExchange.Format.BUNDLE), () -> exchange.chooser());
        this.runsDir = recoveryFile.toAbsolutePath().getParent().resolve("runs");
        this.errorLog = ErrorReport.logBeside(recoveryFile);
        this.frame = new WindowFrame(model, prefs);
        this.edits = new EditActions(editor, () -> canvas, () -> stage.getScene());
        this.help = new WindowHelp(() -> stage, editor, prefs, this, () -> model.sidePanelsProperty().set(true));
    }

    /** Where a bug's stack traces are written ({@link ErrorReport}): beside the recovery file ({@code ~/.layerlab/logs/errors.log}). */
    private final Path errorLog;

    /** Where saved projects' runs are kept between sessions: beside the recovery file ({@code ~/.layerlab/runs}). */
    private final Path runsDir;

    public ShellModel model() {
        return model;
    }

    public EditorModel editor() {
        return editor;
    }

    public ProjectFiles files() {
        return files;
    }

    public CanvasView canvas() {
        return canvas;
    }

    /**
     * The window's work ends (it closes): the autosave timer stops, and so does the dashboard's session — a run still
     * going, and a projection or other computation still running or queued — so that nothing of it takes the machine's
     * time afterwards.
     */
    public void dispose() {
        autosave.stop();
        if (dashboard != null) dashboard.session().close();
        if (dataWatch != null) dataWatch.close();
        editor.close();
        files.close();
        // The stage outlives the window where one is shown again on it (the UI tests: one stage, a window a test): its
        // listener would keep this window, its model and data alive (78 windows, 1.7 GB, by the middle of the suite).
        if (stage != null) stage.focusedProperty().removeListener(focused);
    }

    /** What the process's end does while this window is open (tests call it). */
    void saveOnExit() {
        autosave.saveOnExit();
    }

    /** Runs a terminal's {@code layerlab train} added to the project's log while the window was elsewhere join its table. */
    private final ChangeListener<Boolean> focused = (o, was, now) -> {
        if (now && dashboard != null) dashboard.session().refreshKeptRuns();
    };

    /** Opens the project's data for the editor's checks and the Data tab's preview alike. */
    public DataOpener dataOpener() {
        return dataOpener;
    }

    /** What keeps the editor's data set open (tests wait for it). */
    public DataWatch dataWatch() {
        return dataWatch;
    }

    /** The training dashboard (under the canvas when shown). */
    public Dashboard dashboard() {
        return dashboard;
    }

    /** File › Export and Import ONNX. */
    public ExchangeMenu exchange() {
        return exchange;
    }

    /** Builds the window's content into {@code stage}, restores its last bounds and theme, and shows it. */
    public void show(Stage stage) {
        this.stage = stage;
        menuBar = MainMenu.build(this, model.themeProperty(), model.textSizeProperty(), model.sidePanelsProperty(), editor.undoNameProperty(),
                editor.redoNameProperty(), Samples.titles());
        Workspace workspace = new Workspace(this, editor);
        workspace.sidePanels(model.sidePanelsProperty());
        canvas = workspace.canvas;
        canvas.setOnFittedResize(this::layOutFreshSample);
        addDashboard(workspace.problems);
        workspace.properties.setShowData(dashboard::showData);
        SplitPane withDashboard = workspace.withDashboard(dashboard);
        BorderPane root = new BorderPane(withDashboard, menuBar, null, new StatusBar(model, editor), null);
        root.setId("mainWindow");

        Rectangle2D at = frame.lastBounds();
        Scene scene = new Scene(root);
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, dashboard::handleEscape);
        frame.style(scene);
        // The dashboard is two stops: its settings, and its tabs (the tab row, where ←/→ choose Charts, Data, Inspector or
        // Results), which from the settings were a Tab past every field away.
        panes = new PaneCycle(() -> java.util.Arrays.asList(workspace.palette, canvas, workspace.side.getSelectionModel().getSelectedItem().getContent(),
                workspace.problems, dashboard.shownProperty().get() ? dashboard.getLeft() : null,
                dashboard.shownProperty().get() ? dashboard.tabs() : null));

        editor.dirtyProperty().addListener(o -> updateTitle());
        editor.graphProperty().addListener(o -> {
            updateTitle();
            workspace.paletteModel.setGroups(PaletteCatalog.groups(editor.graph().blocks().stream().map(b -> b.name()).toList()));
        });
        files.fileProperty().addListener(o -> updateTitle());
        editor.scopeProperty().addListener(o -> updateTitle());

        stage.setScene(scene);
        stage.titleProperty().bind(model.titleProperty());
        frame.place(stage, at);
        // Hiding covers both the window's close button and File › Quit.
        stage.setOnHiding(e -> {
            frame.save(stage);
            dispose();
        });
        stage.setOnCloseRequest(e -> {
            if (!confirmDiscard("closing")) e.consume();
            else files.deleteRecovery();
        });
        WorkspaceSplits.keepSidePanelWidths(workspace.middle, model.textSizeProperty());
        autosave.start();
        // A bug that escapes an action: the work autosaved at once, one line in the status bar, the trace in a log.
        new ErrorReport(errorLog, editor.messageProperty()::set, files::autosave).install();
        stage.show();
        canvas.requestFocus();
    }

    /**
     * The training dashboard (shown under the workspace), its session keeping the project's runs, and what it shares
     * with the editor: the data set the graph is checked against, the menus, the problems' Show Data.
     */
    private void addDashboard(ProblemsView problems) {
        java.util.function.Supplier<Path> projectFolder = () -> {
            Path f = files.fileProperty().get();
            return f == null || f.toAbsolutePath().getParent() == null ? null : f.toAbsolutePath().getParent();
        };
        dashboard = new Dashboard(editor, projectFolder, id -> canvas.lookup("#node-" + id));
        // Its tools' windows belong to this one (and take its theme) whether the dashboard is shown or not.
        dashboard.setOwner(() -> stage);
        dashboard.session().keepRunsIn(new layerlab.train.RunLog(runsDir), files.fileProperty()::get);
        files.addSavedListener(dashboard.session()::projectSaved);
        stage.focusedProperty().addListener(focused);
        problems.setShowData(dashboard::showData);
        problems.setAfterFix(added -> {
            added.forEach(canvas::showCard);
            canvas.requestFocus();
        });
        // The graph checked against its data set while it is drawn: the data set is opened when the project is, and again
        // when its settings change; a project saved to another folder resolves its relative paths there.
        // One opener for both readers of the data: the preview and the checks share a data set they both want.
        dashboard.data().setOpener(dataOpener);
        dataWatch = new DataWatch(editor, projectFolder, Platform::runLater, dataOpener);
        files.fileProperty().addListener((o, a, b) -> dataWatch.follow(editor.graph()));
        menuBar.getMenus().add(menuBar.getMenus().size() - 1, dashboard.menu());
        help.addItems(menuBar.getMenus().get(menuBar.getMenus().size() - 1));
        exchange = new ExchangeMenu(editor, files, dashboard.session(), () -> stage, this::confirmDiscard, () -> Platform.runLater(canvas::fit));
        exchange.setPicture(canvas::picture);
        exchange.setSvg(canvas::svg);
        var fileItems = menuBar.getMenus().get(0).getItems();
        fileItems.addAll(fileItems.indexOf(fileItems.stream().filter(i -> "fileSaveAs".equals(i.getId())).findFirst().orElseThrow()) + 1,
                exchange.items());
    }

    private PaneCycle panes;

    @Override
    public void focusPanel(boolean back) {
        panes.move(stage.getScene().getFocusOwner(), back);
    }

    /** Opens a sample as a new, unsaved project (what {@code ./layerlab} shows at first). */
    public void openSampleAtStart(String name) {
        try {
            loadedSample = Samples.load(name);
            freshSample = canvas.laidOutForView(loadedSample);
            files.newProject(freshSample);
            Platform.runLater(canvas::fit);
        } catch (IOException e) {
            editor.messageProperty().set("Could not open the sample: " + e.getMessage());
        }
    }

    /** The sample last opened, as its file lays it out, and as laid out for the canvas, until it is edited or replaced. */
    private Graph loadedSample, freshSample;

    /**
     * The canvas settles (at start it has no size yet when the sample loads) or is resized (the window, the dashboard
     * shown or hidden, the side panels) while the sample is untouched: the sample as its file lays it out is laid out
     * anew for the canvas ({@link CanvasView#laidOutForView}), so a wrap made for one size never stays for another.
     * Done after the resize's layout, as a view of the same document: the selection and the data stay.
     */
    private void layOutFreshSample() {
        if (!untouchedSample()) return;
        Platform.runLater(() -> {
            if (!untouchedSample()) return;
            Graph laid = canvas.laidOutForView(loadedSample);
            if (laid.equals(freshSample)) return;
            freshSample = laid;
            editor.rearrange(laid);
            canvas.fit();
        });
    }

    /** Whether the project is the sample last opened, as laid out for the canvas: not edited, not trained on. */
    private boolean untouchedSample() {
        return freshSample != null && editor.graph() == freshSample && !editor.canUndo() && !trainedOn();
    }

    /**
     * Whether the sample has been trained on (a run going or ended): a run and its results belong to the graph it began
     * with, and laid out anew the graph would read as changed since (the status says so), so a window resized after
     * Start leaves the sample as it is.
     */
    private boolean trainedOn() {
        var session = dashboard.session();
        return session.state() != layerlab.ui.train.TrainingSession.State.IDLE || !session.runs().isEmpty();
    }

    /** The start page: samples, recent projects and (on the first run) the tour's offer. */
    public StartPage showStartPage(boolean offerTour) {
        return help.showStartPage(offerTour);
    }

    /** Shows the start page when it is due: on the first run (offering the tour), or always if the user asked. */
    public void showStartPageIfDue() {
        help.showStartPageIfDue();
    }

    /** Help › Guided Tour: callouts over the window, one control at a time. */
    @Override
    public void startTour() {
        help.startTour();
    }

    public GuidedTour tour() {
        return help.tour();
    }

    /** A layer kind's help page, in the help window. */
    public void showLayerHelp(String kind) {
        help.showLayerHelp(kind);
    }

    public HelpWindow help() {
        return help.help();
    }

    @Override
    public void openSampleAndTrain(String name) {
        if (!confirmDiscard("opening a sample")) return;
        openSampleAtStart(name);
        // Training holds this document: it is not laid out anew (a new document) while the window settles.
        freshSample = null;
        dashboard.start();
    }

    /**
     * Says once, in the status line, what this window cannot keep after it closes: the settings and recent files, when
     * they cannot be written, and the recovery copy of unsaved work and the runs' history, when their folder
     * ({@code ~/.layerlab}) cannot be. A school PC's home may be read-only or full; LayerLab works on, and the student
     * knows to save the project and export the model themselves. And settings Java found damaged and put aside as it
     * started from none ({@link UiPrefs#setAside}), which it does without a word.
     */
    public void sayWhatIsNotKept() {
        List<String> lost = new ArrayList<>();
        String why = "";
        if (!prefs.kept()) {
            lost.add("settings and recent files");
            why = System.getProperty("user.home") + " cannot be written";
        }
        Path keeps = files.recoveryFile().toAbsolutePath().getParent();
        try {
            layerlab.io.AtomicFiles.checkWritable(files.recoveryFile());
        } catch (IOException e) {
            lost.add("the recovery copy of unsaved work and the runs' history");
            why = keeps + " cannot be written";
        }
        List<String> say = new ArrayList<>();
        if (prefs.setAside() != null) {
            say.add("Your settings could not be read (their file was damaged): LayerLab started with its defaults and no recent files; "
                    + "the damaged file is kept as " + prefs.setAside() + ".");
        }
        if (!lost.isEmpty()) say.add("Not kept after LayerLab closes: " + String.join(", ", lost) + " (" + why + "). Save your work in your own folder.");
        if (!say.isEmpty()) editor.messageProperty().set(String.join(" ", say));
    }

    /** After a crash: offers the autosaved work. */
    public void offerRecovery() {
        dialogs.offerRecovery(() -> Platform.runLater(canvas::fit));
    }

    private void updateTitle() {
        String scope = editor.scopeProperty().get();
        model.projectNameProperty().set(files.displayName() + (scope == null ? "" : " › " + scope));
        model.dirtyProperty().set(editor.isDirty());
    }

    /**
     * True when there is no unsaved work and no training run going, or the user saved or chose to discard the work and
     * to stop the run.
     */
    boolean confirmDiscard(String what) {
        return dialogs.confirmDiscard(what);
    }

    // ---- menu actions ----

    @Override
    public void newProject() {
        if (!confirmDiscard("starting a new project")) return;
        files.newProject(Graph.empty());
        // A blank page starts at 100%, not at the zoom the last project fitted at.
        Platform.runLater(canvas::fit);
        updateTitle();
    }

    @Override
    public void open() {
        if (!confirmDiscard("opening another project")) return;
        FileChooser fc = dialogs.chooser("Open project");
        java.io.File f = fc.showOpenDialog(stage);
        if (f != null) openPath(f.toPath());
    }

    /**
     * Opens a project file, a trained model's bundle (.llab) or an ONNX model (imported) as a new project (also from
     * the command line and Recent).
     */
    public void openPath(Path p) {
        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".llab")) {
            exchange.openBundle(p);
            return;
        }
        if (name.endsWith(".onnx")) {
            exchange.importOnnx(p);
            return;
        }
        try {
            files.open(p);
            Platform.runLater(canvas::fit);
        } catch (IOException e) {
            dialogs.couldNotOpen(p, e);
        }
    }

    @Override
    public void openSample(String name) {
        if (!confirmDiscard("opening a sample")) return;
        openSampleAtStart(name);
    }

    @Override
    public void openRecent(Path p) {
        // Asked before the question about unsaved work: nothing is opened, so nothing need be saved.
        if (!java.nio.file.Files.exists(p)) {
            if (dialogs.recentNotThere(p)) files.removeRecent(p);
            return;
        }
        if (!confirmDiscard("opening another project")) return;
        openPath(p);
    }

    @Override
    public List<Path> recent() {
        return files.recent();
    }

    @Override
    public void save() {
        dialogs.save();
    }

    @Override
    public void saveAs() {
        dialogs.saveAs();
    }

    @Override
    public void quit() {
        if (!confirmDiscard("quitting")) return;
        files.deleteRecovery();
        // Closing the last window ends the application (Platform's implicit exit); saving happens on hiding.
        stage.close();
    }

    @Override
    public void undo() {
        edits.undo();
    }

    @Override
    public void redo() {
        edits.redo();
    }

    @Override
    public void cut() {
        edits.cut();
    }

    @Override
    public void copy() {
        edits.copy();
    }

    @Override
    public void paste() {
        edits.paste();
    }

    @Override
    public void duplicate() {
        canvas.duplicate();
    }

    @Override
    public void delete() {
        canvas.deleteSelection();
    }

    @Override
    public void selectAll() {
        edits.selectAll();
    }

    @Override
    public void fitSelection() {
        canvas.fitSelection();
    }

    @Override
    public void find() {
        canvas.openFind();
    }

    @Override
    public void group() {
        canvas.groupSelection();
    }

    @Override
    public void ungroup() {
        canvas.ungroupSelection();
    }

    @Override
    public void openBlock() {
        edits.openBlock();
    }

    @Override
    public void closeBlock() {
        canvas.closeBlock();
    }

    @Override
    public void autoLayout() {
        canvas.autoLayout();
    }

    @Override
    public void align(layerlab.ui.editor.Arrange.Align how) {
        edits.align(how);
    }

    @Override
    public void distribute(boolean horizontal) {
        edits.distribute(horizontal);
    }

    @Override
    public void zoomIn() {
        canvas.zoomBy(1.25);
    }

    @Override
    public void zoomOut() {
        canvas.zoomBy(1 / 1.25);
    }

    @Override
    public void fit() {
        canvas.fit();
    }

    @Override
    public void togglePerformance() {
        canvas.togglePerformance();
    }

    private List<Shortcuts.Shortcut> shortcutList() {
        List<Shortcuts.Shortcut> all = new ArrayList<>(Shortcuts.of(menuBar.getMenus()));
        all.addAll(Shortcuts.CANVAS);
        return all;
    }

    @Override
    public void showShortcuts() {
        ShortcutsDialog.show(stage, shortcutList());
    }

    @Override
    public void showAbout() {
        AboutDialog.show(stage);
    }
}
