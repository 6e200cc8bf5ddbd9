package layerlab.ui.inspect;

import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.data.Dataset;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import layerlab.train.Trainer;
import layerlab.train.TensorSnapshot;

/**
 * Copies taken from a trainer's model for the inspectors. They run on the training thread between two batches (or on
 * a worker after the run), in eval mode without gradients, and return host copies: nothing live leaves here.
 */
public final class Probes {
    private Probes() {
    }

    /** The node's parameters ({@code weight}, {@code bias}) as copies, by their short name. */
    public static Map<String, TensorSnapshot> parameters(Trainer t, String node) {
        Map<String, TensorSnapshot> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : t.model().namedParameters().entrySet()) {
            if (p.getKey().startsWith(node + ".")) out.put(p.getKey().substring(node.length() + 1), TensorSnapshot.of(p.getValue().data()));
        }
        return out;
    }

    /**
     * The node's buffers ({@code running_mean}, {@code running_var}, {@code num_batches_tracked}) as copies, by their
     * short name: what training keeps besides the parameters, and what eval mode normalises with.
     */
    public static Map<String, TensorSnapshot> buffers(Trainer t, String node) {
        Map<String, TensorSnapshot> out = new LinkedHashMap<>();
        for (Map.Entry<String, layerlab.nn.Buffer> b : t.model().namedBuffers().entrySet()) {
            if (b.getKey().startsWith(node + ".")) out.put(b.getKey().substring(node.length() + 1), TensorSnapshot.of(b.getValue().data()));
        }
        return out;
    }

    /** The outputs of {@code node} for samples {@code first …} (up to {@code count}) of {@code data}; null when it cannot run. */
    public static TensorSnapshot activations(Trainer t, Dataset data, String node, int first, int count) {
        Tensor a = t.evaluator().activations(data, node, first, count);
        return a == null ? null : TensorSnapshot.of(a);
    }

    /** The model's first Output for {@code inputs} ({@code [N, ...]}), on the host. */
    public static float[] predict(Trainer t, Tensor inputs) {
        return t.evaluator().predict(inputs, 256).toFloatArray();
    }
}
