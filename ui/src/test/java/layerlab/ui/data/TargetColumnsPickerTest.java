package layerlab.ui.data;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Data tab of the penguins-two-heads sample: in place of typing {@code species=species, bill=bill_depth_mm}, a
 * drop-down per target Input lists the table's columns ({@code species ←}, {@code bill ←}), showing the project's
 * targets; choosing another column for the bill as a user does (click, choose) and Apply writes the object the file holds,
 * {@code "targets": {"species": "species", "bill": "bill_length_mm"}}. A project of one target keeps its text field.
 * With {@code -Dlayerlab.screenshots=DIR} the tab is written as {@code data-target-columns.png}.
 */
@WindowTest.Size(width = 1260, height = 860)
class TargetColumnsPickerTest extends WindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void eachTargetInputChoosesItsColumn(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/penguins-two-heads.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        robot.interact(() -> window.dashboard().tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        waitFor("the columns listed", () -> robot.lookup("#data-target-bill").tryQuery().isPresent()
                && robot.lookup("#data-target-bill").queryComboBox().getItems().size() > 2);
        ComboBox<String> species = robot.lookup("#data-target-species").queryComboBox(), bill = robot.lookup("#data-target-bill").queryComboBox();
        assertEquals("species", species.getValue());
        assertEquals("bill_depth_mm", bill.getValue());
        assertEquals(List.of("species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"), bill.getItems());
        assertFalse(robot.lookup("#data-targets").queryAs(TextField.class).isVisible(), "the drop-downs stand for the typed pairs");

        robot.clickOn(bill);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".list-cell").match(c -> c instanceof ListCell<?> l && "bill_length_mm".equals(l.getText())).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("species=species, bill=bill_length_mm", robot.lookup("#data-targets").queryAs(TextField.class).getText());
        robot.clickOn("#dataApply");
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Object> targets = (Map<String, Object>) window.editor().graph().dataset().get("targets");
        assertEquals(Map.of("species", "species", "bill", "bill_length_mm"), targets);
        assertEquals(List.of("species", "bill"), List.copyOf(targets.keySet()));
        waitFor("the preview", () -> robot.lookup("#dataDescription").queryLabeled().getText().contains("bill \u2190 bill_length_mm"));
        TestWindows.screenshot(robot, stage, "data-target-columns.png");

        Graph iris = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(iris));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#data-target-species").tryQuery().isEmpty(), "one target: no drop-downs");
    }
}
