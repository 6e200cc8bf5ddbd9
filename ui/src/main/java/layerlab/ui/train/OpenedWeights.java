package layerlab.ui.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import layerlab.data.DataNames;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import layerlab.train.Evaluator;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingState;
import layerlab.ui.train.TrainingSession.Ready;
import layerlab.ui.train.TrainingSession.State;

/**
 * The weights a {@link TrainingSession}'s runs start from instead of the seed's (an opened bundle's, an imported model's),
 * with what they came with (normalization, names, metrics, the state of the run that trained them), evaluated on the
 * project's data without training, or made {@link TrainingSession.Ready ready} to predict when there is none.
 */
final class OpenedWeights {
    private final TrainingSession session;

    Map<String, Tensor> initialWeights;
    /** Where the run behind the initial weights stood, and the file it came from; null without one. */
    TrainingState initialState;
    String initialSource;
    Normalization initialNormalization;
    DataNames initialNames = DataNames.NONE;
    List<Map<String, Object>> initialMetrics = List.of();
    /** The opened bundle's run record (TrainingSession#setInitialRun); null without one. */
    Map<String, Object> initialRun;
    /** An opened model ready to predict although its project has no data set; null otherwise. */
    volatile Ready ready;
    final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();

    OpenedWeights(TrainingSession session) {
        this.session = session;
    }

    /** {@link TrainingSession#setInitialWeights}. */
    void setInitialWeights(Map<String, Tensor> weights, Normalization normalization, DataNames names, List<Map<String, Object>> metrics) {
        initialWeights = weights == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        initialNormalization = weights == null ? null : normalization;
        initialNames = weights == null || names == null ? DataNames.NONE : names;
        initialMetrics = weights == null || metrics == null ? List.of() : List.copyOf(metrics);
        initialRun = null;
    }

    /** {@link TrainingSession#setInitialState}. */
    void setInitialState(TrainingState trained, String source) {
        initialState = trained;
        initialSource = trained == null ? null : source;
    }

    /** Forgets the initial weights, what came with them, and the model ready to predict ({@link TrainingSession#reset}). */
    void clear() {
        initialWeights = null;
        initialState = null;
        initialSource = null;
        initialNormalization = null;
        initialNames = DataNames.NONE;
        initialMetrics = List.of();
        initialRun = null;
        ready = null;
    }

    /** {@link TrainingSession#initialWeights(Graph)}. */
    Map<String, Tensor> initialWeights(Graph g) {
        Map<String, Tensor> w = initialWeights;
        return w != null && WeightsFit.fits(w, GraphCompiler.compile(g).stateDict()) ? w : null;
    }

    /** {@link TrainingSession#useInitialWeights(Graph, Path, boolean)}. */
    void useInitialWeights(Graph g, Path baseDir, boolean imported) {
        Map<String, Tensor> init = initialWeights;
        if (session.state.get().active() || init == null) return;
        String cannot = RunStart.cannotEvaluate(g);
        String what = imported ? "the imported weights" : "the opened model";
        if (cannot != null) {
            session.status.set((imported ? "The imported weights are" : "The opened model's weights are") + " ready; to evaluate them here: " + cannot);
            if (cannot.equals(RunStart.NO_DATA_SET)) prepareReady(g, init, imported);
            return;
        }
        Normalization stored = initialNormalization;
        DataNames names = initialNames;
        long gen = session.generation;
        session.graph = g;
        session.evaluatedOnly = true;
        session.state.set(State.PREPARING);
        session.status.set("Opening the data to evaluate " + what + "…");
        session.worker.submit(() -> {
            try {
                TrainingConfig config = TrainingConfig.fromMap(g.training());
                // The statistics the model was trained with, when the bundle has them; the data read as its names say (its
                // vocabulary, its table's columns and words, its classes).
                DataSplit split = DataSources.open(g.dataset(), baseDir, stored, names);
                Trainer t = new Trainer(g, config, split.train(), split.validation());
                if (!WeightsFit.fits(init, t.model().stateDict())) throw new IllegalArgumentException(what + (imported ? "" : "'s weights") + " do not fit the drawing");
                t.loadWeights(init);
                session.fxThread.accept(() -> {
                    if (gen != session.generation) return;
                    session.data = split;
                    session.dataDir = baseDir;
                    session.trainer = t;
                    if (initialWeights == init && initialNormalization == null) initialNormalization = split.normalization();
                    session.state.set(State.FINISHED);
                    session.status.set(imported ? "The imported weights, evaluated on the project's data (not trained here): Results predicts with them"
                            : "The opened model, evaluated on its data (not trained here): Results predicts with it");
                });
            } catch (Exception | Error e) {
                String msg = e.getMessage() != null ? e.getMessage() : e.toString();
                session.fxThread.accept(() -> {
                    if (gen != session.generation) return;
                    session.state.set(State.FAILED);
                    session.status.set("Cannot evaluate " + what + ": " + msg);
                });
            }
        });
    }

    /**
     * Off the JavaFX thread: the graph compiled on the initial weights, as {@code layerlab predict} runs a bundle, so that
     * Results predicts files with a model opened without its data (a torchvision model imported to a bundle with
     * {@code --mean/--std/--classes}); a model that cannot say so in the status line.
     */
    private void prepareReady(Graph g, Map<String, Tensor> init, boolean imported) {
        long gen = session.generation;
        Normalization norm = initialNormalization;
        DataNames names = initialNames;
        session.worker.submit(() -> {
            try {
                // On the initial weights themselves, not a copy (a VGG's 530 MB once in a 2 GB heap): it only predicts, in
                // eval mode without gradients, which writes none of them.
                Model m = GraphCompiler.compile(g, init);
                m.loadStateDict(init, true, true);
                Evaluator e = Evaluator.forRun(m, TrainingConfig.fromMap(g.training()), Device.CPU);
                session.fxThread.accept(() -> {
                    if (gen != session.generation || initialWeights != init) return;
                    ready = new Ready(e, norm, names, g);
                    session.status.set((imported ? "The imported weights are" : "The opened model is") + " ready: Results predicts files with "
                            + (imported ? "them" : "it") + "; to evaluate " + (imported ? "them" : "it") + " here, choose a data set in the Data tab.");
                    for (Runnable l : readyListeners) l.run();
                });
            } catch (Exception | Error e) {
                // Still ready to evaluate once there are data; why it cannot predict now is said (out of memory, no Output).
                String msg = e.getMessage() != null ? e.getMessage() : e.toString();
                session.fxThread.accept(() -> {
                    if (gen == session.generation && initialWeights == init) {
                        session.status.set(session.status.get() + " It cannot predict files here: " + msg);
                    }
                });
            }
        });
    }

    /** {@link TrainingSession#withReady}. */
    <T> void withReady(Function<Ready, T> compute, Consumer<T> show) {
        Ready r = ready;
        if (r == null || session.closed) return;
        long gen = session.generation;
        session.worker.submit(() -> {
            T v;
            try {
                v = compute.apply(r);
            } catch (RuntimeException e) {
                session.fxThread.accept(() -> {
                    if (gen == session.generation) session.status.set("Could not compute: " + e.getMessage());
                });
                return;
            }
            session.fxThread.accept(() -> {
                if (gen == session.generation) show.accept(v);
            });
        });
    }
}
