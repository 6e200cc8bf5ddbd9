package layerlab.ui.canvas;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.json.ProjectJson;
import layerlab.train.TensorStats;
import layerlab.train.TrainingEvent.ParameterStat;
import layerlab.train.TrainingEvent.ParameterStats;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What a card says beyond its kind and shape: what a sequence reducer computes once its lengths are connected, the
 * warnings the checks of the whole graph find on it, and its gradient norm while the tint is on.
 */
class CardCuesTest extends WindowTest {
    private String paramsLine(FxRobot robot, String nodeName) {
        String id = editor.graph().nodeByName(nodeName).id();
        return robot.lookup("#node-" + id).lookup(".node-params").queryAs(Label.class).getText();
    }

    @Test
    void aLastStepWithLengthsSaysItTakesEachSequencesOwnLastStep(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "masked-surnames.json"));
        // A MeanOverTime beside the LastStep, on the same GRU and lengths.
        String gru = g.nodeByName("gru").id(), lengths = g.nodeByName("lengths").id();
        g = g.addNode(new Node("mean", "mean", "MeanOverTime", Map.of(), new Position(900, 420))).after()
                .connect(gru + ".out", "mean.in").after().connect(lengths + ".out", "mean.lengths").after();
        Graph loaded = g;
        robot.interact(() -> {
            editor.load(loaded);
            window.canvas().fit();
        });
        waitFor("the cards analysed", () -> paramsLine(robot, "last").startsWith("out["));
        assertEquals("out[n, lengths[n]-1]", paramsLine(robot, "last"), "each sequence's last real step, not out[:, -1]");
        assertEquals("masked mean(dim=1)", paramsLine(robot, "mean"), "the mean of the valid steps only");
        String why = String.join(" ", editor.analysis().info(editor.graph().nodeByName("last").id()).explanation());
        assertTrue(why.contains("each sequence's own last valid step"), why);
        TestWindows.screenshot(robot, stage, "card-laststep-lengths.png");
        // Without lengths, they take the last step and the mean over all steps, as the cards then say.
        robot.interact(() -> {
            Graph now = editor.graph();
            for (var e : List.copyOf(now.edges())) {
                if (e.toPort().equals("lengths") && !e.toNode().equals(now.nodeByName("gru").id())) now = now.disconnect(e).after();
            }
            editor.load(now);
        });
        waitFor("the cards analysed again", () -> paramsLine(robot, "last").equals("out[:, -1]"));
        assertEquals("out.mean(dim=1)", paramsLine(robot, "mean"));
    }

    @Test
    void aDanglingOutputsWarningShowsOnItsCard(FxRobot robot) throws Exception {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(260, 40))).after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(500, 40))).after()
                .addNode(new Node("fc2", "fc2", "Linear", Map.of("out_features", 3), new Position(260, 240))).after()
                .connect("x.out", "fc1.in").after().connect("fc1.out", "out.in").after().connect("x.out", "fc2.in").after();
        robot.interact(() -> editor.load(g));
        NodeCard fc2 = robot.lookup("#node-fc2").queryAs(NodeCard.class);
        waitFor("fc2's badge", () -> fc2.badge().isVisible());
        assertTrue(fc2.getPseudoClassStates().contains(PseudoClass.getPseudoClass("warning")), "a warning, not an error");
        // Amber and red look alike to colour-blind eyes: a warning's badge is a triangle, an error's a cross, as in Problems.
        assertEquals("⚠", fc2.badge().getText());
        assertTrue(fc2.badgeTooltip().getText().contains("its output is not connected to anything"), fc2.badgeTooltip().getText());
        assertTrue(fc2.getAccessibleText().contains("warning: "), fc2.getAccessibleText());
        assertFalse(robot.lookup("#node-fc1").queryAs(NodeCard.class).badge().isVisible(), "fc1 feeds the Output");
        TestWindows.screenshot(robot, stage, "card-dangling-warning.png");
        // Connected, the warning goes from the card.
        robot.interact(() -> editor.load(editor.graph().connect("fc2.out", "out.in").after()));
        waitFor("fc2's badge gone", () -> !fc2.badge().isVisible());
    }

    /** An error's badge is a cross, not the warning's triangle: red and amber alone look alike to a colour-blind student. */
    @Test
    void anErrorsBadgeIsACross(FxRobot robot) throws Exception {
        robot.interact(() -> editor.load(TestWindows.chain()));
        NodeCard fc2 = robot.lookup("#node-fc2").queryAs(NodeCard.class);
        waitFor("fc2's badge (its input is unfed)", () -> fc2.badge().isVisible());
        assertTrue(fc2.getPseudoClassStates().contains(PseudoClass.getPseudoClass("error")));
        assertEquals("✖", fc2.badge().getText());
        robot.interact(() -> window.canvas().zoomBy(2));
        TestWindows.screenshot(robot, stage, "card-error-badge.png");
    }

    @Test
    void aTintedCardSaysItsGradientNorm(FxRobot robot) throws Exception {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(260, 40))).after()
                .addNode(new Node("fc2", "fc2", "Linear", Map.of("out_features", 3), new Position(500, 40))).after()
                .connect("x.out", "fc1.in").after().connect("fc1.out", "fc2.in").after();
        robot.interact(() -> editor.load(g));
        WaitForAsyncUtils.waitForFxEvents();
        // fc1's weight and bias: a gradient norm of √(3² + 4²) = 5; fc2's 0.012.
        ParameterStats stats = new ParameterStats(1, 10, List.of(stat("fc1.weight", 3), stat("fc1.bias", 4), stat("fc2.weight", 0.012)));
        robot.interact(() -> window.dashboard().tint().apply(stats));
        NodeCard fc1 = robot.lookup("#node-fc1").queryAs(NodeCard.class), fc2 = robot.lookup("#node-fc2").queryAs(NodeCard.class);
        assertEquals("fc1: gradient norm 5", tip(fc1).getText());
        assertEquals("fc2: gradient norm 0.012", tip(fc2).getText());
        assertEquals("fc2: gradient norm 0.012", fc2.getAccessibleHelp(), "a screen reader hears it too");
        robot.moveTo(fc1);
        waitFor("fc1's tooltip shown", () -> tip(fc1).isShowing());
        TestWindows.screenshot(robot, stage, "card-gradient-norm.png");
        String shots = System.getProperty("layerlab.screenshots");
        if (shots != null && !shots.isBlank()) {
            javafx.scene.image.WritableImage[] img = {null};
            robot.interact(() -> img[0] = tip(fc1).getScene().getRoot().snapshot(null, null));
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img[0], null), "png", Path.of(shots, "card-gradient-norm-tip.png").toFile());
        }
        // The next statistics update the same tooltip; the tint cleared takes it away.
        ParameterStats later = new ParameterStats(1, 20, List.of(stat("fc1.weight", 2), stat("fc2.weight", 0.5)));
        Tooltip shown = tip(fc1);
        robot.interact(() -> window.dashboard().tint().apply(later));
        assertTrue(shown == tip(fc1), "a tooltip showing stays up as the numbers change");
        assertEquals("fc1: gradient norm 2", shown.getText());
        robot.interact(() -> window.dashboard().tint().clear());
        assertNull(tip(fc1));
        assertNull(fc1.getAccessibleHelp());
    }

    /**
     * A tinted card at the canvas's bottom edge, the training panel under the canvas: its tooltip shows above the card,
     * not over the panel (it covered Start below the pointer), and goes as soon as the pointer leaves the card for Start.
     */
    @Test
    void aTintedCardsTooltipLeavesThePanelBelowTheCanvasFree(FxRobot robot) throws Exception {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(260, 40))).after()
                .connect("x.out", "fc1.in").after();
        robot.interact(() -> {
            editor.load(g);
            window.dashboard().shownProperty().set(true);
        });
        WaitForAsyncUtils.waitForFxEvents();
        CanvasView canvas = window.canvas();
        // The cards' tops 40 px above the canvas's bottom edge: the pointer rests on their visible part.
        robot.interact(() -> canvas.viewport().pan(0, canvas.surface().getHeight() - 40 - canvas.viewport().toScreen(0, 40).getY()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.dashboard().tint().apply(new ParameterStats(1, 10, List.of(stat("fc1.weight", 3)))));
        NodeCard fc1 = robot.lookup("#node-fc1").queryAs(NodeCard.class);
        javafx.geometry.Point2D on = canvas.viewport().toScreen(260 + 60, 40 + 10);
        robot.moveTo(canvas.surface().localToScreen(on.getX(), on.getY()));
        waitFor("fc1's tooltip shown", () -> tip(fc1).isShowing());
        WaitForAsyncUtils.waitForFxEvents();
        javafx.geometry.Bounds shown = tip(fc1).getScene().getRoot().localToScreen(tip(fc1).getScene().getRoot().getLayoutBounds());
        javafx.geometry.Bounds card = fc1.localToScreen(fc1.getLayoutBounds());
        javafx.geometry.Bounds surface = canvas.surface().localToScreen(canvas.surface().getLayoutBounds());
        javafx.geometry.Bounds start = robot.lookup("#trainStart").query().localToScreen(robot.lookup("#trainStart").query().getLayoutBounds());
        assertTrue(shown.getMaxY() <= card.getMinY() + 0.5, "above the card: " + shown + " / " + card);
        assertTrue(shown.getMaxY() <= surface.getMaxY() && !shown.intersects(start), "clear of the panel below: " + shown + " / " + start);
        TestWindows.screenshot(robot, stage, "card-gradient-norm-bottom.png");
        robot.moveTo("#trainStart");
        assertFalse(tip(fc1).isShowing(), "hidden as the pointer left the card");
        robot.interact(() -> window.dashboard().tint().clear());
        // The next test starts with the pointer off the cards (as DashboardTest's do).
        robot.moveTo("#menuBar");
    }

    /**
     * Hovering the same tinted card again shows its tooltip again: after the pointer left it (the tint's own hide on
     * exit), and after the tint was cleared and put back for the next run.
     */
    @Test
    void aTintedCardsTooltipShowsAgainOnTheNextHoverAndTheNextRun(FxRobot robot) throws Exception {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(260, 40))).after()
                .connect("x.out", "fc1.in").after();
        robot.interact(() -> editor.load(g));
        WaitForAsyncUtils.waitForFxEvents();
        NodeCard fc1 = robot.lookup("#node-fc1").queryAs(NodeCard.class);
        for (int run = 1; run <= 2; run++) {
            double norm = run;
            robot.interact(() -> window.dashboard().tint().apply(new ParameterStats(1, 10, List.of(stat("fc1.weight", norm)))));
            for (int hover = 1; hover <= 2; hover++) {
                robot.moveTo(fc1);
                String what = "fc1's tooltip shown, run " + run + ", hover " + hover;
                waitFor(what, 10, () -> tip(fc1) != null && tip(fc1).isShowing());
                assertEquals("fc1: gradient norm " + run, tip(fc1).getText());
                robot.moveTo("#menuBar");
                WaitForAsyncUtils.waitForFxEvents();
                assertFalse(tip(fc1).isShowing(), "hidden as the pointer left the card, run " + run + ", hover " + hover);
            }
            // Between runs the tint goes (a new run starts untinted) and comes back with the run's first statistics.
            robot.interact(() -> window.dashboard().tint().clear());
        }
    }

    /** A layer whose gradient norm is exactly 0 has no place on the log scale: no glow, and the legend names it rather than leaving it out silently. */
    @Test
    void aCardWithAGradientNormOfZeroIsNamedUnderTheLegend(FxRobot robot) throws Exception {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(260, 40))).after()
                .addNode(new Node("fc2", "fc2", "Linear", Map.of("out_features", 3), new Position(500, 40))).after()
                .connect("x.out", "fc1.in").after().connect("fc1.out", "fc2.in").after();
        robot.interact(() -> {
            editor.load(g);
            window.dashboard().shownProperty().set(true);
        });
        WaitForAsyncUtils.waitForFxEvents();
        var tint = window.dashboard().tint();
        robot.interact(() -> tint.apply(new ParameterStats(1, 10, List.of(stat("fc1.weight", 0), stat("fc1.bias", 0), stat("fc2.weight", 0.5)))));
        assertEquals(List.of("fc2"), tint.tintedNodes());
        assertEquals("Node glow: gradient norm (log scale): 0.5 … 0.5 No glow: fc1 (gradient norm 0, not on a log scale)", tint.legend().text());
        assertTrue(robot.lookup("#tintLegendNote").query().isVisible());
        // Every layer at 0: no scale to show, the note still says why nothing glows; the next statistics take it away.
        robot.interact(() -> tint.apply(new ParameterStats(1, 20, List.of(stat("fc1.weight", 0), stat("fc2.weight", 0)))));
        assertEquals("Node glow: gradient norm (log scale): No glow: fc1, fc2 (gradient norm 0, not on a log scale)", tint.legend().text());
        robot.interact(() -> tint.apply(new ParameterStats(1, 30, List.of(stat("fc1.weight", 1), stat("fc2.weight", 2)))));
        assertEquals("Node glow: gradient norm (log scale): 1 … 2", tint.legend().text());
        assertFalse(robot.lookup("#tintLegendNote").query().isVisible());
    }

    private static Tooltip tip(NodeCard card) {
        return (Tooltip) card.getProperties().get("layerlab.tintTip");
    }

    private static ParameterStat stat(String name, double gradNorm) {
        TensorStats s = new TensorStats(0, 0, gradNorm, 0, 0, new long[0], new double[0], 0);
        return new ParameterStat(name, new int[] {1}, s, s);
    }
}
