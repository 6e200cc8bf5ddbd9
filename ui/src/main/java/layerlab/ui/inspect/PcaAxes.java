package layerlab.ui.inspect;

import java.util.Locale;

/**
 * The names of a principal-component plot's axes, one wording for the feature space and the embedding space (they sat
 * side by side as "PC1 (8.0%)" and "PC1 (5.2% of the variance)"): the horizontal says what the share is, the vertical,
 * in the narrow margin above the plot, only the share.
 */
final class PcaAxes {
    private PcaAxes() {}

    /** Under the horizontal axis's right end: "PC1 (5.2% of the variance) →" for component {@code k} (0-based). */
    static String across(double[] ratios, int k) {
        return String.format(Locale.ROOT, "PC%d (%.1f%% of the variance) →", k + 1, 100 * share(ratios, k));
    }

    /** Beside the vertical axis's top: "↑ PC2 (3.1%)" for component {@code k} (0-based). */
    static String up(double[] ratios, int k) {
        return String.format(Locale.ROOT, "↑ PC%d (%.1f%%)", k + 1, 100 * share(ratios, k));
    }

    /** Component {@code k}'s share of the variance; 0 for one the data has none of (a 1-D set's second). */
    private static double share(double[] ratios, int k) {
        return k < ratios.length ? ratios[k] : 0;
    }
}
