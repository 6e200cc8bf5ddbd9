package layerlab.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torch.nn.init: gains and fans equal torch's (make_optim_fixtures.py); random fills have the theoretical
 * mean and std within a tolerance set by the sample size, and uniform ones stay inside torch's bounds.
 */
class InitTest {
    static final JsonNode FIX = Fixtures.load("optim/init.json").json();

    @Test
    void gainsMatchTorch() {
        for (JsonNode g : FIX.get("gains")) {
            String nl = g.get("nonlinearity").asText();
            Double param = g.get("param").isNull() ? null : g.get("param").asDouble();
            assertEquals(g.get("gain").asDouble(), Init.calculateGain(nl, param), 1e-15, nl + " " + param);
        }
        assertEquals(Math.sqrt(2.0 / (1 + 1e-4)), Init.calculateGain("leaky_relu"), 1e-15);
        assertEquals("Unsupported nonlinearity swish", assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish")).getMessage());
    }

    @Test
    void fansMatchTorchIncludingConvReceptiveFields() {
        for (JsonNode f : FIX.get("fans")) {
            int[] shape = new int[f.get("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = f.get("shape").get(i).asInt();
            assertArrayEquals(new int[] {f.get("fan_in").asInt(), f.get("fan_out").asInt()}, Init.fanInAndFanOut(shape), f.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> Init.fanInAndFanOut(new int[] {5}));
        assertThrows(IllegalArgumentException.class, () -> Init.calculateCorrectFan(Tensor.zeros(3, 4), "fan_avg"));
        assertEquals(4 * 9, Init.calculateCorrectFan(Tensor.zeros(2, 4, 3, 3), "fan_in"));
    }

    static Stream<Arguments> stats() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode s : FIX.get("stats")) out.add(Arguments.of(s.get("init").asText() + " " + s.get("shape") + " " + s.get("kwargs"), s));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stats")
    @SuppressWarnings("unchecked")
    void statisticsMatchTheoryAndTorch(String name, JsonNode s) {
        int[] shape = new int[s.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = s.get("shape").get(i).asInt();
        Map<String, Object> kwargs = new ObjectMapper().convertValue(s.get("kwargs"), Map.class);
        Tensor t = Init.byName(s.get("init").asText(), kwargs).apply(Tensor.zeros(shape), new Generator(42));
        float[] v = t.toFloatArray();
        int n = v.length;
        double sum = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (float x : v) {
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = sum / n, ss = 0;
        for (float x : v) ss += (x - mean) * (x - mean);
        double std = Math.sqrt(ss / (n - 1));

        double eMean = s.get("mean").asDouble(), eStd = s.get("std").asDouble();
        boolean uniform = s.get("dist").asText().equals("uniform");
        // Six standard errors: the mean's is σ/√n; the sample std's relative one is √((κ-1)/4n), kurtosis κ = 1.8 or 3.
        double stdRelErr = Math.sqrt((uniform ? 0.8 : 2.0) / (4.0 * n));
        assertEquals(eMean, mean, 6 * eStd / Math.sqrt(n), name + " mean");
        assertEquals(eStd, std, 6 * stdRelErr * eStd, name + " std");
        // torch's own sample agrees with the same theory (its std within twice the tolerance of ours).
        assertEquals(std, s.get("torch_std").asDouble(), 12 * stdRelErr * eStd, name + " std vs torch");
        if (uniform) {
            double lo = s.has("low") ? s.get("low").asDouble() : -s.get("bound").asDouble();
            double hi = s.has("high") ? s.get("high").asDouble() : s.get("bound").asDouble();
            float loF = (float) lo, hiF = (float) hi;
            assertTrue(min >= loF && max <= hiF, name + ": [" + min + ", " + max + "] outside [" + lo + ", " + hi + "]");
            // With n samples the extremes lie within a few (hi - lo)/n of the bounds, for torch and for us.
            double slack = 30 * (hi - lo) / n;
            assertEquals(lo, min, slack, name + " min");
            assertEquals(hi, max, slack, name + " max");
            assertEquals(lo, s.get("torch_min").asDouble(), slack, name + " torch min");
            assertEquals(hi, s.get("torch_max").asDouble(), slack, name + " torch max");
        } else {
            assertTrue(Math.max(Math.abs(min - eMean), Math.abs(max - eMean)) < 6.5 * eStd, name + ": implausible extreme");
        }
    }

    @Test
    void orthogonalRowsOrColumnsAreOrthonormalTimesGain() {
        Generator gen = new Generator(1);
        for (int[] shape : List.of(new int[] {50, 50}, new int[] {20, 60}, new int[] {60, 20}, new int[] {16, 4, 3, 3},
                new int[] {1, 7}, new int[] {7, 1})) {
            for (double gain : new double[] {1.0, 2.5}) {
                Tensor t = Init.orthogonal(Tensor.zeros(shape), gain, gen);
                int rows = shape[0], cols = t.numel() / rows;
                float[] q = t.toFloatArray();
                boolean wide = rows <= cols;
                int k = wide ? rows : cols;
                // Gram matrix of the rows (wide or square) or of the columns (tall): gain² times the identity.
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        double dot = 0;
                        int len = wide ? cols : rows;
                        for (int l = 0; l < len; l++) {
                            dot += wide ? (double) q[i * cols + l] * q[j * cols + l] : (double) q[l * cols + i] * q[l * cols + j];
                        }
                        assertEquals(i == j ? gain * gain : 0, dot, 1e-5 * gain * gain,
                                java.util.Arrays.toString(shape) + " gain " + gain + " gram[" + i + "][" + j + "]");
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(Tensor.zeros(5)));
    }

    /** Without torch's sign correction Householder QR gives Q[0][0] < 0 always; corrected, Q is Haar-distributed. */
    @Test
    void orthogonalIsSignCorrected() {
        Generator gen = new Generator(2);
        int n = 4000, positive = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float q00 = Init.orthogonal(Tensor.zeros(3, 3), 1.0, gen).get(0, 0);
            sum += q00;
            if (q00 > 0) positive++;
        }
        // E[Q00] = 0 with std 1/√3 per draw.
        assertEquals(0, sum / n, 6 / Math.sqrt(3.0 * n));
        assertEquals(0.5, positive / (double) n, 0.05);
    }

    @Test
    void byNameGivesPyTorchDefaultsAndChecksArguments() {
        assertEquals(List.of("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "orthogonal", "zeros",
                "ones", "constant", "normal", "uniform"), Init.NAMES);
        for (String name : Init.NAMES) {
            if (name.equals("constant")) continue;
            Tensor t = Init.byName(name).apply(Tensor.zeros(8, 6), new Generator(5));
            assertEquals(48, t.numel());
        }
        assertArrayEquals(new float[] {0.5f, 0.5f}, Init.byName("constant_", Map.of("val", 0.5)).apply(Tensor.zeros(2)).toFloatArray());
        assertArrayEquals(new float[] {1f, 1f}, Init.byName("ones").apply(Tensor.zeros(2)).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Init.byName("constant"));
        assertThrows(IllegalArgumentException.class, () -> Init.byName("he_uniform"));
        assertThrows(IllegalArgumentException.class, () -> Init.byName("xavier_uniform", Map.of("std", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> Init.byName("kaiming_normal", Map.of("nonlinearity", "swish")));
        assertThrows(IllegalArgumentException.class, () -> Init.byName("kaiming_normal", Map.of("mode", "fan_avg")));
        // What torch.nn.init refuses (normal_'s std < 0, uniform_'s a > b) is refused, not drawn mirrored or from a reversed range.
        assertEquals("normal expects std >= 0.0, but found std -1.0",
                assertThrows(IllegalArgumentException.class, () -> Init.byName("normal", Map.of("std", -1.0))).getMessage());
        assertEquals("uniform expects a range [a, b) with a <= b, but found a=1.0 > b=-1.0",
                assertThrows(IllegalArgumentException.class, () -> Init.byName("uniform", Map.of("a", 1.0, "b", -1.0))).getMessage());
        assertEquals(List.of("a", "mode", "nonlinearity"), Init.argumentNames("kaiming_uniform_"));

        // Default kaiming_uniform: gain √2 (leaky_relu, a = 0), fan_in 20 → bound √3·√2/√20.
        Tensor k = Init.byName("kaiming_uniform").apply(Tensor.zeros(1000, 20), new Generator(9));
        double bound = Math.sqrt(3.0) * Math.sqrt(2.0) / Math.sqrt(20);
        assertTrue(k.abs().max().item() <= (float) bound);
        assertTrue(k.abs().max().item() > 0.99 * bound);
    }

    @Test
    void fillsAreInPlaceSeededAndWorkOnViews() {
        Tensor t = Tensor.zeros(4, 5);
        assertTrue(Init.normal(t, 0, 1, new Generator(3)) == t);
        Tensor u = Init.normal(Tensor.zeros(4, 5), 0, 1, new Generator(3));
        assertArrayEquals(u.toFloatArray(), t.toFloatArray());
        assertNotEquals(0f, t.get(0, 0));

        // A transposed view is filled through its strides; the other half of the storage is untouched.
        Tensor base = Tensor.zeros(2, 6, 4);
        Tensor view = base.select(0, 1).t();
        Init.uniform(view, 1, 2, new Generator(4));
        for (float x : base.select(0, 0).contiguous().toFloatArray()) assertEquals(0f, x);
        for (float x : view.contiguous().toFloatArray()) assertTrue(x >= 1 && x < 2);
        Init.orthogonal(base.select(0, 0).t(), 1.0, new Generator(4));
        assertTrue(Init.kaimingUniform(Tensor.zeros(0, 3)).numel() == 0);
    }
}
