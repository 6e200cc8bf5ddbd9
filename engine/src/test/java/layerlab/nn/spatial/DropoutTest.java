package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.nn.Dropout;
import layerlab.nn.Dropout2d;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * Dropout and Dropout2d: PyTorch's semantics. The masks are LayerLab's own (a counter-based kernel seeded by one draw
 * of the generator: parallel, and the same on CPU and CUDA), not torch's serial {@code bernoulli_} draws, so which
 * elements drop differs from PyTorch's; what is kept, its scale and the gradient are PyTorch's (make_init_fixtures.py
 * dropout.json): bit for bit where both keep an element, on the {@link TestDevice} too.
 */
class DropoutTest {
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dropout_0.3", "dropout_0.5", "dropout_0.1", "dropout_0.77", "dropout2d_0.2", "dropout2d_0.6"})
    void keptValuesAndGradientsArePyTorchsBitForBit(String name) {
        com.fasterxml.jackson.databind.JsonNode c = null;
        for (var k : layerlab.testing.Fixtures.load("init/dropout.json").json().get("cases")) if (k.get("name").asText().equals(name)) c = k;
        TestDevice.device();
        double p = c.get("p").asDouble();
        Tensor x = TestDevice.on(layerlab.testing.Fixtures.tensor(c.get("x"))).requiresGrad(true);
        Tensor g = TestDevice.on(layerlab.testing.Fixtures.tensor(c.get("g")));
        float[] ty = layerlab.testing.Fixtures.tensor(c.get("y")).toFloatArray(), tg = layerlab.testing.Fixtures.tensor(c.get("grad")).toFloatArray();
        Generator.manualSeed(11);
        Tensor y = c.get("dropout2d").asBoolean() ? new Dropout2d(p).forward(x) : new Dropout(p).forward(x);
        y.backward(g);
        float[] ly = TestDevice.cpu(y).toFloatArray(), lg = TestDevice.cpu(x.grad()).toFloatArray();
        int both = 0;
        for (int i = 0; i < ly.length; i++) {
            boolean kept = ly[i] != 0f;
            assertEquals(kept, lg[i] != 0f, "element " + i + ": gradient where kept, 0 where dropped");
            if (kept && ty[i] != 0f) {
                both++;
                assertEquals(ty[i], ly[i], 0f, "element " + i + ": PyTorch's kept value");
                assertEquals(tg[i], lg[i], 0f, "element " + i + ": PyTorch's gradient");
            }
        }
        assertTrue(both > 0, "some elements kept by both");
    }

    @Test
    void keepsOrZeroesAndScalesWithTheRightFrequency() {
        Generator.manualSeed(3);
        Tensor x = Tensor.randn(new Generator(1), 200, 500).add(5f);
        Tensor y = new Dropout(0.3).forward(x);
        float[] xs = x.toFloatArray(), ys = y.toFloatArray();
        int dropped = 0;
        for (int i = 0; i < xs.length; i++) {
            if (ys[i] == 0f) dropped++;
            else assertEquals(xs[i] / 0.7f, ys[i], 1e-5f * Math.abs(ys[i]), "kept elements are scaled by 1/(1-p)");
        }
        assertEquals(0.3, dropped / (double) xs.length, 0.005, "fraction dropped");
    }

    @Test
    void isReproducibleFromTheGlobalSeedAndDiffersBetweenCalls() {
        Tensor x = Tensor.ones(1000);
        Dropout d = new Dropout(0.5);
        Generator.manualSeed(42);
        float[] a = d.forward(x).toFloatArray(), b = d.forward(x).toFloatArray();
        Generator.manualSeed(42);
        assertArrayEquals(a, d.forward(x).toFloatArray(), "same seed, same mask");
        assertTrue(!java.util.Arrays.equals(a, b), "a second call draws a new mask");
    }

    @Test
    void gradientIsTheMask() {
        Generator.manualSeed(5);
        Tensor x = Tensor.randn(new Generator(2), 6, 7).requiresGrad(true);
        Tensor y = new Dropout(0.4).forward(x);
        Tensor g = Tensor.randn(new Generator(3), 6, 7);
        y.backward(g);
        float[] xs = x.toFloatArray(), ys = y.toFloatArray(), gs = g.toFloatArray(), gx = x.grad().toFloatArray();
        for (int i = 0; i < xs.length; i++) {
            float mask = ys[i] / xs[i];
            assertEquals(gs[i] * mask, gx[i], 1e-5f);
        }
    }

    @Test
    void evaluationAndZeroProbabilityAreTheIdentity() {
        Tensor x = Tensor.randn(new Generator(4), 3, 4, 5, 5);
        Dropout d = new Dropout(0.5);
        d.eval();
        assertSame(x, d.forward(x));
        assertSame(x, new Dropout(0).forward(x));
        Dropout2d d2 = new Dropout2d(0.5);
        d2.eval();
        assertSame(x, d2.forward(x));
    }

    @Test
    void probabilityOneDropsEverything() {
        float[] y = new Dropout(1.0).forward(Tensor.ones(50)).toFloatArray();
        for (float v : y) assertEquals(0f, v);
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d(-0.1));
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        Generator.manualSeed(11);
        Tensor x = Tensor.randn(new Generator(5), 8, 16, 3, 4).add(10f);
        Tensor y = new Dropout2d(0.5).forward(x);
        float[] xs = x.toFloatArray(), ys = y.toFloatArray();
        int droppedChannels = 0;
        for (int c = 0; c < 8 * 16; c++) {
            boolean first = ys[c * 12] == 0f;
            if (first) droppedChannels++;
            for (int i = 0; i < 12; i++) {
                int k = c * 12 + i;
                if (first) assertEquals(0f, ys[k], "channel " + c + " is dropped as a whole");
                else assertEquals(xs[k] * 2f, ys[k], 1e-4f);
            }
        }
        assertTrue(droppedChannels > 30 && droppedChannels < 98, droppedChannels + " of 128 channels dropped");
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d().forward(Tensor.ones(3, 4)));
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("Dropout(p=0.5, inplace=False)", new Dropout().toString());
        assertEquals("Dropout2d(p=0.3, inplace=False)", new Dropout2d(0.3).toString());
    }
}
