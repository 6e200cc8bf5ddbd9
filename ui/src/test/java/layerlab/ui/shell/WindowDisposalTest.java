package layerlab.ui.shell;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A window's work ends with it: its run stops and, shown again on the same stage (as the UI tests show one window after
 * another), nothing of it stays reachable — where before every window a test opened stayed in memory with its model and
 * data, 1.7 GB by the middle of the UI suite, and the tests after slowed to time-outs under the collector.
 */
@WindowTest.Size(width = 1100, height = 700)
class WindowDisposalTest extends WindowTest {
    @Test
    void aWindowShownOverIsLetGoWithItsRun(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAndTrain("spirals.json"));
        WeakReference<TrainingSession> firstSession = new WeakReference<>(window.dashboard().session());
        waitFor("the run going", 60, () -> firstSession.get().state() == TrainingSession.State.RUNNING);
        WeakReference<MainWindow> first = new WeakReference<>(window);
        // The test's own references go to the new window too: its editor would keep the first window's listeners.
        robot.interact(() -> {
            window = TestWindows.open(stage, dir.resolve("recovery2.json"), 1100, 700);
            editor = window.editor();
        });
        for (int i = 0; i < 50 && (first.get() != null || firstSession.get() != null); i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertNull(first.get(), "the first window is collected");
        assertNull(firstSession.get(), "its session is collected");
        assertTrue(window.dashboard().session().state() == TrainingSession.State.IDLE, "the new window starts idle");
    }
}
