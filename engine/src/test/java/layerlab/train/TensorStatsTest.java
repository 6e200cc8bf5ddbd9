package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The inspector's figures (its table's mean, std, norm, min and max, its histograms' bins) against PyTorch's mean,
 * std (its default, unbiased), vector_norm, min, max and histc (fixtures/train/stats.json, make_stats_fixtures.py): a
 * conv weight's values, a bias's, values far from zero, a constant tensor, a single value (std NaN, as torch.std's) and
 * one with NaN and infinities.
 */
class TensorStatsTest {
    static final Fixtures FIXTURE = Fixtures.load("train/stats.json");

    private static float[] values(JsonNode c) {
        JsonNode v = c.get("values");
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            // Python writes "nan", "inf" and "-inf" as text: JSON has no numbers for them.
            f[i] = !v.get(i).isTextual() ? (float) v.get(i).asDouble() : switch (v.get(i).asText()) {
                case "nan" -> Float.NaN;
                case "inf" -> Float.POSITIVE_INFINITY;
                default -> Float.NEGATIVE_INFINITY;
            };
        }
        return f;
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, Fixtures.RTOL * Math.abs(expected) + Fixtures.ATOL, what);
    }

    @Test
    void figuresAndBinsMatchPyTorch() {
        for (JsonNode c : FIXTURE.json().get("cases")) {
            String name = c.get("name").asText();
            TensorStats s = TensorStats.of(values(c));
            close(c.get("mean").asDouble(), s.mean(), name + " mean");
            if (c.get("std").isTextual()) assertEquals(Double.NaN, s.std(), name + " std of one value, as torch.std's");
            else close(c.get("std").asDouble(), s.std(), name + " std");
            close(c.get("norm").asDouble(), s.norm(), name + " norm");
            assertEquals(c.get("min").asDouble(), s.min(), 0, name + " min");
            assertEquals(c.get("max").asDouble(), s.max(), 0, name + " max");
            long[] counts = new long[c.get("counts").size()];
            for (int i = 0; i < counts.length; i++) counts[i] = c.get("counts").get(i).asLong();
            assertArrayEquals(counts, s.counts(), name + " histc's 30 bins");
            assertEquals(c.get("nonFinite").asLong(), s.nonFinite(), name + " NaN and infinities counted apart");
        }
    }
}
