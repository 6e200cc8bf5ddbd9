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

    /** A narrow cell's number: fewer digits, never a wrong magnitude ("1.4…" for 1.45e-3 was read as 1.4). */
    @Test
    void fitKeepsTheMagnitudeInFewerCharacters() {
        assertEquals("-0.0707", Numbers.fit(-0.07071, 8));
        assertEquals("-0.071", Numbers.fit(-0.07071, 6));
        assertEquals("-0.07", Numbers.fit(-0.07071, 5));
        assertEquals("4e-3", Numbers.fit(0.00437, 4));
        assertEquals("0.0015", Numbers.fit(0.001453, 6));
        assertEquals("1e-3", Numbers.fit(0.001453, 4));
        assertEquals("-1.5e-4", Numbers.fit(-1.453e-4, 7));
        assertEquals("-1e-4", Numbers.fit(-1.453e-4, 5));
        assertEquals("10", Numbers.fit(9.96, 3));
        assertEquals("18.4", Numbers.fit(18.43, 4));
        assertEquals("18", Numbers.fit(18.43, 2));
        assertEquals("…", Numbers.fit(-1.453e-4, 3));
        for (double v : new double[] {-0.07071, 0.00437, 0.001453, -1.453e-4, 18.43, 1234.5, 4.56e6}) {
            for (int chars = 4; chars <= 8; chars++) {
                String s = Numbers.fit(v, chars);
                assertTrue(s.length() <= chars, s);
                if (!s.equals("…")) assertEquals(v, Double.parseDouble(s), Math.abs(v) * 0.55, s + " keeps " + v + "'s magnitude");
            }
        }
    }
}
