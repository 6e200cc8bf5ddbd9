package layerlab.ui.inspect;

import java.util.Locale;

/** The words over the Inspector's heatmap of a rank-3 activation (no JavaFX here, so that they test without a screen). */
final class HeatmapNote {
    private HeatmapNote() {}

    /**
     * What a rank-3 activation's heatmap shows: {@code a} rows of {@code b} cells, steps × features for a sequence or
     * channels × places for channels first; a text's {@code padding} tokens named, in front or, {@code trailing}, after
     * it (texts padded on the right, for a model that masks the padding).
     */
    static String of(int a, int b, boolean channelsFirst, String sample, int padding, boolean trailing) {
        String where = trailing ? ", its last " : ", its first ";
        if (channelsFirst) {
            return String.format(Locale.ROOT, "%s × %s (%s%s); a row per channel, its places left to right, blue negative, red positive",
                    Numbers.count(a, "channel"), Numbers.count(b, "place"), sample, padding > 0 ? where + Numbers.count(padding, "place") + " padding" : "");
        }
        return String.format(Locale.ROOT, "%s × %s (%s%s); a row per step, blue negative, red positive", Numbers.count(a, "step"),
                Numbers.count(b, "feature"), sample, padding > 0 ? where + Numbers.count(padding, "step") + " padding" : "");
    }
}
