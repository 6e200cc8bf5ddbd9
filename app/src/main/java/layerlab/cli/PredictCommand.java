package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import layerlab.io.Npy;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab predict MODEL --input X.npy --output Y.npy}: the model's first Output for every row of X, in eval
 * mode. Float inputs are normalized as in training first (the bundle's stored statistics; for a project with
 * {@code --weights}, those its dataset settings give). Exit code 2 for bad input.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a trained model (a bundle, or a project with --weights) on the samples of an .npy file; write its outputs as .npy.")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "a bundle (.llab), or a project (.json) with --weights")
    Path model;

    @Option(names = "--weights", paramLabel = "FILE", description = "the weights (.safetensors) when MODEL is a project")
    Path weights;

    @Option(names = "--input", paramLabel = "X.npy", required = true,
            description = "the samples, [N, ...] (for several Inputs, each sample's values for all of them in turn)")
    Path input;

    @Option(names = "--output", paramLabel = "Y.npy", required = true, description = "where to write the outputs, [N, ...] float32")
    Path output;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "samples per forward pass (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, cuda[:N] or auto (default: the model's training device)")
    String device;

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "predict", this::predict);
    }

    private int predict() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (batchSize < 1) throw new CliSupport.BadInput("--batch-size must be at least 1, got " + batchSize);
        TrainedModel m = TrainedModel.load(model, weights, device);
        Tensor x = Npy.read(input);
        if (x.dim() < 1 || x.size(0) == 0) throw new CliSupport.BadInput(input + ": expected samples [N, ...], got shape " + Arrays.toString(x.shape()));
        if (x.dim() == 1) x = x.reshape(x.size(0), 1);
        if (m.normalization() != null && x.dtype() == DType.FLOAT32) {
            try {
                x = m.normalization().apply(x);
            } catch (IllegalArgumentException e) {
                // The statistics were fitted to the model's input shape, so this is the input not fitting the model.
                throw new CliSupport.BadInput(input + " does not fit the model: samples of " + Arrays.toString(Arrays.copyOfRange(x.shape(), 1, x.dim()))
                        + " (" + m.evaluator().feeds().describeInputs() + "; " + e.getMessage() + ")");
            }
        }
        Tensor y;
        try {
            y = m.evaluator().predict(x, batchSize);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(input + " does not fit the model: " + e.getMessage() + " (" + m.evaluator().feeds().describeInputs() + ")");
        }
        Npy.write(output, y);
        out.println("wrote " + output + ": " + Arrays.toString(y.shape()) + " " + y.dtype().pyName + ", the Output \"" + m.evaluator().output() + "\""
                + (m.normalization() != null && x.dtype() == DType.FLOAT32 ? " (inputs normalized: " + m.normalization().describe() + ")" : ""));
        out.flush();
        return CliSupport.OK;
    }
}
