package layerlab.ui;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;

/** A table column of text worked out from each row: the tables of folds, runs, statistics and predictions. */
public final class TextColumn {
    private TextColumn() {
    }

    /** A column titled {@code title} showing {@code text} of each row. */
    public static <R> TableColumn<R, String> of(String title, Function<R, String> text) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(text.apply(x.getValue())));
        return c;
    }

    /**
     * Keeps every column of {@code table} at least as wide as its whole title in its header's font, whatever View › Text
     * Size makes it: a table that shares out its width let a title shrink to "shape…" at 150 %. Looked at whenever the
     * table is laid out (a new text size lays it out), changed only when the title's width did.
     */
    public static void titlesWhole(TableView<?> table) {
        table.needsLayoutProperty().addListener((o, was, now) -> {
            for (Node n : table.lookupAll(".column-header")) {
                if (!(n instanceof TableColumnHeader h) || h.getTableColumn() == null || !(h.lookup(".label") instanceof Label l)) continue;
                double least = Math.ceil(Math.max(l.prefWidth(-1) + h.snappedLeftInset() + h.snappedRightInset(), widestCell(table, h.getTableColumn())));
                if (Math.abs(h.getTableColumn().getMinWidth() - least) > 0.5) h.getTableColumn().setMinWidth(least);
            }
        });
    }

    /** The key of a column whose cells {@link #titlesWhole} keeps whole as well as its title. */
    private static final String CELLS_WHOLE = "layerlab.cellsWhole";

    /**
     * Keeps the cells of {@code column} whole too, where its table keeps its titles whole ({@link #titlesWhole}): the
     * column is at least as wide as its widest text in its cells' font. For short names that may run long (a recurrent
     * layer's {@code weight_ih_l0_reverse.grad}), not for free text.
     */
    public static void cellsWhole(TableColumn<?, String> column) {
        cellsWhole(column, List.of());
    }

    /**
     * {@link #cellsWhole(TableColumn)}, with room for {@code roomFor} too from the start, texts the column will show later:
     * the column does not widen when one comes (the inspector's "output (training)", which a run adds).
     */
    public static void cellsWhole(TableColumn<?, String> column, List<String> roomFor) {
        column.getProperties().put(CELLS_WHOLE, List.copyOf(roomFor));
    }

    /** The width the widest text of {@code column} needs in a cell of its own (0 when it keeps none whole or shows none). */
    private static double widestCell(TableView<?> table, javafx.scene.control.TableColumnBase<?, ?> column) {
        if (!(column.getProperties().get(CELLS_WHOLE) instanceof List<?> roomFor)) return 0;
        javafx.scene.control.TableCell<?, ?> cell = null;
        for (Node n : table.lookupAll(".table-cell")) {
            if (n instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() == column && !c.isEmpty()) cell = c;
        }
        if (cell == null) return 0;
        javafx.scene.text.Text probe = new javafx.scene.text.Text();
        probe.setFont(cell.getFont());
        double widest = 0;
        for (int i = 0; i < table.getItems().size(); i++) {
            probe.setText(String.valueOf(column.getCellData(i)));
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        for (Object text : roomFor) {
            probe.setText(String.valueOf(text));
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        // A little more than the text: a Labeled shortens it with "…" before it touches its padding.
        return widest + cell.snappedLeftInset() + cell.snappedRightInset() + 4;
    }
}
