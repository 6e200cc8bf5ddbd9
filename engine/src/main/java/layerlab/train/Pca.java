package layerlab.train;

import java.util.Arrays;
import java.util.SplittableRandom;
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
 * when it is small, the Lanczos process otherwise ({@link #lanczos}: 1,000 samples of 3,136 values in 0.5 s on two cores,
 * where subspace iteration took 1.7), until each wanted pair's residual is at most {@link #TOLERANCE} of the largest
 * eigenvalue.
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
    /** Scatter matrices up to this size are diagonalised whole (Jacobi); larger ones by the Lanczos process. */
    static final int JACOBI_LIMIT = 160;

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
        return lanczos(s, m, k);
    }

    /**
     * The {@code k} largest eigenpairs of the symmetric positive semi-definite {@code m×m} matrix {@code s} by the Lanczos
     * process with full reorthogonalisation (Golub and Van Loan, Matrix Computations, §10.1–10.3): a Krylov basis built one
     * product {@code S q} at a time, kept orthonormal against every vector before it (twice: no ghost copies of converged
     * pairs), its tridiagonal projection diagonalised every few steps ({@link #tql2}); a Ritz pair is taken once its
     * residual, {@code β·|last component|}, is within {@link #TOLERANCE}. A basis that spans an invariant subspace before
     * the wanted pairs are there (a rank-deficient matrix) goes on from a fresh vector orthogonal to it.
     */
    static double[][] lanczos(double[] s, int m, int k) {
        double trace = 0;
        for (int i = 0; i < m; i++) trace += s[i * m + i];
        SplittableRandom random = new SplittableRandom(20261202L);
        double[] q = new double[m * m], alpha = new double[m], beta = new double[m], w = new double[m];
        if (!fresh(q, 0, m, random)) throw new AssertionError("an empty basis always has room");
        for (int j = 0; j < m; j++) {
            checkInterrupted();
            int qj = j * m;
            double[] qq = q;
            Parallel.forRange(m, m, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    double sum = 0;
                    int sr = r * m;
                    for (int c = 0; c < m; c++) sum += s[sr + c] * qq[qj + c];
                    w[r] = sum;
                }
            });
            double a = 0;
            for (int c = 0; c < m; c++) a += q[qj + c] * w[c];
            alpha[j] = a;
            orthogonalise(w, 0, q, j + 1, m);
            double b = 0;
            for (double v : w) b += v * v;
            b = Math.sqrt(b);
            int steps = j + 1;
            boolean spent = b <= 1e-13 * Math.max(trace, Double.MIN_NORMAL);
            if (steps >= k && (steps == k || steps % 8 == 0 || spent || steps == m)) {
                double[][] ritz = ritz(alpha, beta, steps, spent ? 0 : b, k, q, m, steps == m);
                if (ritz != null) return ritz;
            }
            if (steps == m) break;
            if (spent) {
                beta[j] = 0;
                if (!fresh(q, steps, m, random)) break;
            } else {
                beta[j] = b;
                for (int c = 0; c < m; c++) q[steps * m + c] = w[c] / b;
            }
        }
        throw new AssertionError("a Krylov basis of the whole space holds every eigenpair");
    }

    /**
     * The Ritz pairs of the first {@code steps} Lanczos vectors, the largest {@code k} first, when each one's residual
     * {@code β·|y_last|} is within {@link #TOLERANCE} of the largest (or {@code last}: the basis spans the whole space);
     * else null.
     */
    private static double[][] ritz(double[] alpha, double[] beta, int steps, double b, int k, double[] q, int m, boolean last) {
        double[] d = Arrays.copyOf(alpha, steps), e = new double[steps];
        for (int i = 1; i < steps; i++) e[i] = beta[i - 1];
        double[][] v = new double[steps][steps];
        for (int i = 0; i < steps; i++) v[i][i] = 1;
        tql2(steps, d, e, v);
        Integer[] order = new Integer[steps];
        for (int i = 0; i < steps; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Double.compare(d[y], d[x]));
        double limit = TOLERANCE * Math.max(Math.abs(d[order[0]]), Double.MIN_NORMAL);
        if (!last) {
            for (int i = 0; i < k; i++) if (b * Math.abs(v[steps - 1][order[i]]) > limit) return null;
        }
        double[] values = new double[k], vectors = new double[k * m];
        for (int i = 0; i < k; i++) {
            int col = order[i];
            values[i] = d[col];
            for (int j = 0; j < steps; j++) {
                double y = v[j][col];
                if (y == 0) continue;
                for (int c = 0; c < m; c++) vectors[i * m + c] += y * q[j * m + c];
            }
        }
        return new double[][] {values, vectors};
    }

    /** Row {@code j} of {@code q}: a random unit vector orthogonal to rows {@code 0 … j−1}; false when they span the space. */
    private static boolean fresh(double[] q, int j, int m, SplittableRandom random) {
        for (int attempt = 0; attempt < 3; attempt++) {
            for (int c = 0; c < m; c++) q[j * m + c] = random.nextDouble() - 0.5;
            orthogonalise(q, j * m, q, j, m);
            double norm = 0;
            for (int c = 0; c < m; c++) norm += q[j * m + c] * q[j * m + c];
            norm = Math.sqrt(norm);
            if (norm > 1e-8) {
                for (int c = 0; c < m; c++) q[j * m + c] /= norm;
                return true;
            }
        }
        return false;
    }

    /**
     * Takes from the vector {@code x[xo … xo+m)} its parts along the first {@code rows} rows of {@code q} (orthonormal),
     * by Gram–Schmidt twice over (once leaves rounding's share along them, which a Lanczos basis would grow into copies of
     * pairs it has already found).
     */
    private static void orthogonalise(double[] x, int xo, double[] q, int rows, int m) {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < rows; i++) {
                double dot = 0;
                for (int c = 0; c < m; c++) dot += q[i * m + c] * x[xo + c];
                for (int c = 0; c < m; c++) x[xo + c] -= dot * q[i * m + c];
            }
        }
    }

    /**
     * The eigenvalues ({@code d}) and eigenvectors (columns of {@code v}, which starts as the identity) of the symmetric
     * tridiagonal matrix with diagonal {@code d} and subdiagonal {@code e[1 … n−1]}, by the implicit QL method (EISPACK's
     * tql2, as JAMA writes it); {@code e} is overwritten.
     */
    static void tql2(int n, double[] d, double[] e, double[][] v) {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0, tst1 = 0, eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n && Math.abs(e[m]) > eps * tst1) m++;
            if (m > l) {
                do {
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = c, c3 = c, el1 = e[l + 1], s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        for (int row = 0; row < n; row++) {
                            h = v[row][i + 1];
                            v[row][i + 1] = s * v[row][i] + c * h;
                            v[row][i] = c * v[row][i] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
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
}
