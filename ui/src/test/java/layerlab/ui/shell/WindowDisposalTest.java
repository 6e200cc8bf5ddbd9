package layerlab.ui.shell;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A window's work ends with it: its run stops and, shown again on the same stage (as the UI tests show one window after
 * another), nothing of it stays reachable — where before every window a test opened stayed in memory with its model and
 * data, 1.7 GB by the middle of the UI suite, and the tests after slowed to time-outs under the collector.
 */
@ExtendWith(ApplicationExtension.class)
class WindowDisposalTest {
    @TempDir
    static Path dir;
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = TestWindows.open(stage, dir.resolve("recovery.json"), 1100, 700);
    }

    @Test
    void aWindowShownOverIsLetGoWithItsRun(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAndTrain("spirals.json"));
        WeakReference<TrainingSession> firstSession = new WeakReference<>(window.dashboard().session());
        waitFor("the run going", 60, () -> firstSession.get().state() == TrainingSession.State.RUNNING);
        WeakReference<MainWindow> first = new WeakReference<>(window);
        robot.interact(() -> window = TestWindows.open(stage, dir.resolve("recovery2.json"), 1100, 700));
        for (int i = 0; i < 50 && (first.get() != null || firstSession.get() != null); i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertNull(first.get(), "the first window is collected");
        assertNull(firstSession.get(), "its session is collected");
        assertTrue(window.dashboard().session().state() == TrainingSession.State.IDLE, "the new window starts idle");
    }
}
