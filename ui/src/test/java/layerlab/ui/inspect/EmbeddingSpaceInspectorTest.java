package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.Bounds;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import layerlab.data.Vocabulary;
import layerlab.graph.Node;
import layerlab.train.EmbeddingSpace;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.Dashboard;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The surname classifier's Embedding in the Inspector, clicked on the canvas before Start: its space follows the weights
 * once an epoch during the run and is the trained weights' after it, its dots labelled with their characters (the padding
 * row marked), a character typed into the search box lists its nearest characters by cosine similarity, a click on a dot
 * chooses that one; another node hides it all.
 */
@WindowTest.Size(width = 1400, height = 1000)
class EmbeddingSpaceInspectorTest extends WindowTest {
    @Test
    void anEmbeddingsTokensAreLabelledPointsWithTheirNearestNeighbours(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "surname-classifier.json");
        TestWindows.setField(robot, "#train-epochs", "2");
        Node embedding = editor.graph().nodeByName("embedding");
        robot.clickOn("#node-" + embedding.id());
        waitFor("embedding selected", () -> editor.selectedNode() != null && editor.selectedNode().name().equals("embedding"));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        EmbeddingSpacePane pane = robot.lookup("#embeddingSpace").queryAs(EmbeddingSpacePane.class);
        List<String> titles = new CopyOnWriteArrayList<>();
        Label title = robot.lookup("#embeddingSpaceTitle").queryAs(Label.class);
        robot.interact(() -> title.textProperty().addListener((o, was, now) -> titles.add(now)));

        robot.clickOn("#trainStart");
        TrainingSession s = d.session();
        waitFor("trained", 180, () -> s.state() == TrainingSession.State.FINISHED, () -> s.state() + ": " + s.statusProperty().get());
        TestWindows.awaitAfterRunWork(s);
        waitFor("the finished model's space", () -> pane.space() != null && "Embedding space of embedding".equals(pane.title()));
        assertTrue(titles.stream().anyMatch(t -> t.equals("Embedding space of embedding (epoch 1)")), "followed during the run: " + titles);
        assertTrue(titles.stream().anyMatch(t -> t.equals("Embedding space of embedding (epoch 2)")), "once an epoch: " + titles);

        // The trained weights, each row named by the data's vocabulary, the padding row (padding_idx 0, <pad>) marked.
        EmbeddingSpace space = pane.space();
        float[] trained = s.finished().model().namedParameters().get("embedding.weight").data().toFloatArray();
        assertArrayEquals(trained, space.weight());
        Vocabulary vocabulary = s.data().validation().vocabulary();
        assertEquals(vocabulary.tokens(), space.tokens().subList(0, vocabulary.size()));
        assertEquals(0, space.padding());
        // The sample's 64 rows for the data's 62 characters: the two spare ones by number, said.
        assertTrue(pane.note().startsWith("Each dot a row of embedding.weight (64 rows of 32 values)"), pane.note());
        assertTrue(pane.note().endsWith(" Rows 62–63 stand for no token of the vocabulary (62 tokens for 64 rows): they are labelled by their number."),
                pane.note());
        assertEquals("#63", space.labels().get(63));
        assertTrue(pane.labelled().size() >= 20, "most characters labelled: " + pane.labelled());
        assertTrue(pane.labelled().contains(0), "<pad> labelled");

        scrollTo(robot, robot.lookup("#embeddingSpaceSearch").query());
        // A character typed and Enter: its ten nearest by cosine similarity, as PyTorch computes it (EmbeddingSpaceTest).
        robot.clickOn("#embeddingSpaceSearch").write("a").type(KeyCode.ENTER);
        int a = vocabulary.tokens().indexOf("a");
        waitFor("a chosen", () -> pane.chosen() == a && pane.neighbours().getItems().size() == EmbeddingSpacePane.NEIGHBOURS);
        EmbeddingSpace.Neighbour first = pane.neighbours().getItems().get(0);
        double best = -2;
        for (int r = 1; r < vocabulary.size(); r++) if (r != a) best = Math.max(best, cosine(trained, 32, a, r));
        assertEquals(best, first.similarity(), 1e-6);
        assertEquals(cosine(trained, 32, a, first.row()), first.similarity(), 1e-6);
        assertTrue(pane.labelled().contains(a), "the chosen token is labelled");
        for (EmbeddingSpace.Neighbour n : pane.neighbours().getItems()) assertTrue(pane.labelled().contains(n.row()), n + " labelled");

        // A click on another dot chooses its character; pointing at one names it.
        scrollTo(robot, robot.lookup("#embeddingSpacePlot").query());
        InspectorView v = robot.lookup("#inspectorView").queryAs(InspectorView.class);
        Bounds seen = v.localToScreen(v.getLayoutBounds());
        int other = pane.labelled().stream().filter(i -> i != a && i != 0 && seen.contains(pane.screenPoint(i))).findFirst().orElseThrow();
        robot.moveTo(pane.screenPoint(other));
        waitFor("pointed", () -> pane.pointed().equals(space.labels().get(other) + " (row " + other + ")"));
        robot.clickOn(pane.screenPoint(other));
        waitFor("chosen by a click", () -> pane.chosen() == other);
        assertEquals(space.neighbours(other, 10), pane.neighbours().getItems());

        // A token it does not hold is said; a GRU has no embedding space.
        scrollTo(robot, robot.lookup("#embeddingSpaceSearch").query());
        robot.doubleClickOn("#embeddingSpaceSearch").write("zz").type(KeyCode.ENTER);
        waitFor("said", () -> robot.lookup("#embeddingSpaceSearchNote").queryAs(Label.class).getText().equals("No token \"zz\" in embedding's vocabulary."));
        TestWindows.screenshot(robot, stage, "inspector-embedding-space.png");
        robot.interact(() -> editor.select(List.of(editor.graph().nodeByName("gru").id())));
        waitFor("hidden for the GRU", () -> !pane.isVisible());
        assertFalse(pane.isManaged());
    }

    /** The space of the sentiment sample, whose token ids are generated numbers: rows by number, said. */
    @Test
    void withoutAVocabularyRowsAreNumbered(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "embedding-gru.json", 1);
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        robot.clickOn("#node-" + editor.graph().nodeByName("embedding").id());
        EmbeddingSpacePane pane = robot.lookup("#embeddingSpace").queryAs(EmbeddingSpacePane.class);
        waitFor("projected", () -> pane.space() != null);
        assertTrue(pane.note().endsWith(" The vocabulary is unknown (the data's token ids are numbers, not text LayerLab cut into tokens): "
                + "rows are labelled by their number."), pane.note());
        assertEquals(List.of("#0", "#1", "#2", "#3", "#4"), pane.space().labels());
        scrollTo(robot, robot.lookup("#embeddingSpaceSearch").query());
        robot.clickOn("#embeddingSpaceSearch").write("3").type(KeyCode.ENTER);
        waitFor("row 3's neighbours", () -> pane.chosen() == 3 && pane.neighbours().getItems().size() == 4);
    }

    private static double cosine(float[] w, int d, int a, int b) {
        double dot = 0, na = 0, nb = 0;
        for (int j = 0; j < d; j++) {
            dot += w[a * d + j] * w[b * d + j];
            na += w[a * d + j] * w[a * d + j];
            nb += w[b * d + j] * w[b * d + j];
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }

    /** Scrolls the Inspector so that {@code node} is in the middle of its view, as a person scrolls down to it. */
    private static void scrollTo(FxRobot robot, javafx.scene.Node node) throws Exception {
        InspectorView v = robot.lookup("#inspectorView").queryAs(InspectorView.class);
        robot.interact(() -> {
            Bounds content = v.getContent().getLayoutBounds(), in = v.getContent().sceneToLocal(node.localToScene(node.getLayoutBounds()));
            double view = v.getViewportBounds().getHeight(), room = content.getHeight() - view;
            v.setVvalue(room <= 0 ? 0 : Math.max(0, Math.min(1, (in.getCenterY() - view / 2) / room)));
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(node.getScene());
    }
}
