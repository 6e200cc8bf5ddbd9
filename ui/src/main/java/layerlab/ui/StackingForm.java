package layerlab.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

/**
 * A form of captioned fields that puts each caption beside its field while both fit the form's width whole, and above it
 * when they do not (large text, a narrow column), as a desktop form does: at 200 % text a 300-px column beside its
 * captions cut "CrossEntropyLoss" to "CrossEntropyL…" and "By more than" to "By more t…". A drop-down counts the width that
 * shows its value whole (it shortens it rather than grow); a text field scrolls its text and counts its least width.
 */
public class StackingForm extends GridPane {
    private enum Place { CAPTIONED, UNDER, WIDE }

    private record Row(Place place, Label caption, Node field) {}

    private final List<Row> rows = new ArrayList<>();
    private boolean stacked;

    public StackingForm() {
        setHgap(6);
        setVgap(4);
        widthProperty().addListener(o -> follow());
    }

    /** A field with its caption (made with {@link Captions}, so that it names the field to a screen reader). */
    public void row(Label caption, Node field) {
        add(new Row(Place.CAPTIONED, caption, field));
    }

    /** A field without a caption (a tick that says what it is), under the fields above it. */
    public void under(Node field) {
        add(new Row(Place.UNDER, null, field));
    }

    /** A node across the whole form (a section of its own, a note). */
    public void wide(Node node) {
        add(new Row(Place.WIDE, null, node));
    }

    private void add(Row r) {
        rows.add(r);
        if (r.caption() != null) getChildren().add(r.caption());
        getChildren().add(r.field());
        arrange();
    }

    /** Whether the captions stand above their fields now. */
    public boolean stacked() {
        return stacked;
    }

    /** The width the captions and fields need side by side: the widest caption's, a gap and the widest field's. */
    private double sideBySide() {
        double captions = 0, fields = 0;
        for (Row r : rows) {
            if (r.place() != Place.CAPTIONED || !r.field().isManaged()) continue;
            captions = Math.max(captions, r.caption().prefWidth(-1));
            Node f = r.field();
            fields = Math.max(fields, f instanceof ComboBoxBase<?> c ? shownWhole(c) : f.minWidth(-1));
        }
        return snappedLeftInset() + captions + getHgap() + fields + snappedRightInset();
    }

    /**
     * The width at which drop-down {@code c} shows its value whole: its button's text and arrow. (Its own preferred width
     * is its list's widest choice, which would stack a form at 100 % for a choice that is not made.)
     */
    private static double shownWhole(ComboBoxBase<?> c) {
        // The skin's cells: the button's, and an empty one it measures with.
        double cell = c.lookupAll(".list-cell").stream().mapToDouble(n -> n.prefWidth(-1)).max().orElse(-1);
        Node arrow = c.lookup(".arrow-button");
        if (cell < 0 || arrow == null) return c.prefWidth(-1);
        return c.snappedLeftInset() + cell + arrow.prefWidth(-1) + c.snappedRightInset();
    }

    /** Stacks or unstacks the rows when the width asks for the other layout. */
    private void follow() {
        if (getWidth() <= 0) return;
        boolean s = getWidth() < sideBySide() - 0.5;
        if (s == stacked) return;
        stacked = s;
        arrange();
    }

    @Override
    protected void layoutChildren() {
        // The text size may have changed the captions' and fields' widths without changing the form's.
        follow();
        super.layoutChildren();
    }

    /** Stacked, as narrow as its widest caption or field; beside each other, as wide as both. */
    @Override
    protected double computeMinWidth(double height) {
        double w = 0;
        for (Node n : getManagedChildren()) w = Math.max(w, n.minWidth(-1));
        return snappedLeftInset() + w + snappedRightInset();
    }

    private void arrange() {
        int y = 0;
        for (Row r : rows) {
            switch (r.place()) {
                case CAPTIONED -> {
                    if (stacked) {
                        GridPane.setConstraints(r.caption(), 0, y++, 2, 1);
                        GridPane.setConstraints(r.field(), 0, y++, 2, 1);
                    } else {
                        GridPane.setConstraints(r.caption(), 0, y, 1, 1);
                        GridPane.setConstraints(r.field(), 1, y++, 1, 1);
                    }
                }
                case UNDER -> GridPane.setConstraints(r.field(), stacked ? 0 : 1, y++, stacked ? 2 : 1, 1);
                case WIDE -> GridPane.setConstraints(r.field(), 0, y++, 2, 1);
            }
        }
    }
}
