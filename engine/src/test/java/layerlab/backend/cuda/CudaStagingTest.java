package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import layerlab.backend.Backends;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Uploads through the page-locked staging ring ({@link CudaStaging}) on the fake driver, whose asynchronous copies run
 * only at the stream's next synchronisation point and whose events say "not ready" until then: a region of the ring
 * written again before the copy that reads it ran would put the later values into the earlier tensor. Sizes that wrap
 * the ring, grow it (with copies still queued from the old one), and pass it by (larger than half its largest size),
 * floats and longs, all kept alive and read back at the end.
 */
class CudaStagingTest {
    /** The child: uploads, reads everything back, prints "staging ok UPLOADS WAITS" or the first mismatch, and exits. */
    public static void main(String[] args) {
        CudaBackend be = (CudaBackend) Backends.get(Device.cuda(0));
        Random r = new Random(7);
        int[] sizes = {60_000, 70_000, 1, 90_000, 50_000, 130_000, 3, 100_000, 65_536, 400_000, 20_000, 1_000_000, 80_000,
            5_000_000, 70_000, 9_000_000, 110_000};
        List<float[]> hostF = new ArrayList<>();
        List<long[]> hostL = new ArrayList<>();
        List<Tensor> devF = new ArrayList<>(), devL = new ArrayList<>();
        long waitsBefore = be.activityCounts()[1];
        for (int round = 0; round < 3; round++) {
            for (int n : sizes) {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) f[i] = r.nextFloat();
                hostF.add(f);
                devF.add(Tensor.of(f, n).to(be.device()));
                int m = Math.max(1, n / 7);
                long[] l = new long[m];
                for (int i = 0; i < m; i++) l[i] = r.nextLong();
                hostL.add(l);
                devL.add(Tensor.ofLongs(l, m).to(be.device()));
            }
        }
        long waits = be.activityCounts()[1] - waitsBefore;
        for (int i = 0; i < hostF.size(); i++) {
            if (!Arrays.equals(hostF.get(i), devF.get(i).toFloatArray())) fail("float upload " + i + " of " + hostF.get(i).length);
            if (!Arrays.equals(hostL.get(i), devL.get(i).toLongArray())) fail("long upload " + i + " of " + hostL.get(i).length);
        }
        System.out.println("staging ok " + 2 * hostF.size() + " " + waits);
    }

    private static void fail(String what) {
        System.out.println("staging wrong: " + what + " came back different");
        System.exit(0);
    }

    @Test
    void uploadsThroughTheRingArriveWholeWhenTheCopiesRunLate() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fake-driver");
        try {
            DriverStubs.compile(dir, "fake_driver.c");
            String log = DriverStubs.runChild(DriverStubs.childJvm(dir, CudaStagingTest.class), 120);
            assertTrue(log.contains("staging ok"), log);
            String[] f = log.substring(log.indexOf("staging ok")).trim().split("\\s+");
            // The 1 MiB ring wraps within the first few uploads: reusing a region waited for its copy (the fake's
            // events stay "not ready" until the queued copies ran), so some uploads waited; most did not.
            long uploads = Long.parseLong(f[2]), waits = Long.parseLong(f[3]);
            assertTrue(waits > 0 && waits < uploads / 2, "uploads " + uploads + ", waits " + waits + "\n" + log);
        } finally {
            DriverStubs.delete(dir);
        }
    }
}
