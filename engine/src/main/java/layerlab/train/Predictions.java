package layerlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * What a classifier's outputs say, read as a person reads them: the probability of each class for one sample and
 * the most likely class. The one rule for {@code layerlab predict} and the Results pad: CrossEntropyLoss and NLLLoss
 * models give a softmax over their outputs (NLLLoss's log-probabilities come back as themselves), a single
 * BCEWithLogitsLoss logit goes through the sigmoid, a single BCELoss output is the probability already; a single
 * binary output is read as two classes, "not" and "is".
 */
public final class Predictions {
    private Predictions() {}

    /** Whether {@link #probabilities} can read {@code outputs} values of a model trained for {@code task}. */
    public static boolean readable(Metrics.Task task, int outputs) {
        return task == Metrics.Task.MULTICLASS && outputs >= 2 || task.classification() && task != Metrics.Task.MULTICLASS && outputs == 1;
    }

    /**
     * One sample's outputs as class probabilities, summing to one; {@code [1 - p, p]} for a binary model's one output.
     *
     * @throws IllegalArgumentException when the outputs are not {@link #readable} as classes
     */
    public static float[] probabilities(float[] out, Metrics.Task task) {
        return probabilities(Tensor.of(out, 1, out.length), task).toFloatArray();
    }

    /**
     * The outputs {@code [N, K]} of {@code N} samples as class probabilities {@code [N, K]} ({@code [N, 2]} for a
     * binary model's one output), through the engine's own softmax and sigmoid.
     *
     * @throws IllegalArgumentException when the outputs are not {@link #readable} as classes
     */
    public static Tensor probabilities(Tensor outputs, Metrics.Task task) {
        int k = outputs.dim() == 2 ? outputs.size(1) : -1;
        if (k < 0 || !readable(task, k))
            throw new IllegalArgumentException("outputs of " + Arrays.toString(outputs.shape()) + " from a model trained for "
                    + task.name().toLowerCase(Locale.ROOT) + " are not class scores");
        Tensor x = outputs.to(Device.CPU);
        if (task == Metrics.Task.MULTICLASS) return x.softmax(1);
        float[] p = (task == Metrics.Task.BINARY_LOGIT ? x.sigmoid() : x).toFloatArray();
        float[] two = new float[2 * p.length];
        for (int i = 0; i < p.length; i++) {
            two[2 * i] = 1 - p[i];
            two[2 * i + 1] = p[i];
        }
        return Tensor.of(two, p.length, 2);
    }

    /** The index of the largest probability (the first of equals). */
    public static int best(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    /** {@code count} class names: the data set's when it names that many, else "0", "1", … */
    public static List<String> classNames(List<String> known, int count) {
        if (known != null && known.size() == count) return List.copyOf(known);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) names.add(Integer.toString(i));
        return names;
    }
}
