package layerlab.ui.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.ui.canvas.CanvasView;
import layerlab.ui.data.DataOpener;
import layerlab.ui.data.DataWatch;
import layerlab.ui.editor.CodeView;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.editor.ProblemsView;
import layerlab.ui.exchange.ExchangeMenu;
import layerlab.ui.palette.PaletteCatalog;
import layerlab.ui.palette.PaletteModel;
import layerlab.ui.palette.PaletteView;
import layerlab.ui.project.ProjectFiles;
import layerlab.ui.project.Samples;
import layerlab.ui.properties.PropertiesView;
import layerlab.ui.help.HelpWindow;
import layerlab.ui.start.GuidedTour;
import layerlab.ui.start.SampleCard;
import layerlab.ui.start.StartPage;
import layerlab.ui.start.StartPrefs;
import layerlab.ui.start.TourStep;
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
    private PaletteModel paletteModel;
    private ScheduledExecutorService autosave;
    private Dashboard dashboard;
    private DataWatch dataWatch;
    private ProblemsView problemsView;
    private final DataOpener dataOpener = new DataOpener();
    private HelpWindow help;
    private GuidedTour tour;
    private ExchangeMenu exchange;
    private final ProjectDialogs dialogs;

    public MainWindow(ShellModel model, UiPrefs prefs) {
        this(model, prefs, ProjectFiles.defaultRecoveryFile());
    }

    /** @param recoveryFile where autosave keeps unsaved work (tests use a temporary one) */
    public MainWindow(ShellModel model, UiPrefs prefs, Path recoveryFile) {
        this.model = model;
        this.prefs = prefs;
        this.files = new ProjectFiles(editor, prefs.node(), recoveryFile);
        this.dialogs = new ProjectDialogs(editor, files, () -> stage, () -> dashboard != null && dashboard.session().state().active());
        this.runsDir = recoveryFile.toAbsolutePath().getParent().resolve("runs");
        this.errorLog = ErrorReport.logBeside(recoveryFile);
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
        if (autosave != null) autosave.shutdownNow();
        if (dashboard != null) dashboard.session().close();
        if (dataWatch != null) dataWatch.close();
        editor.close();
        files.close();
        // The stage outlives the window where one is shown again on it (the UI tests: one stage, a window a test): its
        // listener would keep this window, its model and data alive (78 windows, 1.7 GB, by the middle of the suite).
        if (stage != null) stage.focusedProperty().removeListener(focused);
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

    /** The window icons (installer/icon/make_icon.py draws them with the installers' icons), small to large. */
    static java.util.List<javafx.scene.image.Image> windowIcons() {
        java.util.List<javafx.scene.image.Image> icons = new java.util.ArrayList<>();
        for (int size : new int[] {32, 64, 256}) {
            var url = MainWindow.class.getResource("/layerlab/ui/icon-" + size + ".png");
            if (url != null) icons.add(new javafx.scene.image.Image(url.toExternalForm()));
        }
        return icons;
    }

    /** Builds the window's content into {@code stage}, restores its last bounds and theme, and shows it. */
    public void show(Stage stage) {
        this.stage = stage;
        menuBar = MainMenu.build(this, model.themeProperty(), model.textSizeProperty(), editor.undoNameProperty(), editor.redoNameProperty(), Samples.titles());

        paletteModel = new PaletteModel(PaletteCatalog.groups());
        PaletteView palette = new PaletteView(paletteModel);
        palette.setMinWidth(160);
        canvas = new CanvasView(editor);
        PaletteLinks.connect(palette, canvas, editor);
        PropertiesView properties = new PropertiesView(editor);
        palette.setHelpAction(this::showLayerHelp);
        // F1 on the canvas with one layer selected opens its help page (as in the palette and the node's menu); with none,
        // it is Help › Shortcuts' key.
        canvas.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            Node one = editor.selectedNode();
            if (e.getCode() == javafx.scene.input.KeyCode.F1 && !e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown() && one != null
                    && editor.selection().size() == 1 && layerlab.graph.spec.Registry.find(one.kind()) != null) {
                showLayerHelp(one.kind());
                e.consume();
            }
        });
        CanvasMenus menus = new CanvasMenus(this, editor, canvas);
        canvas.setContextMenus(new CanvasView.ContextMenus() {
            @Override
            public ContextMenu forNode(String nodeId) {
                return menus.nodeMenu(nodeId);
            }

            @Override
            public ContextMenu forCanvas() {
                return menus.canvasMenu();
            }
        });
        properties.setHelpAction(this::showLayerHelp);
        CodeView code = new CodeView(editor);
        TabPane side = new TabPane(new Tab("Properties", properties), new Tab("Code", code));
        side.setId("sideTabs");
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setMinWidth(180);
        code.activeProperty().bind(side.getSelectionModel().selectedIndexProperty().isEqualTo(1));
        ProblemsView problems = new ProblemsView(editor, canvas::reveal);
        problemsView = problems;
        SplitPane centre = new SplitPane(canvas, problems);
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.8);
        SplitPane.setResizableWithParent(problems, false);
        WorkspaceSplits.foldWhenEmpty(centre, problems);
        SplitPane middle = new SplitPane(palette, centre, side);
        middle.setId("workspace");
        SplitPane.setResizableWithParent(palette, false);
        SplitPane.setResizableWithParent(side, false);

        // The training dashboard goes under the workspace when shown (Train › Show Dashboard, or on Start).
        java.util.function.Supplier<Path> projectFolder = () -> {
            Path f = files.fileProperty().get();
            return f == null || f.toAbsolutePath().getParent() == null ? null : f.toAbsolutePath().getParent();
        };
        dashboard = new Dashboard(editor, projectFolder, id -> canvas.lookup("#node-" + id));
        // Its tools' windows belong to this one (and take its theme) whether the dashboard is shown or not.
        dashboard.setOwner(() -> stage);
        dashboard.session().keepRunsIn(new layerlab.train.RunLog(runsDir), files.fileProperty()::get);
        stage.focusedProperty().addListener(focused);
        problemsView.setShowData(dashboard::showData);
        problemsView.setAfterFix(canvas::requestFocus);
        // The graph checked against its data set while it is drawn: the data set is opened when the project is, and again
        // when its settings change; a project saved to another folder resolves its relative paths there.
        // One opener for both readers of the data: the preview and the checks share a data set they both want.
        dashboard.data().setOpener(dataOpener);
        dataWatch = new DataWatch(editor, projectFolder, Platform::runLater, dataOpener);
        files.fileProperty().addListener((o, a, b) -> dataWatch.follow(editor.graph()));
        menuBar.getMenus().add(menuBar.getMenus().size() - 1, dashboard.menu());
        addHelpItems(menuBar.getMenus().get(menuBar.getMenus().size() - 1));
        exchange = new ExchangeMenu(editor, files, dashboard.session(), () -> stage, this::confirmDiscard, () -> Platform.runLater(canvas::fit));
        exchange.setPicture(canvas::picture);
        exchange.setSvg(canvas::svg);
        var fileItems = menuBar.getMenus().get(0).getItems();
        fileItems.addAll(fileItems.indexOf(fileItems.stream().filter(i -> "fileSaveAs".equals(i.getId())).findFirst().orElseThrow()) + 1,
                exchange.items());
        SplitPane withDashboard = new SplitPane(middle);
        withDashboard.setId("workspaceAndDashboard");
        withDashboard.setOrientation(Orientation.VERTICAL);
        dashboard.shownProperty().addListener((o, was, on) -> {
            if (on && !withDashboard.getItems().contains(dashboard)) {
                withDashboard.getItems().add(dashboard);
                withDashboard.setDividerPositions(0.52);
                // Fit once the split has given the canvas its new height.
                javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(Duration.millis(120));
                later.setOnFinished(x -> canvas.fit());
                later.play();
            } else if (!on) {
                withDashboard.getItems().remove(dashboard);
            }
        });
        BorderPane root = new BorderPane(withDashboard, menuBar, null, statusBar(), null);
        root.setId("mainWindow");

        Rectangle2D at = WindowPlacement.place(prefs.window(), visualBounds(), Screen.getPrimary().getVisualBounds());
        Scene scene = new Scene(root);
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, dashboard::handleEscape);
        model.themeProperty().set(prefs.theme());
        model.textSizeProperty().set(prefs.textSize());
        scene.getStylesheets().setAll(stylesheets());
        model.themeProperty().addListener((obs, old, now) -> {
            scene.getStylesheets().setAll(stylesheets());
            prefs.setTheme(now);
        });
        model.textSizeProperty().addListener((obs, old, now) -> {
            scene.getStylesheets().setAll(stylesheets());
            prefs.setTextSize(now);
        });
        panes = new PaneCycle(() -> java.util.Arrays.asList(palette, canvas, side.getSelectionModel().getSelectedItem().getContent(),
                problems, dashboard.shownProperty().get() ? dashboard : null));

        editor.dirtyProperty().addListener(o -> updateTitle());
        editor.graphProperty().addListener(o -> {
            updateTitle();
            paletteModel.setGroups(PaletteCatalog.groups(editor.graph().blocks().stream().map(b -> b.name()).toList()));
        });
        files.fileProperty().addListener(o -> updateTitle());
        editor.scopeProperty().addListener(o -> updateTitle());

        stage.setScene(scene);
        stage.titleProperty().bind(model.titleProperty());
        stage.getIcons().setAll(windowIcons());
        stage.setMinWidth(640);
        stage.setMinHeight(400);
        // The stage's bounds (decorations included), not the scene's, so a saved size reopens as the same size.
        stage.setX(at.getMinX());
        stage.setY(at.getMinY());
        stage.setWidth(at.getWidth());
        stage.setHeight(at.getHeight());
        prefs.window().ifPresent(w -> stage.setMaximized(w.maximized()));
        // Hiding covers both the window's close button and File › Quit.
        stage.setOnHiding(e -> {
            saveWindow();
            dispose();
        });
        stage.setOnCloseRequest(e -> {
            if (!confirmDiscard("closing")) e.consume();
            else files.deleteRecovery();
        });
        WorkspaceSplits.keepSidePanelWidths(middle, model.textSizeProperty());
        // A minute's timer off the JavaFX thread: a running Timeline, however slow its key frames, keeps JavaFX pulsing
        // 60 times a second, and an idle window cost ~1.3 % of a core.
        autosave = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "layerlab-autosave");
            t.setDaemon(true);
            return t;
        });
        autosave.scheduleAtFixedRate(() -> Platform.runLater(files::autosave), 1, 1, TimeUnit.MINUTES);
        // A bug that escapes an action: the work autosaved at once, one line in the status bar, the trace in a log.
        new ErrorReport(errorLog, editor.messageProperty()::set, files::autosave).install();
        stage.show();
        canvas.requestFocus();
    }

    /** The theme's sheets, then the text size's (dialogs and tool windows copy them from this window's scene). */
    private List<String> stylesheets() {
        List<String> sheets = new ArrayList<>(model.themeProperty().get().stylesheets());
        sheets.add(model.textSizeProperty().get().stylesheet());
        return sheets;
    }

    private PaneCycle panes;

    @Override
    public void focusPanel(boolean back) {
        panes.move(stage.getScene().getFocusOwner(), back);
    }

    /** Opens a sample as a new, unsaved project (what {@code ./layerlab} shows at first). */
    public void openSampleAtStart(String name) {
        try {
            files.newProject(Samples.load(name));
            Platform.runLater(canvas::fit);
        } catch (IOException e) {
            editor.messageProperty().set("Could not open the sample: " + e.getMessage());
        }
    }

    /** Help › Start Page, Guided Tour and Layer Help, ahead of Shortcuts and About. */
    private void addHelpItems(javafx.scene.control.Menu helpMenu) {
        MenuItem start = MainMenu.item("helpStartPage", "Start Page", null, () -> showStartPage(false));
        MenuItem tourItem = MainMenu.item("helpTour", "Guided Tour", null, this::startTour);
        MenuItem layers = MainMenu.item("helpLayers", "Layer Help", null, () -> {
            Node n = editor.selectedNode();
            showLayerHelp(n != null && layerlab.graph.spec.Registry.find(n.kind()) != null ? n.kind() : "Linear");
        });
        helpMenu.getItems().addAll(0, List.of(start, tourItem, layers, new javafx.scene.control.SeparatorMenuItem()));
    }

    /** The start page: samples, recent projects and (on the first run) the tour's offer. */
    public StartPage showStartPage(boolean offerTour) {
        StartPage page = new StartPage(stage, this, SampleCard.all(), new StartPrefs(prefs.node()), offerTour);
        page.show();
        return page;
    }

    /** Shows the start page when it is due: on the first run (offering the tour), or always if the user asked. */
    public void showStartPageIfDue() {
        StartPrefs p = new StartPrefs(prefs.node());
        if (p.showAtStart()) showStartPage(p.firstRun());
    }

    /** Help › Guided Tour: callouts over the window, one control at a time. */
    @Override
    public void startTour() {
        if (tour == null) tour = new GuidedTour(stage.getScene(), TourStep.STEPS);
        tour.start();
    }

    public GuidedTour tour() {
        return tour;
    }

    /** A layer kind's help page, in the help window. */
    public void showLayerHelp(String kind) {
        if (help == null) help = new HelpWindow(stage);
        help.show(kind);
    }

    public HelpWindow help() {
        return help;
    }

    @Override
    public void openSampleAndTrain(String name) {
        if (!confirmDiscard("opening a sample")) return;
        openSampleAtStart(name);
        dashboard.start();
    }

    /** After a crash: offers the autosaved work. */
    public void offerRecovery() {
        if (!files.hasRecovery()) return;
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "LayerLab did not close properly last time. Recover the unsaved work it kept?",
                new ButtonType("Recover", ButtonBar.ButtonData.YES), new ButtonType("Discard", ButtonBar.ButtonData.NO));
        a.setTitle("Recover unsaved work");
        a.setHeaderText("Recover unsaved work?");
        a.getDialogPane().setId("recoverDialog");
        Dialogs.attach(a, stage);
        Optional<ButtonType> r = a.showAndWait();
        if (r.isPresent() && r.get().getButtonData() == ButtonBar.ButtonData.YES) {
            try {
                files.recover();
                Platform.runLater(canvas::fit);
            } catch (IOException e) {
                editor.messageProperty().set("Could not recover: " + e.getMessage());
            }
        } else {
            files.deleteRecovery();
        }
    }

    private void updateTitle() {
        String scope = editor.scopeProperty().get();
        model.projectNameProperty().set(files.displayName() + (scope == null ? "" : " › " + scope));
        model.dirtyProperty().set(editor.isDirty());
    }

    private HBox statusBar() {
        Label status = new Label();
        status.setId("statusText");
        status.textProperty().bind(model.statusProperty());
        Label message = new Label();
        message.setId("editorMessage");
        message.textProperty().bind(editor.messageProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(12, status, gap, message);
        bar.setId("statusBar");
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void saveWindow() {
        if (stage.isMaximized() || stage.isIconified()) {
            // The normal bounds are not known while maximised; keep the last ones and remember the state.
            WindowState last = prefs.window().orElse(new WindowState(stage.getX(), stage.getY(),
                    stage.getWidth(), stage.getHeight(), false));
            prefs.setWindow(new WindowState(last.x(), last.y(), last.width(), last.height(), stage.isMaximized()));
        } else {
            prefs.setWindow(new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false));
        }
    }

    private static List<Rectangle2D> visualBounds() {
        return Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
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

    /** A text field with the focus keeps the clipboard and undo keys for its own text. */
    private TextInputControl typing() {
        return stage.getScene().getFocusOwner() instanceof TextInputControl t ? t : null;
    }

    @Override
    public void undo() {
        if (typing() != null) typing().undo();
        else editor.undo();
    }

    @Override
    public void redo() {
        if (typing() != null) typing().redo();
        else editor.redo();
    }

    @Override
    public void cut() {
        if (typing() != null) {
            typing().cut();
            return;
        }
        canvas.copy();
        canvas.deleteSelection();
    }

    @Override
    public void copy() {
        if (typing() != null) typing().copy();
        else canvas.copy();
    }

    @Override
    public void paste() {
        if (typing() != null) typing().paste();
        else canvas.paste();
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
        if (typing() != null) typing().selectAll();
        else canvas.selectAll();
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
        Node n = editor.selectedNode();
        if (n != null) canvas.openBlock(n.id());
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
        layerlab.ui.editor.Command c = layerlab.ui.editor.Arrange.align(editor.viewGraph(), editor.selection(), how);
        if (c == null) editor.messageProperty().set("Select two or more nodes to align them.");
        else editor.execute(c);
    }

    @Override
    public void distribute(boolean horizontal) {
        layerlab.ui.editor.Command c = layerlab.ui.editor.Arrange.distribute(editor.viewGraph(), editor.selection(), horizontal);
        if (c == null) editor.messageProperty().set("Select three or more nodes to distribute them.");
        else editor.execute(c);
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
