package layerlab.ui.data;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/** A cell of the table that marks a value the file lacked: "43.92 (mean)", "44.5 (median)", in italics. */
final class GapCell extends TableCell<Integer, String> {
    private final java.util.BitSet gaps;
    private final String with;
    private final int stride, col;

    /** @param with what filled the column's gaps: "mean", "median", "most frequent" */
    GapCell(java.util.BitSet gaps, String with, int stride, int col) {
        this.gaps = gaps;
        this.with = with;
        this.stride = stride;
        this.col = col;
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        Integer row = empty || getTableRow() == null ? null : getTableRow().getItem();
        boolean gap = row != null && gaps.get(row * stride + col);
        setText(empty || item == null ? null : gap ? item + " (" + with + ")" : item);
        getStyleClass().remove("gap-cell");
        if (gap) getStyleClass().add("gap-cell");
        setTooltip(gap ? new Tooltip("Missing in the file: the " + with + " of the training rows stands in for it") : null);
    }
}
