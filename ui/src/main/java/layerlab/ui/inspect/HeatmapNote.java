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
            return String.format(Locale.ROOT, "%d channels × %d places (%s%s); a row per channel, its places left to right, blue negative, red positive",
                    a, b, sample, padding > 0 ? where + padding + " places padding" : "");
        }
        return String.format(Locale.ROOT, "%d steps × %d features (%s%s); a row per step, blue negative, red positive", a, b, sample,
                padding > 0 ? where + padding + " steps padding" : "");
    }
}
