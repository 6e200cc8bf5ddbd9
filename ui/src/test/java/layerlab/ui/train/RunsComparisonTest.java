package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.graph.json.ProjectJson;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A sweep's runs kept in the project's log (as {@code layerlab sweep} keeps them), compared in the window: two runs picked
 * in the runs table with a click and a Ctrl+click, right-click › Compare 2 Selected Runs shows them side by side, a row per
 * setting on which they differ (not the run between them, which what changed compares with), then how each went.
 */
class RunsComparisonTest extends WindowTest {
    /** iris.json with three kept runs: lr 0.1 seed 0, lr 0.01 seed 0, lr 0.1 seed 1 (batch size and the rest alike). */
    static Path projectWithSweep(Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("sweep")).resolve("iris.json");
        Files.writeString(project, Files.readString(Path.of("..", "sample-projects", "iris.json")));
        var g = ProjectJson.read(Files.readString(project), "iris.json");
        RunLog log = new RunLog(dir.resolve("runs"));
        double[][] runs = {{0.1, 0, 0.90}, {0.01, 0, 0.80}, {0.1, 1, 0.95}};
        for (double[] r : runs) {
            Map<String, Object> s = new LinkedHashMap<>(RunLog.settings(g));
            s.put("optimizer.lr", r[0]);
            s.put("seed", (long) r[1]);
            List<TrainingEvent.EpochEnded> epochs = new ArrayList<>();
            for (int e = 1; e <= 2; e++) epochs.add(new TrainingEvent.EpochEnded(e, Map.of("train_loss", 1.0 / e, "val_loss", 1.1 / e, "val_accuracy", r[2] - 0.1 * (2 - e)), false));
            log.append(project, s, epochs, new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 16, Map.of(), 1));
        }
        return project;
    }

    @Test
    void twoRunsSideBySideByWhatDiffers(FxRobot robot) throws Exception {
        TestWindows.openFile(robot, window, projectWithSweep(dir));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        TableView<RunRecord> table = d.charts().runsTable();
        waitFor("the kept runs", () -> table.getItems().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        // The newest on top: run 3, run 2, run 1 (scrolled to: the table shows two rows here). Pick runs 3 and 1, as a person does.
        robot.clickOn(rowOf(robot, table, 3));
        robot.press(KeyCode.CONTROL).clickOn(rowOf(robot, table, 1)).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(3, 1), table.getSelectionModel().getSelectedItems().stream().map(RunRecord::number).toList());

        ContextMenu menu = table.getContextMenu();
        robot.interact(() -> menu.show(table, javafx.geometry.Side.BOTTOM, 0, 0));
        MenuItem compare = menu.getItems().stream().filter(i -> "compareRuns".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("Compare 2 Selected Runs", compare.getText());
        assertTrue(!compare.isDisable());
        robot.interact(() -> {
            menu.hide();
            compare.fire();
        });
        waitFor("the comparison", () -> TestWindows.windowWith("runsComparison") != null);
        Stage shown = TestWindows.windowWith("runsComparison");
        assertNotNull(shown);
        assertEquals("LayerLab — Runs 1, 3 side by side", shown.getTitle());
        @SuppressWarnings("unchecked")
        TableView<List<String>> cmp = (TableView<List<String>>) shown.getScene().lookup("#runsComparison");
        assertEquals(List.of("Setting", "Run 1", "Run 3"), cmp.getColumns().stream().map(c -> c.getText()).toList());
        assertEquals(List.of(List.of("seed", "0", "1"), List.of("Epochs", "2", "2"), List.of("Best val", "90.00% (2)", "95.00% (2)"),
                List.of("Ended", "done, 1.0 s", "done, 1.0 s")), cmp.getItems());
        TestWindows.screenshot(robot, shown, "runs-comparison.png");
        robot.interact(shown::close);

        // With one run selected the item says how to pick more, and is greyed out.
        robot.clickOn(rowOf(robot, table, 2));
        robot.interact(() -> menu.show(table, javafx.geometry.Side.BOTTOM, 0, 0));
        assertTrue(compare.isDisable());
        assertEquals("Compare Selected Runs (select two or more: Ctrl+click)", compare.getText());
        robot.interact(menu::hide);
    }

    /** The table's row of run {@code number}, scrolled into view. */
    private static javafx.scene.Node rowOf(FxRobot robot, TableView<RunRecord> table, int number) {
        int at = -1;
        for (int i = 0; i < table.getItems().size(); i++) if (table.getItems().get(i).number() == number) at = i;
        int index = at;
        robot.interact(() -> table.scrollTo(index));
        WaitForAsyncUtils.waitForFxEvents();
        return table.lookupAll(".table-row-cell").stream().filter(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getItem() != null
                && ((RunRecord) r.getItem()).number() == number && n.isVisible()).findFirst().orElseThrow(() -> new AssertionError("run " + number + "'s row"));
    }
}
