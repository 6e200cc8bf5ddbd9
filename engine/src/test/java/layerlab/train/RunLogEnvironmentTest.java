package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a run's environment adds to its row of the runs (RunLog.withEnvironment): the data files' short fingerprint and the
 * CPU threads, the same for a run of {@code layerlab train} and one of the window; "what changed" names a thread count that
 * differs, and says nothing where one run (an older one) has none.
 */
class RunLogEnvironmentTest {
    private static RunEnvironment env(int threads, String data) {
        return env(threads, data, "cpu");
    }

    private static RunEnvironment env(int threads, String data, String device) {
        return new RunEnvironment("0.1.0", "17", "Linux amd64", "kernel", threads, device, 0, data, data == null ? null : "/p");
    }

    private static Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("seed", 0);
        s.put("epochs", 5);
        return s;
    }

    @Test
    void theRowHoldsTheThreadsAndTheDataFilesShortFingerprint() {
        Map<String, Object> s = RunLog.withEnvironment(settings(), env(2, "sha256:7fd7b3ca0123456789abcdef"));
        assertEquals(2, s.get(RunLog.THREADS));
        assertEquals("sha256:7fd7b3ca…", s.get(RunLog.DATA_FILES));
        // A generated set reads no files: no fingerprint to keep.
        assertFalse(RunLog.withEnvironment(settings(), env(2, null)).containsKey(RunLog.DATA_FILES));
    }

    @Test
    void whatChangedNamesAnotherThreadCountButNotAMissingOne() {
        Map<String, Object> one = RunLog.withEnvironment(settings(), env(1, null)), two = RunLog.withEnvironment(settings(), env(2, null));
        assertEquals("threads 1 → 2", RunLog.changes(one, two));
        assertEquals("the same settings", RunLog.changes(one, RunLog.withEnvironment(settings(), env(1, null))));
        // A run kept before runs kept their threads compares on its settings alone.
        assertEquals("the same settings", RunLog.changes(settings(), two));
        assertEquals("the same settings", RunLog.changes(two, settings()));
    }

    @Test
    void theRowHoldsTheDeviceARunRanOnAndWhatChangedNamesAnotherButNotAMissingOne() {
        // The setting says "auto"; the row keeps what it chose, which tells a fast run from a slow one.
        Map<String, Object> cpu = RunLog.withEnvironment(settings(), env(2, null, "cpu")), gpu = RunLog.withEnvironment(settings(), env(2, null, "cuda:0"));
        assertEquals("cpu", cpu.get(RunLog.RAN_ON));
        assertEquals("ran on cpu → cuda:0", RunLog.changes(cpu, gpu));
        // A run kept before rows kept their device compares on its settings alone.
        Map<String, Object> older = new LinkedHashMap<>(gpu);
        older.remove(RunLog.RAN_ON);
        assertEquals("the same settings", RunLog.changes(older, gpu));
        assertEquals("the same settings", RunLog.changes(cpu, older));
    }
}
