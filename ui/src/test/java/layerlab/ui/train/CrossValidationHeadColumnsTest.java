package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.train.CrossValidation;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Train › Cross-Validate… of the penguins-two-heads sample: the folds' table has a column per head's own score, as its
 * summary line names them ({@code val_accuracy_species_loss}, {@code val_mae_bill_loss}), each fold's value in its row;
 * the iris sample's table has none. A head's column is titled on two lines, the score over the loss node. With {@code -Dlayerlab.screenshots=DIR} the window is written as a PNG.
 */
@WindowTest.Size(width = 1260, height = 790)
class CrossValidationHeadColumnsTest extends WindowTest {
    @SuppressWarnings("unchecked")
    private TableView<CrossValidation.Fold> crossValidate(FxRobot robot, Graph g, int k) throws Exception {
        robot.interact(() -> window.files().newProject(g));
        robot.clickOn("#menuTrain");
        robot.clickOn("#trainMenuCrossValidate");
        waitFor("the window", () -> TestWindows.windowWith("crossValidation") != null);
        Stage cv = TestWindows.windowWith("crossValidation");
        Spinner<Integer> folds = (Spinner<Integer>) cv.getScene().lookup("#cvFolds");
        robot.interact(() -> folds.getValueFactory().setValue(k));
        robot.clickOn("#cvStart");
        TableView<CrossValidation.Fold> table = (TableView<CrossValidation.Fold>) cv.getScene().lookup("#cvTable");
        waitFor(k + " folds", () -> table.getItems().size() == k && ((Label) cv.getScene().lookup("#cvStatus")).getText().startsWith("Done"));
        return table;
    }

    private static List<String> shown(TableView<CrossValidation.Fold> table) {
        return table.getColumns().stream().filter(TableColumn::isVisible).map(c -> c.getText().replace('\n', '_')).toList();
    }

    @Test
    void eachHeadHasAColumn(FxRobot robot) throws Exception {
        Graph two = ProjectJson.read(Files.readString(Path.of("../sample-projects/penguins-two-heads.json")).replace("\"epochs\": 60", "\"epochs\": 3"),
                "penguins-two-heads.json");
        TableView<CrossValidation.Fold> table = crossValidate(robot, two, 3);
        assertEquals(List.of("fold", "training", "validation", "epochs", "val_accuracy", "val_loss", "val_accuracy_species_loss", "val_mae_bill_loss",
                "seconds"), shown(table));
        @SuppressWarnings("unchecked")
        TableColumn<CrossValidation.Fold, String> bill = (TableColumn<CrossValidation.Fold, String>) table.getColumns().stream()
                .filter(c -> "cvColumn-val_mae_bill_loss".equals(c.getId())).findFirst().orElseThrow();
        assertEquals("val_mae\nbill_loss", bill.getText());
        for (CrossValidation.Fold f : table.getItems()) {
            assertEquals(CrossValidation.value("val_mae_bill_loss", f.metrics().get("val_mae_bill_loss")), bill.getCellData(f));
        }
        Stage cv = TestWindows.windowWith("crossValidation");
        String summary = ((Label) cv.getScene().lookup("#cvSummary")).getText();
        assertTrue(summary.contains("val_accuracy_species_loss ") && summary.contains("val_mae_bill_loss "), summary);
        TestWindows.screenshot(robot, cv, "cross-validation-two-heads.png");
        robot.interact(cv::close);

        Graph iris = ProjectJson.read(Files.readString(Path.of("../sample-projects/iris.json")).replaceFirst("\"epochs\": \\d+", "\"epochs\": 3"), "iris.json");
        TableView<CrossValidation.Fold> one = crossValidate(robot, iris, 2);
        assertEquals(List.of("fold", "training", "validation", "epochs", "val_accuracy", "val_loss", "seconds"), shown(one), "one target: as before");
    }
}
