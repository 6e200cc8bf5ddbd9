package layerlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Hyper-parameters print as Python's repr prints them. */
class PyReprTest {
    @Test
    void floatsPrintLikePythonsRepr() {
        assertEquals("1e-05", PyRepr.pyFloat(1e-5f));
        assertEquals("0.0001", PyRepr.pyFloat(1e-4f));
        assertEquals("0.01", PyRepr.pyFloat(0.01f));
        assertEquals("0.1", PyRepr.pyFloat(0.1f));
        assertEquals("0.5", PyRepr.pyFloat(0.5f));
        assertEquals("1.0", PyRepr.pyFloat(1f));
        assertEquals("-2.5", PyRepr.pyFloat(-2.5f));
        assertEquals("100.0", PyRepr.pyFloat(100f));
        assertEquals("123.25", PyRepr.pyFloat(123.25f));
        assertEquals("1e+16", PyRepr.pyFloat(1e16f));
        assertEquals("1.5e-07", PyRepr.pyFloat(1.5e-7f));
        assertEquals("-3e-08", PyRepr.pyFloat(-3e-8f));
        assertEquals("0.0", PyRepr.pyFloat(0f));
        assertEquals("inf", PyRepr.pyFloat(Float.POSITIVE_INFINITY));
        assertEquals("nan", PyRepr.pyFloat(Float.NaN));
    }

    @Test
    void booleansAreCapitalised() {
        assertEquals("True", PyRepr.pyBool(true));
        assertEquals("False", PyRepr.pyBool(false));
    }
}
