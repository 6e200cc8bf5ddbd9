package layerlab.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.tensor.DType;
import org.junit.jupiter.api.Test;

/** {@link Storage#indicesKnownWithin}: the one rule lookups and losses use to skip checking indices they cannot read cheaply. */
class KnownIndicesTest {
    private static Storage knowing(long[] range) {
        return new Storage(DType.INT64, 4) {
            @Override
            public Backend backend() {
                return Backends.cpu();
            }

            @Override
            public void read(int offset, float[] dst, int dstOff, int n) {}

            @Override
            public void write(int offset, float[] src, int srcOff, int n) {}

            @Override
            public void read(int offset, long[] dst, int dstOff, int n) {}

            @Override
            public void write(int offset, long[] src, int srcOff, int n) {}

            @Override
            public long[] knownRange() {
                return range;
            }
        };
    }

    @Test
    void onlyKnownBoundsInsideTheRangeAndClearOfTheIgnoredValueCount() {
        assertTrue(knowing(new long[] {0, 9}).indicesKnownWithin(10, -100));
        assertTrue(knowing(new long[] {3, 3}).indicesKnownWithin(10, 4));
        assertFalse(knowing(null).indicesKnownWithin(10, -100), "unknown bounds");
        assertFalse(knowing(new long[] {0, 10}).indicesKnownWithin(10, -100), "the last index is one past the end");
        assertFalse(knowing(new long[] {-1, 5}).indicesKnownWithin(10, -100), "a negative index");
        assertFalse(knowing(new long[] {-100, 5}).indicesKnownWithin(10, -100), "ignored targets may be there");
        assertFalse(knowing(new long[] {0, 9}).indicesKnownWithin(10, 4), "an ignored class inside the bounds may be there");
    }
}
