package layerlab.ui.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/**
 * The open project's runs side by side, a row each (the newest first): what changed from the run before (a setting,
 * the data set, a layer), how far it went and its best validation score, so that an experiment ("a larger lr?",
 * "with augmentation?") reads as a table rather than from memory. Built from the runs' records on the JavaFX thread.
 */
final class RunsTable extends TableView<RunRecord> {
    private final Predicate<RunRecord> paused;

    /** @param paused whether a run that has not ended is paused now (its row says "paused", not "running") */
    RunsTable(Predicate<RunRecord> paused) {
        this.paused = paused;
        setId("runsTable");
        Label placeholder = new Label("Each run gets a row here: what changed, its best validation score. A saved project keeps its runs.");
        // Short, and wrapped in the table's width: a longer line was cut at "its best valida…".
        placeholder.setWrapText(true);
        placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        placeholder.setPadding(new javafx.geometry.Insets(4, 12, 4, 12));
        placeholder.getStyleClass().add("muted");
        setPlaceholder(placeholder);
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY);
        // Its number's tooltip says what tells it apart beyond its settings: seed, threads, data files.
        TableColumn<RunRecord, String> run = column("Run", WANT[0], LEAST[0], r -> String.valueOf(r.number()), RunChanges::identity);
        head(run, "Each run's number; point at it for its seed, CPU threads and data files");
        TableColumn<RunRecord, String> changed = column("What changed", 240, CHANGED_LEAST, r -> r.changes());
        head(changed, "What differs from the run before: a training setting, the data set, a layer. To compare any runs side by side, "
                + "select them (Ctrl+click) and right-click › Compare Selected Runs");
        getColumns().add(run);
        getColumns().add(changed);
        getColumns().add(column("Epochs", WANT[1], LEAST[1], RunChanges::epochs));
        TableColumn<RunRecord, String> best = column("Best val", WANT[2], LEAST[2], RunChanges::best);
        head(best, "The best validation accuracy (or lowest MAE) of the run, and in brackets its epoch; "
                + "for a cross-validation, the folds' mean ± standard deviation");
        getColumns().add(best);
        TableColumn<RunRecord, String> ended = column("Ended", WANT[3], LEAST[3], r -> RunChanges.ended(r, this.paused.test(r)));
        ended.setId("runsEnded");
        getColumns().add(ended);
        fixed = List.of(run, getColumns().get(2), best, ended);
        widthProperty().addListener((o, was, now) -> fit(now.doubleValue()));
        // Several runs (a sweep's, Ctrl+click) side by side: the settings on which they differ, whichever runs came between.
        getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        javafx.scene.control.MenuItem compare = new javafx.scene.control.MenuItem("Compare Selected Runs");
        compare.setId("compareRuns");
        compare.setOnAction(e -> compare());
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(compare);
        menu.setOnShowing(e -> {
            int n = getSelectionModel().getSelectedItems().size();
            compare.setDisable(n < 2);
            compare.setText(n < 2 ? "Compare Selected Runs (select two or more: Ctrl+click)" : "Compare " + n + " Selected Runs");
        });
        setContextMenu(menu);
    }

    /** Opens the selected runs side by side ({@link RunsComparison}); null with fewer than two selected. */
    RunsComparison compare() {
        List<RunRecord> selected = new ArrayList<>(getSelectionModel().getSelectedItems());
        if (selected.size() < 2) return null;
        RunsComparison c = new RunsComparison(getScene().getWindow(), selected);
        c.stage().show();
        return c;
    }

    /** The columns other than what changed: their preferred widths, and the least they shrink to. */
    private final List<TableColumn<RunRecord, ?>> fixed;
    private static final double[] WANT = {40, 58, 104, 124}, LEAST = {34, 56, 96, 110};
    /** What changed is never narrower (it has its whole text in a tooltip); room for a scroll bar is kept too. */
    private static final double CHANGED_LEAST = 56, SCROLL_BAR = 16;
    /** The width at which every column has its least width ("97.25% (14)", "stopped, 11.5 s" whole). */
    static final double LEAST_WIDTH = java.util.Arrays.stream(LEAST).sum() + CHANGED_LEAST + SCROLL_BAR + 4;

    /**
     * The narrow columns keep their preferred widths while the table is wide enough, what changed taking the rest (the
     * table's own policy shrank every column alike: "stopped, 12…" beside a half-empty what changed); in a narrower table
     * they go down to their least widths, which fit a 1000-px window's table. A cell too narrow for its text shows the
     * whole of it in a tooltip.
     */
    private void fit(double width) {
        double want = java.util.Arrays.stream(WANT).sum();
        boolean room = width - SCROLL_BAR - CHANGED_LEAST >= want;
        for (int i = 0; i < fixed.size(); i++) fixed.get(i).setMinWidth(room ? WANT[i] : LEAST[i]);
    }

    /** A column of text whose cells show their whole text in a tooltip (the columns may be narrower than their text). */
    private static TableColumn<RunRecord, String> column(String title, double width, double least, Function<RunRecord, String> text) {
        return column(title, width, least, text, text);
    }

    /** {@link #column(String, double, double, Function)} whose cells' tooltip is {@code tip} of the row, not its text. */
    private static TableColumn<RunRecord, String> column(String title, double width, double least, Function<RunRecord, String> text,
                                                         Function<RunRecord, String> tip) {
        TableColumn<RunRecord, String> c = layerlab.ui.TextColumn.of(title, text);
        c.setPrefWidth(width);
        c.setMinWidth(least);
        c.setSortable(false);
        c.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                RunRecord row = empty || getTableRow() == null ? null : getTableRow().getItem();
                String said = item == null || item.isEmpty() ? null : row != null ? tip.apply(row) : item;
                setTooltip(said == null || said.isEmpty() ? null : new Tooltip(said));
            }
        });
        return c;
    }

    /**
     * Titles {@code c} with a label that explains it in a tooltip. The column keeps its text, which a screen reader reads
     * as the column's name ("Best val" was nothing to it); base.css shows the label alone.
     */
    private static void head(TableColumn<RunRecord, String> c, String why) {
        Label head = new Label(c.getText());
        head.setTooltip(new Tooltip(why));
        c.setGraphic(head);
        c.getStyleClass().add("explained");
    }

    /** Shows {@code runs} (oldest first, as the history keeps them), the newest on top. */
    void show(List<RunRecord> runs) {
        List<RunRecord> rows = new ArrayList<>(runs);
        java.util.Collections.reverse(rows);
        getItems().setAll(rows);
        refresh();
    }
}
