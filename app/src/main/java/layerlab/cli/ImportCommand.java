package layerlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.io.FileFormatException;
import layerlab.io.ModelBundle;
import layerlab.io.NotAFileException;
import layerlab.io.Safetensors;
import layerlab.io.onnx.OnnxException;
import layerlab.io.onnx.OnnxImporter;
import layerlab.train.ModelLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab import MODEL.onnx --out PROJECT.json [--weights-out W.safetensors]}: an ONNX model as a project and
 * its weights; {@code --out MODEL.llab} writes both as one model bundle instead, ready for eval, predict and export, with
 * the class names and input normalization the model came without if given ({@code --classes}, {@code --mean}/{@code --std}).
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

    @Option(names = "--classes", paramLabel = "FILE|A,B,...", description = "the names of the classes the model's outputs score, in order: a "
            + "text file with one a line (as PyTorch Hub's imagenet_classes.txt) or a comma-separated list; predict then names the class it "
            + "picks (into a .llab bundle)")
    String classes;

    @Option(names = "--mean", split = ",", paramLabel = "M,...", description = "with --std: how the model's inputs were normalized in "
            + "training, per channel, as torchvision's transforms.Normalize(mean, std) (ImageNet's: --mean 0.485,0.456,0.406 --std "
            + "0.229,0.224,0.225); predict and eval then normalize pictures and arrays so (into a .llab bundle)")
    double[] mean;

    @Option(names = "--std", split = ",", paramLabel = "S,...", description = "with --mean: the standard deviations, per channel")
    double[] std;

    @Option(names = "--resize", paramLabel = "N", description = "pictures framed as torchvision's evaluation transforms frame them: "
            + "Resize(N) (the shorter side N pixels) then CenterCrop to the Input's size (ImageNet's models at 224: --resize 256); predict "
            + "then frames pictures so, where by default it stretches them whole (into a .llab bundle)")
    Integer resize;

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "import", this::importModel);
    }

    /**
     * What to do instead when {@code file} is LayerLab's own (a project, a bundle), which import, reading ONNX models only,
     * would call "not an ONNX model"; null for any other file.
     */
    static String layerLabFile(Path file) throws IOException {
        if (Files.isDirectory(file)) return null;
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        }
        String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
        String name = String.valueOf(file.getFileName()), p = CliSupport.program();
        if (text.stripLeading().startsWith("{") && text.contains("\"layerlab-project\"")) {
            return file + " is a LayerLab project, not an ONNX model: it needs no import; use it as it is (" + p + " check " + name + ", " + p + " train "
                    + name + ") or open it in the editor (" + p + " " + name + ", or File › Open). import reads .onnx files (torch.onnx.export's)";
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4 && name.toLowerCase(java.util.Locale.ROOT).endsWith(".llab")) {
            return file + " is a LayerLab model bundle, not an ONNX model: it needs no import; use it as it is (" + p + " predict " + name
                    + " --input …, " + p + " eval " + name + ") or open it in the editor (" + p + " " + name + ", or File › Open); " + p + " export " + name
                    + " --out model.onnx makes an ONNX model of it";
        }
        return null;
    }

    private int importModel() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!Files.exists(model)) throw new java.nio.file.NoSuchFileException(model.toString());
        String ours = layerLabFile(model);
        if (ours != null) throw new CliSupport.BadInput(ours);
        boolean bundle = CliSupport.isBundle(out);
        if (bundle && weightsOut != null) throw new CliSupport.BadInput(out + " is a bundle, which holds the weights itself: leave out --weights-out");
        if ((mean == null) != (std == null)) throw new CliSupport.BadInput("--mean and --std go together (transforms.Normalize(mean, std))");
        if (!bundle && (classes != null || mean != null || resize != null)) {
            throw new CliSupport.BadInput((classes != null ? "--classes" : mean != null ? "--mean and --std" : "--resize") + " are kept in a model bundle: "
                    + "give --out NAME.llab (a project's class names and normalization come from its data set)");
        }
        if (resize != null && (resize < 1 || resize > 65_536)) throw new CliSupport.BadInput("--resize must be a number of pixels from 1 to 65536, got " + resize);
        Path w = weightsOut != null ? weightsOut : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".safetensors");
        if (!bundle && !out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json"))
            throw new CliSupport.BadInput("--out " + out + ": end its name in .json (a project, its weights beside it) or .llab (a bundle)");
        CliSupport.output("--out", out, model);
        if (!bundle) CliSupport.output("--weights-out", w, model, out);
        OnnxImporter.Imported im;
        try {
            im = OnnxImporter.load(model);
        } catch (OnnxException | FileFormatException e) {
            throw new CliSupport.BadInput(model + ": " + e.getMessage());
        } catch (NotAFileException e) {
            throw new CliSupport.BadInput(e.getMessage());
        } catch (IOException e) {
            throw new CliSupport.BadInput(model + ": cannot read: " + e.getMessage());
        }
        // What the file cannot say about a layer, and how it was read (a BatchNorm's momentum 1.0): said, nothing refused.
        for (String note : im.notes()) err.println("layerlab import: note: " + model + ": " + note);
        Normalization norm = mean != null ? given(im.graph()) : im.normalization();
        DataNames names = classes != null ? new DataNames(im.names().features(), classNames(im.graph()), im.names().vocabulary()) : im.names();
        if (resize != null) {
            int[] sample = ModelLabels.inputSample(im.graph());
            if (sample == null || sample.length != 3) {
                throw new CliSupport.BadInput("--resize frames pictures, but the model's input is not one picture [C, H, W]"
                        + (sample == null ? "" : ": it takes " + java.util.Arrays.toString(sample)));
            }
            names = names.withResize(resize);
        }
        try {
            if (bundle) {
                ModelBundle.save(out, new ModelBundle(im.graph(), im.weights(), Map.of(), List.of(), norm == null ? null : norm.toMap(), names));
                stdout.println("wrote " + out + " (" + OnnxImporter.size(im.graph()) + "; with their weights"
                        + (norm == null ? "" : " and its input normalization, " + norm.describe())
                        + (names.resize() == 0 ? "" : "; pictures framed as Resize(" + names.resize() + "), then CenterCrop")
                        + (names.classes().isEmpty() ? "" : "; classes " + layerlab.train.PredictionTable.listed(names.classes())) + ")");
                return CliSupport.OK;
            }
            Safetensors.save(w, im.weights());
            ProjectJson.save(im.graph(), out);
        } catch (IOException e) {
            throw new CliSupport.BadInput("cannot write: " + e.getMessage());
        }
        if (norm != null) {
            err.println("layerlab import: note: " + model + " normalizes its inputs first (" + norm.describe() + "); a project refits that on its "
                    + "data set, so these statistics are not kept (predict and eval of the project give its inputs unnormalized): import to a .llab "
                    + "bundle to keep them");
        }
        stdout.println("wrote " + out + " (" + OnnxImporter.size(im.graph()) + ") and " + w);
        return CliSupport.OK;
    }

    /** {@code --classes}: a file's lines or a list's items, as many as the model's first Output has values. */
    private List<String> classNames(Graph g) throws IOException {
        Path file = Path.of(classes);
        try {
            if (Files.isRegularFile(file)) return ModelLabels.classes(g, ModelLabels.readNames(file), file.toString());
            if (!classes.contains(",") && classes.contains(".")) throw new java.nio.file.NoSuchFileException(classes);
            return ModelLabels.classes(g, java.util.Arrays.stream(classes.split(",")).map(String::strip).toList(), "--classes");
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(e.getMessage());
        }
    }

    /** {@code --mean}/{@code --std} as the bundle's normalization: per channel of an image Input, per feature of a flat one. */
    private Normalization given(Graph g) {
        try {
            return ModelLabels.normalization(g, mean, std);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput("--" + e.getMessage());
        }
    }
}
