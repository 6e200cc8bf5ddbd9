package layerlab.ui.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import layerlab.train.RunLog;

/**
 * The open document's runs ({@link RunHistory}) and where a saved project keeps them ({@link RunLog}): read when a
 * document opens, added to when a run ends, taken in again when a terminal's {@code layerlab train} added some. A part of
 * {@link TrainingSession}, on the JavaFX thread.
 */
final class KeptRuns {
    private final RunHistory history = new RunHistory();
    private final List<Runnable> listeners = new ArrayList<>();
    private RunLog log;
    private Supplier<Path> projectFile = () -> null;
    /**
     * The log file as {@link #refresh} last read it (its time, size and file key; null: not read): the window coming to the
     * front read and parsed the whole log each time (a log of 50 long runs is MBs), now only when it changed.
     */
    private String seen;
    /** How many times {@link #refresh} read the log (tests). */
    int reads;

    List<RunRecord> all() {
        return history.all();
    }

    List<RunRecord> overlaid(RunRecord current) {
        return history.overlaid(current);
    }

    /** Keeps the runs of the project {@code projectFile} names (null while unsaved) in {@code log}. */
    void keepIn(RunLog log, Supplier<Path> projectFile) {
        this.log = log;
        this.projectFile = projectFile;
    }

    /** Forgets the runs of the document before, for the open project's kept ones. */
    void reset() {
        history.reset(saved());
    }

    /** See {@link TrainingSession#refreshKeptRuns}. */
    boolean refresh() {
        Path f = projectFile.get();
        if (log == null || f == null) return false;
        String stamp = stamp(log.fileFor(f));
        // Read again as it is while a row stands for a run another process trains: that process may have died meanwhile.
        if (stamp != null && stamp.equals(seen) && history.all().stream().noneMatch(RunRecord::unfinishedInLog)) return false;
        seen = stamp;
        reads++;
        int lastKept = 0;
        for (RunRecord r : history.all()) if (r.isKept()) lastKept = Math.max(lastKept, r.number());
        List<RunRecord> added = new ArrayList<>();
        boolean updated = false;
        for (RunLog.Run kept : log.load(f)) {
            if (kept.number() > lastKept) added.add(RunRecord.of(kept));
            else updated |= history.replaceUnfinished(RunRecord.of(kept));
        }
        if (added.isEmpty() && !updated) return false;
        if (!added.isEmpty()) history.insertKept(added);
        changed();
        return true;
    }

    /** When {@code file} was written, how large it is and which file it is (a log is written anew and renamed); null when it cannot be read. */
    private static String stamp(Path file) {
        try {
            var a = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            return a.lastModifiedTime() + " " + a.size() + " " + a.fileKey();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private List<RunRecord> saved() {
        Path f = projectFile.get();
        return log == null || f == null ? List.of() : log.load(f).stream().map(RunRecord::of).toList();
    }

    /**
     * Adds the ended runs the log does not hold yet (the one that just ended; earlier ones when the project was saved
     * since) to it, when the project is saved: added, not written over, so that runs {@code layerlab train} added
     * meanwhile stay; each takes the log's number and what changed from the log's last.
     *
     * @return null, or why the log could not be written
     */
    String save() {
        Path f = projectFile.get();
        if (log == null || f == null) return null;
        try {
            for (RunRecord r : history.all()) {
                RunLog.Run run = r.isKept() ? null : r.logged();
                if (run != null) r.keptAs(log.append(f, run.settings(), run.epochs(), run.end(), run.folds()));
            }
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            return layerlab.io.AtomicFiles.problem(e);
        }
    }

    /** A new row of the runs, for {@code settings}, compared with the row before it (the last one, whatever it was). */
    RunRecord newRecord(Map<String, Object> settings) {
        List<RunRecord> before = history.all();
        RunRecord previous = before.isEmpty() ? null : before.get(before.size() - 1);
        RunRecord r = history.newRun();
        r.setSettings(settings, previous);
        return r;
    }

    /**
     * Adds to {@code r}'s settings what its run's {@code environment} says that the runs compare (its data files' fingerprint,
     * its threads: {@link RunLog#withEnvironment}, as {@code layerlab train} keeps them), once its data are read, and compares
     * it again with the row before it.
     */
    void recordEnvironment(RunRecord r, layerlab.train.RunEnvironment environment) {
        List<RunRecord> all = history.all();
        int at = all.indexOf(r);
        if (at < 0) return;
        r.setSettings(RunLog.withEnvironment(r.settings(), environment), at == 0 ? null : all.get(at - 1));
    }

    void addListener(Runnable l) {
        listeners.add(l);
    }

    /** Tells the listeners that a row was added other than by a run's events. */
    void changed() {
        for (Runnable l : listeners) l.run();
    }
}
