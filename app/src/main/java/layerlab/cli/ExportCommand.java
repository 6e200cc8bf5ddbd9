package layerlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
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
 * {@code layerlab export MODEL --format onnx|pytorch|llab|safetensors --out PATH}: a trained bundle (or a project with
 * {@code --weights}) as an ONNX model, as a PyTorch script with its weights beside it, as a bundle of the model
 * alone (without the training state a run's bundle keeps to go on from: the file to hand on), or as its weights alone
 * (PyTorch's state_dict names, for {@code load_state_dict(safetensors.torch.load_file(…))}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model as ONNX (opset 17), as a PyTorch script with its safetensors weights, as a bundle without training state, or its weights alone.")
public final class ExportCommand implements Callable<Integer> {
    enum Format {
        onnx(".onnx"), pytorch(".py"), llab(".llab"), safetensors(".safetensors");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** The format a file name's extension says, or null for another one. */
        static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Format f : values()) if (name.endsWith(f.extension)) return f;
            return null;
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "a model bundle (.llab), or a project (.json) with --weights")
    Path model;

    @Option(names = "--format", description = "onnx, pytorch, llab (the model alone: a bundle without the state to go on training, a third the size after Adam) or "
            + "safetensors (the weights alone); by default the one --out's extension names")
    Format format;

    @Option(names = {"-o", "--out", "--output"}, required = true, paramLabel = "PATH", description = "the file to write (.onnx; .py, with PATH's .safetensors beside it; .llab; .safetensors)")
    Path out;

    @Option(names = "--weights", paramLabel = "W.safetensors", description = "the weights, when MODEL is a project")
    Path weights;

    /**
     * The format asked for, or the one {@code out}'s extension names; refused when neither says one, or when they disagree
     * (an ONNX model in {@code model.py} would fool the next user of the file).
     */
    static Format format(Format asked, Path out) {
        Format named = Format.of(out);
        if (asked == null && named == null) {
            throw new CliSupport.BadInput("--out " + out + ": say the format with --format onnx|pytorch|llab|safetensors, or end the file name in "
                    + ".onnx, .py, .llab or .safetensors");
        }
        if (asked != null && named != null && asked != named) {
            throw new CliSupport.BadInput("--format " + asked + " writes a file ending in " + asked.extension + ", but --out " + out + " ends in "
                    + named.extension + " (--format " + named + "'s): end its name in " + asked.extension);
        }
        return asked != null ? asked : named;
    }

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "export", this::export);
    }

    private int export() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.exists(model)) throw new java.nio.file.NoSuchFileException(model.toString());
        boolean project = model.getFileName().toString().endsWith(".json");
        if (project && weights == null) {
            throw new CliSupport.BadInput(model + " is a project: give its weights with --weights W.safetensors (a bundle holds its own)");
        }
        if (!project && weights != null) {
            throw new CliSupport.BadInput("--weights goes with a project (.json); " + model + " is a bundle, which holds its own weights");
        }
        format = format(format, out);
        CliSupport.output("--out", out, model, weights);
        if (format == Format.pytorch) {
            Path beside = PyTorchExport.weightsPath(out);
            CliSupport.output("--out", beside, model, weights);
            // Over an earlier export of the same name is an update; a weights file that came without a script may be a run's result.
            if (Files.exists(beside) && !Files.exists(out)) {
                throw new CliSupport.BadInput(beside + " exists and is not the weights of an earlier " + out.getFileName() + ": the script's weights "
                        + "would replace it; give another --out, or move that file");
            }
        }
        Graph g;
        Map<String, Tensor> w;
        Normalization norm = null;
        DataNames names;
        ModelBundle bundle = null;
        if (project) {
            g = CliSupport.loadProject(model);
            w = Safetensors.load(weights).tensors();
            // What the inputs went through in training goes with the model, or the export would predict from raw inputs.
            TrainedModel.ProjectData data;
            try {
                data = TrainedModel.projectData(g, CliSupport.baseDir(model));
            } catch (IOException | IllegalArgumentException e) {
                throw new CliSupport.BadInput(model + ": its inputs are normalized in training, but its data cannot be read to restore the statistics: "
                        + e.getMessage());
            }
            norm = data.normalization();
            names = data.names();
        } else {
            bundle = ModelBundle.load(model);
            g = bundle.graph();
            w = bundle.weights();
            if (bundle.normalization() != null) norm = Normalization.fromMap(bundle.normalization());
            names = bundle.names();
        }
        try {
            // The weights must fit the graph key for key, as load_state_dict(strict=True) wants.
            // (Assigned, not copied: the check costs no second copy of the weights; the model is dropped after it.)
            GraphCompiler.compile(g, w).loadStateDict(w, true, true);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(model + ": " + e.getMessage());
        }
        String normalized = norm == null || norm.isIdentity() ? "" : "; inputs normalized as in training: " + norm.describe();
        try {
            if (format == Format.onnx) {
                OnnxExporter.save(g, w, norm, names, out);
                stdout.println("wrote " + out + " (ONNX opset " + OnnxExporter.OPSET + normalized + ")");
            } else if (format == Format.safetensors) {
                Safetensors.save(out, w);
                stdout.println("wrote " + out + " (" + w.size() + " tensors with PyTorch's state_dict names; the inputs' normalization and class "
                        + "names are not in it: a bundle, ONNX or the script keeps them)");
            } else if (format == Format.llab) {
                boolean hadState = bundle != null && bundle.resume() != null;
                ModelBundle alone = bundle != null ? bundle.withoutResume()
                        : new ModelBundle(g, w, g.training(), List.of(), Normalization.toMapOrNull(norm), names);
                // How the run that made it was made goes with it: whoever gets the model can make it again (layerlab info).
                Object run = bundle != null ? ModelBundle.manifest(model).get("run") : null;
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> record = run instanceof java.util.Map<?, ?> r ? (java.util.Map<String, Object>) r : null;
                ModelBundle.save(out, alone, record);
                stdout.println("wrote " + out + String.format(Locale.ROOT, " (%,d KB: the model and its weights", (Files.size(out) + 1023) / 1024)
                        + normalized + (hadState ? "; " + model.getFileName() + "'s training state left out, so it cannot go on training" : "") + ")");
            } else {
                PyTorchExport.save(g, w, norm, names, out);
                stdout.println("wrote " + out + " and " + PyTorchExport.weightsPath(out) + "; run: python3 " + CliSupport.shellWord(out)
                        + (names.vocabulary() != null ? " --text \"some text\"" : " --input X.npy --output Y.npy")
                        + (normalized.isEmpty() ? "" : " (" + normalized.substring(2) + ")"));
            }
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(model + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CliSupport.BadInput(out + ": cannot write: " + layerlab.io.AtomicFiles.reason(e));
        }
        return CliSupport.OK;
    }
}
