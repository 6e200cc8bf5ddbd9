package layerlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The log axis's ticks: the densest readable pattern that fits, written as numbers. */
class PlainLogAxisTest {
    @Test
    void aLossOverTwoDecadesTicksAtOneTwoThreeFive() {
        // All nine a decade would be 16 ticks; 1-2-3-5 is 7.
        assertEquals(List.of(0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0), PlainLogAxis.ticks(0.045, 2.3, 8));
        assertEquals(List.of(0.05, 0.1, 0.2, 0.5, 1.0, 2.0), PlainLogAxis.ticks(0.045, 2.3, 6));
    }

    @Test
    void aNarrowRangeTicksWithinItsDecade() {
        // A gradient norm between 0.16 and 0.42 (JFreeChart wrote 10^-0.8 … 10^-0.4 here).
        assertEquals(List.of(0.2, 0.3, 0.4), PlainLogAxis.ticks(0.16, 0.42, 6));
        // Inside one step of 0.1: even round steps.
        assertEquals(List.of(0.32, 0.34, 0.36, 0.38), PlainLogAxis.ticks(0.31, 0.39, 6));
    }

    @Test
    void wideRangesTickAtDecadesThenEverySecondOne() {
        assertEquals(List.of(1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1.0, 10.0), PlainLogAxis.ticks(1e-6, 10, 8));
        assertEquals(List.of(1e-6, 1e-4, 0.01, 1.0), PlainLogAxis.ticks(1e-6, 10, 6));
        assertEquals(List.of(1e-9, 1e-6, 1e-3, 1.0), PlainLogAxis.ticks(1e-10, 20, 4));
        // Room for two only: decades 1e-12, 1e-11, 1e-10 … every second leaves one here, which stays (not even steps
        // across three decades).
        assertEquals(List.of(1e-10), PlainLogAxis.ticks(1.5e-12, 1.455e-9, 2));
    }

    @Test
    void labelsAreNumbersAsTheyAreTyped() {
        assertEquals("0.002", PlainLogAxis.label(0.002));
        assertEquals("0.5", PlainLogAxis.label(0.5));
        assertEquals("20", PlainLogAxis.label(20));
        assertEquals("3e4", PlainLogAxis.label(30000));
        assertEquals("1e-5", PlainLogAxis.label(1e-5));
        assertEquals("2.5e-7", PlainLogAxis.label(2.5e-7));
        assertEquals("3e6", PlainLogAxis.label(3e6));
        assertEquals("1e-4", PlainLogAxis.label(0.0001));
    }
}
