package layerlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.io.ModelBundle;
import layerlab.io.Safetensors;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/** Saving a trainer's model: as weights ({@code .safetensors}) or as a whole bundle ({@code .llab}); every write is atomic. */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** The model's state dict on the host, PyTorch's names and order. */
    public static Map<String, Tensor> weights(Trainer trainer) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        trainer.model().stateDict().forEach((k, v) -> out.put(k, v.to(Device.CPU)));
        return out;
    }

    /**
     * A bundle of the trained model: {@code graph} with the run's dataset settings and its training config written
     * in, the weights, the config, the per-epoch metrics, the normalization the inputs need (null for none), the
     * names of the inputs' features and of the classes the outputs score, and where the run stood
     * ({@link Trainer#resumeState()}, when it has one), so that {@code layerlab train --resume} can go on from it.
     */
    public static ModelBundle bundle(Trainer trainer, Graph graph, Map<String, Object> dataset, Normalization normalization) {
        Map<String, Object> training = trainer.config().toMap();
        Graph g = graph;
        if (!dataset.equals(g.dataset())) g = g.set(GraphChange.Setting.DATASET, dataset).after();
        if (!training.equals(g.training())) g = g.set(GraphChange.Setting.TRAINING, training).after();
        Map<String, Tensor> weights = weights(trainer);
        TrainingState state = trainer.resumeState();
        return new ModelBundle(g, weights, training, trainer.history(),
                Normalization.toMapOrNull(normalization), trainer.dataNames().withResize(layerlab.data.DataSources.pictureResize(dataset)),
                state == null ? null : state.toBundle(weights));
    }

    /** Writes the bundle to {@code file} after the epochs {@code checkpoint_every} names. */
    public static Trainer.Checkpointer toBundle(Path file, Graph graph, Map<String, Object> dataset, Normalization normalization) {
        return toBundle(file, graph, dataset, normalization, null);
    }

    /** {@link #toBundle(Path, Graph, Map, Normalization)} with how the run was made ({@link RunEnvironment#toMap}; null: not said) in its manifest. */
    public static Trainer.Checkpointer toBundle(Path file, Graph graph, Map<String, Object> dataset, Normalization normalization, Map<String, Object> run) {
        return (trainer, epoch) -> ModelBundle.save(file, bundle(trainer, graph, dataset, normalization), run);
    }

    /** Writes the weights to {@code file} after the epochs {@code checkpoint_every} names. */
    public static Trainer.Checkpointer toWeights(Path file) {
        return (trainer, epoch) -> saveWeights(trainer, file);
    }

    public static void saveWeights(Trainer trainer, Path file) throws IOException {
        Safetensors.save(file, weights(trainer));
    }
}
