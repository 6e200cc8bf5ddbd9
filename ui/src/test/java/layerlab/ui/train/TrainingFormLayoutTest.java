package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The training form with a loss and its class weights and two parameter groups, in the default window and at 200 % text
 * on a 1280×720 projector: the settings column keeps its usual width at 100 % (no field pushes it wider), every field
 * and button of the groups lies inside the column, and the labels read whole. With {@code -Dlayerlab.screenshots=DIR}
 * the column is written as PNGs to look at.
 */
class TrainingFormLayoutTest extends WindowTest {
    private static Graph withGroups() throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        Map<String, Object> t = new LinkedHashMap<>(g.training());
        t.put("loss", Map.of("name", "CrossEntropyLoss", "weight", List.of(1.0, 2.0, 1.0)));
        t.put("clip_grad_norm", 1.0);
        t.put("clip_grad_norm_type", "inf");
        t.put("param_groups", List.of(Map.of("params", List.of("*.bias"), "weight_decay", 0), Map.of("params", List.of("fc1.*"), "lr", 0.001)));
        return g.set(GraphChange.Setting.TRAINING, t).after();
    }

    /** Scrolls the column to the groups, then checks that the groups and the loss's options lie within it and read whole. */
    private void check(FxRobot robot, Dashboard d, String shot) throws Exception {
        ScrollPane left = (ScrollPane) ((javafx.scene.layout.BorderPane) d.getLeft()).getCenter();
        TestWindows.waitFor("the groups' parameters counted", () -> robot.lookup("#train-group-1-problem").queryAs(Labeled.class).isVisible());
        scrollTo(robot, left, "#trainLoss");
        snapshot(robot, d, shot + "-loss.png");
        scrollTo(robot, left, "#trainParamGroups");
        snapshot(robot, d, shot + "-groups.png");
        scrollTo(robot, left, "#train-group-1");
        snapshot(robot, d, shot + "-groups2.png");
        scrollTo(robot, left, "#train-group-0-eps");
        snapshot(robot, d, shot + "-options.png");
        scrollTo(robot, left, "#train-clip_grad_norm");
        snapshot(robot, d, shot + "-clipping.png");
        Bounds view = left.localToScene(left.getViewportBounds().getWidth() > 0 ? new javafx.geometry.BoundingBox(0, 0,
                left.getViewportBounds().getWidth(), left.getViewportBounds().getHeight()) : left.getLayoutBounds());
        List<String> ids = List.of("#train-group-0-params", "#train-group-0-lr", "#train-group-0-remove", "#train-group-1-remove", "#train-group-add",
                "#train-loss-weight", "#train-clip_grad_norm_type", "#train-group-0-amsgrad", "#train-early_stopping-metric", "#train-checkpoint_every");
        for (String id : ids) {
            Node n = robot.lookup(id).query();
            Bounds b = n.localToScene(n.getLayoutBounds());
            assertTrue(b.getMaxX() <= view.getMaxX() + 0.5 && b.getMinX() >= view.getMinX() - 0.5, id + " " + b + " within the column " + view);
        }
        for (Node n : robot.lookup("#trainParamGroups .label").queryAll()) {
            if (n instanceof Labeled l && n.isVisible() && !l.isWrapText() && !l.getText().isEmpty()) assertEquals(l.getText(), TestWindows.shownText(l), "read whole");
        }
        for (String id : List.of("#train-group-0-remove", "#train-group-add")) {
            Labeled b = robot.lookup(id).queryAs(Labeled.class);
            assertEquals(b.getText(), TestWindows.shownText(b), id + " reads whole");
        }
    }

    private void scrollTo(FxRobot robot, ScrollPane left, String id) throws Exception {
        Node n = robot.lookup(id).query();
        robot.interact(() -> {
            Bounds b = left.getContent().sceneToLocal(n.localToScene(n.getBoundsInLocal()));
            double room = left.getContent().getBoundsInLocal().getHeight() - left.getViewportBounds().getHeight();
            left.setVvalue(Math.min(1, Math.max(0, (b.getMinY() - 20) / Math.max(1, room))));
        });
        TestWindows.awaitPulses(stage.getScene(), 3);
    }

    /** The settings column as the PNG {@code name}, when {@code -Dlayerlab.screenshots=DIR} asks for it. */
    private static void snapshot(FxRobot robot, Dashboard d, String name) throws Exception {
        String out = System.getProperty("layerlab.screenshots");
        if (out == null || out.isBlank()) return;
        WritableImage[] img = {null};
        robot.interact(() -> img[0] = d.getLeft().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", Files.createDirectories(Path.of(out)).resolve(name).toFile());
    }

    @Test
    void theGroupsFitTheColumnAtItsUsualWidth(FxRobot robot) throws Exception {
        Graph g = withGroups();
        robot.interact(() -> window.files().newProject(g));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        double width = d.getLeft().getLayoutBounds().getWidth();
        check(robot, d, "training-100");
        assertEquals("inf", robot.lookup("#train-clip_grad_norm_type").queryAs(TextField.class).getText());
        assertTrue(width <= 320, "the column keeps its usual width: " + width);
    }

    @Test
    void theGroupsFitTheColumnAt200PercentText(FxRobot robot) throws Exception {
        robot.interact(() -> window.model().textSizeProperty().set(TextSize.LARGEST));
        Graph g = withGroups();
        robot.interact(() -> window.files().newProject(g));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        check(robot, d, "training-200");
        robot.interact(() -> window.model().textSizeProperty().set(TextSize.NORMAL));
    }
}
