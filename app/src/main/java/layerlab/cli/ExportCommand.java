package layerlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.compile.CompileException;
import layerlab.graph.compile.GraphCompiler;
import layerlab.io.ModelBundle;
import layerlab.io.PyTorchExport;
import layerlab.io.Safetensors;
import layerlab.io.onnx.OnnxExporter;
import layerlab.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab export MODEL --format onnx|pytorch --out PATH}: a trained bundle (or a project with
 * {@code --weights}) as an ONNX model or as a PyTorch script with its weights beside it.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model as ONNX (opset 17) or as a PyTorch script with its safetensors weights.")
public final class ExportCommand implements Callable<Integer> {
    enum Format { onnx, pytorch }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "a model bundle (.llab), or a project (.json) with --weights")
    Path model;

    @Option(names = "--format", required = true, description = "onnx or pytorch")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "the file to write (.onnx; .py, with PATH's .safetensors beside it)")
    Path out;

    @Option(names = "--weights", paramLabel = "W.safetensors", description = "the weights, when MODEL is a project")
    Path weights;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!Files.exists(model)) {
            err.println(model + ": no such file");
            return 1;
        }
        boolean project = model.getFileName().toString().endsWith(".json");
        if (project && weights == null) {
            err.println("layerlab: " + model + " is a project: give its weights with --weights W.safetensors (a bundle holds its own)");
            return 2;
        }
        Graph g;
        Map<String, Tensor> w;
        Normalization norm = null;
        try {
            if (project) {
                g = CheckCommand.load(model, err);
                if (g == null) return 1;
                w = Safetensors.load(weights).tensors();
            } else {
                ModelBundle b = ModelBundle.load(model);
                g = b.graph();
                w = b.weights();
                if (b.normalization() != null) norm = Normalization.fromMap(b.normalization());
            }
        } catch (IOException e) {
            err.println((project ? weights : model) + ": cannot read: " + e.getMessage());
            return 1;
        }
        if (project) {
            // What the inputs went through in training goes with the model, or the export would predict from raw inputs.
            try {
                norm = TrainedModel.projectNormalization(g, CliSupport.baseDir(model));
            } catch (IOException | IllegalArgumentException e) {
                err.println("layerlab: " + model + ": its inputs are normalized in training, but its data cannot be read to restore the statistics: "
                        + e.getMessage());
                return 1;
            }
        }
        try {
            // The weights must fit the graph key for key, as load_state_dict(strict=True) wants.
            GraphCompiler.compile(g).loadStateDict(w, true);
            String normalized = norm == null || norm.kind() == Normalization.Kind.NONE ? "" : "; inputs normalized as in training: " + norm.describe();
            if (format == Format.onnx) {
                OnnxExporter.save(g, w, norm, out);
                stdout.println("wrote " + out + " (ONNX opset " + OnnxExporter.OPSET + normalized + ")");
            } else {
                PyTorchExport.save(g, w, norm, out);
                stdout.println("wrote " + out + " and " + PyTorchExport.weightsPath(out) + "; run: python3 " + out + " --input X.npy --output Y.npy"
                        + (normalized.isEmpty() ? "" : " (" + normalized.substring(2) + ")"));
            }
            return 0;
        } catch (CompileException | IllegalArgumentException e) {
            err.println("layerlab: " + model + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(out + ": cannot write: " + e.getMessage());
            return 1;
        }
    }
}
