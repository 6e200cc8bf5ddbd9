package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Features saved as whole numbers (pictures as uint8, counts as int32 or int64) are read straight into float32: read as
 * int64 first and converted, 500 MB of uint8 pictures took 4 GB, then the floats besides. Counted with the thread's
 * allocation counter, not timed.
 */
class NpyIntegerFeaturesTest {
    private static final int SAMPLES = 20_000, FEATURES = 50;

    @Test
    void uint8FeaturesAreReadIntoFloatsAlone(@TempDir Path dir) throws Exception {
        Random r = new Random(5);
        byte[] pixels = new byte[SAMPLES * FEATURES];
        r.nextBytes(pixels);
        Path x = write(dir.resolve("x.npy"), "|u1", pixels), y = labels(dir);
        NpyLoader.load(x, y); // classes loaded, code compiled
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        TensorDataset d = NpyLoader.load(x, y);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        float[] expected = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) expected[i] = pixels[i] & 0xff;
        assertArrayEquals(expected, d.features());
        // The floats (4 bytes a value), the labels and a read buffer of 1 MB; an int64 a value first was 8 bytes more.
        long values = (long) SAMPLES * FEATURES;
        assertTrue(allocated < values * 4 + (3 << 20), () -> allocated + " bytes allocated for " + values + " values");
    }

    /** Whole numbers beyond float32's 2^24 become the floats an int64 converted to gives, to the bit. */
    @Test
    void wholeNumbersRoundAsAnInt64ConvertedDoes(@TempDir Path dir) throws Exception {
        long[] big = new long[SAMPLES * FEATURES];
        Random r = new Random(9);
        for (int i = 0; i < big.length; i++) big[i] = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt();
        ByteBuffer b8 = ByteBuffer.allocate(big.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b4 = ByteBuffer.allocate(big.length * 4).order(ByteOrder.BIG_ENDIAN);
        float[] as64 = new float[big.length], as32 = new float[big.length];
        for (int i = 0; i < big.length; i++) {
            b8.putLong(big[i]);
            b4.putInt((int) big[i]);
            as64[i] = big[i];
            as32[i] = (long) (int) big[i];
        }
        Path y = labels(dir);
        assertArrayEquals(as64, NpyLoader.load(write(dir.resolve("x8.npy"), "<i8", b8.array()), y).features());
        assertArrayEquals(as32, NpyLoader.load(write(dir.resolve("x4.npy"), ">i4", b4.array()), y).features());
    }

    private static Path labels(Path dir) throws Exception {
        long[] y = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) y[i] = i % 3;
        Path p = dir.resolve("y.npy");
        Npy.write(p, Tensor.ofLongs(y, SAMPLES));
        return p;
    }

    /** An NPY file of {@code [SAMPLES, FEATURES]} values of dtype {@code descr}, their bytes {@code data}. */
    private static Path write(Path file, String descr, byte[] data) throws Exception {
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + SAMPLES + ", " + FEATURES + "), }");
        while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), (byte) (header.length() >> 8)});
        out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        Files.write(file, out.toByteArray());
        return file;
    }
}
