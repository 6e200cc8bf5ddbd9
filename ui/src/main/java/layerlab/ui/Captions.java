package layerlab.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;

/**
 * A form's caption names its field to a screen reader ({@link Label#setLabelFor}): without it a text field reads as its
 * value alone ("edit, 0.01", not "lr, edit, 0.01"), a combo box as its choice. Every form's captions go through here.
 */
public final class Captions {
    private Captions() {
    }

    /** A caption saying {@code text} that names {@code field}. */
    public static Label of(String text, Node field) {
        return names(new Label(text), field);
    }

    /**
     * {@code caption} names {@code field}: the field itself, or the first input within it where it is a box (the rate's
     * field beside its Find… button, a file's path beside its … button).
     */
    public static <L extends Label> L names(L caption, Node field) {
        Node input = input(field);
        if (input != null) caption.setLabelFor(input);
        return caption;
    }

    /** {@code n} where a person types or picks in it, else the first such control within it, else null. */
    static Node input(Node n) {
        if (n instanceof TextInputControl || n instanceof ComboBoxBase<?> || n instanceof ChoiceBox<?> || n instanceof Spinner<?>
                || n instanceof Slider || n instanceof ListView<?> || n instanceof ButtonBase && !(n instanceof javafx.scene.control.Hyperlink)) {
            return n;
        }
        if (n instanceof Control) return null;
        if (n instanceof Parent p) {
            for (Node k : p.getChildrenUnmodifiable()) {
                Node found = input(k);
                if (found != null) return found;
            }
        }
        return null;
    }
}
