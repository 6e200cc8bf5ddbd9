package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import layerlab.nn.Add;
import layerlab.nn.Concat;
import layerlab.nn.Multiply;
import layerlab.nn.Reshape;
import layerlab.nn.View;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The graph-op nodes: Add (residuals, broadcasting), Concat, Multiply, Reshape/View, with their gradients. */
class GraphOpsTest {
    private static Tensor randn(int seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape);
    }

    @Test
    void addBroadcastsAndSendsGradientsBackSummed() {
        Tensor a = randn(1, 2, 3, 4, 4).requiresGrad(true), b = randn(2, 3, 1, 1).requiresGrad(true), c = randn(3, 4, 4).requiresGrad(true);
        Tensor y = new Add().forward(a, b, c);
        Tensor expected = a.detach().add(b.detach()).add(c.detach());
        assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-6f);
        y.sum().backward();
        assertArrayEquals(Tensor.ones(2, 3, 4, 4).toFloatArray(), a.grad().toFloatArray());
        assertArrayEquals(Tensor.full(32f, 3, 1, 1).toFloatArray(), b.grad().toFloatArray());
        assertArrayEquals(Tensor.full(6f, 4, 4).toFloatArray(), c.grad().toFloatArray());
        assertEquals("Add()", new Add().toString());
    }

    @Test
    void multiplyIsTheElementwiseProduct() {
        Tensor a = randn(3, 2, 5).requiresGrad(true), b = randn(4, 5).requiresGrad(true);
        Tensor y = new Multiply().forward(a, b);
        y.sum().backward();
        assertArrayEquals(a.detach().mul(b.detach()).toFloatArray(), y.toFloatArray(), 1e-6f);
        assertArrayEquals(b.detach().expand(2, 5).toFloatArray(), a.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(a.detach().sum(0, false).toFloatArray(), b.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void concatJoinsAlongItsDimAndSplitsTheGradient() {
        Tensor a = randn(5, 2, 3, 4).requiresGrad(true), b = randn(6, 2, 5, 4).requiresGrad(true);
        Concat cat = new Concat(1);
        Tensor y = cat.forward(a, b);
        assertArrayEquals(new int[] {2, 8, 4}, y.shape());
        assertEquals(a.get(1, 2, 3), y.get(1, 2, 3));
        assertEquals(b.get(1, 4, 0), y.get(1, 7, 0));
        Tensor g = randn(7, 2, 8, 4);
        y.backward(g);
        assertArrayEquals(g.narrow(1, 0, 3).contiguous().toFloatArray(), a.grad().toFloatArray());
        assertArrayEquals(g.narrow(1, 3, 5).contiguous().toFloatArray(), b.grad().toFloatArray());
        assertEquals("Concat(dim=1)", cat.toString());
        assertThrows(IllegalArgumentException.class, () -> cat.forward(randn(1, 2, 3), randn(1, 3, 3)));
    }

    @Test
    void reshapeAndViewInferOneDimension() {
        Tensor x = randn(8, 4, 16, 1, 1).requiresGrad(true);
        Tensor y = new Reshape(-1, 16).forward(x);
        assertArrayEquals(new int[] {4, 16}, y.shape());
        y.backward(Tensor.ones(4, 16));
        assertArrayEquals(new int[] {4, 16, 1, 1}, x.grad().shape());
        assertArrayEquals(new int[] {2, 2, 16}, new View(2, 2, 16).forward(x).shape());
        assertEquals("Reshape(shape=(-1, 16))", new Reshape(-1, 16).toString());
        assertEquals("View(shape=(4, -1))", new View(4, -1).toString());
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(3, 5).forward(x));
    }
}
