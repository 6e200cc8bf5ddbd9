package layerlab.ui.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Earlier runs per project (by project name), kept in memory for the chart overlay while the app runs. */
public final class RunHistory {
    /** Overlays at most this many earlier runs. */
    public static final int KEEP = 5;
    private static final Map<String, List<RunRecord>> RUNS = new ConcurrentHashMap<>();

    private RunHistory() {
    }

    /** The project's runs, oldest first (the current one last while it runs). */
    public static List<RunRecord> of(String project) {
        return RUNS.computeIfAbsent(project, k -> new ArrayList<>());
    }

    /** Starts a new run record for {@code project}, dropping the oldest beyond {@link #KEEP}. */
    public static RunRecord newRun(String project) {
        List<RunRecord> runs = of(project);
        int n = runs.isEmpty() ? 1 : runs.get(runs.size() - 1).number() + 1;
        RunRecord r = new RunRecord(n);
        runs.add(r);
        while (runs.size() > KEEP + 1) runs.remove(0);
        return r;
    }
}
