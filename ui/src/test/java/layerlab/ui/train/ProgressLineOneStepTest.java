package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/**
 * The status line at a run's end counts its steps as it counts its epochs: a full-batch LBFGS epoch is one step, and the
 * line said "after 1 epoch, 1 steps".
 */
class ProgressLineOneStepTest {
    @Test
    void oneStepIsOneStep() {
        assertEquals("Finished (completed) after 1 epoch, 1 step, 0.5 s",
                ProgressLine.finished(new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 1, 1, Map.of(), 0.5)));
        assertEquals("Finished (completed) after 2 epochs, 2 steps, 0.5 s",
                ProgressLine.finished(new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 2, Map.of(), 0.5)));
    }
}
