package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sweep's settings ranked: grouped by the swept columns, each setting's metric over its seeds (mean and population
 * standard deviation, as numpy.std), the highest accuracy or the lowest loss first; runs that did not train count in
 * "2 of 3" and not in the mean; a setting none of whose runs trained comes last.
 */
class SweepRankingTest {
    private static Map<String, String> row(String lr, String status, String valLoss, String valAccuracy) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("lr", lr);
        r.put("status", status);
        r.put("val_loss", valLoss);
        r.put("val_accuracy", valAccuracy);
        return r;
    }

    private final List<Map<String, String>> rows = List.of(
            row("0.1", "ok", "0.9", "0.60"), row("0.1", "ok", "0.7", "0.70"), row("0.1", "ok", "0.8", "0.80"),
            row("0.01", "ok", "0.2", "0.90"), row("0.01", "failed", "", ""), row("0.01", "ok", "0.4", "0.96"),
            row("1", "failed", "", ""), row("1", "failed", "", ""), row("1", "failed", "", ""));

    @Test
    void theHighestAccuracyFirstMeanAndStdOverTheSeeds() {
        List<SweepRanking.Setting> r = SweepRanking.rank(rows, List.of("lr"), "val_accuracy");
        assertEquals(List.of("0.01", "0.1", "1"), r.stream().map(s -> s.values().get("lr")).toList());
        assertEquals(0.93, r.get(0).mean(), 1e-12);
        assertEquals(0.03, r.get(0).std(), 1e-12);
        assertEquals(0.70, r.get(1).mean(), 1e-12);
        assertEquals(Math.sqrt(0.02 / 3), r.get(1).std(), 1e-12); // numpy.std([0.6, 0.7, 0.8])
        assertFalse(r.get(2).ranked());
        assertEquals("93.00% ± 3.00%", SweepRanking.meanStd(r.get(0), "val_accuracy"));
        assertEquals("–", SweepRanking.meanStd(r.get(2), "val_accuracy"));
    }

    @Test
    void theLowestLossFirst() {
        List<SweepRanking.Setting> r = SweepRanking.rank(rows, List.of("lr"), "val_loss");
        assertEquals(List.of("0.01", "0.1", "1"), r.stream().map(s -> s.values().get("lr")).toList());
        assertEquals("0.3000 ± 0.1000", SweepRanking.meanStd(r.get(0), "val_loss"));
        List<Map<String, String>> flipped = List.of(row("a", "ok", "0.5", ""), row("b", "ok", "0.25", ""));
        assertEquals("b", SweepRanking.rank(flipped, List.of("lr"), "val_loss").get(0).values().get("lr"));
    }

    @Test
    void theTableSaysHowManyRunsEachMeanIsOver() {
        String t = SweepRanking.table(SweepRanking.rank(rows, List.of("lr"), "val_accuracy"), List.of("lr"), "val_accuracy", 10);
        List<String> lines = t.lines().toList();
        assertEquals("  lr    val_accuracy    runs", lines.get(0));
        assertEquals("  0.01  93.00% ± 3.00%  2 of 3", lines.get(1));
        assertTrue(lines.get(2).startsWith("  0.1   70.00% ± 8.16%  3"), t);
        assertEquals("  1     –               0 of 3", lines.get(3));
        String cut = SweepRanking.table(SweepRanking.rank(rows, List.of("lr"), "val_accuracy"), List.of("lr"), "val_accuracy", 2);
        assertTrue(cut.endsWith("  … 1 more settings\n"), cut);
    }

    @Test
    void theBestSaysWhenSomeOfItsRunsDidNotTrain() {
        List<SweepRanking.Setting> r = SweepRanking.rank(rows, List.of("lr"), "val_accuracy");
        assertEquals("lr 0.01: val_accuracy 93.00% ± 3.00% over 2 runs (2 of its 3 runs trained)", SweepRanking.said(r.get(0), "val_accuracy"));
        assertEquals("lr 0.1: val_accuracy 70.00% ± 8.16% over 3 runs", SweepRanking.said(r.get(1), "val_accuracy"));
        List<SweepRanking.Setting> one = SweepRanking.rank(List.of(row("", "ok", "0.5", "0.9")), List.of(), "val_accuracy");
        assertEquals("the project's settings: val_accuracy 90.00%", SweepRanking.said(one.get(0), "val_accuracy"));
    }

    @Test
    void accuracyByDefaultElseMaeElseLoss() {
        assertEquals("val_accuracy", SweepRanking.defaultMetric(rows));
        Map<String, String> regression = row("0.1", "ok", "0.5", "");
        regression.put("val_mae", "0.3");
        assertEquals("val_mae", SweepRanking.defaultMetric(List.of(regression)));
        regression.put("val_mae", "");
        assertEquals("val_loss", SweepRanking.defaultMetric(List.of(regression)));
        assertNull(SweepRanking.defaultMetric(List.of(row("0.1", "error", "", ""))));
    }
}
