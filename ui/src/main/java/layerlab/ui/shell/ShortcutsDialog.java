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
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
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
            // Where the screen is narrower than the table (200 % text on a projector), both wrap, in halves of its width.
            keys.setWrapText(true);
            keys.setMinHeight(Region.USE_PREF_SIZE);
            Label command = new Label(s.command());
            command.setWrapText(true);
            command.setMinHeight(Region.USE_PREF_SIZE);
            grid.addRow(row++, command, keys);
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
        Rectangle2D screen = layerlab.ui.Screens.of.apply(owner);
        // As tall as the table where the screen has room for it, else as tall as the screen, the rest a scroll away.
        dialog.setOnShowing(e -> {
            pane.applyCss();
            pane.layout();
            double chrome = pane.prefHeight(-1) - scroll.prefHeight(-1);
            double table = grid.prefHeight(-1);
            scroll.setPrefViewportHeight(Math.max(120, Math.min(table, screen.getHeight() - 2 * SLACK - chrome)));
            // As wide as the table, or as the screen less the pane's padding and the scroll bar (SLACK a side).
            double room = screen.getWidth() - 2 * SLACK;
            if (grid.prefWidth(-1) > room) {
                ColumnConstraints half = new ColumnConstraints(), other = new ColumnConstraints();
                half.setPercentWidth(50);
                other.setPercentWidth(50);
                grid.getColumnConstraints().setAll(half, other);
            }
            scroll.setPrefViewportWidth(Math.min(grid.prefWidth(-1), room));
        });
        // Centred on its owner, but never past the screen's edges: Dialogs.attach keeps it on the screen.
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
}
