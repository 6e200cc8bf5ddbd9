package layerlab.ui.inspect;

import java.util.function.UnaryOperator;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import layerlab.ui.TextColumn;

/** The inspector's statistics table: a row per tensor of the node (its weights, their gradients, its output) and its figures. */
final class StatsTable {
    private StatsTable() {
    }

    /** Gives {@code table} its columns and its empty text; {@code shortName} is a row's tensor as the first column names it. */
    static void build(TableView<InspectorView.Row> table, UnaryOperator<String> shortName) {
        table.setId("inspectStats");
        table.setPrefHeight(150);
        fitRows(table);
        // The title names the node: rows say weight, bias.grad, output. Columns share the table's width (no scrolling
        // sideways) and numbers keep to three significant digits, so that none is cut short.
        table.getColumns().add(TextColumn.of("tensor", r -> shortName.apply(r.name())));
        table.getColumns().add(NumberColumn.of("mean", InspectorView.Row::mean));
        table.getColumns().add(NumberColumn.of("std", InspectorView.Row::std));
        table.getColumns().add(NumberColumn.of("min", InspectorView.Row::min));
        table.getColumns().add(NumberColumn.of("max", InspectorView.Row::max));
        table.getColumns().add(NumberColumn.of("norm", InspectorView.Row::norm));
        table.getColumns().add(TextColumn.of("shape / zeros", InspectorView.Row::extra));
        table.getStyleClass().add("stats-table");
        // As wide as its longest name, whatever the text size (a bidirectional GRU's weight_ih_l0_reverse.grad, an
        // attention's out_proj.weight.grad were cut at 110 px); the figures' columns share what is left.
        table.getColumns().get(0).setPrefWidth(NAMES);
        for (int i = 1; i < 6; i++) table.getColumns().get(i).setPrefWidth(60);
        table.getColumns().get(6).setPrefWidth(90);
        @SuppressWarnings("unchecked")
        TableColumn<InspectorView.Row, String> names = (TableColumn<InspectorView.Row, String>) table.getColumns().get(0);
        names.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new Tooltip(item));
            }
        });
        TextColumn.cellsWhole(names);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TextColumn.titlesWhole(table);
        // Wrapped in the table's width: on one line it was cut at 150 % text ("…to see its weights, gra…").
        Label empty = new Label("Select a node after a run (or during one) to see its weights, gradients and output.");
        empty.setId("inspectStatsEmpty");
        empty.setWrapText(true);
        empty.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        empty.setPadding(new Insets(4, 12, 4, 12));
        table.setPlaceholder(empty);
    }

    /** The names' column's width at 100 % text (px), where the names need no more. */
    static final double NAMES = 110;

    /** The most rows the table is high enough for; a node with more (a two-layer bidirectional GRU's 33) scrolls. */
    static final int MOST_ROWS = 12;

    /**
     * Makes {@code table} as high as its rows, up to {@link #MOST_ROWS} (at least three, for its placeholder), in whatever
     * text size: at a fixed 150 px an LSTM's output row, its ninth, was out of sight, and an Add's one row sat over four
     * empty ones.
     */
    private static void fitRows(TableView<InspectorView.Row> table) {
        // A row's height is known once a row is laid out, which the table hears of only from the row itself (the rows of
        // a table shown for the first time are made after its own layout, and it kept its 150 px).
        double[] row = {0};
        Runnable fit = () -> {
            javafx.scene.Node header = table.lookup(".column-header-background");
            if (row[0] <= 0 || header == null) return;
            int rows = Math.max(3, Math.min(MOST_ROWS, table.getItems().size()));
            double h = Math.ceil(header.getLayoutBounds().getHeight() + rows * row[0] + table.snappedTopInset() + table.snappedBottomInset() + 2);
            if (Math.abs(table.getPrefHeight() - h) > 0.5) table.setPrefHeight(h);
        };
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<InspectorView.Row> r = new javafx.scene.control.TableRow<>();
            r.heightProperty().addListener((o, was, now) -> {
                if (now.doubleValue() > 0 && now.doubleValue() != row[0]) {
                    row[0] = now.doubleValue();
                    fit.run();
                }
            });
            return r;
        });
        table.getItems().addListener((javafx.collections.ListChangeListener<InspectorView.Row>) c -> fit.run());
        table.needsLayoutProperty().addListener((o, was, now) -> fit.run());
    }
}
