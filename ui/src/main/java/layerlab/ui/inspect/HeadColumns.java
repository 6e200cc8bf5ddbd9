package layerlab.ui.inspect;

import java.util.ArrayList;
import java.util.List;
import layerlab.data.Dataset;
import layerlab.data.TargetHead;
import layerlab.tensor.Tensor;
import layerlab.train.Evaluator;
import layerlab.train.Metrics;
import layerlab.train.Trainer;

/**
 * One head of a network of several targets, as the Results tab draws it: its loss node ({@code species_loss}), the Output
 * that answers for it, what it was trained for, and where its target sits among a batch's target columns (the data set's
 * {@code targets} in order), with the classes of its target's words.
 *
 * @param at the first of its target's columns; {@code width} how many
 */
public record HeadColumns(String loss, String output, String target, Metrics.Task task, int at, int width, int targetWidth, List<String> classes) {
    /** The heads of {@code t}'s network that answer through an Output, in its loss nodes' order, as {@code ds}'s targets lay them out. */
    public static List<HeadColumns> of(Trainer t, Dataset ds) {
        List<HeadColumns> out = new ArrayList<>();
        int total = 0;
        for (TargetHead h : ds.targetHeads()) total += h.width();
        for (Evaluator.Head h : t.evaluator().heads().values()) {
            String output = t.evaluator().outputOf(h);
            if (output == null) continue;
            int at = 0;
            for (TargetHead th : ds.targetHeads()) {
                if (th.input().equals(h.target())) {
                    out.add(new HeadColumns(h.loss(), output, h.target(), h.task(), at, th.width(), total, th.words() ? th.classes() : List.of()));
                    break;
                }
                at += th.width();
            }
        }
        return out;
    }

    /** What the Results tab draws for it: a confusion matrix for a class head, a fit for an amount of one value. */
    public boolean classifier() {
        return task.classification();
    }

    /** "species_loss: species_logits against species". */
    public String describe() {
        return loss + ": " + output + " against " + target;
    }

    /** Its Output for {@code inputs}, flattened. */
    float[] predict(Trainer t, Tensor inputs) {
        return t.evaluator().predictAll(inputs, 256).get(output).toFloatArray();
    }

    /** Its first column of a batch's {@code targets} ({@code [m, targetWidth]}). */
    float[] column(Tensor targets) {
        float[] all = targets.toFloatArray();
        int m = all.length / Math.max(1, targetWidth);
        float[] y = new float[m];
        for (int i = 0; i < m; i++) y[i] = all[i * targetWidth + at];
        return y;
    }
}
