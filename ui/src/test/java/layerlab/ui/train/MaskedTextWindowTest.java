package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import layerlab.data.Vocabulary;
import layerlab.tensor.Tensor;
import layerlab.train.Evaluator;
import layerlab.train.Predictions;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A text model whose padding is masked, in the window: texts padded on the right and a Lengths node feeding the GRU and
 * MeanOverTime. What Try a sample and a file of new texts predict is the model's answer on the ids padded on the right,
 * the Lengths node counting them inside the model; the shares of What swayed are the engine's, a token each.
 */
@WindowTest.Size(width = 1260, height = 790)
class MaskedTextWindowTest extends WindowTest {
    private static final String PROJECT = """
            {"format": "layerlab-project", "version": 1, "name": "MaskedReviews", "nodes": [
            {"id": "t", "name": "review", "kind": "Input", "params": {"shape": [10], "dtype": "int64"}, "position": {"x": 0, "y": 0}},
            {"id": "e", "name": "embedding", "kind": "Embedding", "params": {"num_embeddings": 16, "embedding_dim": 8, "padding_idx": 0}, "position": {"x": 250, "y": 0}},
            {"id": "l", "name": "lengths", "kind": "Lengths", "params": {}, "position": {"x": 250, "y": 150}},
            {"id": "g", "name": "gru", "kind": "GRU", "params": {"input_size": 8, "hidden_size": 8, "bidirectional": true}, "position": {"x": 500, "y": 0}},
            {"id": "m", "name": "mean", "kind": "MeanOverTime", "params": {}, "position": {"x": 750, "y": 0}},
            {"id": "f", "name": "fc", "kind": "Linear", "params": {"in_features": 16, "out_features": 2}, "position": {"x": 1000, "y": 0}},
            {"id": "o", "name": "logits", "kind": "Output", "params": {}, "position": {"x": 1250, "y": 0}},
            {"id": "y", "name": "labels", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 1000, "y": 150}},
            {"id": "c", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 1250, "y": 150}}
            ], "edges": [
            {"from": "review.out", "to": "embedding.in"}, {"from": "review.out", "to": "lengths.in"},
            {"from": "embedding.out", "to": "gru.in"}, {"from": "lengths.out", "to": "gru.lengths"},
            {"from": "gru.out", "to": "mean.in"}, {"from": "lengths.out", "to": "mean.lengths"},
            {"from": "mean.out", "to": "fc.in"}, {"from": "fc.out", "to": "logits.in"},
            {"from": "fc.out", "to": "loss.input"}, {"from": "labels.out", "to": "loss.target"}
            ], "blocks": [], "notes": [],
            "dataset": {"source": "text", "path": "reviews.csv", "length": 10, "padding": "right", "validation_split": 0.25, "seed": 0},
            "training": {"optimizer": {"name": "Adam", "lr": 0.02}, "epochs": 3, "batch_size": 8, "seed": 0}}
            """;

    private static String reviews() {
        StringBuilder csv = new StringBuilder("review,sentiment\n");
        String[] good = {"good", "great", "fine"}, bad = {"bad", "awful", "dull"}, filler = {"the", "film", "was", "really", "so"};
        for (int i = 0; i < 40; i++) {
            StringBuilder t = new StringBuilder();
            for (int k = 0; k < i % 5; k++) t.append(filler[(i + k) % filler.length]).append(' ');
            t.append(i % 2 == 0 ? good[i % 3] : bad[i % 3]);
            csv.append(t).append(',').append(i % 2 == 0 ? "pos" : "neg").append('\n');
        }
        return csv.toString();
    }

    @Test
    void tryASampleAndAFileOfTextsGetTheMaskedModelsAnswers(FxRobot robot) throws Exception {
        Files.writeString(dir.resolve("reviews.csv"), reviews());
        Path project = Files.writeString(dir.resolve("masked.json"), PROJECT);
        robot.interact(() -> window.openPath(project));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        TextField epochs = robot.lookup("#train-epochs").queryAs(TextField.class);
        robot.interact(() -> {
            epochs.setText("3");
            epochs.getOnAction().handle(new ActionEvent());
        });
        robot.clickOn("#trainStart");
        waitFor("trained (" + d.session().statusProperty().get() + ")", () -> d.session().state() == TrainingSession.State.FINISHED);
        Vocabulary v = d.session().data().train().vocabulary();
        assertEquals(Vocabulary.Padding.RIGHT, v.padding());

        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("Try a sample", () -> robot.lookup("#tryText").tryQuery().map(Node::isVisible).orElse(false));
        TextField text = robot.lookup("#tryText").queryAs(TextField.class);
        robot.interact(() -> text.setText("the film was really great"));
        robot.clickOn("#tryText");
        robot.type(KeyCode.ENTER);
        Evaluator trained = d.session().finished().evaluator();
        float[] ids = new float[v.length()];
        v.encode("the film was really great", ids, 0);
        assertEquals(Vocabulary.PAD_ID, (int) ids[ids.length - 1], "padded on the right");
        float[] expected = Predictions.probabilities(trained.predict(Tensor.of(ids, 1, ids.length), 1), trained.task()).toFloatArray();
        waitFor("the typed review's probabilities", () -> Arrays.equals(expected, d.results().lastProbabilities()));

        // What swayed it: a word each, in the text's order, the engine's shares (their baseline keeps the text's length).
        waitFor("the words' shares", () -> d.results().trySample().shares().shown() != null
                && Arrays.equals(ids, d.results().trySample().shares().shown().ids()));
        layerlab.train.TokenShares shares = d.results().trySample().shares().shown();
        layerlab.train.TokenShares want = layerlab.train.TokenShares.integrated(trained, Tensor.of(ids, ids.length), shares.cls(), layerlab.train.TokenShares.STEPS);
        assertArrayEquals(want.shares(), shares.shares(), 1e-6f);
        List<String> words = d.results().trySample().shares().tokens().stream().map(n -> ((Label) n).getText()).toList();
        assertEquals(List.of("the", "film", "was", "really", "great"), words);
        double sum = 0;
        for (float s : shares.shares()) sum += s;
        assertEquals(shares.score() - shares.baselineScore(), sum, 0.02 * Math.max(1, Math.abs(shares.score() - shares.baselineScore())),
                "the shares add up to the rise from the padding");
        assertTrue(robot.lookup("#tokenSharesTotal").queryLabeled().getText().contains("its rise from padding in its tokens' places ("),
                robot.lookup("#tokenSharesTotal").queryLabeled().getText());

        // A file of new texts: each read as Try a sample reads it.
        Path file = Files.writeString(dir.resolve("new.txt"), "the film was really great\nso awful\n");
        robot.interact(() -> d.results().predictPane().predict(file));
        waitFor("the file's predictions", () -> d.results().predictPane().predictions() != null);
        layerlab.train.PredictionTable table = d.results().predictPane().predictions();
        assertEquals(d.session().data().train().classNames().get(Predictions.best(expected)), table.predicted(0));
        assertEquals(expected[Predictions.best(expected)], table.probability(0), 1e-6);
        assertTrue(table.sampleText(1).equals("so awful"), table.sampleText(1));
    }
}
