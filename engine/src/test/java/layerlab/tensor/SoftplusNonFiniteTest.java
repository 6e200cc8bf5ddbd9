package layerlab.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Softplus (an op, not a layer, so outside the layer fixtures' index) at NaN, ±inf and ±30 against PyTorch 1.13
 * (make_nn_fixtures.py's nonfinite_edges): its value, and its gradient, NaN at NaN, g at +inf and 0 at −inf.
 */
class SoftplusNonFiniteTest {
    @Test
    void matchesPyTorchAtNonFiniteInputs() {
        JsonNode c = Fixtures.load("nn/softplus_nonfinite.json").json();
        Tensor x = Fixtures.tensor(c.get("input")).requiresGrad(true);
        Tensor y = x.softplus();
        Fixtures.assertClose(Fixtures.tensor(c.get("output")), y, Fixtures.RTOL, Fixtures.ATOL, "softplus");
        y.backward(Fixtures.tensor(c.get("gout")));
        Fixtures.assertClose(Fixtures.tensor(c.get("grad")), x.grad(), Fixtures.RTOL, Fixtures.ATOL, "softplus's gradient");
    }
}
