package layerlab.ui.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import layerlab.data.DataSplit;
import layerlab.data.Normalization;
import layerlab.data.TensorDataset;
import org.junit.jupiter.api.Test;

/**
 * The Data tab counts a classifier's samples per class from their labels: it made a batch of every sample to count them,
 * a copy of all the features (430 MB more for a 480 MB NPY's training part). Counted with the thread's allocation counter.
 */
class PreviewCountsAllocationTest {
    @Test
    void countingTheClassesCopiesNoFeatures() {
        int n = 40_000, w = 50;
        float[] x = new float[n * w];
        long[] y = new long[n];
        long[] expected = new long[3];
        for (int i = 0; i < n; i++) {
            y[i] = (i * 7) % 3 == 0 ? 0 : i % 5 == 0 ? 1 : 2;
            expected[(int) y[i]]++;
            x[i * w] = i;
        }
        DataSplit d = new DataSplit(TensorDataset.classification("t", x, new int[] {w}, y, List.of("a", "b", "c")), null, Normalization.none(), "t");
        Preview.of(d); // classes loaded, code compiled
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        Preview p = Preview.of(d);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertArrayEquals(expected, p.counts());
        long features = (long) n * w * 4;
        assertTrue(allocated < features / 4, () -> allocated + " bytes allocated beside " + features + " bytes of features");
    }
}
