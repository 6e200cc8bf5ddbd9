package layerlab.ui.shell;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import layerlab.graph.GraphChange;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Command;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A run's weights live only in the window until exported (saving the project keeps its drawing, not its weights): after a
 * run long enough to matter, New, Open and closing ask before they go, and Export Trained Model… keeps them.
 */
class TrainedWeightsWindowTest extends WindowTest {
    @TempDir
    Path dir;

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempDirectory("layerlab-trained-weights").resolve("recovery.json"), 1100, 700);
    }

    @AfterEach
    void restore() {
        ProjectDialogs.worthAsking = Duration.ofMinutes(1);
    }

    /** Iris trained one epoch, saved as it is: only its weights are not kept anywhere. */
    private TrainingSession trained(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.interact(() -> {
            Map<String, Object> t = new LinkedHashMap<>(window.editor().graph().training());
            t.put("epochs", 1);
            window.editor().execute(new Command("Set training options", g -> g.set(GraphChange.Setting.TRAINING, t)));
            window.editor().markSaved();
        });
        TrainingSession s = window.dashboard().session();
        robot.interact(() -> window.dashboard().start());
        waitFor("the run ends (" + s.statusProperty().get() + ")", () -> s.state() == TrainingSession.State.FINISHED);
        return s;
    }

    private void fileNew(FxRobot robot) throws Exception {
        robot.interact(() -> Platform.runLater(window::newProject));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aShortRunGoesWithoutAQuestion(FxRobot robot) throws Exception {
        trained(robot);
        fileNew(robot);
        assertTrue(robot.lookup("#trainedWeightsDialog").tryQuery().isEmpty(), "a run of seconds is not worth a question");
        assertEquals(0, window.editor().graph().nodes().size(), "the new project is open");
    }

    @Test
    void newAsksBeforeALongRunsWeightsGoAndExportKeepsThem(FxRobot robot) throws Exception {
        ProjectDialogs.worthAsking = Duration.ZERO;
        TrainingSession s = trained(robot);
        fileNew(robot);
        waitFor("asked", () -> robot.lookup("#trainedWeightsDialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#trainedWeightsDialog").queryAs(DialogPane.class);
        assertTrue(pane.getContentText().startsWith("The last run trained for "), pane.getContentText());
        assertTrue(pane.getContentText().endsWith("Export the trained model before starting a new project?"), pane.getContentText());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Iris", window.editor().graph().name(), "Cancel keeps the project");
        assertEquals(TrainingSession.State.FINISHED, s.state(), "and its trained weights");

        Path bundle = dir.resolve("iris-trained.llab");
        List<String> asked = new ArrayList<>();
        window.exchange().setChooser(TestWindows.savesTo(bundle, asked));
        fileNew(robot);
        waitFor("asked again", () -> robot.lookup("#trainedWeightsDialog").tryQuery().isPresent());
        robot.clickOn("Export Trained Model…");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.size(bundle) > 0, "the trained model is written");
        assertEquals(0, window.editor().graph().nodes().size(), "then the new project opens");

        trained(robot);
        fileNew(robot);
        waitFor("asked for the next run", () -> robot.lookup("#trainedWeightsDialog").tryQuery().isPresent());
        robot.clickOn("Don't Keep");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, window.editor().graph().nodes().size(), "Don't Keep lets them go");
    }

    @Test
    void weightsExportedAfterTheRunAreNotAskedAbout(FxRobot robot) throws Exception {
        ProjectDialogs.worthAsking = Duration.ZERO;
        trained(robot);
        window.exchange().setChooser(TestWindows.savesTo(dir.resolve("w.safetensors"), new ArrayList<>()));
        robot.interact(() -> window.exchange().export(layerlab.ui.exchange.ModelExchange.Format.WEIGHTS));
        fileNew(robot);
        assertTrue(robot.lookup("#trainedWeightsDialog").tryQuery().isEmpty(), "exported: nothing to ask");
        assertEquals(0, window.editor().graph().nodes().size());
    }
}
