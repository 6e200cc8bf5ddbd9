package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runs table's comparison of several runs: only the settings on which they differ, each with its value in every run,
 * numbers equal in value alike (5 and 5.0), a setting one run lacks shown as "–", the environment compared only where
 * runs have it, layers last.
 */
class RunLogDifferingTest {
    private static Map<String, Object> run(double lr, int batch, long seed, String optimizer) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("optimizer.name", optimizer);
        s.put("optimizer.lr", lr);
        s.put("epochs", 10);
        s.put("batch_size", batch);
        s.put("seed", seed);
        s.put("layer fc1", "Linear {in_features=4, out_features=16}");
        return s;
    }

    @Test
    void onlyWhatDiffersWithEachRunsValue() {
        Map<String, Object> a = run(0.1, 32, 0, "Adam"), b = run(0.01, 32, 1, "Adam"), c = run(0.1, 32, 2, "SGD");
        b.put("epochs", 10.0); // as a kept log reads it back
        Map<String, List<String>> d = RunLog.differing(List.of(a, b, c));
        assertEquals(List.of("optimizer.name", "optimizer.lr", "seed"), List.copyOf(d.keySet()));
        assertEquals(List.of("Adam", "Adam", "SGD"), d.get("optimizer.name"));
        assertEquals(List.of("0.1", "0.01", "0.1"), d.get("optimizer.lr"));
        assertEquals(List.of("0", "1", "2"), d.get("seed"));
    }

    @Test
    void aSettingOneRunLacksAndLayersLast() {
        Map<String, Object> a = run(0.1, 32, 0, "Adam"), b = run(0.1, 32, 0, "Adam");
        b.put("layer fc1", "Linear {in_features=4, out_features=32}");
        b.put("scheduler.name", "StepLR");
        Map<String, List<String>> d = RunLog.differing(List.of(a, b));
        assertEquals(List.of("scheduler.name", "layer fc1"), List.copyOf(d.keySet()));
        assertEquals(List.of("–", "StepLR"), d.get("scheduler.name"));
    }

    @Test
    void theEnvironmentOnlyWhereRunsHaveIt() {
        Map<String, Object> a = run(0.1, 32, 0, "Adam"), b = run(0.1, 32, 0, "Adam"), c = run(0.1, 32, 0, "Adam");
        a.put(RunLog.THREADS, 2);
        b.put(RunLog.THREADS, 2);
        assertEquals(Map.of(), RunLog.differing(List.of(a, b, c)), "an older run without threads is no difference");
        c.put(RunLog.THREADS, 1);
        assertEquals(List.of("2", "2", "1"), RunLog.differing(List.of(a, b, c)).get(RunLog.THREADS));
    }
}
