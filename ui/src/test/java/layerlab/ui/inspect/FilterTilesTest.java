package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The inspector's filter pictures read each convolution's weight layout right (1-d, 2-d, 3-d, transposed, grouped). */
class FilterTilesTest {
    /** 0.01, 0.02, … so that every weight is told apart; the largest is {@code n/100}. */
    static float[] ramp(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (i + 1) / 100f;
        return w;
    }

    @Test
    void conv2dRgbFiltersAreColoursAndOthersTheMeanOverInputs() {
        float[] w = ramp(2 * 3 * 2 * 2);
        FilterTiles ft = FilterTiles.of("Conv2d", new int[] {2, 3, 2, 2}, w, 1);
        assertTrue(ft.rgb());
        assertEquals(2, ft.tiles().size());
        FilterTiles.Tile t = ft.tiles().get(1);
        assertEquals(2, t.rows());
        assertEquals(2, t.cols());
        float lim = w[w.length - 1];
        // Filter 1, cell (y 1, x 0): red, green, blue from input channels 0, 1, 2.
        assertArrayEquals(new float[] {w[(3 + 0) * 4 + 2] / lim, w[(3 + 1) * 4 + 2] / lim, w[(3 + 2) * 4 + 2] / lim}, t.cells()[2], 1e-6f);

        float[] g = ramp(4 * 2 * 3 * 3);
        FilterTiles grey = FilterTiles.of("Conv2d", new int[] {4, 2, 3, 3}, g, 1);
        assertFalse(grey.rgb());
        float want = (g[(3 * 2 + 0) * 9 + 5] + g[(3 * 2 + 1) * 9 + 5]) / 2 / g[g.length - 1];
        assertEquals(want, grey.tiles().get(3).cells()[5][0], 1e-6f);
    }

    @Test
    void conv1dFiltersAreStrips() {
        float[] w = ramp(4 * 2 * 3);
        FilterTiles ft = FilterTiles.of("Conv1d", new int[] {4, 2, 3}, w, 1);
        assertEquals(4, ft.tiles().size());
        FilterTiles.Tile t = ft.tiles().get(2);
        assertEquals(1, t.rows());
        assertEquals(3, t.cols());
        assertEquals((w[(2 * 2) * 3 + 1] + w[(2 * 2 + 1) * 3 + 1]) / 2 / w[w.length - 1], t.cells()[1][0], 1e-6f);
    }

    @Test
    void conv3dFiltersShowTheirDepthSlicesSideBySide() {
        // [out 2, in 1, kd 2, kh 2, kw 3]: a tile of 2 rows and 2·3 + 1 columns, the fourth blank.
        float[] w = ramp(2 * 2 * 2 * 3);
        FilterTiles ft = FilterTiles.of("Conv3d", new int[] {2, 1, 2, 2, 3}, w, 1);
        FilterTiles.Tile t = ft.tiles().get(1);
        assertEquals(2, t.rows());
        assertEquals(7, t.cols());
        float lim = w[w.length - 1];
        assertTrue(Float.isNaN(t.cells()[3][0]) && Float.isNaN(t.cells()[7 + 3][0]), "a gap between the slices");
        // Slice z 1, row 1, column 2: tap (1·2 + 1)·3 + 2 = 11 of filter 1.
        assertEquals(w[12 + 11] / lim, t.cells()[7 + 4 + 2][0], 1e-6f);
        assertEquals(w[12] / lim, t.cells()[0][0], 1e-6f);
    }

    @Test
    void transposedFiltersAreReadWithTheirInputChannelsFirst() {
        // ConvTranspose2d weight [in 2, out 3, 2, 2]: three filters, each the mean over the two input channels.
        float[] w = ramp(2 * 3 * 2 * 2);
        FilterTiles ft = FilterTiles.of("ConvTranspose2d", new int[] {2, 3, 2, 2}, w, 1);
        assertEquals(3, ft.outChannels());
        assertEquals(3, ft.tiles().size(), "one per output channel, not per input channel");
        float lim = w[w.length - 1];
        assertEquals((w[(0 * 3 + 2) * 4 + 1] + w[(1 * 3 + 2) * 4 + 1]) / 2 / lim, ft.tiles().get(2).cells()[1][0], 1e-6f);

        // Two groups, weight [in 4, out/groups 1, 1, 1]: output 1 belongs to group 1 and reads inputs 2 and 3.
        float[] g = ramp(4);
        FilterTiles grouped = FilterTiles.of("ConvTranspose2d", new int[] {4, 1, 1, 1}, g, 2);
        assertEquals(2, grouped.tiles().size());
        assertEquals((g[2] + g[3]) / 2 / g[3], grouped.tiles().get(1).cells()[0][0], 1e-6f);
        assertEquals((g[0] + g[1]) / 2 / g[3], grouped.tiles().get(0).cells()[0][0], 1e-6f);
    }

    @Test
    void otherWeightsHaveNoFiltersAndManyFiltersAreCapped() {
        assertNull(FilterTiles.of("Linear", new int[] {4, 3}, ramp(12), 1));
        assertNull(FilterTiles.of("BatchNorm2d", new int[] {4}, ramp(4), 1));
        assertNull(FilterTiles.of("Bilinear", new int[] {2, 3, 4}, ramp(24), 1));
        FilterTiles many = FilterTiles.of("Conv2d", new int[] {100, 1, 1, 1}, ramp(100), 1);
        assertEquals(FilterTiles.MOST, many.tiles().size());
        assertEquals(100, many.outChannels());
    }
}
