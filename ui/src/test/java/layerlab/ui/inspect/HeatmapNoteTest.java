package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The words over a rank-3 activation's heatmap: steps × features for a sequence, channels × places for a Conv1d's. */
class HeatmapNoteTest {
    @Test
    void aSequenceHasStepsAndAConvolutionsOutputHasChannels() {
        assertEquals("24 steps × 32 features (sample 0: “rossi”, its first 19 steps padding); a row per step, blue negative, red positive",
                HeatmapNote.of(24, 32, false, "sample 0: “rossi”", 19, false));
        assertEquals("64 channels × 24 places (sample 0: “rossi”, its first 19 places padding); a row per channel, its places left to right, "
                + "blue negative, red positive", HeatmapNote.of(64, 24, true, "sample 0: “rossi”", 19, false));
        assertEquals("6 channels × 16 places (sample 2); a row per channel, its places left to right, blue negative, red positive",
                HeatmapNote.of(6, 16, true, "sample 2", 0, false));
        assertEquals("24 steps × 32 features (sample 0: “rossi”, its last 19 steps padding); a row per step, blue negative, red positive",
                HeatmapNote.of(24, 32, false, "sample 0: “rossi”", 19, true), "texts padded on the right");
    }
}
