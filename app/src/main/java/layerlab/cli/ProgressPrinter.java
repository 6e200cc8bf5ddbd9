package layerlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingListener;

/**
 * The training progress on a console: on a terminal one status line redrawn in place ({@code \r}) at most ten
 * times a second — epoch, batch, samples/s, time left, loss, accuracy — and a line per epoch; elsewhere (a pipe, a
 * log file, a test) only the per-epoch lines.
 */
final class ProgressPrinter implements TrainingListener {
    private final PrintWriter out;
    private final boolean terminal;
    private final long maxSteps;
    private int epochs, batchesPerEpoch, batchSize;
    private long lastDraw;
    private int drawn;

    ProgressPrinter(PrintWriter out, boolean terminal, long maxSteps) {
        this.out = out;
        this.terminal = terminal;
        this.maxSteps = maxSteps;
    }

    @Override
    public void onEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.RunStarted s) {
            epochs = s.epochs();
            batchesPerEpoch = s.batchesPerEpoch();
            batchSize = s.config().batchSize();
            out.printf(Locale.ROOT, "%s: %,d parameters on %s; %s, batches of %d, %d epoch%s of %d step%s%n", s.model(), s.parameters(), s.device(),
                    s.config().optimizerText(), batchSize, epochs, epochs == 1 ? "" : "s",
                    batchesPerEpoch, batchesPerEpoch == 1 ? "" : "s");
            out.flush();
        } else if (event instanceof TrainingEvent.BatchEnded b) {
            if (!terminal) return;
            long now = System.nanoTime();
            if (drawn > 0 && now - lastDraw < 100_000_000L && b.batch() != batchesPerEpoch) return;
            lastDraw = now;
            long total = Math.min((long) epochs * batchesPerEpoch, maxSteps);
            double eta = (total - b.step()) * batchSize / Math.max(1e-9, b.samplesPerSecond());
            draw(String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  %,.0f samples/s  ETA %s  loss %s%s", b.epoch(), epochs, b.batch(),
                    batchesPerEpoch, b.samplesPerSecond(), duration(eta), CliSupport.number(b.loss()),
                    Double.isNaN(b.accuracy()) ? "" : "  accuracy " + CliSupport.percent(b.accuracy())));
        } else if (event instanceof TrainingEvent.EpochEnded e) {
            clear();
            out.println("epoch " + e.epoch() + "/" + epochs + (e.partial() ? " (partial)" : "") + ": " + metrics(e.metrics()));
            out.flush();
        } else if (event instanceof TrainingEvent.Terminal) {
            clear();
            out.flush();
        }
    }

    private void draw(String line) {
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < drawn; i++) sb.append(' ');
        drawn = line.length();
        out.print(sb);
        out.flush();
    }

    private void clear() {
        if (drawn == 0) return;
        out.print("\r" + " ".repeat(drawn) + "\r");
        drawn = 0;
    }

    /**
     * {@code train_loss 0.2312  train_accuracy 93.10%  val_loss …  lr 0.001  (12.3 s)}; with several loss nodes each one's
     * own loss after their weighted sum ({@code train_loss 0.61  train_loss_ce 0.52  train_loss_aux 0.30 …}); with several
     * targets each head's own accuracy or MAE after the first head's ({@code train_accuracy_ce 93.10%  train_mae_mse 0.41}).
     */
    static String metrics(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        for (String k : new String[] {"train_loss", "train_accuracy", "train_mae", "val_loss", "val_accuracy", "val_mae", "lr"}) {
            Double v = m.get(k);
            if (v != null) {
                if (sb.length() > 0) sb.append("  ");
                sb.append(k).append(' ').append(k.endsWith("accuracy") ? CliSupport.percent(v) : k.equals("lr") ? TrainingConfig.shortNumber(v) : CliSupport.number(v));
            }
            if (k.equals("lr")) continue;
            // Each loss node's own loss after the sum; with several targets each head's own accuracy or MAE after the first's.
            m.forEach((part, pv) -> {
                if (part.startsWith(k + "_"))
                    sb.append(sb.length() > 0 ? "  " : "").append(part).append(' ').append(k.endsWith("accuracy") ? CliSupport.percent(pv) : CliSupport.number(pv));
            });
        }
        Double s = m.get("seconds");
        if (s != null) sb.append(String.format(Locale.ROOT, "  (%.1f s)", s));
        return sb.toString();
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "--:--";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
