package layerlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import layerlab.data.Normalization;
import layerlab.graph.json.ProjectJson;
import layerlab.io.ModelBundle;
import layerlab.io.Safetensors;
import layerlab.io.onnx.OnnxException;
import layerlab.io.onnx.OnnxImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab import MODEL.onnx --out PROJECT.json [--weights-out W.safetensors]}: an ONNX model as a project and
 * its weights; {@code --out MODEL.llab} writes both as one model bundle instead, ready for eval, predict and export.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Open an ONNX model as a LayerLab project (layers, weights, laid out as the editor's Auto-layout lays it out).")
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL.onnx", description = "an ONNX model (from LayerLab, or torch.onnx.export)")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "PROJECT.json",
            description = "the project file to write; a name ending in .llab writes a model bundle (graph and weights in one file)")
    Path out;

    @Option(names = "--weights-out", paramLabel = "W.safetensors", description = "where the weights go (default: beside the project, PROJECT.safetensors)")
    Path weightsOut;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!Files.exists(model)) {
            err.println(model + ": no such file");
            return 1;
        }
        boolean bundle = out.getFileName().toString().endsWith(".llab");
        if (bundle && weightsOut != null) {
            err.println("layerlab import: " + out + " is a bundle, which holds the weights itself: leave out --weights-out");
            return 2;
        }
        Path w = weightsOut != null ? weightsOut : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".safetensors");
        OnnxImporter.Imported im;
        try {
            im = OnnxImporter.load(model);
        } catch (OnnxException e) {
            err.println("layerlab: " + model + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(model + ": cannot read: " + e.getMessage());
            return 1;
        }
        try {
            Normalization norm = im.normalization();
            if (bundle) {
                ModelBundle.save(out, new ModelBundle(im.graph(), im.weights(), Map.of(), List.of(), norm == null ? null : norm.toMap()));
                stdout.println("wrote " + out + " (" + im.graph().nodes().size() + " nodes, with their weights"
                        + (norm == null ? "" : " and its input normalization, " + norm.describe()) + ")");
                return 0;
            }
            Safetensors.save(w, im.weights());
            ProjectJson.save(im.graph(), out);
            if (norm != null) {
                err.println("layerlab import: note: " + model + " normalizes its inputs first (" + norm.describe() + "); a project refits that on its "
                        + "data set, so these statistics are not kept: import to a .llab bundle to keep them");
            }
        } catch (IOException e) {
            err.println("cannot write: " + e.getMessage());
            return 1;
        }
        stdout.println("wrote " + out + " (" + im.graph().nodes().size() + " nodes) and " + w);
        return 0;
    }
}
