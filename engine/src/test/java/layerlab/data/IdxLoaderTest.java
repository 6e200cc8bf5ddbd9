package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import layerlab.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {
    @TempDir Path dir;

    /** An IDX file of unsigned bytes with these dimensions. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    static byte[] pixels(int n) {
        byte[] px = new byte[n * 2 * 3];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 37);
        return px;
    }

    String error(byte[] bytes) throws IOException {
        Path p = write("bad-idx3-ubyte", bytes);
        return assertThrows(FileFormatException.class, () -> IdxLoader.read(p)).getMessage();
    }

    @Test
    void loadsImagesAndLabelsGzippedOrNot() throws IOException {
        Path images = write("train-images-idx3-ubyte.gz", gzip(idx(new int[] {4, 2, 3}, pixels(4))));
        Path labels = write("train-labels-idx1-ubyte", idx(new int[] {4}, new byte[] {3, 0, 1, 3}));
        TensorDataset d = IdxLoader.load(images, labels);
        assertEquals(4, d.size());
        assertArrayEquals(new int[] {1, 2, 3}, d.sampleShape());
        assertEquals(List.of("0", "1", "2", "3"), d.classNames());
        assertArrayEquals(new long[] {3, 0, 1, 3}, d.classTargets());
        byte[] px = pixels(4);
        for (int i = 0; i < px.length; i++) assertEquals((px[i] & 0xff) / 255f, d.features()[i]);
    }

    @Test
    void rejectsAWrongMagicNumber() throws IOException {
        byte[] b = idx(new int[] {2}, new byte[2]);
        b[0] = 0x50;
        String m = error(b);
        assertEquals(dir.resolve("bad-idx3-ubyte") + ": bad magic number 50 00 08 01 at byte 0: an IDX file starts with 00 00, "
                + "then the element type and the number of dimensions", m);
        byte[] floats = idx(new int[] {2}, new byte[2]);
        floats[2] = 0x0D;
        assertTrue(error(floats).contains("element type 0x0D at byte 2 is not supported; expected 0x08 (unsigned byte)"), error(floats));
        byte[] zero = idx(new int[] {2, 0}, new byte[0]);
        assertTrue(error(zero).contains("dimension 1 at byte 8 is 0"), error(zero));
    }

    @Test
    void rejectsTruncatedAndOverlongFiles() throws IOException {
        byte[] full = idx(new int[] {4, 2, 3}, pixels(4));
        String m = error(Arrays.copyOf(full, full.length - 5));
        assertEquals(dir.resolve("bad-idx3-ubyte") + ": truncated at byte 35: dimensions [4, 2, 3] need 24 bytes of data from byte 16, found 19", m);
        String dims = error(Arrays.copyOf(full, 9));
        assertTrue(dims.contains("truncated at byte 9: expected 3 dimension sizes"), dims);
        String gz = error(gzip(Arrays.copyOf(full, full.length - 5)));
        assertTrue(gz.contains("(after gunzip): truncated at byte 35"), gz);
        String longer = error(Arrays.copyOf(full, full.length + 1));
        assertTrue(longer.contains("unexpected bytes after byte 40"), longer);
        byte[] zipped = gzip(full);
        String cut = error(Arrays.copyOf(zipped, zipped.length - 12));
        assertTrue(cut.contains("gzip data is truncated or corrupt"), cut);
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheImages() throws IOException {
        Path images = write("i", idx(new int[] {4, 2, 3}, pixels(4)));
        Path labels = write("l", idx(new int[] {3}, new byte[3]));
        String m = assertThrows(FileFormatException.class, () -> IdxLoader.load(images, labels)).getMessage();
        assertEquals(labels + ": 3 labels, but " + images + " holds 4 images", m);
        String swapped = assertThrows(FileFormatException.class, () -> IdxLoader.load(labels, images)).getMessage();
        assertEquals(labels + ": expected images of 3 dimensions [N, rows, cols], got [3]: labels; are \"images\" and \"labels\" swapped?", swapped);
    }
}
