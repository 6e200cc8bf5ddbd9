package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The row softmax (the last dim contiguous) over enough rows for several blocks and uneven thread ranges: against a
 * double reference, and the same bits whatever the threads.
 */
class SoftmaxRowsTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    @Test
    void manyRowsMatchTheReferenceAndDoNotDependOnTheThreads() {
        for (int r : new int[] {17, 50, 2, 16, 33, 300, 5000}) {
            int rows = Math.max(3, 200_000 / r) + 7;
            SplittableRandom rnd = new SplittableRandom(r);
            float[] x = new float[3 + rows * r];
            for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * 4);
            for (int i = 3; i < x.length; i += 11) x[i] = Float.NEGATIVE_INFINITY; // masked positions
            for (boolean log : new boolean[] {false, true}) {
                float[] one = new float[5 + rows * r], two = new float[5 + rows * r];
                Parallel.setThreads(1);
                Reduce.softmax(log, x, 3, one, 5, rows, r, 1);
                Parallel.setThreads(2);
                Reduce.softmax(log, x, 3, two, 5, rows, r, 1);
                assertArrayEquals(one, two, "r " + r + (log ? " log" : "") + ": one thread and two");
                for (int o = 0; o < rows; o += Math.max(1, rows / 97)) {
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int j = 0; j < r; j++) max = Math.max(max, x[3 + o * r + j]);
                    for (int j = 0; j < r; j++) sum += Math.exp(x[3 + o * r + j] - max);
                    for (int j = 0; j < r; j++) {
                        double v = x[3 + o * r + j] - max, want = log ? v - Math.log(sum) : Math.exp(v) / sum;
                        float got = one[5 + o * r + j];
                        // log-softmax is x − max − log Σ in float: its error scales with those terms, not with the result.
                        double scale = log ? Math.abs(v) + Math.log(sum) : Math.abs(want);
                        if (Double.isInfinite(want)) assertEquals((float) want, got, "r " + r + ", row " + o + ", " + j);
                        else assertEquals(want, got, 1e-5 * Math.max(1, scale), "r " + r + ", row " + o + ", " + j);
                    }
                }
            }
        }
    }
}
