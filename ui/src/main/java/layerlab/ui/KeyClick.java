package layerlab.ui;

import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;

/**
 * A picture or a label that does something when clicked (a cell of the confusion matrix, a sample in the Results
 * gallery), made a button for the keyboard too: Tab reaches it, Enter or Space does what the click does, a ring shows
 * that it has the focus ({@code .key-click:focused}), and a screen reader hears a button and its words.
 */
public final class KeyClick {
    private KeyClick() {}

    /** {@code n} does {@code action} on a primary click, Enter or Space, and says {@code words} to a screen reader. */
    public static void of(Node n, String words, Runnable action) {
        of(n, words, action, () -> {});
    }

    /**
     * The same, and after a key (not a click) {@code thenByKey}: where what the key opened is further on than a Tab or
     * two (a cell's samples, under the other 99 cells of a ten-class matrix), the focus goes there.
     */
    public static void of(Node n, String words, Runnable action, Runnable thenByKey) {
        n.setFocusTraversable(true);
        n.getStyleClass().add("key-click");
        n.setAccessibleRole(AccessibleRole.BUTTON);
        n.setAccessibleText(words);
        n.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY) action.run();
        });
        n.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if ((e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) && !e.isShortcutDown() && !e.isAltDown()) {
                action.run();
                thenByKey.run();
                e.consume();
            }
        });
    }
}
