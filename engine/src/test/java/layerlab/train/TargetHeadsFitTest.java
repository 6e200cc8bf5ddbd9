package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import layerlab.data.TargetHead;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import org.junit.jupiter.api.Test;

/**
 * A network of two target Inputs against a data set of several targets: each loss node is checked against its own
 * column (a class-index loss on numbers that are not whole, a loss for amounts on words, scores for too few classes), a
 * target Input the targets leave out is refused, and the drawing says so before any data is read (TrainingChecks reads
 * the data set's settings).
 */
class TargetHeadsFitTest {
    private static final TargetHead KIND = new TargetHead("kind", List.of("species"), List.of("a", "b", "c"), true);
    private static final TargetHead MASS = new TargetHead("mass", List.of("body_mass_g"), List.of(), false);

    private static TensorDataset data(TargetHead... heads) {
        int w = java.util.Arrays.stream(heads).mapToInt(TargetHead::width).sum();
        return TensorDataset.regression("t", new float[6 * 4], new int[] {4}, new float[6 * w], new int[] {w}).withHeads(List.of(heads));
    }

    private static String refused(TensorDataset d) throws Exception {
        TrainingConfig c = TrainingConfig.fromMap(Map.of("epochs", 1));
        return assertThrows(IllegalArgumentException.class, () -> new Trainer(TwoTargetParityTest.graph(), c, d, null)).getMessage();
    }

    @Test
    void aLossForAmountsOnWordsIsRefusedOnIt() throws Exception {
        TargetHead words = new TargetHead("mass", List.of("island"), List.of("Biscoe", "Dream"), true);
        assertEquals("the data does not fit the model: MSELoss \"mse\": takes numbers, but target Input \"mass\" takes column \"island\", words "
                + "(2 classes: Biscoe, Dream): use CrossEntropyLoss for classes, with a score per class.", refused(data(KIND, words)));
    }

    @Test
    void aClassIndexLossOnFractionsIsRefusedOnIt() throws Exception {
        TargetHead fractions = new TargetHead("kind", List.of("bill_length_mm"), List.of(), false);
        assertEquals("the data does not fit the model: CrossEntropyLoss \"ce\": takes class indices, but target Input \"kind\" takes column "
                + "\"bill_length_mm\", numbers that are not all whole: use MSELoss, L1Loss or SmoothL1Loss for them.", refused(data(fractions, MASS)));
    }

    @Test
    void tooFewScoresForTheColumnsClassesAreSaidOnTheLayer() throws Exception {
        TargetHead four = new TargetHead("kind", List.of("species"), List.of("a", "b", "c", "d"), true);
        assertEquals("the data does not fit the model: Linear \"cls\": gives 3 class scores per sample but column \"species\" has 4 classes "
                + "(a, b, c, d): class 3 could never be predicted; set out_features to 4.", refused(data(four, MASS)));
    }

    @Test
    void aTargetInputWithoutAColumnIsRefused() throws Exception {
        assertEquals("target Input \"mass\" has no column: dataset.targets names columns for \"kind\" only; add \"mass\": the column it takes",
                refused(data(KIND)));
    }

    @Test
    void theDrawingSaysWhichTargetInputTheSettingsLeaveOut() throws Exception {
        Graph mapped = TwoTargetParityTest.graph();
        assertEquals(List.of(), Analysis.of(mapped).problems().stream().filter(p -> p.code() == ProblemCode.SECOND_TARGET).toList());
        Graph half = mapped.set(GraphChange.Setting.DATASET, Map.of("source", "penguins", "targets", Map.of("kind", "species"))).after();
        List<Problem> ps = Analysis.of(half).problems().stream().filter(p -> p.code() == ProblemCode.SECOND_TARGET).toList();
        assertEquals(1, ps.size(), ps.toString());
        assertEquals("Input \"mass\": no Output depends on it, only a loss, so it takes targets, but the data set's targets name no column for it "
                + "(they name \"kind\"): add \"mass\": the column it takes.", ps.get(0).toString());
    }
}
