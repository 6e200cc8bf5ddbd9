package layerlab.ui.train;

import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/**
 * A field of the training form whose setting is refused, marked at the field: outlined red, the reason first in its
 * tooltip (the field's help under it) and told to a screen reader; the field's own tooltip back once it is cleared. The
 * one way every validated field of the form says why: a value typed and refused (an {@code lr_lambda} that does not
 * read), a file's setting refused, and what a run would refuse of the network ({@link FieldProblem}, which says it under
 * the field too). The reason was only in the error line at the bottom of the long form, the field's tooltip its help.
 */
final class FieldMark {
    /** The key of a marked field's properties that holds its own tooltip (or {@link #NONE}) while the reason shows. */
    private static final String OWN = "fieldMark.own";
    private static final Object NONE = new Object();

    private FieldMark() {
    }

    /** Marks {@code field} with the reason {@code why}, in place of any reason it had. */
    static void mark(Control field, String why) {
        clear(field);
        field.getStyleClass().add("invalid");
        Tooltip own = field.getTooltip();
        field.getProperties().put(OWN, own == null ? NONE : own);
        Tooltip reason = new Tooltip(own == null || own.getText() == null ? why : why + "\n\n" + own.getText());
        reason.getStyleClass().add("field-refusal");
        reason.setWrapText(true);
        reason.setMaxWidth(420);
        reason.setShowDelay(Duration.millis(150));
        reason.setShowDuration(Duration.seconds(30));
        field.setTooltip(reason);
        field.setAccessibleHelp(why);
        // With the keyboard there is no pointer to rest on the field: the reason shows beside it while it has the focus (to
        // its right, off the form: under it, it lay over the next field, which a click then missed).
        if (field.getProperties().putIfAbsent(FOLLOWS_FOCUS, true) == null) {
            field.focusedProperty().addListener((o, was, now) -> showWhileFocused(field));
            // The form scrolls the field into view after it takes the focus: the reason moves with it.
            field.localToSceneTransformProperty().addListener(o -> {
                Tooltip t = field.getTooltip();
                javafx.geometry.Bounds b = t != null && t.isShowing() ? field.localToScreen(field.getLayoutBounds()) : null;
                if (b == null) return;
                t.setAnchorX(b.getMaxX() + GAP);
                t.setAnchorY(b.getMinY());
            });
        }
        showWhileFocused(field);
    }

    /** How far right of its field a reason shows. */
    private static final double GAP = 6;

    /** The key of a field's properties set once its focus is followed. */
    private static final String FOLLOWS_FOCUS = "fieldMark.followsFocus";

    /** Shows a marked field's reason beside it while it has the focus; hides it otherwise. */
    private static void showWhileFocused(Control field) {
        Tooltip t = field.getTooltip();
        if (t == null) return;
        if (field.isFocused() && field.getProperties().containsKey(OWN) && field.getScene() != null && field.getScene().getWindow() != null
                && field.getScene().getWindow().isShowing()) {
            javafx.geometry.Bounds b = field.localToScreen(field.getLayoutBounds());
            if (b != null && !t.isShowing()) t.show(field, b.getMaxX() + GAP, b.getMinY());
        } else if (t.isShowing()) {
            t.hide();
        }
    }

    /** Takes the mark off {@code field}: its outline, and its own tooltip back. */
    static void clear(Control field) {
        field.getStyleClass().removeAll("invalid");
        Object own = field.getProperties().remove(OWN);
        if (own == null) return;
        if (field.getTooltip() != null && field.getTooltip().isShowing()) field.getTooltip().hide();
        field.setTooltip(own instanceof Tooltip t ? t : null);
        field.setAccessibleHelp(null);
    }

    /** The reason {@code field} is marked with, or null when it is not. */
    static String reason(Control field) {
        return field.getProperties().containsKey(OWN) ? field.getAccessibleHelp() : null;
    }
}
