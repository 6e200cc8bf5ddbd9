package layerlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The main window's frame, kept between sessions: its bounds (restored where they still fit a screen, saved on close),
 * its icons, and its scene's theme and text size, which follow the View menu and are remembered.
 */
final class WindowFrame {
    private final ShellModel model;
    private final UiPrefs prefs;

    WindowFrame(ShellModel model, UiPrefs prefs) {
        this.model = model;
        this.prefs = prefs;
    }

    /** The window icons (installer/icon/make_icon.py draws them with the installers' icons), small to large. */
    static List<Image> icons() {
        List<Image> icons = new ArrayList<>();
        for (int size : new int[] {32, 64, 256}) {
            var url = MainWindow.class.getResource("/layerlab/ui/icon-" + size + ".png");
            if (url != null) icons.add(new Image(url.toExternalForm()));
        }
        return icons;
    }

    /** Takes the saved theme and text size, styles {@code scene} with them, and keeps it styled (and them saved) as they change. */
    void style(Scene scene) {
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
    }

    /** The theme's sheets, then the text size's (dialogs and tool windows copy them from this window's scene). */
    private List<String> stylesheets() {
        List<String> sheets = new ArrayList<>(model.themeProperty().get().stylesheets());
        sheets.add(model.textSizeProperty().get().stylesheet());
        return sheets;
    }

    /** Where the window was last, fitted to the screens there are now (the primary one's middle when it no longer fits). */
    Rectangle2D lastBounds() {
        return WindowPlacement.place(prefs.window(), visualBounds(), Screen.getPrimary().getVisualBounds());
    }

    /** Puts {@code stage} at {@code at}, maximized if it was, with the window's icons and least size. */
    void place(Stage stage, Rectangle2D at) {
        stage.getIcons().setAll(icons());
        stage.setMinWidth(640);
        stage.setMinHeight(400);
        // The stage's bounds (decorations included), not the scene's, so a saved size reopens as the same size.
        stage.setX(at.getMinX());
        stage.setY(at.getMinY());
        stage.setWidth(at.getWidth());
        stage.setHeight(at.getHeight());
        prefs.window().ifPresent(w -> stage.setMaximized(w.maximized()));
    }

    /** Remembers where {@code stage} is, for the next session. */
    void save(Stage stage) {
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
}
