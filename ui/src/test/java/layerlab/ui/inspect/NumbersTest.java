package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void threeSignificantDigitsInAtMostEightCharacters() {
        assertEquals("0.0272", Numbers.compact(0.02716));
        assertEquals("-0.428", Numbers.compact(-0.4278));
        assertEquals("981", Numbers.compact(980.9));
        assertEquals("1230", Numbers.compact(1234));
        assertEquals("5", Numbers.compact(5.0));
        assertEquals("-0.00123", Numbers.compact(-0.0012345));
        assertEquals("-1.23e-4", Numbers.compact(-0.00012345));
        assertEquals("1e-4", Numbers.compact(0.0000999999), "rounding up to the next power of ten");
        assertEquals("4.56e6", Numbers.compact(4_560_000));
        assertEquals("1.2e4", Numbers.compact(12_000));
        assertEquals("0", Numbers.compact(0));
        assertEquals("", Numbers.compact(Double.NaN));
        assertEquals("-9.9e-30", Numbers.compact(-9.87654e-30));
        assertEquals("-inf", Numbers.compact(Double.NEGATIVE_INFINITY));
        for (double v : new double[] {-9.87654e-30, 1.5e38, -0.000999, 9999.4, -0.0010004, 123.456}) {
            assertTrue(Numbers.compact(v).length() <= 8, v + " → " + Numbers.compact(v));
            assertEquals(v, Double.parseDouble(Numbers.compact(v)), Math.abs(v) * 0.06, "reads back within its rounding");
        }
    }
}
