package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * What a teacher reaches for on a 1280×720 projector at 150 % text stays in sight, without scrolling: the Data tab's
 * Apply and Preview, and while a run goes its progress line under the canvas's glow key.
 */
class ProjectorReachTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"));
    }

    /** Whether the whole of {@code n} shows: inside {@code within} and inside the view of every scroll pane round it. */
    static boolean wholeInView(Node n, Node within) {
        Bounds b = n.localToScene(n.getLayoutBounds());
        if (b.getHeight() <= 0 || !contains(within.localToScene(within.getLayoutBounds()), b)) return false;
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (!p.isVisible()) return false;
            if (p instanceof ScrollPane sp && !contains(sp.localToScene(sp.getLayoutBounds()), b)) return false;
        }
        return true;
    }

    private static boolean contains(Bounds outer, Bounds inner) {
        return inner.getMinX() >= outer.getMinX() - 0.5 && inner.getMinY() >= outer.getMinY() - 0.5 && inner.getMaxX() <= outer.getMaxX() + 0.5
                && inner.getMaxY() <= outer.getMaxY() + 0.5;
    }

    /**
     * Choosing a source of pictures (mnist) adds the augment list to the Data tab's form: Apply and Preview stay where they
     * were and in view (the list pushed them below the fold, and a click aimed at Apply landed on the augment text).
     */
    @Test
    void theDataTabsApplyStaysInViewWithAnImageSource(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "spirals.json");
        robot.interact(() -> d.tabs().getSelectionModel().select(1));
        TestWindows.awaitPulses(stage.getScene(), 3);
        Node apply = robot.lookup("#dataApply").query(), preview = robot.lookup("#dataPreview").query();
        Bounds before = apply.localToScene(apply.getLayoutBounds());
        robot.interact(() -> robot.lookup("#dataSource").queryAs(javafx.scene.control.ComboBox.class).setValue("mnist"));
        TestWindows.awaitPulses(stage.getScene(), 3);
        TestWindows.screenshot(robot, stage, "data-tab-mnist-150.png");
        assertTrue(robot.lookup("#dataAugment").tryQuery().map(Node::isVisible).orElse(true), "the augment list shows for mnist");
        for (Node n : java.util.List.of(apply, preview)) {
            assertTrue(wholeInView(n, d.data()), n.getId() + " in view: " + n.localToScene(n.getLayoutBounds()) + " in " + d.data().localToScene(d.data().getLayoutBounds()));
        }
        Bounds after = apply.localToScene(apply.getLayoutBounds());
        assertTrue(Math.abs(after.getMinY() - before.getMinY()) < 1, "Apply stays in its place: " + before.getMinY() + " → " + after.getMinY());

        // A long refusal under them wraps in the column, which keeps its width (the preview keeps its room).
        javafx.scene.layout.Region column = (javafx.scene.layout.Region) d.data().getLeft();
        double wide = column.getWidth();
        javafx.scene.control.Label error = robot.lookup("#dataError").queryAs(javafx.scene.control.Label.class);
        robot.interact(() -> error.setText("Cannot read the data: " + "a long reason that goes on and on ".repeat(6)));
        TestWindows.awaitPulses(stage.getScene(), 3);
        assertTrue(Math.abs(column.getWidth() - wide) < 1, "the column keeps its width: " + wide + " → " + column.getWidth());
        assertTrue(wholeInView(apply, d.data()) && wholeInView(error, d.data()), "Apply and the refusal in view: " + error.localToScene(error.getLayoutBounds()));
    }

    /**
     * While a run goes and the cards glow, the progress line ("epoch 1/3 · batch 77/141…") shows whole above the glow's
     * key at the foot of the Training column (the key covered it, the line below the fold of the scrolled form).
     */
    @Test
    void theProgressLineShowsWhileTheCardsGlow(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "iris.json");
        TrainingSession s = d.session();
        // Epochs enough to be paused mid-run: Iris's 100 take a fraction of a second once the JIT is warm.
        TestWindows.setField(robot, "#train-epochs", "100000");
        robot.clickOn("#trainStart");
        TestWindows.waitFor("nodes glowing", () -> d.tint().tintedNodes().size() >= 2 && !s.progressTextProperty().get().isEmpty());
        robot.interact(s::pause);
        TestWindows.waitFor("paused", () -> s.state() == TrainingSession.State.PAUSED);
        TestWindows.awaitPulses(stage.getScene(), 3);
        TestWindows.screenshot(robot, stage, "progress-glow-150.png");
        javafx.scene.control.Label line = robot.lookup("#trainProgressText").queryAs(javafx.scene.control.Label.class);
        try {
            assertTrue(robot.lookup("#tintLegend").query().isVisible(), "the glow's key shows");
            assertTrue(line.getText().startsWith("epoch "), line.getText());
            assertTrue(wholeInView(line, d), "the progress line in view: " + line.localToScene(line.getLayoutBounds()) + " in "
                    + d.localToScene(d.getLayoutBounds()));
            org.junit.jupiter.api.Assertions.assertEquals(line.getText(), TestWindows.shownText(line).replace('\n', ' '), "the line whole");
        } finally {
            robot.interact(s::stop);
            TestWindows.waitFor("stopped", () -> !s.state().active());
        }
    }
}
