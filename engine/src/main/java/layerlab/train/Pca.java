package layerlab.train;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import layerlab.backend.cpu.Parallel;

/**
 * Principal component analysis of {@code n} samples of {@code d} values, as scikit-learn's {@code PCA(n_components=k)}
 * computes it with its exact solver: the data centred by the column means, the first {@code k} right singular vectors as
 * {@link #components} (unit vectors in feature space), the samples' coordinates along them as {@link #points}, each
 * component's variance ({@code σ²/(n-1)}) and its share of the total. Signs as scikit-learn's {@code svd_flip}: along each
 * component, the sample farthest from the mean lies on the positive side (so that the picture does not flip for nothing).
 * <p>
 * Computed in double from the smaller of the two scatter matrices ({@code XᵀX}, d×d, when there are at least as many
 * samples as values; else the samples' Gram matrix {@code XXᵀ}, n×n), whose eigenvectors give both: Jacobi rotations
 * when it is small, subspace iteration with Rayleigh–Ritz steps otherwise, until each wanted pair's residual is at most
 * {@link #TOLERANCE} of the largest eigenvalue.
 * <p>
 * A projection can take seconds: when its thread is interrupted (the user asked for another layer), it gives up with a
 * {@link CancellationException} at its next step.
 *
 * @param points     {@code [n][k]} row-major: sample i's coordinate along component j at {@code i·k + j}
 * @param components {@code [k][d]} row-major unit vectors
 * @param variances  each component's variance, {@code σ²/(n−1)} (scikit-learn's {@code explained_variance_})
 * @param ratios     each component's share of the total variance ({@code explained_variance_ratio_}); 0 when all
 *                   samples are equal
 */
public record Pca(int samples, int features, int k, double[] mean, float[] points, double[] components, double[] variances,
                  double[] ratios) {
    /** A wanted eigenpair is taken once {@code ‖Mv − λv‖ ≤ TOLERANCE · λ₁}. */
    static final double TOLERANCE = 1e-8;
    /** Scatter matrices up to this size are diagonalised whole (Jacobi); larger ones by subspace iteration. */
    static final int JACOBI_LIMIT = 160;
    /** Extra vectors the subspace iteration carries beyond the wanted ones (they speed its convergence). */
    private static final int OVERSAMPLE = 20;
    private static final int MAX_ITERATIONS = 3000;

    /**
     * The first {@code k} principal components of {@code x}, {@code n} rows of {@code d} values (row-major).
     *
     * @throws IllegalArgumentException when there are no samples or values, or {@code x} is not {@code n·d} long
     */
    public static Pca of(float[] x, int n, int d, int k) {
        return of(x, n, d, k, JACOBI_LIMIT);
    }

    /** As {@link #of(float[], int, int, int)}, diagonalising scatter matrices up to {@code jacobiLimit} whole (tests try both solvers). */
    static Pca of(float[] x, int n, int d, int k, int jacobiLimit) {
        if (n < 1 || d < 1) throw new IllegalArgumentException("PCA needs samples and values: got " + n + " samples of " + d + " values");
        if (x.length != (long) n * d) throw new IllegalArgumentException("PCA: " + x.length + " values are not " + n + " samples of " + d);
        if (k < 1) throw new IllegalArgumentException("PCA: k must be at least 1, got " + k);
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += x[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        // The scatter matrix is a sum of outer products of the rows of a matrix whose rows are as long as the smaller
        // side: the centred samples when d ≤ n, else the centred features (each one value across every sample).
        boolean bySamples = d <= n;
        int m = bySamples ? d : n, rows = bySamples ? n : d;
        double[] a = new double[rows * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j] - mean[j];
                if (bySamples) a[i * m + j] = v;
                else a[j * m + i] = v;
            }
        }
        double[] s = new double[m * m];
        double total = 0;
        // The upper triangle, its rows in bands of equal work, a band a task: each entry still adds its products in row
        // order, so the sums do not depend on the threads.
        int bands = Math.min(m, 4 * Parallel.threads());
        int[] from = new int[bands + 1];
        double all = (double) m * (m + 1) / 2;
        for (int b = 1, p = 0; b < bands; b++) {
            double want = all * b / bands;
            while (p < m && p * (double) m - (double) p * (p - 1) / 2 < want) p++;
            from[b] = p;
        }
        from[bands] = m;
        Thread caller = Thread.currentThread();
        Parallel.forRange(bands, (long) rows * m * m / bands, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int r = 0; r < rows; r++) {
                    if ((r & 63) == 0 && caller.isInterrupted()) return;
                    int base = r * m;
                    for (int p = from[b]; p < from[b + 1]; p++) {
                        double ap = a[base + p];
                        if (ap == 0) continue;
                        int sp = p * m;
                        for (int q = p; q < m; q++) s[sp + q] += ap * a[base + q];
                    }
                }
            }
        });
        checkInterrupted();
        for (int p = 0; p < m; p++) {
            total += s[p * m + p];
            for (int q = p + 1; q < m; q++) s[q * m + p] = s[p * m + q];
        }
        int kk = Math.min(k, m);
        double[][] eig = top(s, m, kk, jacobiLimit);
        double[] values = eig[0], vectors = eig[1];
        float[] points = new float[n * kk];
        double[] comps = new double[kk * d];
        double[] variances = new double[kk], ratios = new double[kk];
        for (int c = 0; c < kk; c++) {
            double lambda = Math.max(0, values[c]);
            variances[c] = n > 1 ? lambda / (n - 1) : 0;
            ratios[c] = total > 0 ? lambda / total : 0;
            double[] coord = new double[n], comp = new double[d];
            if (bySamples) {
                for (int j = 0; j < d; j++) comp[j] = vectors[c * m + j];
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int j = 0; j < d; j++) sum += a[i * m + j] * comp[j];
                    coord[i] = sum;
                }
            } else {
                double sigma = Math.sqrt(lambda);
                for (int i = 0; i < n; i++) coord[i] = vectors[c * m + i] * sigma;
                if (sigma > 0) {
                    for (int j = 0; j < d; j++) {
                        double sum = 0;
                        for (int i = 0; i < n; i++) sum += a[j * m + i] * vectors[c * m + i];
                        comp[j] = sum / sigma;
                    }
                }
            }
            if (lambda == 0) {
                Arrays.fill(coord, 0);
            }
            // svd_flip: the largest |coordinate| positive.
            int far = 0;
            for (int i = 1; i < n; i++) if (Math.abs(coord[i]) > Math.abs(coord[far])) far = i;
            double sign = coord[far] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) points[i * kk + c] = (float) (sign * coord[i]);
            for (int j = 0; j < d; j++) comps[c * d + j] = sign * comp[j];
        }
        return new Pca(n, d, kk, mean, points, comps, variances, ratios);
    }

    /** @throws CancellationException when this thread has been interrupted (the interrupt stays set) */
    static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) throw new CancellationException("the projection was cancelled");
    }

    /** Sample {@code i}'s coordinate along component {@code c}. */
    public float point(int i, int c) {
        return points[i * k + c];
    }

    /**
     * The {@code k} largest eigenvalues of the symmetric {@code m×m} matrix {@code s} (row-major) in decreasing order, and
     * their unit eigenvectors ({@code [k][m]} row-major).
     */
    static double[][] top(double[] s, int m, int k, int jacobiLimit) {
        if (m <= jacobiLimit) {
            double[][] all = jacobi(s, m);
            return new double[][] {Arrays.copyOf(all[0], k), Arrays.copyOf(all[1], k * m)};
        }
        return subspace(s, m, k);
    }

    /** All eigenpairs of the symmetric {@code m×m} matrix {@code s} by cyclic Jacobi rotations, eigenvalues decreasing; vectors as rows. */
    static double[][] jacobi(double[] s, int m) {
        double[] a = s.clone();
        double[] v = new double[m * m];
        for (int i = 0; i < m; i++) v[i * m + i] = 1;
        double scale = 0;
        for (double e : a) scale = Math.max(scale, Math.abs(e));
        for (int sweep = 0; sweep < 100 && scale > 0; sweep++) {
            checkInterrupted();
            double off = 0;
            for (int p = 0; p < m; p++) for (int q = p + 1; q < m; q++) off += a[p * m + q] * a[p * m + q];
            if (Math.sqrt(off) <= 1e-15 * scale * m) break;
            for (int p = 0; p < m - 1; p++) {
                for (int q = p + 1; q < m; q++) {
                    double apq = a[p * m + q];
                    if (Math.abs(apq) <= 1e-300) continue;
                    double app = a[p * m + p], aqq = a[q * m + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), sn = t * c;
                    for (int r = 0; r < m; r++) {
                        double arp = a[r * m + p], arq = a[r * m + q];
                        a[r * m + p] = c * arp - sn * arq;
                        a[r * m + q] = sn * arp + c * arq;
                    }
                    for (int r = 0; r < m; r++) {
                        double apr = a[p * m + r], aqr = a[q * m + r];
                        a[p * m + r] = c * apr - sn * aqr;
                        a[q * m + r] = sn * apr + c * aqr;
                    }
                    for (int r = 0; r < m; r++) {
                        double vp = v[p * m + r], vq = v[q * m + r];
                        v[p * m + r] = c * vp - sn * vq;
                        v[q * m + r] = sn * vp + c * vq;
                    }
                }
            }
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        double[] diag = new double[m];
        for (int i = 0; i < m; i++) diag[i] = a[i * m + i];
        Arrays.sort(order, (i, j) -> Double.compare(diag[j], diag[i]));
        double[] values = new double[m], vectors = new double[m * m];
        for (int r = 0; r < m; r++) {
            values[r] = diag[order[r]];
            System.arraycopy(v, order[r] * m, vectors, r * m, m);
        }
        return new double[][] {values, vectors};
    }

    /**
     * The {@code k} largest eigenpairs of the symmetric positive semi-definite {@code m×m} matrix {@code s}: a block of
     * {@code k + }{@link #OVERSAMPLE} vectors multiplied by {@code s} and orthonormalised again and again, with the Ritz
     * pairs of the block's span taken at every step (Saad, Numerical Methods for Large Eigenvalue Problems, §5.2), until
     * the wanted pairs' residuals are within {@link #TOLERANCE}, or after {@link #MAX_ITERATIONS} steps with the pairs it has
     * then (only a spectrum so flat that its leading directions are nearly arbitrary gets there: a 1,000 × 3,136 matrix of
     * independent Gaussian columns took 2.5 s in all).
     */
    static double[][] subspace(double[] s, int m, int k) {
        int b = Math.min(m, k + OVERSAMPLE);
        // A fixed start, so that the same data give the same picture.
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261202L);
        double[] v = new double[b * m];
        for (int i = 0; i < v.length; i++) v[i] = random.nextDouble() - 0.5;
        orthonormalize(v, b, m);
        double[] z = new double[b * m], values = new double[k], vectors = new double[k * m];
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            checkInterrupted();
            // z = S v (each row of v a vector; S is symmetric, so row r of S scales into every z row: axpy loops).
            Arrays.fill(z, 0);
            double[] vv = v;
            Parallel.forRange(b, (long) m * m, (j0, j1) -> {
                for (int r = 0; r < m; r++) {
                    int sr = r * m;
                    for (int j = j0; j < j1; j++) {
                        double w = vv[j * m + r];
                        if (w == 0) continue;
                        int zj = j * m;
                        for (int c = 0; c < m; c++) z[zj + c] += w * s[sr + c];
                    }
                }
            });
            // The Ritz pairs: H = vᵀ S v (b×b), H = Y Θ Yᵀ; the Ritz vectors are v Y, and S times them z Y.
            double[] h = new double[b * b];
            for (int i = 0; i < b; i++) {
                for (int j = i; j < b; j++) {
                    double sum = 0;
                    for (int r = 0; r < m; r++) sum += v[i * m + r] * z[j * m + r];
                    h[i * b + j] = sum;
                    h[j * b + i] = sum;
                }
            }
            double[][] e = jacobi(h, b);
            double[] theta = e[0], y = e[1];
            double[] ritz = combine(y, v, b, m), sRitz = combine(y, z, b, m);
            boolean done = true;
            double limit = TOLERANCE * Math.max(Math.abs(theta[0]), Double.MIN_NORMAL);
            for (int j = 0; j < k && done; j++) {
                double res = 0;
                for (int r = 0; r < m; r++) {
                    double d = sRitz[j * m + r] - theta[j] * ritz[j * m + r];
                    res += d * d;
                }
                done = Math.sqrt(res) <= limit;
            }
            if (done || iter == MAX_ITERATIONS - 1) {
                System.arraycopy(theta, 0, values, 0, k);
                System.arraycopy(ritz, 0, vectors, 0, k * m);
                return new double[][] {values, vectors};
            }
            // The next block: S times the Ritz vectors, orthonormalised.
            System.arraycopy(sRitz, 0, v, 0, b * m);
            orthonormalize(v, b, m);
        }
        throw new AssertionError("unreachable");
    }

    /** Rows {@code j} of the result: {@code Σ_i y[i][j] · rows[i]} (y's columns are the combinations). */
    private static double[] combine(double[] yRows, double[] rows, int b, int m) {
        // jacobi returns eigenvectors as rows: eigenvector j is yRows[j·b …], its entry i weighs rows[i].
        double[] out = new double[b * m];
        for (int j = 0; j < b; j++) {
            for (int i = 0; i < b; i++) {
                double w = yRows[j * b + i];
                if (w == 0) continue;
                for (int r = 0; r < m; r++) out[j * m + r] += w * rows[i * m + r];
            }
        }
        return out;
    }

    /** Modified Gram–Schmidt, twice, on the {@code b} rows of {@code v}; a row that vanishes is replaced by a unit vector. */
    private static void orthonormalize(double[] v, int b, int m) {
        for (int j = 0; j < b; j++) {
            for (int attempt = 0; ; attempt++) {
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = 0; i < j; i++) {
                        double dot = 0;
                        for (int r = 0; r < m; r++) dot += v[i * m + r] * v[j * m + r];
                        for (int r = 0; r < m; r++) v[j * m + r] -= dot * v[i * m + r];
                    }
                }
                double norm = 0;
                for (int r = 0; r < m; r++) norm += v[j * m + r] * v[j * m + r];
                norm = Math.sqrt(norm);
                if (norm > 1e-150) {
                    for (int r = 0; r < m; r++) v[j * m + r] /= norm;
                    break;
                }
                if (attempt >= m) break; // cannot happen: b ≤ m unit vectors always leave one outside the span
                Arrays.fill(v, j * m, j * m + m, 0);
                v[j * m + (j + attempt) % m] = 1;
            }
        }
    }
}
