package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import javafx.stage.Stage;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.train.Dashboard;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The inspector's statistics table for a two-layer bidirectional GRU (the embedding-gru sample after one step): every
 * tensor's name shows whole (weight_ih_l0_reverse.grad was cut to "weight_ih_l0_…" in a 110-px column, an attention's
 * "in_proj_weight.g…" too; at 150 % text: {@link InspectorTableRowsLargeTextTest}), and the table is as high as its rows
 * up to twelve: the GRU's 34 scroll, a Linear's five fill it (at 150 px an LSTM's output row, its ninth, was out of sight
 * and an Add's one row sat over four empty ones).
 */
@WindowTest.Size(width = 1240, height = 900)
class InspectorTableRowsTest extends WindowTest {
    @Test
    void everyNameShowsWholeAndTheTableIsAsHighAsItsRows(FxRobot robot) throws Exception {
        InspectorView v = gruInspected(robot, window, stage, "inspector-gru-table.png");
        TableView<InspectorView.Row> table = v.table();
        inspect(robot, window, v, "fc");
        assertEquals(5, table.getItems().size(), "weight, bias, their gradients and the output");
        assertEquals(5, rowsInSight(table), "a Linear's five rows in sight");
        TableRow<?> last = lastRow(table);
        double below = bounds(table).getMaxY() - bounds(last).getMaxY();
        assertTrue(below < last.getHeight(), "no empty row under the last: " + below + " px under it, rows " + last.getHeight() + " px high");
    }

    /**
     * The embedding-gru sample stepped once in {@code window}, its GRU inspected: twelve of its rows in sight, every name
     * whole; the inspector, after a screenshot {@code shot}.
     */
    static InspectorView gruInspected(FxRobot robot, MainWindow window, Stage stage, String shot) throws Exception {
        Dashboard d = TestWindows.steppedOnce(robot, window, "embedding-gru.json");
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        InspectorView v = d.inspector();
        // First a node without parameters, whose one row is the table's first (its rows are made after the table's layout).
        inspect(robot, window, v, "last");
        assertEquals(1, rowsInSight(v.table()), "the output's row");
        TableRow<?> only = lastRow(v.table());
        double under = bounds(v.table()).getMaxY() - bounds(only).getMaxY();
        assertTrue(under < 2.5 * only.getHeight(), "three rows high, for its placeholder: " + under + " px under the one row, rows " + only.getHeight()
                + " px high");
        inspect(robot, window, v, "gru");
        assertTrue(v.table().getItems().size() > StatsTable.MOST_ROWS, "16 parameters, their gradients and the output: " + v.table().getItems().size());
        assertEquals(StatsTable.MOST_ROWS, rowsInSight(v.table()), "twelve rows in sight, the rest a scroll away");
        namesWhole(robot, stage, v.table());
        // Under the table, where the 150 rows of weight_ih_l0 [150, 20] come from: three gates of hidden_size 50.
        String stacked = TestWindows.labelText(robot, "#inspectStackedNote");
        assertTrue(stacked.endsWith("rows 0–49 reset gate r, 50–99 update gate z, 100–149 new candidate n."), stacked);
        TestWindows.screenshot(robot, stage, shot);
        return v;
    }

    /** Selects {@code node} and waits for its output's row, laid out. */
    private static void inspect(FxRobot robot, MainWindow window, InspectorView v, String node) throws Exception {
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName(node).id())));
        waitFor(node + "'s output row", () -> v.table().getItems().stream().anyMatch(r -> r.name().equals(node + " " + OutputShare.EVAL_ROW)));
        TestWindows.awaitPulses(v.getScene(), 4);
    }

    /**
     * Every name the table shows, from its first row to its last (scrolled to), is drawn whole, not shortened with "…", and
     * every figure with its three digits.
     */
    private static void namesWhole(FxRobot robot, Stage stage, TableView<InspectorView.Row> table) throws Exception {
        List<String> seen = new ArrayList<>();
        for (int at : new int[] {0, table.getItems().size() - 1}) {
            robot.interact(() -> table.scrollTo(at));
            TestWindows.awaitPulses(stage.getScene(), 3);
            robot.interact(() -> {
                for (javafx.scene.Node n : table.lookupAll(".table-cell")) {
                    // The figures beside the names keep their three significant digits (the names took their room at first).
                    if (n instanceof TableCell<?, ?> c && c.getItem() instanceof Double v && !v.isNaN() && c.isVisible()) {
                        assertEquals(Numbers.compact(v), c.getText(), "a figure in " + c.getWidth() + " px");
                    }
                    if (!(n instanceof TableCell<?, ?> c) || c.getTableColumn() != table.getColumns().get(0) || c.isEmpty() || c.getText() == null) continue;
                    assertEquals(c.getText(), TestWindows.shownText(c), "the name in a cell " + c.getWidth() + " px wide");
                    seen.add(c.getText());
                }
            });
        }
        assertTrue(seen.contains("weight_ih_l0_reverse.grad"), "the longest name was looked at: " + seen);
        assertTrue(seen.contains(OutputShare.EVAL_ROW), "the output's row was looked at: " + seen);
        robot.interact(() -> table.scrollTo(0));
    }

    /** How many of the table's rows with an item lie wholly inside it. */
    private static int rowsInSight(TableView<?> table) {
        Bounds t = bounds(table);
        int n = 0;
        for (javafx.scene.Node r : table.lookupAll(".table-row-cell")) {
            if (r instanceof TableRow<?> row && row.isVisible() && !row.isEmpty() && row.getIndex() < table.getItems().size()
                    && bounds(row).getMinY() >= t.getMinY() && bounds(row).getMaxY() <= t.getMaxY() + 0.5) n++;
        }
        return n;
    }

    private static TableRow<?> lastRow(TableView<?> table) {
        for (javafx.scene.Node r : table.lookupAll(".table-row-cell")) {
            if (r instanceof TableRow<?> row && row.isVisible() && row.getIndex() == table.getItems().size() - 1) return row;
        }
        throw new AssertionError("no row for the last item");
    }

    private static Bounds bounds(javafx.scene.Node n) {
        return n.localToScene(n.getBoundsInLocal());
    }
}
