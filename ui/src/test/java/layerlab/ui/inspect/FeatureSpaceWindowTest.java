package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.setField;
import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import layerlab.data.DataSplit;
import layerlab.train.FeatureSpace;
import layerlab.ui.TestWindows;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.train.Dashboard;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The inspector's feature space: where a layer puts the validation samples, live during a run and after it. */
@ExtendWith(ApplicationExtension.class)
class FeatureSpaceWindowTest {
    @TempDir
    static Path dir;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = TestWindows.open(stage, dir.resolve("recovery.json"), 1260, 790);
    }

    private static void assertSameProjection(FeatureSpace want, FeatureSpace got) {
        assertEquals(want.layer(), got.layer());
        assertEquals(want.samples(), got.samples());
        assertArrayEquals(want.pca().points(), got.pca().points(), want.layer() + " points");
        assertArrayEquals(want.pca().ratios(), got.pca().ratios(), want.layer() + " ratios");
        assertArrayEquals(want.classes(), got.classes(), want.layer() + " classes");
    }

    /** The Spirals sample with its dashboard shown at tab {@code tab}, set to train {@code epochs} epochs. */
    private Dashboard spirals(FxRobot robot, String epochs, int tab) {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        robot.interact(() -> d.shownProperty().set(true));
        setField(robot, "#train-epochs", epochs);
        robot.interact(() -> d.tabs().getSelectionModel().select(tab));
        return d;
    }

    @Test
    void showsWhereTheLastLayersInputAndASelectedLayerPutTheSamples(FxRobot robot) throws Exception {
        Dashboard d = spirals(robot, "400", 2);
        TrainingSession s = d.session();
        FeatureSpacePane pane = d.inspector().features();
        robot.clickOn("#trainStart");
        // Live, with nothing selected: what the last layer (fc3) sees, relu2, once an epoch at most.
        waitFor("a live projection", () -> pane.featureSpace() != null && pane.title().startsWith("Feature space of relu2 · epoch "));
        assertEquals("relu2", pane.featureSpace().layer());
        assertEquals(400, pane.featureSpace().samples(), "the spirals' 400 validation samples");
        robot.clickOn("#trainStop");
        waitFor("stopped", () -> s.state() == TrainingSession.State.FINISHED);
        DataSplit data = s.data();
        // After the run: the finished model's projection, exactly as the engine computes it.
        waitFor("the finished model's projection", () -> pane.featureSpace() != null && pane.title().equals("Feature space of relu2"));
        assertSameProjection(FeatureSpace.of(s.finished().evaluator(), data.validation(), "relu2", FeatureSpace.SAMPLES), pane.featureSpace());
        assertTrue(pane.note().startsWith("relu2: 32 values a sample, 400 samples; PC1 holds "), pane.note());
        assertEquals(2, ((javafx.scene.layout.FlowPane) pane.lookup("#featureSpaceLegend")).getChildren().size(),
                "a legend entry per class");

        // A layer selected on the canvas: its own projection.
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc3").id())));
        waitFor("fc3's projection", () -> pane.featureSpace() != null && pane.featureSpace().layer().equals("fc3"));
        assertSameProjection(FeatureSpace.of(s.finished().evaluator(), data.validation(), "fc3", FeatureSpace.SAMPLES), pane.featureSpace());
        robot.interact(() -> {
            // The inspector scrolled down to the picture, as a person would.
            InspectorView v = d.inspector();
            double y = pane.localToScene(0, 0).getY() - v.getContent().localToScene(0, 0).getY();
            double room = v.getContent().getLayoutBounds().getHeight() - v.getViewportBounds().getHeight();
            v.setVvalue(room <= 0 ? 0 : Math.min(1, (y - 8) / room));
        });
        TestWindows.screenshot(robot, stage, "feature-space.png");

        // A node the output does not depend on: no picture, the reason and what to choose.
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("loss").id())));
        waitFor("the loss refused", () -> pane.featureSpace() == null && pane.note().startsWith("loss cannot be projected: "));
        assertEquals("loss cannot be projected: loss is not on the way from the Input to the model's output logits: choose one of "
                + "points, fc1, relu1, fc2, relu2, fc3", pane.note());
        assertNull(pane.featureSpace());
    }

    /** Nobody looking, nothing computed: after a run with the charts in front, the projection waits for the inspector. */
    @Test
    void aFinishedRunsProjectionWaitsUntilTheInspectorIsShown(FxRobot robot) throws Exception {
        Dashboard d = spirals(robot, "3", 0);
        TrainingSession s = d.session();
        robot.clickOn("#trainStart");
        waitFor("trained", () -> s.state() == TrainingSession.State.FINISHED);
        waitFor("the results' evaluation (the same worker)", () -> d.results().evaluation() != null);
        Thread.sleep(300);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertNull(d.inspector().features().featureSpace(), "not computed while the charts are in front");
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        waitFor("computed once shown", () -> d.inspector().features().featureSpace() != null);
        assertSameProjection(FeatureSpace.of(s.finished().evaluator(), s.data().validation(), "relu2", FeatureSpace.SAMPLES),
                d.inspector().features().featureSpace());
    }
}
