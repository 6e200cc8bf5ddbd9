package layerlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import layerlab.backend.Backends;
import layerlab.data.DataFiles;
import layerlab.data.DataNames;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.io.ModelBundle;
import layerlab.io.Safetensors;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import layerlab.train.Evaluator;
import layerlab.train.RunEnvironment;
import layerlab.train.TrainingConfig;

/**
 * A trained model for {@code eval} and {@code predict}: from a bundle (graph, weights, training config and the
 * normalization its inputs need), or from a project plus a weights file (the normalization then comes from
 * opening the project's data set, fitted exactly as training fitted it).
 *
 * @param normalization what raw inputs need; null when the bundle or project has none
 * @param names         the names of the classes the outputs score and of a sample's values, and a text model's vocabulary
 *                      (the bundle's, or the project's data set's when it opens); {@link DataNames#NONE} when unknown
 * @param note          what a person should know before trusting the outputs, said once ({@link #unnormalizedNote}); null when nothing
 */
record TrainedModel(String source, Graph graph, Evaluator evaluator, TrainingConfig config, Normalization normalization, DataNames names,
                    Path baseDir, String note) {

    static TrainedModel load(Path file, Path weights, String device) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        Path baseDir = CliSupport.baseDir(file);
        if (weights == null) {
            if (file.toString().endsWith(".json")) {
                throw new CliSupport.BadInput(file + " is a project: give its trained weights with --weights FILE.safetensors, or a bundle (.llab)");
            }
            ModelBundle b = ModelBundle.load(file);
            baseDir = dataFolder(file, b.graph(), baseDir);
            Normalization norm = b.normalization() == null ? null : Normalization.fromMap(b.normalization());
            return build(file.toString(), b.graph(), b.weights(), b.training(), norm, b.names(), baseDir, device, nonFinite(file, b.weights()));
        }
        if (!file.toString().endsWith(".json")) {
            throw new CliSupport.BadInput("--weights goes with a project (.json); " + file + " is a bundle, which holds its own weights");
        }
        Graph g = CliSupport.loadProject(file);
        Map<String, Tensor> w = Safetensors.load(weights).tensors();
        ProjectData data = projectData(g, baseDir);
        TrainedModel m = build(file.toString(), g, w, g.training(), data.normalization(), data.names(), baseDir, device, null);
        String note = join(nonFinite(weights, w), unnormalizedNote(m));
        return note == null ? m : new TrainedModel(m.source, g, m.evaluator, m.config, m.normalization, m.names, baseDir, note);
    }

    /**
     * Where a bundle's data set's relative paths are read from: beside the bundle, unless its files are not there but are in
     * the folder the bundle's run read them from (its manifest's run record: the project's folder), as for a bundle saved
     * to {@code out/} ({@code layerlab eval out/model.llab} said "no such file" for the project's {@code flowers.csv}).
     */
    private static Path dataFolder(Path bundle, Graph g, Path beside) {
        if (DataFiles.allThere(g.dataset(), beside)) return beside;
        try {
            String f = ModelBundle.manifest(bundle).get("run") instanceof Map<?, ?> run ? RunEnvironment.fromMap(run).dataFolder() : null;
            if (f != null) {
                Path recorded = Path.of(f);
                if (Files.isDirectory(recorded) && DataFiles.allThere(g.dataset(), recorded)) return recorded;
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable record: the paths are read beside the bundle, and the loader says what is missing.
        }
        return beside;
    }

    /** Weights are read as PyTorch reads them, infinities and NaN too; where there are any, the note says which. */
    private static String nonFinite(Path file, Map<String, Tensor> weights) {
        String what = Safetensors.nonFinite(weights);
        return what == null ? null : file.getFileName() + ": " + what;
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "\n" + b;
    }

    /**
     * For a project without a data set whose model takes numbers: nothing says how its inputs were normalized, so they
     * go in as they are. A project keeps no statistics of its own (it refits them on its data set), and an ONNX model
     * imported as a project loses those it normalized its inputs with (its import says so): its outputs would then be
     * another model's, with nothing to show it. Null for a project with a data set, or one whose inputs are token ids.
     */
    static String unnormalizedNote(TrainedModel m) {
        if (m.graph.dataset().get("source") != null) return null;
        var model = m.model();
        boolean numbers = model.dataInputNames().stream().allMatch(i -> model.inputType(i) == null || model.inputType(i).dtype() == layerlab.tensor.DType.FLOAT32);
        if (!numbers || model.dataInputNames().isEmpty()) return null;
        return m.source + " has no data set, so nothing says how its inputs were normalized in training: they go in as they are. A model imported "
                + "from ONNX that normalized its inputs keeps those statistics only in a bundle: " + CliSupport.program() + " import MODEL.onnx -o MODEL.llab";
    }

    /**
     * What a project's training data say about new inputs: their normalization, fitted again as training fitted it (null
     * when the project has none), and the class and column names (none when unknown).
     */
    record ProjectData(Normalization normalization, DataNames names) {}

    /**
     * Opens the project's data once for both. Data that do not open here only cost the names, unless the inputs are
     * normalized: then the statistics are needed, and the failure is thrown.
     */
    static ProjectData projectData(Graph g, Path baseDir) throws IOException {
        Object kind = g.dataset().get("normalize");
        // Filling a table's gaps takes training statistics (means, medians, most frequent values), as normalizing does.
        boolean normalized = kind != null && !"none".equals(kind) || layerlab.data.CsvLoader.Missing.fills(g.dataset().get("missing"));
        if (!(g.dataset().get("source") instanceof String) && !normalized) return new ProjectData(null, DataNames.NONE);
        try {
            DataSplit d = DataSources.open(g.dataset(), baseDir);
            return new ProjectData(normalized ? d.normalization() : null, DataNames.of(d.train(), g.dataset()));
        } catch (IOException | RuntimeException e) {
            if (normalized) throw e;
            return new ProjectData(null, DataNames.NONE);
        }
    }

    private static TrainedModel build(String source, Graph g, Map<String, Tensor> weights, Map<String, Object> training, Normalization norm,
                                      DataNames names, Path baseDir, String device, String note) {
        TrainingConfig config = TrainingConfig.fromMap(training);
        // The weights were read for this model alone: its layers take them as they are made (on the heap once).
        Model model = GraphCompiler.compile(g, weights);
        try {
            model.loadStateDict(weights, true, true);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput("the weights do not fit the model: " + e.getMessage());
        }
        Device d = Backends.resolve(device != null ? device : config.device());
        model.to(d);
        model.eval();
        return new TrainedModel(source, g, Evaluator.forRun(model, config, d), config, norm, names, baseDir, note);
    }

    Model model() {
        return evaluator.model();
    }
}
