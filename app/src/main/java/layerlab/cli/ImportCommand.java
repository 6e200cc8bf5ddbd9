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
import layerlab.io.FileFormatException;
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

    @Option(names = {"-o", "--out", "--output"}, required = true, paramLabel = "PROJECT.json",
            description = "the project file to write; a name ending in .llab writes a model bundle (graph and weights in one file)")
    Path out;

    @Option(names = "--weights-out", paramLabel = "W.safetensors", description = "where the weights go (default: beside the project, PROJECT.safetensors)")
    Path weightsOut;

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "import", this::importModel);
    }

    private int importModel() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!Files.exists(model)) throw new java.nio.file.NoSuchFileException(model.toString());
        boolean bundle = out.getFileName().toString().endsWith(".llab");
        if (bundle && weightsOut != null) throw new CliSupport.BadInput(out + " is a bundle, which holds the weights itself: leave out --weights-out");
        Path w = weightsOut != null ? weightsOut : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".safetensors");
        OnnxImporter.Imported im;
        try {
            im = OnnxImporter.load(model);
        } catch (OnnxException | FileFormatException e) {
            throw new CliSupport.BadInput(model + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CliSupport.BadInput(model + ": cannot read: " + e.getMessage());
        }
        Normalization norm = im.normalization();
        try {
            if (bundle) {
                ModelBundle.save(out, new ModelBundle(im.graph(), im.weights(), Map.of(), List.of(), norm == null ? null : norm.toMap(), im.names()));
                stdout.println("wrote " + out + " (" + im.graph().nodes().size() + " nodes, with their weights"
                        + (norm == null ? "" : " and its input normalization, " + norm.describe())
                        + (im.names().classes().isEmpty() ? "" : "; classes " + String.join(", ", im.names().classes())) + ")");
                return CliSupport.OK;
            }
            Safetensors.save(w, im.weights());
            ProjectJson.save(im.graph(), out);
        } catch (IOException e) {
            throw new CliSupport.BadInput("cannot write: " + e.getMessage());
        }
        if (norm != null) {
            err.println("layerlab import: note: " + model + " normalizes its inputs first (" + norm.describe() + "); a project refits that on its "
                    + "data set, so these statistics are not kept: import to a .llab bundle to keep them");
        }
        stdout.println("wrote " + out + " (" + im.graph().nodes().size() + " nodes) and " + w);
        return CliSupport.OK;
    }
}
