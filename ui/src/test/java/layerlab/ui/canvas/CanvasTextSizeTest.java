package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import layerlab.graph.Edge;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * View › Text Size enlarges the canvas's drawing with the window's text: at 200 % a card, its title, shape line and badge,
 * its ports and the wires' labels are drawn twice as large on screen (the cards' text was fixed in px and stayed small
 * while the wires' labels grew), the wires still end on the ports, the zoom the user chose is kept and shown as it was,
 * and the positions (what is saved) do not change. With {@code -Dlayerlab.screenshots=DIR} the window is written at 100,
 * 150 and 200 %.
 */
@WindowTest.Size(width = 1280, height = 820)
class CanvasTextSizeTest extends WindowTest {
    @Test
    void cardsTheirTextAndPortsGrowWithTheWindowsTextAndWiresStayOnThePorts(FxRobot robot) throws Exception {
        CanvasView cv = window.canvas();
        robot.interact(() -> editor.load(TestWindows.chain()));
        TestWindows.laidOut(stage, () -> cv.viewport().hold());
        Map<String, Position> saved = positions();
        double card = screenWidth(cv.cards().get("fc1")), title = screenHeight(nameOf("fc1")), label = labelScreenHeight(cv);
        assertEquals(NodeCard.W, card, 0.5, "a card at 100 % text and zoom");
        TestWindows.screenshot(robot, stage, "canvas-text-100.png");

        for (TextSize size : List.of(TextSize.LARGER, TextSize.LARGEST, TextSize.NORMAL)) {
            TestWindows.laidOut(stage, () -> window.model().textSizeProperty().set(size));
            double s = size.percent() / 100.0;
            String at = " at " + size.displayName();
            assertEquals(card * s, screenWidth(cv.cards().get("fc1")), 1, "the card's width" + at);
            assertEquals(title * s, screenHeight(nameOf("fc1")), 1.5, "the card's title" + at);
            assertEquals(label * s, labelScreenHeight(cv), 1.5, "a wire's label" + at);
            assertEquals("100%", robot.lookup("#zoomLabel").queryAs(Label.class).getText(), "the user's zoom" + at);
            assertEquals(List.of(), wiresOffTheirPorts(cv), "wires" + at);
            assertEquals(saved, positions(), "the positions" + at);
            if (size != TextSize.NORMAL) TestWindows.screenshot(robot, stage, "canvas-text-" + size.percent() + ".png");
        }
    }

    @Test
    void aZoomedCanvasKeepsItsZoomThroughATextSizeChange(FxRobot robot) throws Exception {
        CanvasView cv = window.canvas();
        robot.interact(() -> editor.load(TestWindows.chain()));
        TestWindows.laidOut(stage, () -> cv.zoomBy(1.25));
        TestWindows.laidOut(stage, () -> window.model().textSizeProperty().set(TextSize.LARGEST));
        assertEquals(2.5, cv.viewport().zoom(), 1e-9, "1.25 of 200 %");
        assertEquals("125%", robot.lookup("#zoomLabel").queryAs(Label.class).getText());
        assertEquals(NodeCard.W * 2.5, screenWidth(cv.cards().get("fc1")), 1);
        // Zoomed out as far as the zoom goes, at 200 %: 10 % of the text's size, as at 100 %.
        for (int i = 0; i < 40; i++) robot.interact(() -> cv.zoomBy(1 / 1.25));
        assertEquals("10%", robot.lookup("#zoomLabel").queryAs(Label.class).getText());
        TestWindows.laidOut(stage, () -> window.model().textSizeProperty().set(TextSize.NORMAL));
        assertEquals(Viewport.MIN_ZOOM, cv.viewport().zoom(), 1e-9);
        assertEquals(List.of(), wiresOffTheirPorts(cv));
    }

    @Test
    void aFittedDrawingIsFittedAgainAtTheNewSize(FxRobot robot) throws Exception {
        CanvasView cv = window.canvas();
        // Two cards: room for them at twice the size beside the panels that 200 % text widens.
        layerlab.graph.Graph two = layerlab.graph.Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(240, 40))).after()
                .connect("x.out", "fc1.in").after();
        robot.interact(() -> editor.load(two));
        TestWindows.laidOut(stage, cv::fit);
        double fitted = cv.viewport().zoom();
        TestWindows.laidOut(stage, () -> window.model().textSizeProperty().set(TextSize.LARGEST));
        assertTrue(cv.viewport().isFitted(), "still fitted");
        // Twice as large, or as large as the canvas lets the whole drawing be.
        double w = cv.surface.getWidth(), h = cv.surface.getHeight();
        for (NodeCard c : cv.cards().values()) {
            Bounds b = cv.surface.sceneToLocal(c.localToScene(c.getBoundsInLocal()));
            assertTrue(b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= w && b.getMaxY() <= h, c.nodeId() + " in view: " + b);
        }
        assertTrue(cv.viewport().zoom() > fitted * 1.2, "larger than at 100 %: " + cv.viewport().zoom() + " against " + fitted);
        // A sample as it opens at each size, for the eye.
        for (TextSize size : List.of(TextSize.NORMAL, TextSize.LARGER, TextSize.LARGEST)) {
            TestWindows.laidOut(stage, () -> window.model().textSizeProperty().set(size));
            TestWindows.laidOut(stage, () -> window.openSampleAtStart("iris.json"));
            TestWindows.screenshot(robot, stage, "canvas-iris-" + size.percent() + ".png");
        }
    }

    private Map<String, Position> positions() {
        Map<String, Position> out = new TreeMap<>();
        for (Node n : editor.graph().nodes()) out.put(n.id(), n.position());
        return out;
    }

    private Label nameOf(String id) {
        return (Label) window.canvas().cards().get(id).lookup(".node-name");
    }

    private static double screenWidth(javafx.scene.Node n) {
        return n.localToScene(n.getLayoutBounds()).getWidth();
    }

    private static double screenHeight(javafx.scene.Node n) {
        return n.localToScene(n.getLayoutBounds()).getHeight();
    }

    private static double labelScreenHeight(CanvasView cv) {
        return screenHeight(cv.edgeViews().iterator().next().label);
    }

    /** The wires whose ends are more than a pixel (on screen) from their ports' centres. */
    private static List<String> wiresOffTheirPorts(CanvasView cv) {
        List<String> off = new ArrayList<>();
        for (EdgeView v : cv.edgeViews()) {
            Edge e = v.edge;
            PortDot from = cv.cards().get(e.fromNode()).port(e.fromPort(), false), to = cv.cards().get(e.toNode()).port(e.toPort(), true);
            int n = v.route.length;
            Point2D start = v.curve.localToScene(v.route[0], v.route[1]), end = v.curve.localToScene(v.route[n - 2], v.route[n - 1]);
            if (start.distance(from.localToScene(from.getCenterX(), from.getCenterY())) > 1) off.add(e + " starts at " + start);
            if (end.distance(to.localToScene(to.getCenterX(), to.getCenterY())) > 1) off.add(e + " ends at " + end);
        }
        return off;
    }
}
