package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the Results tab writes a sample that is not a picture. */
class SampleTextTest {
    @Test
    void tokenIdsAreWholeNumbersWithTheirPaddingCounted() {
        float[] f = {0, 0, 0, 0, 950, 41, 352, 7, 1, 2, 3, 4, 5, 6};
        assertEquals("[0 ×4, 950, 41, 352, 7, 1, 2, 3, …] (10 tokens)", Numbers.sample(f, 0, f.length, List.of()));
        assertEquals("[12, 0, 3]", Numbers.sample(new float[] {12, 0, 3}, 0, 3, List.of()), "no padding in front: all of it");
        assertEquals("[0, 5]", Numbers.sample(new float[] {0, 5}, 0, 2, List.of()), "a single zero is a value");
    }

    @Test
    void columnsByNameAndOtherValuesCompact() {
        float[] iris = {5.1f, 3.5f, 1.4f, 0.2f};
        assertEquals("sepal_length 5.1, sepal_width 3.5, petal_length 1.4, petal_width 0.2",
                Numbers.sample(iris, 0, 4, List.of("sepal_length", "sepal_width", "petal_length", "petal_width")));
        assertEquals("[0.25, -1.5]", Numbers.sample(new float[] {9, 0.25f, -1.5f}, 1, 2, List.of()), "from the sample's offset");
    }
}
