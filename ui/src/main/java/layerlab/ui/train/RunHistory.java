package layerlab.ui.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The runs of the open document: the runs table's rows and the chart's overlays. Another document (New, Open, a
 * sample, an import) starts a history of its own, with the runs its {@link layerlab.train.RunLog} kept when it is a saved project.
 */
final class RunHistory {
    /** Overlays at most this many earlier runs; older ones keep their row and epochs only. */
    static final int KEEP = 5;
    /** Keeps at most this many runs. */
    static final int LOGGED = layerlab.train.RunLog.KEEP;
    private final List<RunRecord> runs = new ArrayList<>();

    /** The runs, oldest first (the current one last while it runs). */
    List<RunRecord> all() {
        return Collections.unmodifiableList(runs);
    }

    /** The runs the chart overlays under {@code current}: the last {@link #KEEP} before it (cross-validations have no curves). */
    List<RunRecord> overlaid(RunRecord current) {
        List<RunRecord> before = new ArrayList<>(runs);
        before.remove(current);
        before.removeIf(r -> r.folds() != null);
        return before.subList(Math.max(0, before.size() - KEEP), before.size());
    }

    /** Starts a new run record, dropping the oldest beyond {@link #LOGGED} and the batch details beyond {@link #KEEP}. */
    RunRecord newRun() {
        int n = runs.isEmpty() ? 1 : runs.get(runs.size() - 1).number() + 1;
        RunRecord r = new RunRecord(n);
        runs.add(r);
        while (runs.size() > LOGGED) runs.remove(0);
        for (int i = 0; i < runs.size() - KEEP - 1; i++) runs.get(i).compact();
        return r;
    }

    /**
     * Adds runs the project's log gained from elsewhere ({@code kept}, oldest first), after the runs kept before them and
     * before any not kept yet (one still going), trimmed as {@link #newRun} trims.
     */
    void insertKept(List<RunRecord> kept) {
        int at = 0;
        while (at < runs.size() && runs.get(at).isKept()) at++;
        runs.addAll(at, kept);
        while (runs.size() > LOGGED) runs.remove(0);
        for (int i = 0; i < runs.size() - KEEP - 1; i++) runs.get(i).compact();
    }

    /**
     * Puts {@code kept}, a run as the log holds it now, in place of its row read while it had not ended (a terminal's run
     * that went on, or ended, since); true when there was such a row and the run has moved on.
     */
    boolean replaceUnfinished(RunRecord kept) {
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            if (!r.isKept() || r.number() != kept.number() || !r.unfinishedInLog()) continue;
            if (kept.unfinishedInLog() && RunRecord.lastEpoch(kept.epochs()) == RunRecord.lastEpoch(r.epochs()) && kept.interrupted() == r.interrupted()) return false;
            runs.set(i, kept);
            return true;
        }
        return false;
    }

    /** Forgets every run (another document was opened), then holds {@code saved} (its runs read from the log). */
    void reset(List<RunRecord> saved) {
        runs.clear();
        runs.addAll(saved.subList(Math.max(0, saved.size() - LOGGED), saved.size()));
    }
}
