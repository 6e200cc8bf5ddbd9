package layerlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The parameter-free layers beyond the PyTorch fixtures: defaults, printed forms, argument errors. */
class LayersTest {
    @Test
    void defaultsAndReprsAreTorchs() {
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
        assertEquals("LeakyReLU(negative_slope=0.01)", new LeakyReLU().toString());
        assertEquals("ELU(alpha=1.0)", new ELU().toString());
        assertEquals("GELU(approximate='none')", new GELU().toString());
        assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString());
        assertEquals("Softmax(dim=-1)", new Softmax(-1).toString());
        assertEquals("LogSoftmax(dim=1)", new LogSoftmax(1).toString());
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("Identity()", new Identity().toString());
        assertEquals("Sigmoid()", new Sigmoid().toString());
        assertEquals("Tanh()", new Tanh().toString());
    }

    @Test
    void geluRejectsAnUnknownApproximation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GELU("erf"));
        assertTrue(e.getMessage().contains("'none' or 'tanh'"), e.getMessage());
    }

    @Test
    void identityReturnsItsInputItself() {
        Tensor x = Tensor.ones(2, 3);
        assertSame(x, new Identity().forward(x));
    }

    @Test
    void flattenMergesTheRequestedDims() {
        Tensor x = Tensor.zeros(2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 60}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).forward(x).shape());
        assertArrayEquals(new int[] {120}, new Flatten(0, -1).forward(x).shape());
        assertThrows(IllegalArgumentException.class, () -> new Flatten(2, 1).forward(x));
    }

    @Test
    void softmaxStaysFiniteOnHugeLogits() {
        Tensor x = Tensor.of(new float[] {1e4f, 0f, -1e4f}, 1, 3);
        assertArrayEquals(new float[] {1f, 0f, 0f}, new Softmax(1).forward(x).toFloatArray());
        assertArrayEquals(new float[] {0f, -1e4f, -2e4f}, new LogSoftmax(1).forward(x).toFloatArray());
    }

    @Test
    void activationsHaveNoParameters() {
        for (Module m : new Module[] {new ReLU(), new LeakyReLU(), new ELU(), new GELU(), new Sigmoid(), new Tanh(),
                new Softmax(1), new LogSoftmax(1), new Identity(), new Flatten()}) {
            assertTrue(m.stateDict().isEmpty(), m + " has state");
        }
    }
}
