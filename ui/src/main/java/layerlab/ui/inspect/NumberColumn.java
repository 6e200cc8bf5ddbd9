package layerlab.ui.inspect;

import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;

/**
 * A table column of numbers that never cuts one short: each cell writes its number in as many characters as its width
 * holds ({@link Numbers#fit}), fewer digits before a wrong magnitude ("1.4…" for 1.45e-3 at 150 % text), and shows
 * six significant digits on hover.
 */
final class NumberColumn {
    private NumberColumn() {
    }

    static <R> TableColumn<R, Double> of(String title, ToDoubleFunction<R> value) {
        TableColumn<R, Double> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(value.applyAsDouble(x.getValue())));
        c.setCellFactory(x -> new Cell<>());
        return c;
    }

    private static final class Cell<R> extends TableCell<R, Double> {
        Cell() {
            widthProperty().addListener(o -> write());
            fontProperty().addListener(o -> write());
        }

        @Override
        protected void updateItem(Double v, boolean empty) {
            super.updateItem(v, empty);
            write();
            setTooltip(empty || v == null || v.isNaN() ? null : new Tooltip(String.format(Locale.ROOT, "%.6g", v)));
        }

        private void write() {
            Double v = getItem();
            if (isEmpty() || v == null) {
                setText(null);
                return;
            }
            // The longest writing whose measured width fits ("-", "." and "e" are narrower than digits).
            double room = getWidth() - snappedLeftInset() - snappedRightInset() - 2;
            String s = Numbers.fit(v, 8);
            Text probe = new Text();
            probe.setFont(getFont());
            for (int chars = 8; chars >= 1 && getWidth() > 0; chars--) {
                s = Numbers.fit(v, chars);
                probe.setText(s);
                if (probe.getLayoutBounds().getWidth() <= room) break;
            }
            setText(s);
        }
    }
}
