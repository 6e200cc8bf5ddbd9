package layerlab.ui;

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
                double least = Math.ceil(l.prefWidth(-1) + h.snappedLeftInset() + h.snappedRightInset());
                if (Math.abs(h.getTableColumn().getMinWidth() - least) > 0.5) h.getTableColumn().setMinWidth(least);
            }
        });
    }
}
