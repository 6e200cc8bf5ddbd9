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

    /**
     * Which samples the row's figures are of: the sample shown and those after it, as many as the probe took ("output
     * (samples 0–63)"), where the picture beside it is of the first alone.
     */
    static String rowName(TensorSnapshot a, int first) {
        // A loss reduced to one number is of the whole batch the probe took, not of the sample shown.
        if (a.shape().length == 0) return "output (one value)";
        int n = a.shape()[0];
        return n == 1 ? "output (sample " + first + ")" : "output (samples " + first + "–" + (first + n - 1) + ")";
    }
}
