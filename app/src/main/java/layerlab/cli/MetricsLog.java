package layerlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingListener;

/**
 * {@code --metrics FILE}: one JSON object per line, {@code "event"} first — {@code batch} (epoch, batch, step, loss, lr,
 * samples_per_second), {@code epoch} (epoch, partial and every metric), then {@code finished} (reason, epochs, steps,
 * seconds) or {@code failed} (message, node, step, hint). Non-finite numbers are written as null.
 */
final class MetricsLog implements TrainingListener, Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    MetricsLog(Path file) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void onEvent(TrainingEvent event) {
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
        try {
            out.write(JSON.writeValueAsString(m));
            out.write('\n');
            if (!(event instanceof TrainingEvent.BatchEnded)) out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics file: " + e.getMessage(), e);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
