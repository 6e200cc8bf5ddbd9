package layerlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * clip_grad_norm_ (norms 2, 1, inf, 3) and clip_grad_value_ against PyTorch 1.13 (make_optim_fixtures.py), with the
 * parameters and gradients on the {@link TestDevice}.
 */
class ClipGradTest {
    static final double RTOL = 1e-5, ATOL = 1e-6;

    static Stream<Arguments> cases(String kind) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Fixtures.load("optim/clip.json").json().get(kind)) out.add(Arguments.of(c.get("name").asText(), c));
        return out.stream();
    }

    static Stream<Arguments> normCases() {
        return cases("norm");
    }

    static Stream<Arguments> valueCases() {
        return cases("value");
    }

    static List<Parameter> withGrads(JsonNode grads) {
        List<Parameter> ps = new ArrayList<>();
        for (JsonNode g : grads) {
            Parameter p;
            if (g.isNull()) p = new Parameter(TestDevice.on(Tensor.zeros(3)));
            else {
                Tensor t = TestDevice.on(Fixtures.tensor(g));
                p = new Parameter(Tensor.zeros(t.device(), t.shape()));
                p.data().setGrad(t);
            }
            ps.add(p);
        }
        return ps;
    }

    static void checkClipped(String name, List<Parameter> ps, JsonNode clipped) {
        for (int i = 0; i < ps.size(); i++) {
            if (clipped.get(i).isNull()) assertNull(ps.get(i).grad(), name + " param " + i);
            else TestDevice.assertClose(Fixtures.tensor(clipped.get(i)), ps.get(i).grad(), RTOL, ATOL, name + " grad " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normCases")
    void clipGradNormMatchesPyTorch(String name, JsonNode c) {
        TestDevice.device();
        List<Parameter> ps = withGrads(c.get("grads"));
        JsonNode nt = c.get("norm_type");
        double normType = nt.isTextual() ? Double.POSITIVE_INFINITY : nt.asDouble();
        double total = ClipGrad.clipGradNorm(ps, c.get("max_norm").asDouble(), normType);
        double expected = c.get("total_norm").asDouble();
        TestDevice.assertClose(expected, total, RTOL, 0, name + " total norm");
        checkClipped(name, ps, c.get("clipped"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueCases")
    void clipGradValueMatchesPyTorch(String name, JsonNode c) {
        TestDevice.device();
        List<Parameter> ps = withGrads(c.get("grads"));
        ClipGrad.clipGradValue(ps, c.get("clip_value").asDouble());
        checkClipped(name, ps, c.get("clipped"));
    }

    @Test
    void noGradientsMeansNormZeroAndNonFiniteCanBeAnError() {
        assertEquals(0.0, ClipGrad.clipGradNorm(List.of(new Parameter(Tensor.zeros(2))), 1.0));
        Parameter p = new Parameter(Tensor.zeros(2));
        p.data().setGrad(Tensor.of(new float[] {Float.NaN, 1f}));
        assertThrows(IllegalStateException.class, () -> ClipGrad.clipGradNorm(List.of(p), 1.0, 2.0, true));
        assertTrue(Double.isNaN(ClipGrad.clipGradNorm(List.of(p), 1.0, Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(List.of(p), 1.0, 0.0));
    }
}
