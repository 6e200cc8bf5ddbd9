package layerlab.ui.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The runs of the open document, kept in memory for the chart overlay while it stays open: another document (New, Open,
 * a sample, an import) starts a history of its own, even under the same name.
 */
final class RunHistory {
    /** Overlays at most this many earlier runs. */
    static final int KEEP = 5;
    private final List<RunRecord> runs = new ArrayList<>();

    /** The runs, oldest first (the current one last while it runs). */
    List<RunRecord> all() {
        return Collections.unmodifiableList(runs);
    }

    /** Starts a new run record, dropping the oldest beyond {@link #KEEP}. */
    RunRecord newRun() {
        int n = runs.isEmpty() ? 1 : runs.get(runs.size() - 1).number() + 1;
        RunRecord r = new RunRecord(n);
        runs.add(r);
        while (runs.size() > KEEP + 1) runs.remove(0);
        return r;
    }

    /** Forgets every run (another document was opened). */
    void clear() {
        runs.clear();
    }
}
