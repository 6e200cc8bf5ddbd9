package layerlab.ui.inspect;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import layerlab.train.TensorSnapshot;
import layerlab.train.TensorStats;
import layerlab.train.TrainingEvent;
import layerlab.ui.TextColumn;

/**
 * The inspector's statistics table: a row per tensor of the node (its weights, their gradients, its buffers, its output in
 * eval mode and in a training batch) and its figures.
 */
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
        // Room for the row a run adds from the start: arriving mid-run it widened the column, and the inspector could move
        // its right column under the table while the user looked.
        TextColumn.cellsWhole(names, List.of(OutputShare.TRAINING_ROW));
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

    /** The samples a probe ran the node on: the first and how many, and whether of the validation set. */
    record Probed(int first, int count, boolean validation) {
    }

    /**
     * Adds to {@code rows} what a probe copied of {@code node} (of {@code kind}): its {@code buffers} (a BatchNorm's running
     * statistics) and its {@code output} in eval mode, of the samples {@code probed} (null: no output, no row); then its
     * output in the training batch that {@code capture} took, where that holds the node's. Returns the line that says which
     * samples and mode the output rows are of, empty without an output.
     */
    static String addProbed(List<InspectorView.Row> rows, String node, String kind, Map<String, TensorSnapshot> buffers, TensorSnapshot output,
                            Probed probed, TrainingEvent.ActivationCapture capture) {
        for (Map.Entry<String, TensorSnapshot> b : buffers.entrySet()) rows.add(row(node + "." + b.getKey(), b.getValue(), Arrays.toString(b.getValue().shape())));
        if (output == null) return "";
        rows.add(row(node + " " + OutputShare.EVAL_ROW, output, OutputShare.of(kind, output)));
        TensorSnapshot t = capture == null ? null : capture.activations().get(node);
        if (t != null) rows.add(row(node + " " + OutputShare.TRAINING_ROW, t, OutputShare.of(kind, t)));
        return OutputShare.modeNote(probed.first(), probed.count(), probed.validation(), output.shape().length == 0, t == null ? null : capture.step(),
                t == null || t.shape().length == 0 ? 0 : t.shape()[0]);
    }

    /** A row of {@code a}'s figures, named {@code name}, its last cell {@code extra}. */
    private static InspectorView.Row row(String name, TensorSnapshot a, String extra) {
        TensorStats s = TensorStats.of(a.data());
        return new InspectorView.Row(name, s.mean(), s.std(), s.min(), s.max(), s.norm(), extra);
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
