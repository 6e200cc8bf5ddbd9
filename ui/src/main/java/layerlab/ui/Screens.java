package layerlab.ui;

import java.util.List;
import java.util.function.Function;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import layerlab.ui.shell.TextSize;

/**
 * Dialogs and tool windows kept on the screen of the window they belong to. At 200 % text on a 1280×720 projector the
 * About box was wider than the screen, the shortcuts 2,180 px wide, and the cross-validation and profile windows, opened
 * at a fixed size in pixels, put their buttons below the screen's edge and cut their text and titles to "…".
 */
public final class Screens {
    private Screens() {
    }

    /**
     * The visual bounds of the screen {@code owner} is (mostly) on, or the primary screen's: where its dialogs must fit.
     * Tests set a projector's here, since their headless screen is larger.
     */
    public static Function<Window, Rectangle2D> of = Screens::visualBounds;

    private static Rectangle2D visualBounds(Window owner) {
        if (owner != null && owner.getWidth() > 0) {
            List<Screen> on = Screen.getScreensForRectangle(owner.getX(), owner.getY(), Math.max(1, owner.getWidth()), Math.max(1, owner.getHeight()));
            if (!on.isEmpty()) return on.get(0).getVisualBounds();
        }
        return Screen.getPrimary().getVisualBounds();
    }

    /**
     * Opens the tool window {@code stage} at {@code width}×{@code height} as laid out for 100 % text, grown with the
     * owner's text size (its text, in em, grows so) but never past the owner's screen, and keeps it on that screen.
     */
    public static void toolWindow(Stage stage, Window owner, double width, double height) {
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWING, e -> {
            double scale = owner == null || owner.getScene() == null ? 1 : TextSize.in(owner.getScene().getStylesheets()).percent() / 100.0;
            Rectangle2D screen = of.apply(owner);
            stage.setWidth(Math.min(width * scale, screen.getWidth()));
            stage.setHeight(Math.min(height * scale, screen.getHeight()));
        });
        keepOn(stage, owner);
    }

    /**
     * Keeps {@code w} (a dialog, a tool window) on its owner's screen once shown: no larger than the screen, moved in from
     * any edge it passed. A dialog's own size is its content's, which large text can make wider or taller than a projector.
     */
    public static void keepOn(Window w, Window owner) {
        // Before it is sized to its content: content wider than the screen (a text box of 48 columns at 200 %) is given
        // the screen's width, and its height for that width, so that text wraps rather than runs off the screen.
        w.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWING, e -> {
            if (w.getScene() == null || !(w.getScene().getRoot() instanceof javafx.scene.layout.Region root)) return;
            Rectangle2D screen = of.apply(owner);
            root.applyCss();
            if (root.prefWidth(-1) > screen.getWidth()) root.setPrefWidth(screen.getWidth());
            if (root.prefHeight(root.prefWidth(-1)) > screen.getHeight()) root.setPrefHeight(screen.getHeight());
        });
        w.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> fit(w, of.apply(owner)));
    }

    /** Makes {@code w} no larger than {@code screen} and moves it in from any edge of it it passes. */
    public static void fit(Window w, Rectangle2D screen) {
        if (w.getWidth() > screen.getWidth()) w.setWidth(screen.getWidth());
        if (w.getHeight() > screen.getHeight()) w.setHeight(screen.getHeight());
        w.setX(Math.max(screen.getMinX(), Math.min(w.getX(), screen.getMaxX() - w.getWidth())));
        w.setY(Math.max(screen.getMinY(), Math.min(w.getY(), screen.getMaxY() - w.getHeight())));
    }
}
