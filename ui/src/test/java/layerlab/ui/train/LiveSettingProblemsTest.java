package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.train.Losses;
import layerlab.train.TrainingConfig;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What a run refused only at Start, said at its field as the network is edited: early stopping watching a loss node that
 * was renamed (offering its new name) or deleted, in {@code layerlab check}'s words; the settings' CrossEntropyLoss
 * weighting two classes of an Output's three.
 */
@WindowTest.Size(width = 1260, height = 790)
class LiveSettingProblemsTest extends WindowTest {
    @TempDir
    Path files;

    private void open(FxRobot robot, String json) throws Exception {
        Path file = files.resolve("p.json");
        Files.writeString(file, json);
        Graph g = ProjectJson.load(file);
        robot.interact(() -> {
            try {
                window.files().newProject(g);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return true;
    }

    private String problem(FxRobot robot, String id) {
        Label l = (Label) robot.lookup("#" + id + "-problem").tryQuery().orElse(null);
        return l != null && shown(l) ? l.getText() : null;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWatchedLossNodeRenamedOrDeletedIsSaidAtItsField(FxRobot robot) throws Exception {
        open(robot, Files.readString(Path.of("../engine/src/test/resources/projects/aux-head.json")).replace("\"training\": {}}", """
                 "dataset": {"source": "iris", "normalize": "standardize", "validation_split": 0.2, "seed": 0},
                 "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "epochs": 2, "early_stopping": {"metric": "val_loss_aux", "patience": 3}}}
                """));
        assertEquals(null, problem(robot, "train-early_stopping-metric"), "aux is a loss node");
        Node watched = robot.lookup("#train-early_stopping-metric").query();
        assertFalse(watched.getStyleClass().contains("invalid"));

        robot.interact(() -> editor.execute(Commands.rename(editor.graph(), "n10", "head")));
        WaitForAsyncUtils.waitForFxEvents();
        String said = problem(robot, "train-early_stopping-metric");
        Graph g = editor.graph();
        assertEquals(Losses.watchProblem(TrainingConfig.fromMap(g.training()).earlyStopping(), Losses.nodeNames(g)), said, "layerlab check's words");
        assertEquals("training.early_stopping.metric is \"val_loss_aux\", but the network's loss nodes are \"ce\", \"head\"", said);
        assertTrue(watched.getStyleClass().contains("invalid"), "the field is marked");
        assertEquals("val_loss_aux", ((javafx.scene.control.ComboBox<?>) watched).getValue(), "the field shows the metric as written");
        assertEquals(List.of("val_loss_aux"), watched.lookupAll(".text").stream().map(t -> ((javafx.scene.text.Text) t).getText()).filter(t -> !t.isEmpty())
                .toList(), "and draws it");
        Button fix = robot.lookup("#train-early_stopping-metric-fix").queryAs(Button.class);
        assertTrue(shown(fix));
        assertEquals("Watch val_loss_head", fix.getText(), "the renamed node's own loss");
        LargeTextTrainingFormTest.snapshot(robot, robot.lookup("#trainingPanel").query(), "watching-renamed.png");
        robot.interact(fix::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("val_loss_head", ((Map<String, Object>) editor.graph().training().get("early_stopping")).get("metric"));
        assertEquals(null, problem(robot, "train-early_stopping-metric"));
        assertFalse(watched.getStyleClass().contains("invalid"), "unmarked once mended");

        robot.interact(() -> editor.execute(Commands.delete(editor.graph(), List.of("n10"))));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("training.early_stopping.metric is \"val_loss_head\", but the network's loss node is \"ce\"",
                problem(robot, "train-early_stopping-metric"));
        assertEquals("Watch val_loss", fix.getText(), "one loss node left: its loss is val_loss");
        robot.interact(fix::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("val_loss", ((Map<String, Object>) editor.graph().training().get("early_stopping")).get("metric"));
        assertEquals(null, problem(robot, "train-early_stopping-metric"));
    }

    @Test
    void classWeightsThatDoNotCountTheClassesAreSaidAtTheirField(FxRobot robot) throws Exception {
        open(robot, """
                {"format": "layerlab-project", "version": 1, "name": "weighted",
                 "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "fc", "kind": "Linear", "params": {"out_features": 3}, "position": {"x": 220, "y": 0}},
                  {"id": "n3", "name": "y", "kind": "Output", "params": {}, "position": {"x": 440, "y": 0}}],
                 "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "y.in"}],
                 "dataset": {"source": "iris", "validation_split": 0.2, "seed": 0},
                 "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "loss": {"name": "CrossEntropyLoss", "weight": [1, 2, 0.5]}, "epochs": 1}}
                """);
        assertEquals(null, problem(robot, "train-loss"), "three weights for three classes");
        TestWindows.setField(robot, "#train-loss-weight", "1, 2");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("training.loss.weight has 2 entries for 3 classes of the Output's [N, 3]; give one per class", problem(robot, "train-loss"));
        assertTrue(robot.lookup("#train-loss-weight").query().getStyleClass().contains("invalid"), "the field is marked");
        LargeTextTrainingFormTest.snapshot(robot, robot.lookup("#trainingPanel").query(), "class-weights-count.png");

        // The network changes, not the weights: two classes now, for the two weights, and the mark goes at once.
        robot.interact(() -> editor.execute(Commands.setParam(editor.graph(), "n2", "out_features", 2)));
        TestWindows.waitFor("the analysis of two classes", () -> problem(robot, "train-loss") == null);
        assertFalse(robot.lookup("#train-loss-weight").query().getStyleClass().contains("invalid"));
    }

    /** A weight for a loss node renamed since: said under its field in layerlab check's words, and taken out on one click. */
    @Test
    @SuppressWarnings("unchecked")
    void aWeightForALossNodeRenamedIsSaidUnderItsField(FxRobot robot) throws Exception {
        open(robot, Files.readString(Path.of("../engine/src/test/resources/projects/aux-head.json")).replace("\"training\": {}}", """
                 "dataset": {"source": "iris", "normalize": "standardize", "validation_split": 0.2, "seed": 0},
                 "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "epochs": 2, "loss_weights": {"aux": 0.3}}}
                """));
        assertEquals(null, problem(robot, "train-loss_weights-aux"));
        robot.interact(() -> editor.execute(Commands.rename(editor.graph(), "n10", "head")));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("training.loss_weights names \"aux\", but the network's loss nodes are \"ce\", \"head\"", problem(robot, "train-loss_weights-aux"));
        Node field = robot.lookup("#train-loss_weights-aux").query();
        assertTrue(field.getStyleClass().contains("invalid"));
        Button fix = robot.lookup("#train-loss_weights-aux-fix").queryAs(Button.class);
        assertEquals("Take out aux's weight", fix.getText());
        robot.interact(fix::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, editor.graph().training().get("loss_weights"), "taken out");
        assertTrue(robot.lookup("#train-loss_weights-aux").tryQuery().isEmpty(), "its field goes with it");
    }
}
