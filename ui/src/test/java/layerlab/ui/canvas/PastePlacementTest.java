package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Placement;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A paste lands where it is seen and on no card: a copy from another project (its places mean nothing here) in the
 * middle of the view, or at the pointer; an ungrouped block's layers where the block was, clear of the cards, in view.
 */
class PastePlacementTest extends WindowTest {
    /** Input → Linear → ReLU along a row at y, from x0 on. */
    private static Graph row(String prefix, double x0, double y) {
        return Graph.empty()
                .addNode(new Node(prefix + "x", prefix + "x", "Input", Map.of("shape", List.of(8)), new Position(x0, y))).after()
                .addNode(new Node(prefix + "fc", prefix + "fc", "Linear", Map.of("out_features", 4), new Position(x0 + 280, y))).after()
                .addNode(new Node(prefix + "relu", prefix + "relu", "ReLU", Map.of(), new Position(x0 + 560, y))).after()
                .connect(prefix + "x.out", prefix + "fc.in").after().connect(prefix + "fc.out", prefix + "relu.in").after();
    }

    @Test
    void aCopyFromAnotherProjectLandsInViewOnNoCard(FxRobot robot) {
        // Copied in one project, at places where the other project has its cards (+40 would put them on top of them).
        robot.interact(() -> {
            editor.load(row("a", 2000, 1500));
            editor.select(List.of("afc", "arelu"));
            window.canvas().copy();
            Graph other = row("b", 2040, 1540);
            for (int i = 0; i < 3; i++) other = other.addNode(new Node("n" + i, "n" + i, "ReLU", Map.of(), new Position(2040 + 280 * i, 1700))).after();
            editor.load(other);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.moveTo("#paletteSearch");
        robot.interact(() -> window.canvas().paste());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, editor.selection().size(), "the pasted nodes selected");
        assertPlacedWell(Set.copyOf(editor.selection()));
        // Pasted again: the second copy keeps clear of the first.
        robot.interact(() -> window.canvas().paste());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(10, editor.graph().nodes().size());
        assertPlacedWell(Set.copyOf(editor.selection()));
    }

    @Test
    void aPasteWithThePointerOverAFreePlaceLandsThere(FxRobot robot) {
        robot.interact(() -> {
            editor.load(row("a", 20, 40));
            editor.select(List.of("afc"));
            window.canvas().copy();
        });
        WaitForAsyncUtils.waitForFxEvents();
        CanvasView canvas = window.canvas();
        Point2D free = canvas.viewport().toScreen(300, 400);
        robot.moveTo(canvas.surface().localToScreen(free.getX(), free.getY()));
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        Node pasted = editor.graph().node(editor.selection().iterator().next());
        assertEquals(new Position(300, 400), pasted.position(), "its corner at the pointer");
        assertPlacedWell(Set.of(pasted.id()));
    }

    /**
     * A layer pasted near the bottom of the view has problems (its input is not connected): the Problems list unfolds
     * under the canvas, which shrinks, and the view keeps the new card in sight rather than hiding it behind the list.
     */
    @Test
    void aCardPastedNearTheBottomStaysInViewWhenTheProblemsListUnfolds(FxRobot robot) throws Exception {
        Graph g = row("a", 20, 40).addNode(new Node("out", "out", "Output", Map.of(), new Position(860, 40))).after()
                .connect("arelu.out", "out.in").after();
        robot.interact(() -> {
            editor.load(g);
            editor.select(List.of("afc"));
            window.canvas().copy();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(editor.analysis().problems().isEmpty(), editor.analysis().problems().toString());
        CanvasView canvas = window.canvas();
        double before = canvas.surface().getHeight();
        robot.moveTo(canvas.surface().localToScreen(200, before - 30));
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        // The list unfolds, and the view follows the canvas's new height, a layout pass or two after the paste.
        TestWindows.waitFor("the Problems list unfolded", 10, () -> canvas.surface().getHeight() < before - 40);
        TestWindows.awaitPulses(canvas.getScene(), 3);
        assertTrue(canvas.surface().getHeight() < before - 40, "the Problems list took room: " + before + " → " + canvas.surface().getHeight());
        assertPlacedWell(Set.copyOf(editor.selection()));
    }

    @Test
    void ungroupedLayersGoWhereTheBlockWasClearOfTheCardsAndInView(FxRobot robot) {
        // A block of two layers in a row, placed between two cards a column apart: laid out as in the block, its layers
        // would lie on the card after it.
        Graph body = row("", 0, 0).addNode(new Node("o", "y", "Output", Map.of(), new Position(840, 0))).after()
                .connect("relu.out", "o.in").after();
        Graph g = Graph.empty().addBlock(new Block("Two", "", body)).after()
                .addNode(new Node("src", "src", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("b", "b", "Block", Map.of("block", "Two"), new Position(300, 40))).after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(580, 40))).after()
                .addNode(new Node("side", "side", "ReLU", Map.of(), new Position(300, 200))).after()
                .connect("src.out", "b.x").after().connect("b.y", "out.in").after();
        robot.interact(() -> {
            editor.load(g);
            editor.select(List.of("b"));
            window.canvas().fit();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertAllInView();
        robot.interact(() -> window.canvas().ungroupSelection());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, editor.selection().size());
        assertPlacedWell(Set.copyOf(editor.selection()));
        double[] box = Placement.bounds(Placement.rects(editor.graph(), editor.selection()));
        assertTrue(Math.abs(box[0] - 300) <= 300 && Math.abs(box[1] - 40) <= 300, "near where the block was: " + box[0] + ", " + box[1]);
        assertAllInView();
    }

    @Test
    void ungroupingTheSamplesResBlockPushesNoCardOutOfView(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/net-with-resblock.json"));
        robot.interact(() -> editor.load(g));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.canvas().fit());
        assertAllInView();
        robot.interact(() -> {
            editor.select(List.of(g.nodeByName("res1").id()));
            window.canvas().ungroupSelection();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(7, editor.selection().size());
        assertAllInView();
    }

    /** The nodes {@code ids} lie wholly in view, and no other card or note comes within a grid step of them. */
    private void assertPlacedWell(Set<String> ids) {
        CanvasView canvas = window.canvas();
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            Node n = editor.graph().node(id);
            if (!inView(canvas, n.position())) problems.add(n.name() + " out of view at " + n.position());
            for (Node m : editor.graph().nodes()) {
                if (ids.contains(m.id())) continue;
                if (Math.abs(m.position().x() - n.position().x()) < NodeCard.W + Placement.APART
                        && Math.abs(m.position().y() - n.position().y()) < NodeCard.H + Placement.APART) {
                    problems.add(n.name() + " at " + n.position() + " on " + m.name() + " at " + m.position());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private void assertAllInView() {
        List<String> out = new ArrayList<>();
        for (Node n : editor.graph().nodes()) if (!inView(window.canvas(), n.position())) out.add(n.name());
        assertEquals(List.of(), out, "out of view");
    }

    private static boolean inView(CanvasView canvas, Position p) {
        Viewport vp = canvas.viewport();
        Bounds view = canvas.surface().getLayoutBounds();
        Point2D a = vp.toScreen(p.x(), p.y()), b = vp.toScreen(p.x() + NodeCard.W, p.y() + NodeCard.H);
        return a.getX() >= 0 && a.getY() >= 0 && b.getX() <= view.getWidth() && b.getY() <= view.getHeight();
    }
}

