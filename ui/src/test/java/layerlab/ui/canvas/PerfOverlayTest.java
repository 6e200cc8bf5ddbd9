package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import layerlab.ui.editor.EditorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** View > Performance: frame times in the canvas's corner, from the pulses while it shows. */
@ExtendWith(ApplicationExtension.class)
class PerfOverlayTest {
    private CanvasView canvas;

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        canvas = new CanvasView(new EditorModel(Platform::runLater));
        stage.setScene(new Scene(canvas, 600, 400));
        stage.show();
    }

    @Test
    void givesTheMedianAndWorstOfTheLastFrames(FxRobot robot) {
        PerfOverlay p = new PerfOverlay();
        long t = 1_000_000_000L;
        p.frame(t);
        for (int i = 0; i < 100; i++) p.frame(t += i == 50 ? 50_000_000L : 16_000_000L);
        assertEquals("frame 16.0 ms median · 50.0 ms worst", p.describe());
        // Only the last 60 count: the slow one drops out.
        for (int i = 0; i < PerfOverlay.FRAMES; i++) p.frame(t += 20_000_000L);
        assertEquals("frame 20.0 ms median · 20.0 ms worst", p.describe());
    }

    @Test
    void theViewMenuTogglesItAndItMeasuresWhileShown(FxRobot robot) throws Exception {
        PerfOverlay p = canvas.performance();
        assertFalse(p.isVisible());
        robot.interact(canvas::togglePerformance);
        assertTrue(robot.lookup("#perfOverlay").query().isVisible());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> p.getText().matches("frame \\d+\\.\\d ms median · \\d+\\.\\d ms worst"));
        robot.interact(canvas::togglePerformance);
        assertFalse(p.isVisible());
    }
}
