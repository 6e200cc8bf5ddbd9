package layerlab.ui.train;

import java.util.Arrays;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.tensor.Tensor;
import layerlab.train.Trainer;

/**
 * Whether weights fit a network: an opened model's or a finished run's, key for key and shape for shape (a strict
 * {@code load_state_dict}), or loaded where they fit when a fine-tune replaced a layer. {@link TrainingSession}'s rules
 * for what a run may start from and what an export may save.
 */
final class WeightsFit {
    private WeightsFit() {
    }

    /**
     * Loads those of {@code init} (an opened model's, or the last run's) that fit the trainer's model, so that a fine-tune
     * whose head was replaced keeps the rest, and says so for the status line: {@code from} with the layers that start
     * fresh and why ({@code absent} for one {@code init} lacks).
     */
    static String startFrom(Trainer t, Map<String, Tensor> init, String from, String absent) {
        try {
            String fresh = t.loadWeightsThatFit(init).freshLayers(absent);
            return from + (fresh.isEmpty() ? "" : "; fresh: " + fresh);
        } catch (IllegalArgumentException none) {
            return "fresh weights: none of its layers fits those " + from.replaceFirst("^from ", "");
        }
    }

    /** Whether {@code weights} have {@code model}'s keys, each with its shape. */
    static boolean fits(Map<String, Tensor> weights, Map<String, Tensor> model) {
        if (!weights.keySet().equals(model.keySet())) return false;
        for (var e : model.entrySet()) if (!Arrays.equals(e.getValue().shape(), weights.get(e.getKey()).shape())) return false;
        return true;
    }

    /**
     * Whether the same weights fit both graphs: the same layers (ids, names, kinds, params), edges and blocks.
     * Moving cards, notes and the training or data settings leave the network as it was.
     */
    static boolean sameNetwork(Graph a, Graph b) {
        if (a == b) return true;
        if (!a.edges().equals(b.edges()) || a.nodes().size() != b.nodes().size() || a.blocks().size() != b.blocks().size()) return false;
        for (int i = 0; i < a.nodes().size(); i++) {
            Node x = a.nodes().get(i), y = b.nodes().get(i);
            if (!x.id().equals(y.id()) || !x.name().equals(y.name()) || !x.kind().equals(y.kind()) || !x.params().equals(y.params())) return false;
        }
        for (int i = 0; i < a.blocks().size(); i++) {
            var x = a.blocks().get(i);
            var y = b.blocks().get(i);
            if (!x.name().equals(y.name()) || !sameNetwork(x.body(), y.body())) return false;
        }
        return true;
    }
}
