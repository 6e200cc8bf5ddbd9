package layerlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code eval}, {@code predict} and {@code generate} ask (a picocli mixin): the trained model and the device. The
 * batch size is {@link BatchSizeOption}'s, for the commands that run batches: generate listed a --batch-size it never read.
 */
final class ModelOptions {
    @Parameters(paramLabel = "MODEL", description = "a bundle (.llab), or a project (.json) with --weights")
    Path model;

    @Option(names = "--weights", paramLabel = "FILE", description = "the weights (.safetensors) when MODEL is a project")
    Path weights;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, cuda[:N] or auto (default: the model's training device)")
    String device;

    /** The model, after checking the options; its {@link TrainedModel#note}, if any, said on {@code err} as {@code layerlab COMMAND: note: …}. */
    TrainedModel load(java.io.PrintWriter err, String command) throws IOException {
        CliSupport.checkDevice(device);
        TrainedModel m = TrainedModel.load(model, weights, device);
        if (m.note() != null) for (String line : m.note().split("\n")) err.println("layerlab " + command + ": note: " + line);
        return m;
    }
}
