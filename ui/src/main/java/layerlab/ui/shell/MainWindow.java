package layerlab.ui.shell;

import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import layerlab.ui.canvas.CanvasView;
import layerlab.ui.palette.PaletteCatalog;
import layerlab.ui.palette.PaletteModel;
import layerlab.ui.palette.PaletteView;
import layerlab.ui.properties.PropertiesView;

/** The main window: menus on top, palette | canvas | properties in the middle, a status bar at the bottom. */
public final class MainWindow implements MenuActions {
    private static final double PALETTE_WIDTH = 230, PROPERTIES_WIDTH = 270;

    private final ShellModel model;
    private final UiPrefs prefs;
    private Stage stage;
    private MenuBar menuBar;

    public MainWindow(ShellModel model, UiPrefs prefs) {
        this.model = model;
        this.prefs = prefs;
    }

    public ShellModel model() {
        return model;
    }

    /** Builds the window's content into {@code stage}, restores its last bounds and theme, and shows it. */
    public void show(Stage stage) {
        this.stage = stage;
        menuBar = MainMenu.build(this, model.themeProperty());

        PaletteView palette = new PaletteView(new PaletteModel(PaletteCatalog.groups()));
        palette.setMinWidth(160);
        PropertiesView properties = new PropertiesView();
        properties.setMinWidth(180);
        CanvasView canvas = new CanvasView();
        SplitPane middle = new SplitPane(palette, canvas, properties);
        middle.setId("workspace");
        SplitPane.setResizableWithParent(palette, false);
        SplitPane.setResizableWithParent(properties, false);

        BorderPane root = new BorderPane(middle, menuBar, null, statusBar(), null);
        root.setId("mainWindow");

        Rectangle2D at = WindowPlacement.place(prefs.window(), visualBounds(), Screen.getPrimary().getVisualBounds());
        Scene scene = new Scene(root);
        model.themeProperty().set(prefs.theme());
        scene.getStylesheets().setAll(model.themeProperty().get().stylesheets());
        model.themeProperty().addListener((obs, old, now) -> {
            scene.getStylesheets().setAll(now.stylesheets());
            prefs.setTheme(now);
        });

        stage.setScene(scene);
        stage.titleProperty().bind(model.titleProperty());
        stage.setMinWidth(640);
        stage.setMinHeight(400);
        // The stage's bounds (decorations included), not the scene's, so a saved size reopens as the same size.
        stage.setX(at.getMinX());
        stage.setY(at.getMinY());
        stage.setWidth(at.getWidth());
        stage.setHeight(at.getHeight());
        prefs.window().ifPresent(w -> stage.setMaximized(w.maximized()));
        // Hiding covers both the window's close button and File › Quit.
        stage.setOnHiding(e -> saveWindow());
        keepSidePanelWidths(middle);
        stage.show();
        canvas.requestFocus();
    }

    /**
     * Divider positions are fractions of a width that settles only after the window manager has sized the window,
     * so they are set on every width change until the user drags a divider; from then on the user's widths stay
     * (the side panels do not resize with the window).
     */
    private static void keepSidePanelWidths(SplitPane split) {
        InvalidationListener fit = o -> {
            double w = split.getWidth();
            if (w > PALETTE_WIDTH + PROPERTIES_WIDTH) split.setDividerPositions(PALETTE_WIDTH / w, 1 - PROPERTIES_WIDTH / w);
        };
        split.widthProperty().addListener(fit);
        split.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> split.widthProperty().removeListener(fit));
    }

    private HBox statusBar() {
        Label status = new Label();
        status.setId("statusText");
        status.textProperty().bind(model.statusProperty());
        HBox bar = new HBox(status);
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

    @Override
    public void newProject() {
        model.newProject();
    }

    @Override
    public void quit() {
        // Closing the last window ends the application (Platform's implicit exit); saving happens on hiding.
        stage.close();
    }

    @Override
    public void showShortcuts() {
        ShortcutsDialog.show(stage, Shortcuts.of(menuBar.getMenus()));
    }

    @Override
    public void showAbout() {
        AboutDialog.show(stage);
    }
}
