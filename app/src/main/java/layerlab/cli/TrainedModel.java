package layerlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import layerlab.backend.Backends;
import layerlab.data.DataNames;
import layerlab.data.DataSources;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.io.ModelBundle;
import layerlab.io.Safetensors;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import layerlab.train.Evaluator;
import layerlab.train.TrainingConfig;

/**
 * A trained model for {@code eval} and {@code predict}: from a bundle (graph, weights, training config and the
 * normalization its inputs need), or from a project plus a weights file (the normalization then comes from
 * opening the project's data set, fitted exactly as training fitted it).
 *
 * @param normalization what raw inputs need; null when the bundle or project has none
 * @param names         the names of the classes the outputs score and of a sample's values (the bundle's, or the project's
 *                      data set's when it opens); {@link DataNames#NONE} when unknown
 */
record TrainedModel(String source, Graph graph, Evaluator evaluator, TrainingConfig config, Normalization normalization, DataNames names,
                    Path baseDir) {

    static TrainedModel load(Path file, Path weights, String device) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        Path baseDir = CliSupport.baseDir(file);
        if (weights == null) {
            if (file.toString().endsWith(".json")) {
                throw new CliSupport.BadInput(file + " is a project: give its trained weights with --weights FILE.safetensors, or a bundle (.llab)");
            }
            ModelBundle b = ModelBundle.load(file);
            Normalization norm = b.normalization() == null ? null : Normalization.fromMap(b.normalization());
            return build(file.toString(), b.graph(), b.weights(), b.training(), norm, b.names(), baseDir, device);
        }
        Graph g = CliSupport.loadProject(file);
        Map<String, Tensor> w = Safetensors.load(weights).tensors();
        return build(file.toString(), g, w, g.training(), projectNormalization(g, baseDir), projectNames(g, baseDir), baseDir, device);
    }

    /** A project's input normalization, fitted again on its training data as training fitted it; null when it has none. */
    static Normalization projectNormalization(Graph g, Path baseDir) throws IOException {
        Object kind = g.dataset().get("normalize");
        return kind != null && !"none".equals(kind) ? DataSources.open(g.dataset(), baseDir).normalization() : null;
    }

    /** A project's class and column names, from its training data; none when it has no data set or the data do not open here. */
    static DataNames projectNames(Graph g, Path baseDir) {
        if (!(g.dataset().get("source") instanceof String)) return DataNames.NONE;
        try {
            return DataNames.of(DataSources.open(g.dataset(), baseDir).train());
        } catch (IOException | RuntimeException e) {
            return DataNames.NONE;
        }
    }

    private static TrainedModel build(String source, Graph g, Map<String, Tensor> weights, Map<String, Object> training, Normalization norm,
                                      DataNames names, Path baseDir, String device) {
        TrainingConfig config = TrainingConfig.fromMap(training);
        Model model = GraphCompiler.compile(g);
        try {
            model.loadStateDict(weights, true);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput("the weights do not fit the model: " + e.getMessage());
        }
        Device d = Backends.resolve(device != null ? device : config.device());
        model.to(d);
        model.eval();
        return new TrainedModel(source, g, new Evaluator(model, config.loss(), d), config, norm, names, baseDir);
    }

    Model model() {
        return evaluator.model();
    }
}
