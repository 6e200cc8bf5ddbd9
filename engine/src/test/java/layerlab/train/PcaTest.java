package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Against scikit-learn's PCA (fixtures/train/pca.json, make_pca_fixtures.py), through both eigensolvers. */
class PcaTest {
    static final Fixtures FIXTURE = Fixtures.load("train/pca.json");

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    /** {@code |got − want| ≤ 1e-6 · max|want|} element by element (the fixture keeps ten digits; both sides are double). */
    private static void close(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + " length");
        double scale = 0;
        for (double w : want) scale = Math.max(scale, Math.abs(w));
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6 * scale, what + " [" + i + "]");
        }
    }

    @Test
    void matchesScikitLearnWithEitherSolver() {
        int n = 0;
        for (JsonNode c : FIXTURE.json().get("cases")) {
            double[] xd = doubles(c.get("x"));
            float[] x = new float[xd.length];
            for (int i = 0; i < x.length; i++) x[i] = (float) xd[i];
            int samples = c.get("n").asInt(), d = c.get("d").asInt(), k = c.get("k").asInt();
            // Jacobi on the whole scatter matrix, and the Lanczos process (every matrix counts as large).
            for (int limit : new int[] {Integer.MAX_VALUE, 0}) {
                String what = c.get("name").asText() + (limit == 0 ? " (Lanczos)" : " (Jacobi)");
                Pca p = Pca.of(x, samples, d, k, limit);
                assertEquals(k, p.k(), what);
                close(doubles(c.get("mean")), p.mean(), what + " mean");
                close(doubles(c.get("variances")), p.variances(), what + " variances");
                close(doubles(c.get("ratios")), p.ratios(), what + " ratios");
                close(doubles(c.get("components")), p.components(), what + " components");
                double[] points = new double[p.points().length];
                for (int i = 0; i < points.length; i++) points[i] = p.points()[i];
                // Points are float: within float's rounding of the largest coordinate.
                double[] want = doubles(c.get("points"));
                double scale = 0;
                for (double w : want) scale = Math.max(scale, Math.abs(w));
                assertArrayEquals(want, points, 1e-6 * scale, what + " points");
                n++;
            }
        }
        assertEquals(10, n);
    }

    @Test
    void theFarthestSampleLiesOnThePositiveSideOfEachComponent() {
        float[] x = {0, 0, 1, 0, 2, 0, -9, 0, 3, 1, 3, -1};
        Pca p = Pca.of(x, 6, 2, 2);
        // The first axis is horizontal; the sample at x = -9 is farthest from the mean (0.5, 0), so the axis points left.
        assertTrue(p.components()[0] < 0, "component 1 points towards -x");
        assertTrue(p.point(3, 0) > 0, "the sample at -9 has a positive first coordinate");
        for (int c = 0; c < 2; c++) {
            int far = 0;
            for (int i = 1; i < 6; i++) if (Math.abs(p.point(i, c)) > Math.abs(p.point(far, c))) far = i;
            assertTrue(p.point(far, c) > 0, "component " + c);
        }
    }

    @Test
    void equalSamplesHaveNoVarianceToShare() {
        float[] x = new float[5 * 3];
        for (int i = 0; i < 5; i++) {
            x[i * 3] = 1;
            x[i * 3 + 1] = 2;
            x[i * 3 + 2] = 3;
        }
        Pca p = Pca.of(x, 5, 3, 2);
        assertArrayEquals(new double[] {0, 0}, p.ratios());
        assertArrayEquals(new double[] {0, 0}, p.variances());
        for (float v : p.points()) assertEquals(0f, v);
        // One sample: no variance either, and no division by n - 1 = 0.
        Pca one = Pca.of(new float[] {4, 5}, 1, 2, 2);
        assertEquals(1, one.k());
        assertArrayEquals(new double[] {0}, one.variances());
    }

    @Test
    void asksForNoMoreComponentsThanTheDataHave() {
        float[] x = {1, 2, 3, 4, 5, 7};
        // Three samples of two values: two components at most; two samples of three: two as well (the Gram side).
        assertEquals(2, Pca.of(x, 3, 2, 5).k());
        assertEquals(2, Pca.of(x, 2, 3, 5).k());
        Pca line = Pca.of(new float[] {1, 2, 3}, 3, 1, 2);
        assertEquals(1, line.k());
        assertEquals(1.0, line.ratios()[0], 1e-12);
    }

    @Test
    void refusesWhatIsNotADataMatrix() {
        assertThrows(IllegalArgumentException.class, () -> Pca.of(new float[0], 0, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> Pca.of(new float[5], 2, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> Pca.of(new float[6], 2, 3, 0));
    }

    /**
     * An interrupted thread's projection gives up at its next step (the inspector asked for another layer) and leaves the
     * interrupt set; one on a thread not interrupted runs to the end.
     */
    @Test
    void anInterruptedProjectionGivesUp() throws Exception {
        int n = 300, d = 2000;
        float[] x = new float[n * d];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                Pca.of(x, n, d, 3);
            } catch (Throwable e) {
                thrown.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        t.join(30_000);
        assertTrue(thrown.get() instanceof java.util.concurrent.CancellationException, "gave up: " + thrown.get());
        assertTrue(stillInterrupted.get(), "the interrupt stays set for the caller to see");
        assertEquals(3, Pca.of(x, n, d, 3).k(), "not interrupted, it runs to the end");
    }

    /**
     * The Lanczos process finds the same top eigenpairs as Jacobi on the whole matrix: for matrices of rank 1, 2 and 5 (its
     * basis spans an invariant subspace before three pairs are there, and goes on from a fresh vector), one with a
     * repeated top eigenvalue, and a full-rank one with a flat spectrum.
     */
    @Test
    void lanczosAgreesWithJacobiOnAwkwardSpectra() {
        int m = 120;
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int rank : new int[] {1, 2, 5, -2, m}) {
            // S = Σ_j w_j v_j v_jᵀ over random vectors; rank −2: two equal weights on top.
            int terms = rank < 0 ? 6 : rank;
            double[] s = new double[m * m];
            for (int t = 0; t < terms; t++) {
                double[] v = new double[m];
                for (int c = 0; c < m; c++) v[c] = r.nextGaussian();
                double w = rank < 0 && t < 2 ? 10 : 1 + r.nextDouble();
                for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) s[a * m + b] += w * v[a] * v[b];
            }
            double[][] want = Pca.jacobi(s, m), got = Pca.lanczos(s, m, 3);
            String what = rank == -2 ? "a repeated top eigenvalue" : "rank " + rank;
            for (int i = 0; i < 3; i++) {
                assertEquals(want[0][i], got[0][i], 1e-9 * want[0][0], what + ": eigenvalue " + i);
                // S v = λ v for the vector found (a repeated eigenvalue's vectors are any basis of its space).
                double res = 0, norm = 0;
                for (int a = 0; a < m; a++) {
                    double sv = 0;
                    for (int b = 0; b < m; b++) sv += s[a * m + b] * got[1][i * m + b];
                    res += Math.pow(sv - got[0][i] * got[1][i * m + a], 2);
                    norm += got[1][i * m + a] * got[1][i * m + a];
                }
                assertEquals(1, norm, 1e-9, what + ": unit vector " + i);
                assertTrue(Math.sqrt(res) <= 1e-7 * want[0][0], what + ": residual " + Math.sqrt(res) + " of pair " + i);
            }
        }
    }
}
