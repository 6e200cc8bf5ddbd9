package layerlab.ui.inspect;

import java.util.Locale;
import java.util.Set;
import layerlab.train.TensorSnapshot;

/** The inspector's output row: its name and its last cell, by the node's kind (no JavaFX here: tests read it without a toolkit). */
final class OutputShare {
    private OutputShare() {
    }

    /** The kinds whose outputs are rectified to 0 and can die: a unit 0 for every sample passes no gradient back. */
    private static final Set<String> RECTIFIERS = Set.of("ReLU", "ReLU6");

    /**
     * "dead 12.5 %" for a rectifier (its units 0 for every sample shown); elsewhere "zeros 36.2 %", the share of its values
     * that are exactly 0 (an Input's background pixels, a MaxPool's after a ReLU), or nothing where none is. "Dead" means a
     * unit never active, which only a rectifier's outputs can be: an Input's dark pixels said "dead 36.2%".
     */
    static String of(String kind, TensorSnapshot a) {
        if (RECTIFIERS.contains(kind)) return String.format(Locale.ROOT, "dead %.1f %%", 100 * a.deadFraction());
        double zeros = a.zeroFraction();
        return zeros == 0 ? "" : String.format(Locale.ROOT, "zeros %.1f %%", 100 * zeros);
    }

    /** The output row's name: its figures are of the probe's forward pass, in eval mode. */
    static final String EVAL_ROW = "output (eval)";
    /** The row of a training batch's output, captured in the step's own forward pass (training mode). */
    static final String TRAINING_ROW = "output (training)";

    /**
     * The line under the table that says what its output rows are of: which samples, and in which mode ("output (eval):
     * validation samples 0–63, …"). {@code first} and {@code count}: the samples the probe ran; {@code validation}: of the
     * validation set (else the training set); {@code oneValue}: the output is one number for them all (a loss);
     * {@code trainingStep} and {@code batch}: the step whose training batch the training row is of, or null without one.
     */
    static String modeNote(int first, int count, boolean validation, boolean oneValue, Long trainingStep, int batch) {
        String set = validation ? "validation " : "training ";
        String samples = count <= 1 ? set + "sample " + first : set + "samples " + first + "–" + (first + count - 1);
        String note = EVAL_ROW + ": " + (oneValue ? "one value for " + samples + " together" : samples)
                + ", in eval mode as predictions are made (dropout off, BatchNorm on its running statistics).";
        if (trainingStep == null) return note;
        return note + " " + TRAINING_ROW + ": the training batch of step " + trainingStep + " (" + Numbers.count(batch, "sample")
                + ") as that step saw it, in training mode (dropout on, BatchNorm on the batch's own statistics).";
    }
}
