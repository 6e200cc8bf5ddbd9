package layerlab.ui.train;

import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * Why a training setting will be refused when a run starts, said under its field while the form is edited (the field
 * marked as every refused field is, {@link FieldMark}), with a one-click fix where one value mends it: "Watch val_loss_head" for a watched
 * loss node renamed head. Hidden while there is nothing to say.
 */
final class FieldProblem extends VBox {
    private final Label why = new Label();
    private final Button fix = new Button();
    private Control marked;
    private Runnable action = () -> {};

    /** @param id the line's id is {@code <id>-problem}, its fix's {@code <id>-fix} */
    FieldProblem(String id) {
        setSpacing(3);
        why.setId(id + "-problem");
        why.getStyleClass().add("field-error");
        why.setWrapText(true);
        fix.setId(id + "-fix");
        fix.setWrapText(true);
        // Its text names a metric: "val_loss_head", whose underscores are no mnemonics.
        fix.setMnemonicParsing(false);
        fix.setOnAction(e -> mend());
        getChildren().addAll(why, fix);
        show(null, null, null, null);
    }

    /** Marks {@code field} and says {@code problem} under it (null: nothing wrong), offering {@code fixText} that does {@code fix} (null: none). */
    void show(Control field, String problem, String fixText, Runnable fix) {
        if (marked != null) FieldMark.clear(marked);
        boolean on = problem != null && field != null;
        marked = on ? field : null;
        if (on) FieldMark.mark(field, problem);
        setVisible(on);
        setManaged(on);
        why.setText(on ? problem : "");
        boolean fixes = on && fix != null;
        this.fix.setVisible(fixes);
        this.fix.setManaged(fixes);
        this.fix.setText(fixes ? fixText : "");
        action = fixes ? fix : () -> {};
    }

    /**
     * Applies the fix and leaves the keyboard on the field it mended (by its id: an edit may rebuild the field): the fix's
     * button goes away with the problem, and the focus fell to whatever came next (the Loss drop-down after the scheduler's metric).
     */
    private void mend() {
        String id = marked == null ? null : marked.getId();
        boolean focused = fix.isFocused();
        action.run();
        if (!focused || id == null || getScene() == null) return;
        javafx.scene.Node field = getScene().lookup("#" + id);
        if (field != null) field.requestFocus();
    }

    /** What it says now; null when hidden. */
    String problem() {
        return isVisible() ? why.getText() : null;
    }
}
