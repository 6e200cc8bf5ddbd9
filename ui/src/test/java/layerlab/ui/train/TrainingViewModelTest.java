package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.train.TensorSnapshot;
import layerlab.train.TensorStats;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/** The dashboard's logic without a screen. */
class TrainingViewModelTest {
    @Test
    void fieldsReadLikeTheValueTheyReplace() {
        assertEquals(List.of(0.9, 0.999), SettingText.parse("0.9, 0.999", List.of(0.9, 0.999)));
        assertEquals(true, SettingText.parse("true", false));
        assertEquals(3, SettingText.parse("3", 1));
        assertEquals(0.02, SettingText.parse("0.02", 0.01));
        assertEquals(null, SettingText.parse("  ", 0.01));
        assertEquals("1e-08", SettingText.fmt(1e-8));
        assertEquals("0.00123456", SettingText.fmt(0.00123456)); // the value, not 0.001235: a field committed on leaving it wrote that back
        assertEquals("0.001", SettingText.fmt(0.001));
        assertEquals("64.0", SettingText.fmt(64));
    }

    @Test
    void runRecordThinsOldStatisticsAndPlacesBatchesByEpoch() {
        RunRecord r = new RunRecord(1);
        r.add(new TrainingEvent.RunStarted("m", "cpu", 10, 100, 0, 4, 2, null, true));
        r.add(new TrainingEvent.BatchEnded(2, 2, 6, 0.5, 0.1, 1000, 0.9));
        assertEquals(1.5, r.batches().get(0).x(), 1e-12);
        assertEquals("accuracy", r.secondMetric());
        TensorStats s = TensorStats.of(new float[] {1, 2, 3});
        for (int i = 0; i < 1000; i++) {
            r.add(new TrainingEvent.ParameterStats(1, i, List.of(new TrainingEvent.ParameterStat("fc1.weight", new int[] {3}, s, s))));
        }
        assertTrue(r.stats().size() <= RunRecord.MAX_STATS);
        assertEquals(999, r.stats().get(r.stats().size() - 1).step(), "the latest is always kept");
    }

    @Test
    void aRunChartsWhatItsStartSaidBeforeAnyBatch() {
        RunRecord classifier = new RunRecord(1);
        classifier.add(new TrainingEvent.RunStarted("m", "cpu", 10, 100, 0, 4, 2, null, true));
        assertEquals("accuracy", classifier.secondMetric(), "a classifier that fails at its first batch still charts accuracy");
        RunRecord regression = new RunRecord(2);
        regression.add(new TrainingEvent.RunStarted("m", "cpu", 10, 100, 0, 4, 2, null, false));
        regression.add(new TrainingEvent.BatchEnded(1, 1, 1, 0.5, 0.1, 1000, Double.NaN));
        assertEquals("mae", regression.secondMetric());
    }

    @Test
    void gradientNormsAreCombinedPerNodeAndDeadUnitsCounted() {
        TensorStats g = TensorStats.of(new float[] {3, 4});
        Map<String, Double> n = GradientTint.nodeGradNorms(new TrainingEvent.ParameterStats(1, 1, List.of(
                new TrainingEvent.ParameterStat("fc1.weight", new int[] {2}, g, g),
                new TrainingEvent.ParameterStat("fc1.bias", new int[] {2}, g, g),
                new TrainingEvent.ParameterStat("res1.conv1.weight", new int[] {2}, g, null))));
        assertEquals(Math.sqrt(50), n.get("fc1"), 1e-9);
        assertEquals(1, n.size(), "a parameter without a gradient adds nothing");
        // Two samples, three units: unit 1 is never positive.
        TensorSnapshot a = new TensorSnapshot(new int[] {2, 3}, new float[] {1, 0, 0, 0, -1, 2});
        assertEquals(1.0 / 3, a.deadFraction(), 1e-9);
        assertEquals("1:05", ProgressLine.duration(65));
    }
}
