package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hyperparameter's value is written one way wherever a person reads it ({@link TrainingConfig#valueText}): a learning rate
 * of 1e-7 was "1.0e-07" in the advice, "1.0e-7" in the training form and "1.0E-7" in the runs table.
 */
class ValueTextTest {
    @Test
    void fewestDigitsThatReadBackPythonsExponent() {
        assertEquals("0.001", TrainingConfig.valueText(0.001));
        assertEquals("0.0001", TrainingConfig.valueText(1e-4));
        assertEquals("1e-05", TrainingConfig.valueText(1e-5));
        assertEquals("1e-07", TrainingConfig.valueText(1e-7));
        assertEquals("2.5e-05", TrainingConfig.valueText(2.5e-5));
        assertEquals("0.00123456", TrainingConfig.valueText(0.00123456));
        assertEquals("0.1", TrainingConfig.valueText(0.1));
        assertEquals("10", TrainingConfig.valueText(10));
        assertEquals("12345.5", TrainingConfig.valueText(12345.5));
        assertEquals("0", TrainingConfig.valueText(0));
        assertEquals("0.3", TrainingConfig.valueText(0.1 + 0.2), "at most 15 digits: not 0.30000000000000004");
        assertEquals("0.333333333333333", TrainingConfig.valueText(1.0 / 3));
        for (double v : new double[] {3e-4, 7.77e-9, 0.95, 123456789.125, 0.001 / 10})
            assertEquals(v, Double.parseDouble(TrainingConfig.valueText(v)), "reads back: " + TrainingConfig.valueText(v));
    }

    @Test
    void theRunsTableAndItsComparisonWriteItSo() {
        Map<String, Object> before = new LinkedHashMap<>(), after = new LinkedHashMap<>();
        before.put("optimizer.lr", 0.001);
        after.put("optimizer.lr", 1e-7);
        assertEquals("optimizer.lr 0.001 → 1e-07", RunLog.changes(before, after));
        assertEquals(List.of("0.001", "1e-07"), RunLog.differing(List.of(before, after)).get("optimizer.lr"));
        assertEquals("SGD(lr=1e-07)", TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "SGD", "lr", 1e-7))).optimizerText());
    }
}
