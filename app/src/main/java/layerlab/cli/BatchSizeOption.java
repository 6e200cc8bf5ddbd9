package layerlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --batch-size} of the commands that run a trained model over many samples ({@code eval}, {@code predict}; a picocli mixin). */
final class BatchSizeOption {
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "samples per forward pass (default: ${DEFAULT-VALUE})")
    int batchSize;

    /** Refuses fewer than one sample a batch, before the model is read. */
    void check() {
        if (batchSize < 1) throw new CliSupport.BadInput("--batch-size must be at least 1, got " + batchSize);
    }

    /**
     * Says on {@code err} when batches of {@code --batch-size} ran out of memory and smaller ones were run instead
     * ({@link layerlab.train.Evaluator#batchLimit}): the numbers are the same, the next run can start at that size.
     */
    void noteBatchLimit(TrainedModel m, String command, PrintWriter err) {
        int fit = m.evaluator().batchLimit();
        if (fit >= batchSize) return;
        err.printf(Locale.ROOT, "layerlab %s: %d samples a batch ran out of memory (Java has %.1f GB); went on with %d a batch "
                + "(the same numbers; --batch-size %d starts there)%n", command, batchSize, Runtime.getRuntime().maxMemory() / 1e9, fit, fit);
    }
}
