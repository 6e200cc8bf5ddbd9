package layerlab.ui;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableColumn;

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
}
