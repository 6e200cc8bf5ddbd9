package layerlab.ui.data;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A column per target Input in the Data tab: typed into the table's targets field as {@code Input=column} pairs, Apply
 * writes the object the project file holds ({@code "targets": {"species": "species", "bill": "bill_depth_mm"}}), in the
 * order typed; the field shows a project's targets the same way; and the preview describes each target's column and shows it as a column of its own.
 */
@ExtendWith(ApplicationExtension.class)
class DataPanelTargetsTest {
    @TempDir
    static Path dir;
    private final Map<String, Object> dataset = new LinkedHashMap<>();
    private DataPanel panel;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        panel = DataPanels.show(stage, dataset, dir);
    }

    @Test
    void eachTargetInputGetsTheColumnTyped(FxRobot robot) throws Exception {
        dataset.putAll(Map.of("source", "penguins"));
        robot.interact(panel::refresh);
        TextField targets = robot.lookup("#data-targets").queryAs(TextField.class);
        assertTrue(targets.getPromptText().contains("for several target Inputs: Input=column"), targets.getPromptText());
        robot.clickOn(targets).write("species=species, bill=bill_depth_mm");
        robot.clickOn("#dataApply");
        assertEquals(List.of("species", "bill"), List.copyOf(((Map<?, ?>) dataset.get("targets")).keySet()));
        assertEquals(Map.of("species", "species", "bill", "bill_depth_mm"), dataset.get("targets"));
        waitFor("the penguins previewed", () -> panel.shown() != null);
        String description = robot.lookup("#dataDescription").queryAs(Label.class).getText();
        assertTrue(description.contains("targets species \u2190 species (3 classes), bill \u2190 bill_depth_mm"), description);
        // The preview's table: a column per target, the species by name, the bill depth as the number.
        waitFor("the table", () -> robot.lookup("#dataTable").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<Integer> table = robot.lookup("#dataTable").queryAs(javafx.scene.control.TableView.class);
        assertEquals(List.of("species \u2190 species", "bill \u2190 bill_depth_mm", "island=Biscoe"),
                table.getColumns().subList(0, 3).stream().map(c -> c.getText()).toList());
        assertEquals("Adelie", table.getColumns().get(0).getCellData(0));
        assertEquals("18.70", table.getColumns().get(1).getCellData(0));
        TestWindows.screenshot(robot, stage, "data-targets.png");

        // A project's targets come back into the field as typed.
        robot.interact(panel::refresh);
        assertEquals("species=species, bill=bill_depth_mm", robot.lookup("#data-targets").queryAs(TextField.class).getText());
    }

    @Test
    void pairsReadAsAnObjectAndTwoColumnsAsAList() {
        Map<String, Object> two = new LinkedHashMap<>();
        two.put("kind", "species");
        two.put("size", List.of("bill_length_mm", "bill_depth_mm"));
        assertEquals(two, FieldValues.pairs("kind=species, size=bill_length_mm, size=bill_depth_mm"));
        assertEquals("kind=species, size=bill_length_mm, size=bill_depth_mm", FieldValues.show(two));
        assertEquals("species", FieldValues.pairs(" species "), "no pairs: the text, which the data set refuses saying why");
    }
}
