package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.event.ActionEvent;
import javafx.scene.control.ComboBox;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A network of two loss nodes ({@code ce}, {@code aux}): the training form's "Watching" choice offers each one's own loss
 * beside their weighted sum ({@code val_loss_ce} after {@code val_loss}), and choosing one writes
 * {@code training.early_stopping.metric}; a network of one loss offers only the usual metrics. With
 * {@code -Dlayerlab.screenshots=DIR} the form and the choice's open list are written as PNGs.
 */
@WindowTest.Size(width = 1260, height = 790)
class WatchingLossNodeFormTest extends WindowTest {
    @TempDir
    Path files;

    private Graph project() throws Exception {
        Path file = files.resolve("aux.json");
        Files.writeString(file, Files.readString(Path.of("../engine/src/test/resources/projects/aux-head.json")).replace("\"training\": {}}", """
                 "dataset": {"source": "iris", "normalize": "standardize", "validation_split": 0.2, "seed": 0},
                 "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "epochs": 2, "batch_size": 16, "seed": 0, "early_stopping": {"metric": "val_loss", "patience": 3}, "loss_weights": {"aux": 0.3}}}
                """));
        return ProjectJson.load(file);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachLossNodesOwnLossCanBeWatched(FxRobot robot) throws Exception {
        robot.interact(() -> {
            try {
                window.files().newProject(project());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<String> watched = robot.lookup("#train-early_stopping-metric").queryComboBox();
        assertEquals(List.of("val_loss", "val_loss_ce", "val_loss_aux", "val_accuracy", "val_mae", "train_loss", "train_loss_ce", "train_loss_aux",
                "train_accuracy", "train_mae"), watched.getItems());
        robot.interact(() -> {
            watched.setValue("val_loss_ce");
            watched.getOnAction().handle(new ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Object> es = (Map<String, Object>) window.editor().graph().training().get("early_stopping");
        assertEquals("val_loss_ce", es.get("metric"));
        assertEquals("val_loss_ce", robot.lookup("#train-early_stopping-metric").queryComboBox().getValue(), "shown as written");
        robot.interact(() -> robot.lookup("#train-early_stopping-metric").queryComboBox().show());
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(robot, "watching-loss-node");
        robot.interact(() -> robot.lookup("#train-early_stopping-metric").queryComboBox().hide());

        Graph iris = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(iris));
        WaitForAsyncUtils.waitForFxEvents();
        List<?> items = robot.lookup("#train-early_stopping-metric").queryComboBox().getItems();
        assertFalse(items.stream().anyMatch(i -> String.valueOf(i).startsWith("val_loss_")), "one loss: " + items);
        assertTrue(items.contains("val_loss"), items.toString());
    }

    private void snapshot(FxRobot robot, String name) throws Exception {
        String out = System.getProperty("layerlab.screenshots");
        if (out == null || out.isBlank()) return;
        // The form around the choice, and the choice's open list (a popup, which a snapshot of the scene leaves out).
        WritableImage[] img = {null, null};
        robot.interact(() -> {
            ComboBox<String> watched = robot.lookup("#train-early_stopping-metric").queryComboBox();
            img[0] = watched.getParent().snapshot(null, null);
            img[1] = ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) watched.getSkin()).getPopupContent().snapshot(null, null);
        });
        Path dir = Files.createDirectories(Path.of(out));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", dir.resolve(name + ".png").toFile());
        ImageIO.write(SwingFXUtils.fromFXImage(img[1], null), "png", dir.resolve(name + "-list.png").toFile());
    }
}
