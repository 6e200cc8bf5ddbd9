package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import layerlab.train.TensorStats;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.Dashboard;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A BatchNorm2d inspected in the conv-batchnorm-rgb sample, stepped a batch at a time: the table shows its buffers with
 * PyTorch's names (running_mean, running_var, num_batches_tracked: they were missing, only weight and bias showed), and
 * beside the output in eval mode (normalised with those running statistics) its output in the next training batch, in
 * training mode, where each channel is normalised with the batch's own statistics; the line under the table says which.
 */
@WindowTest.Size(width = 1240, height = 900)
class BatchNormInspectorTest extends WindowTest {
    @Test
    void aBatchNormShowsItsRunningStatisticsAndItsOutputInTrainingMode(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.steppedOnce(robot, window, "conv-batchnorm-rgb.json");
        TrainingSession s = d.session();
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("bn1").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        InspectorView v = d.inspector();
        waitFor("bn1's buffers and output", () -> row(v, "bn1.num_batches_tracked") != null && row(v, "bn1 output (eval)") != null);

        // The buffers' figures are the model's own, after one step.
        AtomicReference<float[]> runningVar = new AtomicReference<>();
        s.setProbe("test", t -> {
            float[] var = t.model().namedBuffers().get("bn1.running_var").data().toFloatArray();
            return () -> runningVar.set(var);
        });
        waitFor("the model's running_var", () -> runningVar.get() != null);
        TensorStats want = TensorStats.of(runningVar.get());
        InspectorView.Row var = row(v, "bn1.running_var");
        assertEquals(want.mean(), var.mean(), 1e-9);
        assertEquals(want.min(), var.min(), 1e-9);
        assertEquals("[16]", var.extra(), "one a channel");
        assertEquals("[16]", row(v, "bn1.running_mean").extra());
        assertEquals(1, row(v, "bn1.num_batches_tracked").mean(), 0, "one batch seen");
        List<String> names = v.table().getItems().stream().map(InspectorView.Row::name).toList();
        assertEquals(List.of("bn1.weight", "bn1.weight.grad", "bn1.bias", "bn1.bias.grad", "bn1.running_mean", "bn1.running_var",
                "bn1.num_batches_tracked", "bn1 output (eval)"), names, "no training batch's output yet: bn1 was selected after it");

        // One more batch: bn1's output in it, normalised per channel with the batch's own mean and variance, so that with a
        // weight and bias still near 1 and 0 (one Adam step of 0.001 from there) the whole output has mean 0 and std 1.
        robot.clickOn("#trainStep");
        waitFor("bn1's output in the second batch", 30, () -> row(v, "bn1 output (training)") != null,
                () -> s.state() + ", " + s.run().batches().size() + " batches");
        InspectorView.Row training = row(v, "bn1 output (training)");
        assertEquals(0, training.mean(), 0.01, "each channel's mean is its bias");
        assertEquals(1, training.std(), 0.01, "each channel's std is about its weight");
        String note = TestWindows.labelText(robot, "#inspectOutputNote");
        assertTrue(note.startsWith("output (eval): validation samples 0–63, in eval mode"), note);
        assertTrue(note.contains("output (training): the training batch of step 2 (64 samples) as that step saw it, in training mode"), note);
        assertEquals(2, row(v, "bn1.num_batches_tracked").mean(), 0, "the probe after the step sees two batches");
        TestWindows.screenshot(robot, stage, "inspector-batchnorm.png");
    }

    /** The table's row of {@code name}, or null. */
    private static InspectorView.Row row(InspectorView v, String name) {
        return v.table().getItems().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
