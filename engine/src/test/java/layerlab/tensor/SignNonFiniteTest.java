package layerlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * {@code Tensor.sign} against PyTorch 1.13 (make_nn_fixtures.py's nonfinite_edges): torch.sign is 0 at NaN and +0 at
 * -0 (Math.signum keeps both), on 48 values (PyTorch's vectorised path) and on lone values (its scalar loop); its
 * gradient is 0. Compared bit for bit, so that a NaN or a -0 where PyTorch has +0 fails. On the {@link TestDevice}.
 */
class SignNonFiniteTest {
    @Test
    void matchesPyTorchAtNaNAndSignedZeros() {
        TestDevice.device();
        JsonNode c = Fixtures.load("nn/sign_nonfinite.json").json();
        Tensor x = TestDevice.on(Fixtures.tensor(c.get("input"))).requiresGrad(true);
        Tensor y = x.sign();
        assertBits(Fixtures.tensor(c.get("input")), Fixtures.tensor(c.get("output")), y);
        y.backward(TestDevice.on(Fixtures.tensor(c.get("gout"))));
        Fixtures.assertClose(Fixtures.tensor(c.get("grad")), TestDevice.cpu(x.grad()), 0, 0, "sign's gradient");
        for (JsonNode s : c.get("scalars")) {
            Tensor v = Fixtures.tensor(s.get("input"));
            assertBits(v, Fixtures.tensor(s.get("output")), TestDevice.on(v).sign());
        }
    }

    private static void assertBits(Tensor input, Tensor expected, Tensor actual) {
        float[] x = input.toFloatArray(), e = expected.toFloatArray(), a = TestDevice.cpu(actual).toFloatArray();
        assertEquals(e.length, a.length, "sign's size");
        for (int i = 0; i < e.length; i++)
            assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(a[i]), "sign(" + x[i] + ") at element " + i + " of " + e.length
                    + ": expected " + e[i] + ", got " + a[i]);
    }
}
