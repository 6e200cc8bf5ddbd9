package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.VBox;
import layerlab.data.Vocabulary;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The Inspector's attention map with a character-level text's letters along its sides at 200 % text (View › Text Size):
 * the letters grow with the window's text (they stayed at 12 px and less, a third of the text around them), and where the
 * cells are narrower than a letter, every other letter is drawn rather than letters that overlap.
 */
class AttentionLettersTextSizeTest extends WindowTest {
    private static final Vocabulary LETTERS = new Vocabulary(Vocabulary.Level.CHARACTERS, true, 50,
            List.of(Vocabulary.PAD, Vocabulary.UNK, "a", "b", "c", "d", "e", "f", "g", "h", " "));

    @Test
    void theLettersGrowWithTheText(FxRobot robot) throws Exception {
        double[] at100 = letters(robot, 16, 1, null), at200 = letters(robot, 16, 2, "attention-letters-200.png");
        assertEquals(12, at100[0], 1e-9, "12 px at 100 %, as before");
        assertEquals(24, at200[0], 1e-9, "twice that at 200 %");
        assertEquals(2 * at100[1], at200[1], 1e-9, "cells twice as wide, so that the letters keep their room");
        // 50 positions: the cells cannot all be 28 px within the column; the letters stay at least the 100 % text's size.
        double[] many = letters(robot, 50, 2, "attention-letters-50-200.png");
        assertTrue(many[0] >= 16, "letters of " + many[0] + " px at 200 % for 50 positions");
        assertTrue(many[0] + 1 <= AttentionMap.letterStep(many[1], many[0]) * many[1], "drawn apart: " + many[0] + " px letters every "
                + AttentionMap.letterStep(many[1], many[0]) + " cells of " + many[1] + " px");
    }

    /** The size of the map's letters and of its cells for {@code n} positions at {@code text} times the 100 % text. */
    private double[] letters(FxRobot robot, int n, double text, String shot) throws Exception {
        float[] w = new float[n * n];
        float[] ids = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 2 + i % 9;
            for (int j = 0; j < n; j++) w[i * n + j] = 1f / n;
        }
        double[] out = new double[2];
        List<VBox> box = new ArrayList<>();
        robot.interact(() -> {
            VBox v = AttentionMap.view("attn", w, n, n, ids, LETTERS, null, 0, 0, text);
            Canvas map = (Canvas) v.lookup("#inspectAttention");
            out[0] = map.getGraphicsContext2D().getFont().getSize();
            // The map is square here: a margin for the letters and n cells.
            out[1] = (map.getWidth() - 14 * text) / n;
            box.add(v);
        });
        String dir = System.getProperty("layerlab.screenshots");
        if (shot != null && dir != null && !dir.isBlank()) {
            javafx.scene.image.WritableImage[] img = {null};
            robot.interact(() -> {
                javafx.scene.Scene s = new javafx.scene.Scene(box.get(0));
                s.getStylesheets().setAll(layerlab.ui.shell.Theme.LIGHT.stylesheets());
                s.getStylesheets().add(layerlab.ui.shell.TextSize.LARGEST.stylesheet());
                img[0] = box.get(0).snapshot(null, null);
            });
            Path d = Files.createDirectories(Path.of(dir));
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img[0], null), "png", d.resolve(shot).toFile());
        }
        return out;
    }
}
