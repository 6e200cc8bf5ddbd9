package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --folds} of the penguins-two-heads sample: the summary gives each head's own score's mean ± standard
 * deviation over the folds (the classifier's accuracy in percent, the regressor's MAE), computed from the folds' own
 * lines as scikit-learn's {@code scores.mean()} and {@code scores.std()} (ddof 0).
 */
class TwoHeadFoldsCommandTest {
    @Test
    void theSummaryGivesEachHeadsMeanAndSpread(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.json");
        Files.copy(Path.of("../sample-projects/penguins-two-heads.json"), file);
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "train", file.toString(), "--device", "cpu",
                "--folds", "3", "--epochs", "4"), err.toString());
        String said = out.toString();
        String summary = said.lines().filter(l -> l.startsWith("3-fold cross-validation: ")).findFirst().orElseThrow(() -> new AssertionError(said));
        for (String[] head : new String[][] {{"val_accuracy_species_loss", "%"}, {"val_mae_bill_loss", ""}}) {
            List<Double> folds = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^fold \\d/3: .*" + head[0] + " ([0-9.]+)(%?)").matcher(said);
            while (m.find()) folds.add(Double.parseDouble(m.group(1)));
            assertEquals(3, folds.size(), said);
            double mean = folds.stream().mapToDouble(d -> d).average().orElseThrow();
            double sd = Math.sqrt(folds.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / 3);
            Matcher s = Pattern.compile(head[0] + " ([0-9.]+)" + head[1] + " ± ([0-9.]+)" + head[1]).matcher(summary);
            assertTrue(s.find(), head[0] + " in " + summary);
            // The folds' lines are rounded as printed: their mean to within that rounding.
            double tol = head[1].isEmpty() ? 2e-4 : 0.02;
            assertEquals(mean, Double.parseDouble(s.group(1)), tol, summary);
            assertEquals(sd, Double.parseDouble(s.group(2)), tol, summary);
        }
    }
}
