package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import layerlab.graph.GraphChange;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Command;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** LBFGS on iris's batches of 16: while it trains, the status line says it is meant for full batches, as train's note does. */
class LbfgsBatchStatusTest extends WindowTest {
    @Test
    void theStatusLineSaysLbfgsIsMeantForFullBatches(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.interact(() -> {
            Map<String, Object> training = new LinkedHashMap<>(window.editor().graph().training());
            training.put("optimizer", Map.of("name", "LBFGS"));
            training.put("epochs", 1000);
            window.editor().execute(new Command("optimizer", g -> g.set(GraphChange.Setting.TRAINING, training)));
        });
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        TrainingSession s = d.session();
        // Every line the status shows, kept: LBFGS at lr 1 on these batches can blow up within a second (that is the note's
        // point), and "Failed: the loss became NaN …" then replaced the note before a poll saw it.
        List<String> said = new CopyOnWriteArrayList<>();
        robot.interact(() -> s.statusProperty().addListener((o, was, now) -> said.add(now)));
        robot.clickOn("#trainStart");
        String note = " · note: LBFGS on batches of 16 of the 120 training samples: ";
        waitFor("training, with the note", 30, () -> said.stream().anyMatch(l -> l.contains(note)), () -> s.state() + ": " + said);
        String shown = said.stream().filter(l -> l.contains(note)).findFirst().orElseThrow();
        assertTrue(shown.startsWith("Training Iris on cpu"), shown);
        TestWindows.screenshot(robot, stage, "lbfgs-batch-note.png");
        robot.interact(s::stop);
        waitFor("stopped", 60, () -> !s.state().active(), () -> s.state() + ": " + s.statusProperty().get());
    }
}
