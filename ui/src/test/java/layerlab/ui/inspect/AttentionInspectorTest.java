package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.TextField;
import layerlab.graph.Node;
import layerlab.tensor.Tensor;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.train.Dashboard;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The attention sample in the window after a short run: a layer inside a block placement is inspected as its first
 * placement runs it (its weights, its output), or as the placement the block was opened from, and a MultiheadAttention
 * shows its attention map for the sample with the positions it looked at most, the numbers the trained model gives.
 */
@WindowTest.Size(width = 1260, height = 790)
class AttentionInspectorTest extends WindowTest {
    @Test
    void anAttentionLayerInsideABlockShowsWhereEachPositionLooked(FxRobot robot) throws Exception {
        Dashboard d = trainedForAnEpoch(robot, "attention-sentiment.json");
        EditorModel editor = window.editor();

        // Inside the EncoderLayer block (as a double-click on layer1 opens it), attn selected, the Inspector shown.
        robot.interact(() -> editor.scopeProperty().set("EncoderLayer"));
        Node attn = editor.viewGraph().nodeByName("attn");
        robot.interact(() -> editor.select(List.of(attn.id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        InspectorView v = d.inspector();
        assertEquals("attn in layer1 (MultiheadAttention), the first of 2 placements", TestWindows.labelText(robot, "#inspectTitle"));
        waitFor("its weights and the attention map", () -> v.table().getItems().stream().anyMatch(r -> r.name().equals("layer1.attn.in_proj_weight"))
                && !v.attention().getChildren().isEmpty());
        assertTrue(v.table().getItems().stream().anyMatch(r -> r.name().equals("layer1.attn output (eval)")), "its output's row");

        Canvas map = robot.lookup("#inspectAttention").queryAs(Canvas.class);
        assertEquals(map.getWidth(), map.getHeight(), 1e-9, "50 query positions by 50 key positions, square cells");
        String note = TestWindows.labelText(robot, "#inspectAttentionNote");
        assertTrue(note.startsWith("Attention of attn: row i, where position i looked"), note);

        // The positions it names are those the trained model's weights for the sample point at most, with their tokens.
        var trained = d.session().finished().evaluator();
        var ds = d.session().data().validation();
        Tensor w = trained.activations(ds, "layer1.attn.weights", 0, 1);
        float[] ids = ds.batch(new int[] {0}).inputs().toFloatArray();
        List<AttentionMap.Looked> most = AttentionMap.mostLookedAt(w.toFloatArray(), 50, 50, 3);
        AttentionMap.Looked top = most.get(0);
        String first = top.position() + " token " + (int) ids[top.position()] + " (" + Math.round(100 * top.share()) + "%)";
        assertTrue(note.contains("Looked at most: " + first + ", "), note + " should name " + first);

        // Opened from layer2 (a double-click on it), the block's attn is layer2's.
        robot.interact(() -> window.closeBlock());
        TestWindows.doubleClickCard(robot, window, "#node-" + editor.graph().nodeByName("layer2").id());
        waitFor("inside the block", () -> "EncoderLayer".equals(editor.scopeProperty().get()));
        robot.interact(() -> editor.select(List.of(editor.viewGraph().nodeByName("attn").id())));
        assertEquals("attn in layer2 (MultiheadAttention), one of 2 placements", TestWindows.labelText(robot, "#inspectTitle"));
        waitFor("layer2's weights", () -> v.table().getItems().stream().anyMatch(r -> r.name().equals("layer2.attn.in_proj_weight")));
        // Its feature space too: a layer inside a placement the output depends on.
        waitFor("layer2.attn projected", () -> v.features().featureSpace() != null && v.features().featureSpace().layer().equals("layer2.attn"));

        // Back in the project, selecting a node there is as ever, and nothing along the way went wrong.
        robot.interact(() -> window.closeBlock());
        robot.interact(() -> editor.select(List.of(editor.graph().nodeByName("fc").id())));
        assertEquals("fc (Linear)", TestWindows.labelText(robot, "#inspectTitle"));
        Path errors = layerlab.ui.shell.ErrorReport.logBeside(dir.resolve("recovery.json"));
        assertFalse(java.nio.file.Files.exists(errors), () -> "no uncaught exception: " + read(errors));
    }

    /**
     * The Vision Transformer sample after a short run: its self-attention over a digit's 16 patches draws the class token's
     * row on the picture, and names the patch the trained model's weights say it looked at most.
     */
    @Test
    void aVisionTransformersAttentionIsDrawnOnThePicture(FxRobot robot) throws Exception {
        Dashboard d = trainedForAnEpoch(robot, "vision-transformer.json");
        EditorModel editor = window.editor();
        TestWindows.doubleClickCard(robot, window, "#node-" + editor.graph().nodeByName("block1").id());
        waitFor("inside the block", () -> "ViTBlock".equals(editor.scopeProperty().get()));
        robot.interact(() -> editor.select(List.of(editor.viewGraph().nodeByName("self_attention").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        waitFor("the picture", () -> !robot.lookup("#inspectAttentionPicture").queryAll().isEmpty());
        Canvas picture = robot.lookup("#inspectAttentionPicture").queryAs(Canvas.class);
        assertEquals(AttentionMap.PICTURE, picture.getWidth(), 1e-9, "a square digit, drawn at full size");

        var ds = d.session().data().validation();
        float[] w = d.session().finished().evaluator().activations(ds, "block1.self_attention.weights", 0, 1).toFloatArray();
        AttentionMap.PatchGrid grid = AttentionMap.PatchGrid.of(17, 28, 28);
        double[] shares = grid.shares(w, 17);
        int best = 0;
        for (int k = 1; k < shares.length; k++) if (shares[k] > shares[best]) best = k;
        String note = TestWindows.labelText(robot, "#inspectAttentionPictureNote");
        assertTrue(note.startsWith("On the picture, where the class token (position 0) looked: its 16 patches in 4 rows of 4"), note);
        assertTrue(note.contains("Most: the patch in row " + (best / 4 + 1) + ", column " + (best % 4 + 1) + " ("), note + " should name patch " + best);
    }

    @Test
    void patchesLieInAGridOfThePicturesProportionsAfterAClassToken() {
        assertEquals(new AttentionMap.PatchGrid(1, 4, 4), AttentionMap.PatchGrid.of(17, 28, 28), "a class token and 4 × 4 patches");
        assertEquals(new AttentionMap.PatchGrid(0, 4, 4), AttentionMap.PatchGrid.of(16, 28, 28), "patches alone");
        assertEquals(new AttentionMap.PatchGrid(1, 2, 4), AttentionMap.PatchGrid.of(9, 8, 16), "a wide picture's two rows of four");
        assertEquals(null, AttentionMap.PatchGrid.of(10, 8, 16), "no grid of the picture's proportions");
        // The class token's row is its patches' shares; without one, each patch's column averaged over the rows.
        float[] w = {0.1f, 0.2f, 0.3f, 0.4f, 0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f};
        assertArrayEquals(new double[] {0.2, 0.3, 0.4}, new AttentionMap.PatchGrid(1, 1, 3).shares(w, 4), 1e-6);
        assertArrayEquals(new double[] {0.025, 0.3, 0.325, 0.35}, new AttentionMap.PatchGrid(0, 1, 4).shares(w, 4), 1e-6);
    }

    /** The sample opened and trained for one epoch with Start, as a person would; its dashboard shown. */
    private Dashboard trainedForAnEpoch(FxRobot robot, String sample) throws Exception {
        robot.interact(() -> window.openSampleAtStart(sample));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        TextField epochs = robot.lookup("#train-epochs").queryAs(TextField.class);
        robot.interact(() -> {
            epochs.setText("1");
            epochs.getOnAction().handle(new javafx.event.ActionEvent());
        });
        robot.clickOn("#trainStart");
        waitFor("trained (" + d.session().statusProperty().get() + ")", 60, () -> d.session().state() == TrainingSession.State.FINISHED);
        return d;
    }

    private static String read(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void theMostLookedAtPositionsAreTheColumnsWithTheMostWeight() {
        // Two query positions over three keys: key 2 gets 0.7 + 0.5, key 0 0.2 + 0.5, key 1 0.1 + 0.
        float[] w = {0.2f, 0.1f, 0.7f, 0.5f, 0f, 0.5f};
        List<AttentionMap.Looked> most = AttentionMap.mostLookedAt(w, 2, 3, 2);
        assertEquals(2, most.size());
        assertEquals(2, most.get(0).position());
        assertEquals(0.6, most.get(0).share(), 1e-6);
        assertEquals(0, most.get(1).position());
        assertEquals(0.35, most.get(1).share(), 1e-6);
        assertEquals("token 7", AttentionMap.token(7f, null));
    }

    @Test
    void aCharacterTextsLettersLabelTheMapAndOtherDataNone() {
        List<String> tokens = List.of("<pad>", "<unk>", "a", "b");
        var chars = new layerlab.data.Vocabulary(layerlab.data.Vocabulary.Level.CHARACTERS, true, 5, tokens);
        assertEquals(List.of("·", "·", "a", "b", "?"), AttentionMap.letters(new float[] {0, 0, 2, 3, 1}, chars));
        var words = new layerlab.data.Vocabulary(layerlab.data.Vocabulary.Level.WORDS, true, 5, tokens);
        assertEquals(null, AttentionMap.letters(new float[] {0, 2}, words), "a word is wider than a cell");
        assertEquals(null, AttentionMap.letters(new float[] {0, 2}, null), "token ids alone");
    }
}
