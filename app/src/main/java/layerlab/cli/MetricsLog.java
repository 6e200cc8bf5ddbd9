package layerlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingListener;

/**
 * {@code --metrics FILE}: one JSON object per line, {@code "event"} first — {@code started} (the seed, threads and the rest of
 * {@link layerlab.train.RunEnvironment}), {@code batch} (epoch, batch, step, loss, lr,
 * samples_per_second), {@code epoch} (epoch, partial and every metric), then {@code finished} (reason, epochs, steps,
 * seconds) or {@code failed} (message, node, step, hint). Non-finite numbers are written as null. A file that cannot be
 * written on (a full disk) is a note on stderr and the end of the log, not of the run: the model being trained is worth more
 * than its log.
 */
final class MetricsLog implements TrainingListener, Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final BufferedWriter out;
    private final PrintWriter err;
    private boolean broken;

    MetricsLog(Path file, PrintWriter err) throws IOException {
        this.file = file;
        // Its folder is made when missing, as the other files a run writes make theirs.
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.err = err;
    }

    /**
     * The log's first line: {@code {"event": "started", …}} with what decides the run's numbers besides its settings (seed,
     * LayerLab, Java, CPU kernel, threads, device, the data files' fingerprint: {@link layerlab.train.RunEnvironment}), so that
     * a log read months later says how to make the run again.
     */
    void started(layerlab.train.RunEnvironment environment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "started");
        m.putAll(environment.toMap());
        write(m, true);
    }

    @Override
    public void onEvent(TrainingEvent event) {
        if (broken) return;
        Map<String, Object> m = new LinkedHashMap<>();
        if (event instanceof TrainingEvent.BatchEnded b) {
            m.put("event", "batch");
            m.put("epoch", b.epoch());
            m.put("batch", b.batch());
            m.put("step", b.step());
            m.put("loss", finite(b.loss()));
            m.put("lr", b.lr());
            m.put("samples_per_second", finite(b.samplesPerSecond()));
        } else if (event instanceof TrainingEvent.EpochEnded e) {
            m.put("event", "epoch");
            m.put("epoch", e.epoch());
            m.put("partial", e.partial());
            new java.util.TreeMap<>(e.metrics()).forEach((k, v) -> m.put(k, finite(v)));
        } else if (event instanceof TrainingEvent.RunFinished f) {
            m.put("event", "finished");
            m.put("reason", f.reason().label());
            m.put("epochs", f.epochs());
            m.put("steps", f.steps());
            m.put("seconds", f.seconds());
            if (f.restoredEpoch() > 0) m.put("restored_epoch", f.restoredEpoch());
        } else if (event instanceof TrainingEvent.RunFailed f) {
            m.put("event", "failed");
            m.put("message", f.message());
            m.put("node", f.node());
            m.put("step", f.step());
            m.put("hint", f.hint());
        } else {
            return;
        }
        write(m, !(event instanceof TrainingEvent.BatchEnded));
    }

    private void write(Map<String, Object> m, boolean flush) {
        if (broken) return;
        try {
            out.write(JSON.writeValueAsString(m));
            out.write('\n');
            if (flush) out.flush();
        } catch (IOException e) {
            broken = true;
            err.println("layerlab train: note: cannot write the metrics file " + file + " (" + layerlab.io.AtomicFiles.reason(e) + "); training goes on without it");
            err.flush();
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            // the last lines did not reach the disk: said once, as above
            if (!broken) err.println("layerlab train: note: cannot write the metrics file " + file + " (" + layerlab.io.AtomicFiles.reason(e) + ")");
            broken = true;
        }
    }
}
