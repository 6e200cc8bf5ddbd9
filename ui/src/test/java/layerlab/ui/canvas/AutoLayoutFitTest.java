package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Auto-layout (L) of the whole drawing shows the whole drawing as laid out: cards strewn far apart come together in view. */
class AutoLayoutFitTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempDirectory("layerlab-layout-fit").resolve("recovery.json"), 1100, 700);
    }

    @Test
    void laidOutTheDrawingIsFittedToItsNewPlaces(FxRobot robot) {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(4000, 3000))).after()
                .addNode(new Node("relu1", "relu1", "ReLU", Map.of(), new Position(-3000, 2500))).after()
                .connect("x.out", "fc1.in").after()
                .connect("fc1.out", "relu1.in").after();
        robot.interact(() -> window.editor().load(g));
        robot.interact(() -> window.canvas().fit());
        double before = window.canvas().viewport().zoomProperty().get();
        Point2D centre = robot.lookup("#canvasSurface").query().localToScreen(300, 300);
        robot.clickOn(centre);
        robot.type(KeyCode.L);
        WaitForAsyncUtils.waitForFxEvents();
        CanvasView cv = window.canvas();
        double zoom = cv.viewport().zoomProperty().get();
        assertTrue(zoom > before * 2, "zoomed to the row laid out: " + before + " → " + zoom);
        Rectangle2D world = cv.worldBounds();
        Bounds surface = robot.lookup("#canvasSurface").query().getLayoutBounds();
        Point2D a = cv.viewport().toScreen(world.getMinX(), world.getMinY()), b = cv.viewport().toScreen(world.getMaxX(), world.getMaxY());
        assertTrue(a.getX() >= 0 && a.getY() >= 0 && b.getX() <= surface.getWidth() && b.getY() <= surface.getHeight(),
                "the whole drawing in view: " + a + " – " + b + " in " + surface);
    }
}
