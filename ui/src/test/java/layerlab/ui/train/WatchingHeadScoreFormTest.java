package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The penguins-two-heads sample (a species classifier, a bill-depth regressor): the training form's "Watching" choice
 * offers each head's own score after the score of the run ({@code val_accuracy_species_loss} after {@code val_accuracy},
 * {@code val_mae_bill_loss} after {@code val_mae}); choosing one from the open list writes
 * {@code training.early_stopping.metric}; a score the head does not have is said under the field with the one-click fix.
 * With {@code -Dlayerlab.screenshots=DIR} the choice's open list is written as a PNG.
 */
@WindowTest.Size(width = 1260, height = 790)
class WatchingHeadScoreFormTest extends WindowTest {
    private Graph project(String metric) throws Exception {
        String json = Files.readString(Path.of("../sample-projects/penguins-two-heads.json"))
                .replace("\"loss_weights\"", "\"early_stopping\": {\"metric\": \"" + metric + "\", \"patience\": 3}, \"loss_weights\"");
        return ProjectJson.read(json, "penguins-two-heads.json");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachHeadsOwnScoreCanBeWatched(FxRobot robot) throws Exception {
        Graph g = project("val_loss");
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<String> watched = robot.lookup("#train-early_stopping-metric").queryComboBox();
        assertEquals(List.of("val_loss", "val_loss_species_loss", "val_loss_bill_loss", "val_accuracy", "val_accuracy_species_loss", "val_mae",
                "val_mae_bill_loss", "train_loss", "train_loss_species_loss", "train_loss_bill_loss", "train_accuracy", "train_accuracy_species_loss",
                "train_mae", "train_mae_bill_loss"), watched.getItems());
        // As a user: open the list (the field may be scrolled out of the form's view) and click the head's score in it.
        robot.interact(watched::show);
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(robot, "watching-head-score");
        robot.clickOn(robot.lookup(".list-cell").match(c -> c instanceof javafx.scene.control.ListCell<?> l && "val_mae_bill_loss".equals(l.getText()))
                .queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Object> es = (Map<String, Object>) window.editor().graph().training().get("early_stopping");
        assertEquals("val_mae_bill_loss", es.get("metric"));
        assertEquals("val_mae_bill_loss", robot.lookup("#train-early_stopping-metric").queryComboBox().getValue(), "shown as written");
        Label why = robot.lookup("#train-early_stopping-metric-problem").queryAs(Label.class);
        assertFalse(why.isVisible() && !why.getText().isEmpty(), "a score the network has: " + why.getText());

        // A score the head has not (an accuracy of the amount): said under the field, and one click watches its MAE.
        Graph wrong = project("val_accuracy_bill_loss");
        robot.interact(() -> window.files().newProject(wrong));
        WaitForAsyncUtils.waitForFxEvents();
        Label said = robot.lookup("#train-early_stopping-metric-problem").queryAs(Label.class);
        assertTrue(said.getText().contains("\"bill_loss\" is an amount's loss: watch val_mae_bill_loss"), said.getText());
        Button fix = robot.lookup("#train-early_stopping-metric-fix").queryAs(Button.class);
        assertEquals("Watch val_mae_bill_loss", fix.getText());
        robot.interact(fix::fire); // under the form's fold
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("val_mae_bill_loss", ((Map<String, Object>) window.editor().graph().training().get("early_stopping")).get("metric"));

        Graph iris = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(iris));
        WaitForAsyncUtils.waitForFxEvents();
        List<?> items = robot.lookup("#train-early_stopping-metric").queryComboBox().getItems();
        assertEquals(List.of("val_loss", "val_accuracy", "val_mae", "train_loss", "train_accuracy", "train_mae"), items, "one target: no head's own score");
    }

    private void snapshot(FxRobot robot, String name) throws Exception {
        String out = System.getProperty("layerlab.screenshots");
        if (out == null || out.isBlank()) return;
        WritableImage[] img = {null};
        robot.interact(() -> {
            ComboBox<String> watched = robot.lookup("#train-early_stopping-metric").queryComboBox();
            img[0] = ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) watched.getSkin()).getPopupContent().snapshot(null, null);
        });
        Path dir = Files.createDirectories(Path.of(out));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", dir.resolve(name + "-list.png").toFile());
    }
}
