package layerlab.ui.shell;

import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import layerlab.ui.canvas.CanvasView;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.properties.PropertiesView;

/**
 * From the canvas to a node's settings and back without the mouse: Enter on the canvas with one node selected puts the
 * focus in its first setting in Properties (the Properties tab comes to the front); Esc there goes back to the canvas,
 * the node still selected, so Alt+arrows go on to the next one. What was typed in a field is kept, as when one clicks
 * elsewhere (Enter commits it before that, with its error shown where it is wrong).
 */
final class SheetKeys {
    private SheetKeys() {}

    /** {@code showSide} shows the side panels (hidden by View › Show Side Panels) before Enter goes into Properties. */
    static void connect(CanvasView canvas, PropertiesView properties, TabPane side, EditorModel editor, Runnable showSide) {
        canvas.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            // The canvas's own key only: Enter in quick add, or on a card's menu, is theirs.
            if (e.getTarget() != canvas || e.getCode() != KeyCode.ENTER || e.isShortcutDown() || e.isAltDown() || e.isShiftDown() || editor.selectedNode() == null) return;
            showSide.run();
            side.getSelectionModel().select(0);
            if (properties.focusFirstField()) e.consume();
        });
        properties.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.ESCAPE || e.isShortcutDown() || e.isAltDown()) return;
            // A choice's list that is open takes its Esc itself; here it is closed, or the key would not have come.
            if (e.getTarget() instanceof ComboBoxBase<?> c && c.isShowing()) return;
            canvas.requestFocus();
            e.consume();
        });
    }
}
