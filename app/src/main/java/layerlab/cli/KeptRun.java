package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;

/**
 * A {@code layerlab train} run in its project's {@link RunLog}, from its start: added before it trains, brought up to date
 * at epoch ends (at most once every {@link #EVERY_MS} ms, and never more than 2% of the time: a log of 50 long runs is a
 * few MB, which took 30-120 ms to read and write back on a loaded 2-core VM, so a model of many short epochs does not
 * spend its time rewriting it) and at its end. A run whose process is killed ({@code kill -9}, a power cut) so stays in the window's
 * runs table, as interrupted, with the epochs it reached. A log that cannot be written is one note, never the run's end.
 */
final class KeptRun implements layerlab.train.TrainingListener {
    static final long EVERY_MS = 1000;
    private final RunLog log;
    private final Path project;
    private final List<TrainingEvent.EpochEnded> epochs;
    private final PrintWriter err;
    private RunLog.Run run;
    private long written, pause = EVERY_MS;
    private boolean failed;

    /** Adds the run to the log; {@code epochs} is the list the run's epochs are added to (a resumed run's earlier ones first). */
    KeptRun(RunLog log, Path project, Map<String, Object> settings, List<TrainingEvent.EpochEnded> epochs, PrintWriter err) {
        this.log = log;
        this.project = project;
        this.epochs = epochs;
        this.err = err;
        try {
            run = log.begin(project, settings, epochs);
            written = System.currentTimeMillis();
        } catch (java.io.IOException | RuntimeException e) {
            note(e);
        }
    }

    @Override
    public void onEvent(TrainingEvent e) {
        if (e instanceof TrainingEvent.EpochEnded && System.currentTimeMillis() - written >= pause) write(null);
    }

    /** Writes how the run ended. */
    void end(TrainingEvent.Terminal end) {
        write(end);
    }

    private synchronized void write(TrainingEvent.Terminal end) {
        if (run == null) return;
        try {
            long start = System.currentTimeMillis();
            run = run.with(epochs, end);
            log.update(project, run);
            written = System.currentTimeMillis();
            pause = Math.max(EVERY_MS, 50 * (written - start));
        } catch (java.io.IOException | RuntimeException e) {
            note(e);
        }
    }

    private void note(Exception e) {
        if (failed) return;
        failed = true;
        err.println(notKept(e));
        err.flush();
    }

    /** The note for a run the project's log could not take, naming the file and why. */
    static String notKept(Throwable e) {
        return "layerlab train: note: this run could not be kept for the window's runs table (" + layerlab.io.AtomicFiles.problem(e) + ")";
    }
}
