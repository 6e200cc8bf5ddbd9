package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.train.PredictionTable;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Results › A file… on a labelled test file (a surname, a tab, its language a line): the labels were read as the names'
 * last letters, so "Rossi&#92;tItalian" was predicted as a name with "italian" in it. Now the names alone are predicted,
 * as the same names without labels are, and the pane says the labels were left out.
 */
@WindowTest.Size(width = 1260, height = 790)
class LabelledTextFileTest extends WindowTest {
    @Test
    void aLabelledTextFileIsPredictedFromItsTextsAndSaysTheLabelsAreLeftOut(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "surname-classifier.json", 1);

        PredictionTable plain = predict(robot, d, Files.writeString(dir.resolve("names.txt"), "Rossi\nKowalski\n"));
        PredictionTable labelled = predict(robot, d, Files.writeString(dir.resolve("labelled.txt"), "Rossi\tItalian\nKowalski\tPolish\n"));
        assertEquals(List.of("Rossi", "Kowalski"), List.of(labelled.sampleText(0), labelled.sampleText(1)));
        for (int i = 0; i < 2; i++) {
            assertEquals(plain.predicted(i), labelled.predicted(i));
            assertEquals(plain.probability(i), labelled.probability(i), 1e-6);
        }
        String title = robot.lookup("#predictTitle").queryLabeled().getText();
        assertTrue(title.startsWith("labelled.txt: 2 samples. Note: ") && title.contains("each line ends in a tab and one of the classes (line 1: \"Italian\")")
                && title.contains("the labels are left out"), title);
    }

    private static PredictionTable predict(FxRobot robot, Dashboard d, Path file) throws Exception {
        PredictionTable before = d.results().predictPane().predictions();
        robot.interact(() -> d.results().predictPane().predict(file));
        waitFor("the predictions of " + file.getFileName(), () -> d.results().predictPane().predictions() != null
                && d.results().predictPane().predictions() != before);
        return d.results().predictPane().predictions();
    }
}
