package layerlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code eval} and {@code predict} both ask (a picocli mixin): the trained model, the device, the batch size. */
final class ModelOptions {
    @Parameters(paramLabel = "MODEL", description = "a bundle (.llab), or a project (.json) with --weights")
    Path model;

    @Option(names = "--weights", paramLabel = "FILE", description = "the weights (.safetensors) when MODEL is a project")
    Path weights;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "samples per forward pass (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, cuda[:N] or auto (default: the model's training device)")
    String device;

    /**
     * Says on {@code err} when batches of {@code --batch-size} ran out of memory and smaller ones were run instead
     * ({@link layerlab.train.Evaluator#batchLimit}): the numbers are the same, the next run can start at that size.
     */
    void noteBatchLimit(TrainedModel m, String command, java.io.PrintWriter err) {
        int fit = m.evaluator().batchLimit();
        if (fit >= batchSize) return;
        err.printf(java.util.Locale.ROOT, "layerlab %s: %d samples a batch ran out of memory (Java has %.1f GB); went on with %d a batch "
                + "(the same numbers; --batch-size %d starts there)%n", command, batchSize, Runtime.getRuntime().maxMemory() / 1e9, fit, fit);
    }

    /** The model, after checking the options; its {@link TrainedModel#note}, if any, said on {@code err} as {@code layerlab COMMAND: note: …}. */
    TrainedModel load(java.io.PrintWriter err, String command) throws IOException {
        CliSupport.checkDevice(device);
        if (batchSize < 1) throw new CliSupport.BadInput("--batch-size must be at least 1, got " + batchSize);
        TrainedModel m = TrainedModel.load(model, weights, device);
        if (m.note() != null) for (String line : m.note().split("\n")) err.println("layerlab " + command + ": note: " + line);
        return m;
    }
}
