package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.data.Normalization.FillWith;
import layerlab.data.Normalization.Kind;
import layerlab.data.Normalization.Per;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    static final TensorDataset TABLE = TensorDataset.classification("t",
            new float[] {1, 10, 5, 2, 20, 5, 3, 30, 5, 4, 40, 5}, new int[] {3}, new long[] {0, 1, 0, 1}, List.of("a", "b"));

    @Test
    void standardizesPerFeatureWithPopulationStatistics() {
        Normalization n = Normalization.fit(Kind.STANDARDIZE, TABLE);
        assertEquals(Per.FEATURE, n.per());
        assertArrayEquals(new float[] {2.5f, 25f, 5f}, n.offset());
        // numpy.std([1, 2, 3, 4]) = sqrt(1.25); a constant feature keeps scale 1.
        assertArrayEquals(new float[] {(float) Math.sqrt(1.25), (float) Math.sqrt(125), 1f}, n.scale(), 1e-6f);
        TensorDataset z = n.apply(TABLE);
        float[] x = z.features();
        for (int f = 0; f < 2; f++) {
            double mean = 0, sq = 0;
            for (int i = 0; i < 4; i++) mean += x[i * 3 + f] / 4.0;
            for (int i = 0; i < 4; i++) sq += (x[i * 3 + f] - mean) * (x[i * 3 + f] - mean) / 4.0;
            assertEquals(0, mean, 1e-6);
            assertEquals(1, sq, 1e-5);
        }
        assertEquals(0f, x[2]);
        assertArrayEquals(TABLE.classTargets(), z.classTargets());
        assertEquals(TABLE.classNames(), z.classNames());
    }

    @Test
    void restoreUndoesApply() {
        for (Kind kind : List.of(Kind.STANDARDIZE, Kind.SCALE, Kind.NONE)) {
            Normalization n = Normalization.fit(kind, TABLE);
            Tensor raw = Tensor.of(new float[] {1.5f, -20, 7, 3, 30, 5}, 2, 3);
            assertArrayEquals(raw.toFloatArray(), n.restore(n.apply(raw)).toFloatArray(), 1e-5f, kind.name());
        }
    }

    @Test
    void scalesTheTrainingRangeToZeroOne() {
        Normalization n = Normalization.fit(Kind.SCALE, TABLE);
        assertArrayEquals(new float[] {1, 10, 5}, n.offset());
        assertArrayEquals(new float[] {3, 30, 1}, n.scale());
        float[] x = n.apply(TABLE).features();
        assertArrayEquals(new float[] {0, 0, 0, 1 / 3f, 1 / 3f, 0, 2 / 3f, 2 / 3f, 0, 1, 1, 0}, x, 1e-6f);
        // New data outside the training range goes outside [0, 1], as with scikit-learn's MinMaxScaler.
        Tensor out = n.apply(Tensor.of(new float[] {7, 10, 5}, 1, 3));
        assertArrayEquals(new float[] {2, 0, 0}, out.toFloatArray(), 1e-6f);
    }

    @Test
    void imagesArePerChannel() {
        // Two samples of [2, 1, 2]: channel 0 holds 0..3 scaled by 1, channel 1 holds 10, 20, 30, 40.
        TensorDataset img = TensorDataset.regression("img", new float[] {0, 1, 10, 20, 2, 3, 30, 40}, new int[] {2, 1, 2},
                new float[] {0, 0}, new int[] {1});
        Normalization n = Normalization.fit(Kind.STANDARDIZE, img);
        assertEquals(Per.CHANNEL, n.per());
        assertArrayEquals(new float[] {1.5f, 25f}, n.offset());
        assertArrayEquals(new float[] {(float) Math.sqrt(1.25), (float) Math.sqrt(125)}, n.scale(), 1e-6f);
        assertArrayEquals(img.valueTargets(), n.apply(img).valueTargets());
        String m = assertThrows(IllegalArgumentException.class, () -> n.apply(TABLE)).getMessage();
        assertTrue(m.contains("does not fit samples of [3]"), m);
        // The same samples flat ([4], for an Input that takes them so): each channel's pair covers its run.
        layerlab.tensor.Tensor images = layerlab.tensor.Tensor.of(img.features(), 2, 2, 1, 2);
        assertArrayEquals(n.apply(images).toFloatArray(), n.apply(images.reshape(2, 4)).toFloatArray());
    }

    @Test
    void roundTripsThroughAMapAndNoneIsTheIdentity() {
        Normalization n = Normalization.fit(Kind.STANDARDIZE, TABLE);
        Map<String, Object> m = n.toMap();
        assertEquals("standardize", m.get("kind"));
        assertEquals("feature", m.get("per"));
        assertEquals(n, Normalization.fromMap(m));
        assertEquals(n.hashCode(), Normalization.fromMap(m).hashCode());
        assertEquals(Normalization.none(), Normalization.fromMap(Normalization.none().toMap()));
        assertSame(TABLE, Normalization.none().apply(TABLE));
        assertEquals("standardize per feature (3)", n.describe());
        assertThrows(IllegalArgumentException.class, () -> Normalization.fromMap(Map.of("kind", "zscore")));
    }

    /** A table's gaps (NaN) as SimpleImputer(strategy="mean") then StandardScaler fill and scale them, fitted on the training set. */
    static final TensorDataset GAPS = TensorDataset.classification("gaps",
            new float[] {1, Float.NaN, 3, 2, Float.NaN, 4, 5, 6}, new int[] {2}, new long[] {0, 1, 0, 1}, List.of("a", "b"))
            .withFeatureNames(List.of("bill", "flipper"));

    @Test
    void gapsAreFilledWithTheTrainingMeansBeforeScaling() {
        Normalization n = Normalization.fit(Kind.STANDARDIZE, GAPS, FillWith.MEAN);
        // Means over the values there: (1+3+5)/3 = 3 and (2+4+6)/3 = 4. Filled, each feature is {1|2, 3|4, 3|4, 5|6}
        // around its mean: variance (4+0+0+4)/4 = 2.
        assertArrayEquals(new float[] {3, 4}, n.fill());
        assertArrayEquals(new float[] {3, 4}, n.offset());
        float s = (float) Math.sqrt(2);
        assertArrayEquals(new float[] {s, s}, n.scale());
        float[] x = n.apply(GAPS).features();
        assertArrayEquals(new float[] {-2 / s, 0, 0, -2 / s, 0, 0, 2 / s, 2 / s}, x, 1e-6f);
        // New samples: a gap is the mean, so 0 once standardized; the statistics round-trip with the fill.
        assertArrayEquals(new float[] {0, 1 / s}, n.apply(Tensor.of(new float[] {Float.NaN, 5}, 1, 2)).toFloatArray(), 1e-6f);
        assertEquals(n, Normalization.fromMap(n.toMap()));
        assertEquals("standardize per feature (2), gaps filled with training means", n.describe());
        // Without scaling, filling alone is still something to apply and to keep with the model.
        Normalization fillOnly = Normalization.fit(Kind.NONE, GAPS, FillWith.MEAN);
        assertEquals(false, fillOnly.isIdentity());
        assertArrayEquals(new float[] {1, 4, 3, 2, 3, 4, 5, 6}, fillOnly.apply(GAPS).features());
        assertEquals(fillOnly, Normalization.fromMap(fillOnly.toMap()));
        assertEquals("none, gaps filled with training means", fillOnly.describe());
    }

    @Test
    void aGapNeedsAModelThatFillsAndAFeatureNeedsSomeValue() {
        Normalization plain = Normalization.fit(Kind.STANDARDIZE, TABLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plain.apply(Tensor.of(new float[] {1, 2, 3, 4, Float.NaN, 6}, 2, 3)));
        assertEquals("sample 1 has no value for feature 1 (NaN), and the model was trained without filling gaps (\"missing\": \"fill\")", e.getMessage());
        TensorDataset empty = TensorDataset.classification("empty", new float[] {1, Float.NaN, 2, Float.NaN}, new int[] {2}, new long[] {0, 1},
                List.of("a", "b")).withFeatureNames(List.of("bill", "flipper"));
        e = assertThrows(IllegalArgumentException.class, () -> Normalization.fit(Kind.NONE, empty, FillWith.MEAN));
        assertEquals("empty: feature \"flipper\" has no value in any of the 2 training samples, so there is no mean to fill its gaps with; leave it out",
                e.getMessage());
    }
}
