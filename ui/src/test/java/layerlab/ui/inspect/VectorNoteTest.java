package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The words over a vector activation's strip: its count in the singular for a one-output layer ("1 values" it said). */
class VectorNoteTest {
    @Test
    void oneValueIsSingularAndALongVectorSaysHowManyAreShown() {
        assertEquals("1 value [1] (sample 0); blue negative, red positive", LayerPictures.vectorNote(1, new int[] {1}, "sample 0", 1));
        assertEquals("64 values [64] (sample 3); blue negative, red positive", LayerPictures.vectorNote(64, new int[] {64}, "sample 3", 64));
        assertEquals("1,000 values [1000] (sample 0, the first 512 shown); blue negative, red positive",
                LayerPictures.vectorNote(1000, new int[] {1000}, "sample 0", 512));
    }
}
