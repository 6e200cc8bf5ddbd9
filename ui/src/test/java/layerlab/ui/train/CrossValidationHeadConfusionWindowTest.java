package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Train › Cross-Validate… of the penguins-two-heads sample ends with the pooled confusion matrix of its classifier head,
 * titled by its loss node, its rows the species, as a one-target classifier's window ends with its one; the bill depth
 * head, an amount, has none.
 */
@WindowTest.Size(width = 1260, height = 790)
class CrossValidationHeadConfusionWindowTest extends WindowTest {
    @Test
    void theClassifierHeadsPooledMatrixIsShown(FxRobot robot) throws Exception {
        Graph two = ProjectJson.read(Files.readString(Path.of("../sample-projects/penguins-two-heads.json")).replace("\"epochs\": 60", "\"epochs\": 2"),
                "penguins-two-heads.json");
        robot.interact(() -> window.files().newProject(two));
        robot.clickOn("#menuTrain");
        robot.clickOn("#trainMenuCrossValidate");
        waitFor("the window", () -> TestWindows.windowWith("crossValidation") != null);
        Stage cv = TestWindows.windowWith("crossValidation");
        @SuppressWarnings("unchecked")
        Spinner<Integer> folds = (Spinner<Integer>) cv.getScene().lookup("#cvFolds");
        robot.interact(() -> folds.getValueFactory().setValue(3));
        robot.clickOn("#cvStart");
        waitFor("3 folds", () -> ((Label) cv.getScene().lookup("#cvStatus")).getText().startsWith("Done"));
        String pooled = ((Label) cv.getScene().lookup("#cvPooled")).getText();
        assertTrue(pooled.startsWith("Head species_loss: every sample, predicted by the model that did not train on it:\ntrue\\pred"), pooled);
        for (String species : new String[] {"Adelie", "Chinstrap", "Gentoo"}) assertTrue(pooled.contains("\n" + species + " "), pooled);
        assertTrue(!pooled.contains("bill_loss"), "an amount has no matrix: " + pooled);
        TestWindows.screenshot(robot, cv, "cross-validation-two-heads-confusion.png");
    }
}
