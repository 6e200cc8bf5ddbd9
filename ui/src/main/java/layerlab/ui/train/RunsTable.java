package layerlab.ui.train;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/**
 * The open project's runs side by side, a row each (the newest first): what changed from the run before (a setting,
 * the data set, a layer), how far it went and its best validation score, so that an experiment ("a larger lr?",
 * "with augmentation?") reads as a table rather than from memory. Built from the runs' records on the JavaFX thread.
 */
final class RunsTable extends TableView<RunRecord> {
    RunsTable() {
        setId("runsTable");
        setPlaceholder(new Label("Each run of this project gets a row here: what changed, its best validation score. A saved project keeps its runs for next time."));
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY);
        TableColumn<RunRecord, String> run = column("Run", 42, r -> String.valueOf(r.number()));
        TableColumn<RunRecord, String> changed = column("What changed", 240, r -> r.changes());
        Label changedHead = new Label("What changed");
        changedHead.setTooltip(new Tooltip("What differs from the run before: a training setting, the data set, a layer"));
        changed.setGraphic(changedHead);
        changed.setText("");
        changed.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new Tooltip(item));
            }
        });
        getColumns().add(run);
        getColumns().add(changed);
        getColumns().add(column("Epochs", 58, RunChanges::epochs));
        TableColumn<RunRecord, String> best = column("Best val", 110, RunChanges::best);
        Label bestHead = new Label("Best val");
        bestHead.setTooltip(new Tooltip("The best validation accuracy (or lowest MAE) of the run, and in brackets its epoch; "
                + "for a cross-validation, the folds' mean ± standard deviation"));
        best.setGraphic(bestHead);
        best.setText("");
        getColumns().add(best);
        getColumns().add(column("Ended", 92, RunChanges::ended));
        // The narrow columns keep their width; what changed takes the rest (its whole text in a tooltip).
        for (TableColumn<RunRecord, ?> c : getColumns()) if (c != changed) c.setMinWidth(c.getPrefWidth());
        changed.setMinWidth(120);
    }

    private static TableColumn<RunRecord, String> column(String title, double width, java.util.function.Function<RunRecord, String> text) {
        TableColumn<RunRecord, String> c = layerlab.ui.TextColumn.of(title, text);
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    /** Shows {@code runs} (oldest first, as the history keeps them), the newest on top. */
    void show(List<RunRecord> runs) {
        List<RunRecord> rows = new ArrayList<>(runs);
        java.util.Collections.reverse(rows);
        getItems().setAll(rows);
        refresh();
    }
}
