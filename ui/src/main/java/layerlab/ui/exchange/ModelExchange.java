package layerlab.ui.exchange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.io.ModelBundle;
import layerlab.io.PyTorchExport;
import layerlab.io.Safetensors;
import layerlab.io.onnx.OnnxExporter;
import layerlab.io.onnx.OnnxImporter;
import layerlab.nn.LoadResult;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.train.Checkpoints;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.ui.train.TrainingSession;

/**
 * File › Export and Import without the dialogs: which weights the current graph has, writing them in each format
 * through the engine's atomic writers, and reading an ONNX model whose weights the next training run starts from.
 * Every failure is an exception whose message the window shows as it is.
 */
public final class ModelExchange {
    /** What File › Export writes: the chooser's filter and the default file name come from here. */
    public enum Format {
        BUNDLE("Trained model (bundle)", "llab"),
        /** The bundle without the state to go on training: the file to hand on (a third the size after Adam). */
        MODEL_ONLY("Trained model without training state (bundle)", "llab"),
        ONNX("ONNX model", "onnx"),
        PYTORCH("PyTorch script", "py"),
        WEIGHTS("Weights (safetensors)", "safetensors");

        private final String label, extension;

        Format(String label, String extension) {
            this.label = label;
            this.extension = extension;
        }

        public String label() {
            return label;
        }

        public String extension() {
            return extension;
        }
    }

    /**
     * A state dict and where it came from, said in words for the status bar ("the last training run's weights").
     *
     * @param normalization what the inputs went through in the run that trained these weights; null for none
     * @param run           the finished run that trained them; null for imported or freshly initialised weights
     * @param names         the class and feature names of the data they were trained on (none when unknown)
     * @param metrics       an opened bundle's per-epoch metrics, which a bundle written from its weights keeps; else none
     * @param record        how the run that trained them was made (the bundle's {@code "run"}: seed, threads, the data files'
     *                      fingerprint…): this window's run's, or an opened bundle's kept as {@code layerlab export} keeps it; null
     *                      for weights no run recorded
     */
    public record Weights(Map<String, Tensor> tensors, String origin, Normalization normalization, Trainer run, DataNames names,
                          List<Map<String, Object>> metrics, Map<String, Object> record) {}

    private final TrainingSession session;

    public ModelExchange(TrainingSession session) {
        this.session = session;
    }

    /**
     * The weights of {@code g} now: the finished run's if it trained this network, else an imported model's, else
     * freshly initialised from the project's seed, the same ones a training run would start from.
     *
     * @throws IllegalArgumentException when {@code g} has errors
     * @throws IllegalStateException    while a run is going (its weights change under the export)
     */
    public Weights current(Graph g) {
        if (session.state().active()) {
            throw new IllegalStateException("A training run is going: stop it (Esc) or let it finish, then export its weights.");
        }
        Analysis a = Analysis.of(g);
        if (a.hasErrors()) {
            throw new IllegalArgumentException("\"" + g.name() + "\" has errors: " + String.join("; ", a.errors().stream().map(Problem::toString).toList()));
        }
        Map<String, Tensor> trained = session.trainedWeights(g);
        if (trained != null) {
            Trainer run = session.finished();
            layerlab.train.RunEnvironment env = session.trainedEnvironment(g);
            return new Weights(trained, "the last training run's weights", session.trainedNormalization(g), run,
                    run.dataNames().withResize(layerlab.data.DataSources.pictureResize(g.dataset())), List.of(), env == null ? null : env.toMap());
        }
        Map<String, Tensor> imported = session.initialWeights(g);
        if (imported != null) {
            return new Weights(imported, "the imported weights", session.initialNormalization(), null, session.initialNames(), session.initialMetrics(),
                    session.initialRun());
        }
        return new Weights(seeded(g).stateDict(), "freshly initialised weights (seed " + seed(g) + "; not trained since the graph last changed)",
                null, null, DataNames.NONE, List.of(), null);
    }

    /** {@code g} compiled and initialised as Trainer's own compile does it, from the project's seed: the weights a run of it starts from. */
    private static Model seeded(Graph g) {
        return seeded(g, Map.of());
    }

    /** {@link #seeded(Graph)}, its layers taking those of {@code weights} that fit as they are made ({@link GraphCompiler#compile(Graph, Map)}). */
    private static Model seeded(Graph g, Map<String, Tensor> weights) {
        try (var scope = Generator.use(new Generator(seed(g)))) {
            return GraphCompiler.compile(g, weights);
        }
    }

    /**
     * Weights read from a file for the drawing as it is: every tensor a run of it starts from, those in the file that fit
     * (same PyTorch name and shape, as {@code load_state_dict} matches them) and the others fresh from the project's seed.
     *
     * @param fit    what did not fit: the drawing's tensors missing from the file, the file's the drawing has not, the shapes that differ
     * @param loaded how many of the drawing's {@code total} tensors came from the file
     */
    public record LoadedWeights(Map<String, Tensor> weights, LoadResult fit, int loaded, int total) {
        /** "fc2 (its shape changed), fc3 (not in the file)"; empty when every tensor came from the file. */
        public String fresh() {
            return fit.freshLayers("not in the file");
        }
    }

    /**
     * Reads a {@code .safetensors} state_dict (PyTorch's names: what File › Export › Weights, {@code layerlab train
     * --save-weights} and {@code safetensors.torch.save_file(model.state_dict(), …)} write) for {@code g}; nothing
     * changes until {@link #useWeights}.
     *
     * @throws IllegalArgumentException when {@code g} has errors
     */
    public LoadedWeights readWeights(Graph g, Path file) throws IOException {
        Analysis a = Analysis.of(g);
        if (a.hasErrors()) {
            throw new IllegalArgumentException("\"" + g.name() + "\" has errors to fix first: " + String.join("; ", a.errors().stream().map(Problem::toString).toList()));
        }
        Map<String, Tensor> tensors = Safetensors.load(file).tensors();
        // The file's tensors become the model's own as its layers are made (a large model's weights on the heap once);
        // the others are initialised from the seed as before, in the same order.
        Model m = seeded(g, tensors);
        LoadResult r = m.loadStateDict(tensors, false, true);
        Map<String, Tensor> weights = m.stateDict();
        return new LoadedWeights(weights, r, weights.size() - r.missingKeys().size() - r.shapeMismatches().size(), weights.size());
    }

    /**
     * Makes read weights the ones the next runs start from and Export writes while they fit the drawing, as an opened
     * model's are; the inputs go through the project's own normalization.
     */
    public void useWeights(LoadedWeights w) {
        session.setInitialWeights(w.weights(), null, DataNames.NONE, List.of());
        session.setInitialState(null, null);
    }

    private static long seed(Graph g) {
        try {
            return TrainingConfig.fromMap(g.training()).seed();
        } catch (IllegalArgumentException e) {
            // A mistake elsewhere in the training settings does not stop an export.
            return g.training().get("seed") instanceof Number n ? n.longValue() : 0;
        }
    }

    /**
     * Writes {@code g} with its {@link #current} weights to {@code out}; a PyTorch script gets its weights beside it.
     * Nothing is written when the format cannot hold the graph. Returns the line for the status bar.
     */
    public String export(Graph g, Format format, Path out) throws IOException {
        Weights w = current(g);
        boolean resumable = false;
        switch (format) {
            case BUNDLE -> {
                ModelBundle b = bundle(g, w);
                resumable = b.resume() != null;
                ModelBundle.save(out, b, w.record());
            }
            case MODEL_ONLY -> ModelBundle.save(out, bundle(g, w).withoutResume(), w.record());
            case ONNX -> OnnxExporter.save(g, w.tensors(), w.normalization(), w.names(), out);
            case PYTORCH -> PyTorchExport.save(g, w.tensors(), w.normalization(), w.names(), out);
            case WEIGHTS -> Safetensors.save(out, w.tensors());
        }
        String files = format == Format.PYTORCH ? out.getFileName() + " and " + PyTorchExport.weightsPath(out).getFileName() : out.getFileName().toString();
        boolean normalized = format != Format.WEIGHTS && w.normalization() != null && !w.normalization().isIdentity();
        return "Exported " + files + " with " + w.origin() + (resumable ? " and the state to go on training (Go On after opening it; "
                + "File › Export › Trained model without training state writes the model alone)" : "")
                + (normalized ? "; inputs normalized as in training (" + w.normalization().describe() + ")" : "");
    }

    /**
     * {@code g} with weights {@code w} as one file: after a run, with the data and training settings, the per-epoch
     * metrics, the normalization and the class names of that run (as {@code layerlab train --save-bundle} writes it);
     * otherwise with the project's settings and the metrics the weights came with (an opened bundle's), if any.
     */
    private ModelBundle bundle(Graph g, Weights w) {
        Normalization norm = w.normalization();
        if (w.run() != null) return Checkpoints.bundle(w.run(), g, session.graph().dataset(), norm);
        return new ModelBundle(g, w.tensors(), g.training(), w.metrics(), Normalization.toMapOrNull(norm),
                w.names());
    }

    /**
     * A model read from a file: its graph, its weights, what its inputs went through in training (or null), its class and
     * feature names, and the per-epoch metrics of the run that trained it (a bundle's; none for ONNX).
     */
    public record Opened(Graph graph, Map<String, Tensor> weights, Normalization normalization, DataNames names, List<Map<String, Object>> metrics,
                         layerlab.train.TrainingState resume, String source, String unreadableState, List<String> notes, Map<String, Object> run) {
        /** A model without a run to go on from (ONNX), with what its import notes ({@link OnnxImporter.Imported#notes}). */
        public Opened(Graph graph, Map<String, Tensor> weights, Normalization normalization, DataNames names, List<Map<String, Object>> metrics,
                      List<String> notes) {
            this(graph, weights, normalization, names, metrics, null, null, null, notes, null);
        }
    }

    /**
     * Reads a model bundle; nothing changes until the caller makes its graph the project and {@link #startFrom} it. Where
     * its run stood comes along when the bundle holds it (Go On continues that run); a damaged state is left behind with
     * why ({@link Opened#unreadableState}), the model still opens.
     */
    public Opened openBundle(Path file) throws IOException {
        ModelBundle b = ModelBundle.load(file);
        String name = String.valueOf(file.getFileName());
        layerlab.train.TrainingState state = null;
        String unreadable = null;
        if (b.resume() != null) {
            try {
                state = layerlab.train.TrainingState.fromBundle(b.resume(), b.weights(), name);
            } catch (IOException | IllegalArgumentException damaged) {
                unreadable = damaged.getMessage();
            }
        }
        return new Opened(b.graph(), b.weights(), b.normalization() == null ? null : Normalization.fromMap(b.normalization()), b.names(), b.metrics(),
                state, name, unreadable, List.of(), runRecord(file));
    }

    /** The run record of the bundle {@code file} (how its weights were made), or null when it has none (an older LayerLab's). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> runRecord(Path file) throws IOException {
        return ModelBundle.manifest(file).get("run") instanceof Map<?, ?> run ? (Map<String, Object>) run : null;
    }

    /**
     * Reads an ONNX model, laid out as the importer lays it out; nothing changes until the caller makes its graph the
     * project and {@link #startFrom} it.
     *
     * @throws layerlab.io.onnx.OnnxException naming every op it cannot map
     */
    public Opened importOnnx(Path file) throws IOException {
        OnnxImporter.Imported im = OnnxImporter.load(file);
        return new Opened(im.graph(), im.weights(), im.normalization(), im.names(), List.of(), im.notes());
    }

    /**
     * Once an opened model's graph is the project: its weights are the ones the next runs start from and Export writes
     * while they fit the graph, with the input normalization they were trained with.
     */
    public void startFrom(Opened m) {
        session.setInitialWeights(m.weights(), m.normalization(), m.names(), m.metrics());
        session.setInitialState(m.resume(), m.source());
        session.setInitialRun(m.run());
    }
}
