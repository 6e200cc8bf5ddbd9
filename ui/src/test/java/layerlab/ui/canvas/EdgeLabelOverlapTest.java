package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Bounds;
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.project.Samples;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The shape labels of wires that run close together (a layer with several outputs, an Add or Concat with several inputs)
 * lie apart: no two overlap, none lies on a card, on its own wire or on another wire, in every sample and classroom project
 * and their blocks, at 100 % and 150 % text; at 150 % the whole drawing, their text with it, is half as large again, as the window's text is.
 */
@WindowTest.Size(width = 1280, height = 820)
class EdgeLabelOverlapTest extends WindowTest {
    @Test
    void noLabelOverlapsAnotherOrCrossesAWireInAnyShippedProjectOrBlock(FxRobot robot) throws Exception {
        List<String> problems = new ArrayList<>(), crossed = new ArrayList<>();
        for (TextSize size : List.of(TextSize.NORMAL, TextSize.LARGER)) {
            robot.interact(() -> window.model().textSizeProperty().set(size));
            for (String name : shipped()) {
                TestWindows.laidOut(stage, () -> open(name));
                TestWindows.laidOut(stage, this::nearEnoughForLabels);
                problems.addAll(overlaps(name + " at " + size.displayName(), window.canvas()));
                crossed.addAll(crossedByOthers(name + " at " + size.displayName(), window.canvas()));
                // The labels grow with the window's text as the whole drawing does, the cards with them: 10 world units,
                // drawn at the text's scale (CanvasTextSizeTest).
                for (EdgeView v : window.canvas().edgeViews()) {
                    if (Math.abs(v.label.getFont().getSize() - 10) > 0.01) {
                        problems.add(name + " at " + size.displayName() + ": a label's text is " + v.label.getFont().getSize() + "px");
                    }
                }
                if (window.canvas().viewport().textScale() != size.percent() / 100.0) problems.add(name + ": the drawing's scale at " + size.displayName());
                for (Block b : window.editor().graph().blocks()) {
                    TestWindows.laidOut(stage, () -> window.canvas().openDefinition(b.name()));
                    TestWindows.laidOut(stage, () -> window.canvas().fit());
                    problems.addAll(overlaps(name + " › " + b.name() + " at " + size.displayName(), window.canvas()));
                    crossed.addAll(crossedByOthers(name + " › " + b.name() + " at " + size.displayName(), window.canvas()));
                    robot.interact(() -> window.canvas().closeBlock());
                }
            }
        }
        assertEquals(List.of(), problems);
        // Off the other wires too (7 lay on one, 5 at 150 % text where a label wider than the gap between two cards stacked a
        // whole row out into the wire back to the next band, 2 beside a residual skip run down through a band).
        assertEquals(List.of(), crossed);
    }

    /** Every project the app ships: the samples, and the classroom guide's projects (docs/classroom). */
    private static List<String> shipped() {
        List<String> out = new ArrayList<>(Samples.names());
        try (var s = java.nio.file.Files.list(Path.of("..", "docs", "classroom"))) {
            s.map(Path::toString).filter(n -> n.endsWith(".json")).sorted().forEach(out::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** Opens a sample, or a classroom project by its path. */
    private void open(String name) {
        if (name.contains(java.io.File.separator)) window.openPath(Path.of(name));
        else window.openSampleAtStart(name);
    }

    /**
     * A deep project (the classroom's 26 layers) opens zoomed out, where the canvas draws no label: it is looked at from
     * the least zoom that draws them, its top-left corner in the view's.
     */
    private void nearEnoughForLabels() {
        Viewport vp = window.canvas().viewport();
        if (vp.zoom() >= CanvasView.FAR_ZOOM) return;
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE;
        for (NodeCard c : window.canvas().cards().values()) {
            x0 = Math.min(x0, c.getLayoutX());
            y0 = Math.min(y0, c.getLayoutY());
        }
        vp.zoomProperty().set(CanvasView.FAR_ZOOM);
        vp.pan(Wire.BACK_HOOK * CanvasView.FAR_ZOOM - (vp.xProperty().get() + x0 * CanvasView.FAR_ZOOM),
                20 - (vp.yProperty().get() + y0 * CanvasView.FAR_ZOOM));
    }

    /**
     * One layer feeding five, all five into one Concat, and x squared (both inputs of a Multiply from one output): wires
     * whose labels would sit on each other.
     */
    @Test
    void aFanOutAndFanInKeepTheirLabelsApart(FxRobot robot) {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 240))).after();
        for (int i = 0; i < 5; i++) {
            g = g.addNode(new Node("fc" + i, "fc" + i, "Linear", Map.of("out_features", 4 + i), new Position(300, 40 + 120 * i))).after()
                    .connect("x.out", "fc" + i + ".in").after();
        }
        g = g.addNode(new Node("cat", "cat", "Concat", Map.of("dim", 1, "num_inputs", 5), new Position(580, 240))).after();
        for (int i = 0; i < 5; i++) g = g.connect("fc" + i + ".out", "cat.in" + (i + 1)).after();
        g = g.addNode(new Node("sq", "sq", "Multiply", Map.of(), new Position(300, 640))).after()
                .connect("x.out", "sq.in1").after().connect("x.out", "sq.in2").after();
        Graph shown = g;
        robot.interact(() -> window.editor().load(shown));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.canvas().fit());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(12, window.canvas().edgeViews().size());
        assertEquals(List.of(), overlaps("fan-out and fan-in", window.canvas()));
    }

    /** Which labels of {@code canvas}'s wires another wire runs through (world units, as laid out and styled). */
    static List<String> crossedByOthers(String where, CanvasView canvas) {
        List<String> problems = new ArrayList<>();
        for (EdgeView v : canvas.edgeViews()) {
            Bounds a = v.label.getBoundsInParent();
            for (EdgeView o : canvas.edgeViews()) {
                if (o != v && WireLabels.crosses(o.route, a.getMinX(), a.getMinY(), a.getMaxX(), a.getMaxY())) {
                    problems.add(where + ": the label of " + v.getAccessibleText() + " lies on the wire " + o.getAccessibleText());
                }
            }
        }
        return problems;
    }

    /** Which labels of {@code canvas}'s wires overlap one another or a card (world units, as laid out and styled). */
    static List<String> overlaps(String where, CanvasView canvas) {
        List<String> problems = new ArrayList<>();
        List<EdgeView> shown = new ArrayList<>();
        for (EdgeView v : canvas.edgeViews()) if (v.getParent() != null && !v.label.getText().isEmpty()) shown.add(v);
        if (shown.size() != canvas.edgeViews().size()) problems.add(where + ": every wire in the scene, " + shown.size() + " of " + canvas.edgeViews().size());
        for (int i = 0; i < shown.size(); i++) {
            Bounds a = shown.get(i).label.getBoundsInParent();
            for (int j = i + 1; j < shown.size(); j++) {
                if (a.intersects(shown.get(j).label.getBoundsInParent())) {
                    problems.add(where + ": the labels of " + shown.get(i).getAccessibleText() + " and " + shown.get(j).getAccessibleText() + " overlap");
                }
            }
            // Off its own wire: above a steep part (a residual skip through the gap between two cards) the wire ran through
            // it, and it sat in the other wire's gap as if a second label of that wire.
            if (WireLabels.crosses(shown.get(i).route, a.getMinX(), a.getMinY(), a.getMaxX(), a.getMaxY())) {
                problems.add(where + ": the label of " + shown.get(i).getAccessibleText() + " lies on its own wire");
            }
            for (NodeCard c : canvas.cards().values()) {
                if (a.intersects(c.getLayoutX(), c.getLayoutY(), NodeCard.W, NodeCard.H)) {
                    problems.add(where + ": the label of " + shown.get(i).getAccessibleText() + " lies on " + c.node().name());
                }
            }
        }
        return problems;
    }
}
