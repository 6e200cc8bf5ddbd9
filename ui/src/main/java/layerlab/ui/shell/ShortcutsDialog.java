package layerlab.ui.shell;

import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.stage.Screen;
import javafx.stage.Window;
import layerlab.ui.Dialogs;

/**
 * Help › Shortcuts: a two-column table of the shortcuts that work now, in a scroll pane as tall as the screen leaves
 * room for (the list outgrows a 1000-pixel screen), on the screen of the window it belongs to, in its theme.
 */
final class ShortcutsDialog {
    /** Room left above and below the dialog for the title bar and the screen's edges. */
    private static final double SLACK = 60;

    private ShortcutsDialog() {}

    static void show(Window owner, List<Shortcuts.Shortcut> shortcuts) {
        Dialog<Void> dialog = build(owner, shortcuts);
        dialog.showAndWait();
    }

    static Dialog<Void> build(Window owner, List<Shortcuts.Shortcut> shortcuts) {
        GridPane grid = new GridPane();
        grid.getStyleClass().addAll("dialog-body", "shortcuts-table");
        int row = 0;
        for (Shortcuts.Shortcut s : shortcuts) {
            Label keys = new Label(s.keys());
            keys.getStyleClass().add("shortcut-keys");
            grid.addRow(row++, new Label(s.command()), keys);
        }
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setId("shortcutsScroll");
        scroll.getStyleClass().add("shortcuts-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        Dialog<Void> dialog = new Dialog<>();
        dialog.setTitle("Shortcuts");
        dialog.setHeaderText("Keyboard shortcuts");
        dialog.setResizable(true);
        DialogPane pane = dialog.getDialogPane();
        pane.setId("shortcutsDialog");
        pane.setContent(scroll);
        pane.getButtonTypes().add(ButtonType.CLOSE);
        // Enter closes it as Esc does, wherever the focus is.
        ((Button) pane.lookupButton(ButtonType.CLOSE)).setDefaultButton(true);
        pane.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (scrollByKey(scroll, e.getCode())) e.consume();
        });
        Dialogs.attach(dialog, owner);
        Rectangle2D screen = screenOf(owner);
        // As tall as the table where the screen has room for it, else as tall as the screen, the rest a scroll away.
        dialog.setOnShowing(e -> {
            pane.applyCss();
            pane.layout();
            double chrome = pane.prefHeight(-1) - scroll.prefHeight(-1);
            double table = grid.prefHeight(-1);
            scroll.setPrefViewportHeight(Math.max(120, Math.min(table, screen.getHeight() - 2 * SLACK - chrome)));
            scroll.setPrefViewportWidth(grid.prefWidth(-1));
        });
        // Centred on its owner, but never past the screen's edges.
        dialog.setOnShown(e -> {
            Window w = pane.getScene().getWindow();
            w.setY(Math.max(screen.getMinY(), Math.min(w.getY(), screen.getMaxY() - w.getHeight())));
            w.setX(Math.max(screen.getMinX(), Math.min(w.getX(), screen.getMaxX() - w.getWidth())));
        });
        return dialog;
    }

    /**
     * ↑/↓ scroll the list a row, Page Up/Down a page, Home/End to its ends, whatever has the focus (the Close button, at
     * first): without the mouse, only its first screenful could be read. False for another key.
     */
    static boolean scrollByKey(ScrollPane scroll, KeyCode key) {
        double view = scroll.getViewportBounds().getHeight(), range = scroll.getContent().getLayoutBounds().getHeight() - view;
        double row = 26, page = Math.max(row, view - row);
        double by = switch (key) {
            case UP, KP_UP -> -row;
            case DOWN, KP_DOWN -> row;
            case PAGE_UP -> -page;
            case PAGE_DOWN -> page;
            case HOME -> Double.NEGATIVE_INFINITY;
            case END -> Double.POSITIVE_INFINITY;
            default -> Double.NaN;
        };
        if (Double.isNaN(by)) return false;
        if (range > 0) scroll.setVvalue(Math.max(0, Math.min(1, scroll.getVvalue() + by / range)));
        return true;
    }

    /** The visual bounds of the screen {@code owner} is on (most of it), or the primary screen's. */
    private static Rectangle2D screenOf(Window owner) {
        if (owner != null) {
            List<Screen> on = Screen.getScreensForRectangle(owner.getX(), owner.getY(), Math.max(1, owner.getWidth()), Math.max(1, owner.getHeight()));
            if (!on.isEmpty()) return on.get(0).getVisualBounds();
        }
        return Screen.getPrimary().getVisualBounds();
    }
}
