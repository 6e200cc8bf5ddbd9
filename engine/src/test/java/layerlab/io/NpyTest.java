package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.io.FileFormatException;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NPY read/write against files written by NumPy 1.24 (make_data_fixtures.py). */
class NpyTest {
    @TempDir Path dir;

    static Tensor fixture(String name) throws IOException {
        return Npy.read(new ByteArrayInputStream(Fixtures.bytes("data/" + name + ".npy")), name + ".npy");
    }

    static String readError(byte[] bytes) {
        return assertThrows(FileFormatException.class, () -> Npy.read(new ByteArrayInputStream(bytes), "bad.npy")).getMessage();
    }

    @Test
    void readsNumpyFloat32() throws IOException {
        Tensor t = fixture("f32_2x3");
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, t.toFloatArray());
    }

    @Test
    void readsNumpyFloat64AsFloat32() throws IOException {
        Tensor t = fixture("f64_4");
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new float[] {0.1f, -2.5f, 1e10f, (float) Math.PI}, t.toFloatArray());
    }

    @Test
    void readsNumpyInt64Exactly() throws IOException {
        Tensor t = fixture("i64_5");
        assertEquals(DType.INT64, t.dtype());
        assertArrayEquals(new long[] {0, 1, -3, 1L << 40, 9}, t.toLongArray());
    }

    @Test
    void readsThreeDimensionsInCOrder() throws IOException {
        Tensor t = fixture("f32_3d");
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        assertEquals(12 * 1 + 4 * 2 + 3, t.get(1, 2, 3));
        assertEquals(4 * 1 + 2, t.get(0, 1, 2));
    }

    @Test
    void readsScalarBigEndianVersion2AndSmallIntegers() throws IOException {
        Tensor s = fixture("f32_scalar");
        assertEquals(0, s.dim());
        assertEquals(7.5f, s.item());
        assertArrayEquals(fixture("f32_2x3").toFloatArray(), fixture("f32_big_endian").toFloatArray());
        assertArrayEquals(fixture("f32_2x3").toFloatArray(), fixture("f32_v2").toFloatArray());
        Tensor labels = fixture("i32_labels");
        assertEquals(DType.INT64, labels.dtype());
        assertArrayEquals(new long[] {2, 0, 1, 1}, labels.toLongArray());
        assertArrayEquals(new long[] {0, 128, 255}, fixture("u8_pixels").toLongArray());
    }

    /** NumPy saves a Fortran-contiguous array (a transpose, a pandas DataFrame's .values) in Fortran order: read as NumPy loads it. */
    @Test
    void readsFortranOrder() throws IOException {
        Tensor t = fixture("f32_fortran");
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(fixture("f32_2x3").toFloatArray(), t.toFloatArray());
        // [2, 3, 4] with value 12i + 4j + k, its data in Fortran order (i fastest), as int64.
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(24 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 4; k++) for (int j = 0; j < 3; j++) for (int i = 0; i < 2; i++) data.putLong(12 * i + 4 * j + k);
        Tensor cube = Npy.read(new ByteArrayInputStream(npy("{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3, 4), }", data.array())), "f.npy");
        long[] expected = new long[24];
        for (int i = 0; i < 24; i++) expected[i] = i;
        assertArrayEquals(expected, cube.toLongArray());
    }

    @Test
    void rejectsUnsupportedTypes() {
        String half = readError(Fixtures.bytes("data/f16_unsupported.npy"));
        assertTrue(half.contains("'<f2'") && half.contains("at byte 10"), half);
    }

    @Test
    void namesTheDtypeItDoesNotRead() {
        String reads = "; LayerLab reads float32, float64, int64, int32 (either byte order) and uint8";
        // np.array(['a', 'b']): '<U1' is one character (4 bytes) an element, not uint8 ('|u1').
        assertEquals("bad.npy: NPY header at byte 10: unsupported dtype '<U1' (Unicode strings)" + reads,
                readError(npy("{'descr': '<U1', 'fortran_order': False, 'shape': (2,), }", new byte[8])));
        // An object array's data is a pickle: refused from the header, before a byte of it is read.
        byte[] pickle = "\u0080\u0004cos\nsystem\n(S'echo owned'\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("bad.npy: NPY header at byte 10: unsupported dtype '|O' (Python objects, which LayerLab never unpickles)" + reads,
                readError(npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", pickle)));
        Map<String, String> kinds = Map.of("|b1", "(booleans: convert them first, e.g. a.astype(np.uint8))", "<c8", "(complex numbers)",
                "|S3", "(byte strings)", "<i2", "(int16: convert it first, e.g. a.astype(np.int64))",
                ">u8", "(uint64: convert it first, e.g. a.astype(np.int64))", "<M8[D]", "(dates and times)");
        kinds.forEach((descr, kind) -> assertEquals("bad.npy: NPY header at byte 10: unsupported dtype '" + descr + "' " + kind + reads,
                readError(npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }", new byte[16])), descr));
        assertEquals("bad.npy: NPY header at byte 20: unsupported dtype: a structured array (named fields)" + reads,
                readError(npy("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,), }", new byte[8])));
    }

    @Test
    void writesTheSameBytesAsNumpySave() throws IOException {
        for (String name : new String[] {"f32_2x3", "i64_5", "f32_3d", "f32_scalar"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, fixture(name));
            assertArrayEquals(Fixtures.bytes("data/" + name + ".npy"), out.toByteArray(), name);
        }
    }

    @Test
    void roundTripsThroughAFileAtomically() throws IOException {
        Path file = dir.resolve("x.npy");
        Files.writeString(file, "old contents");
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        Npy.write(file, a);
        Tensor b = Npy.read(file);
        assertArrayEquals(a.shape(), b.shape());
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        Tensor l = Tensor.ofLongs(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, 4);
        Npy.write(file, l);
        assertArrayEquals(l.toLongArray(), Npy.read(file).toLongArray());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        // A non-contiguous view is written in its logical (C) order.
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t();
        Npy.write(file, t);
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Npy.read(file).toFloatArray());
        assertArrayEquals(new int[] {3, 2}, Npy.read(file).shape());
    }

    @Test
    void dataStartsOnA64ByteBoundary() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, Tensor.zeros(3, 1, 28, 28));
        int headerLen = (out.toByteArray()[8] & 0xff) | (out.toByteArray()[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64);
        assertEquals(10 + headerLen + 3 * 28 * 28 * 4, out.size());
    }

    @Test
    void rejectsBadMagicTruncationAndTrailingBytes() throws IOException {
        String magic = readError("PK\u0003\u0004 not npy".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(magic.contains("bad.npy") && magic.contains("magic") && magic.contains("byte 0"), magic);

        byte[] good = Fixtures.bytes("data/f32_2x3.npy");
        String truncated = readError(Arrays.copyOf(good, good.length - 3));
        assertTrue(truncated.contains("truncated") && truncated.contains("needs 24 bytes from byte 128") && truncated.contains("found 21"), truncated);

        String header = readError(Arrays.copyOf(good, 40));
        assertTrue(header.contains("truncated") && header.contains("header"), header);

        String trailing = readError(Arrays.copyOf(good, good.length + 1));
        assertTrue(trailing.contains("after the data") && trailing.contains("byte 152"), trailing);

        byte[] v9 = good.clone();
        v9[6] = 9;
        assertTrue(readError(v9).contains("version 9.0"), readError(v9));
    }

    @Test
    void boundsTheHeaderLength() {
        byte[] b = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 0x10};
        String m = readError(b);
        assertTrue(m.contains("header length 268435456") && m.contains("limit"), m);
    }

    @Test
    void neverEvaluatesTheHeader() {
        String[] headers = {
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), '__class__': 1}",
            "{'descr': '<f4', 'fortran_order': __import__('os'), 'shape': (2, 3), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }",
            "{'descr': '=f4', 'fortran_order': False, 'shape': (2, 3), }",
            "{'descr': '<f4', 'fortran_order': False}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } extra",
        };
        String[] expected = {"unexpected key '__class__'", "expected True or False", "expected a dimension", "byte order '='",
            "must give 'descr', 'fortran_order' and 'shape'", "unexpected text after the header dict"};
        for (int i = 0; i < headers.length; i++) {
            String m = readError(npy(headers[i], new byte[24]));
            assertTrue(m.contains(expected[i]) && m.startsWith("bad.npy: NPY header at byte "), m);
        }
    }

    @Test
    void acceptsPython2LongsAndDoubleQuotes() throws IOException {
        Tensor t = Npy.read(new ByteArrayInputStream(npy("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L, 3L)}", new byte[24])), "old.npy");
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertFalse(t.requiresGrad());
    }

    @Test
    void readsAnArrayLongerThanOneChunkOfEveryTypeAndOrder() throws IOException {
        // Read a chunk at a time into the values' array: elements past the first chunks land where they belong, in either
        // byte order and in Fortran order too, and a file cut short in a later chunk says how much it holds.
        int rows = 50_000, cols = 7, n = rows * cols; // 2.8 MB as float64: three chunks
        for (String descr : new String[] {"<f8", ">f8", "<f4", "<i4", ">i8", "|u1"}) {
            for (boolean fortran : new boolean[] {false, true}) {
                int size = descr.charAt(2) - '0';
                java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(n * size)
                        .order(descr.charAt(0) == '>' ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < n; k++) {
                    // Element k of the data is [i][j] in C order, or [k % rows][k / rows] in Fortran order.
                    int i = fortran ? k % rows : k / cols, j = fortran ? k / rows : k % cols, v = (i * 31 + j * 7) % 251;
                    switch (descr.substring(1)) {
                        case "f8" -> data.putDouble(v + 0.5);
                        case "f4" -> data.putFloat(v + 0.25f);
                        case "i4" -> data.putInt(v - 100);
                        case "i8" -> data.putLong(v * 1_000_000_007L);
                        default -> data.put((byte) v);
                    }
                }
                byte[] file = npy("{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + rows + ", " + cols + "), }",
                        data.array());
                Tensor t = Npy.read(new ByteArrayInputStream(file), "big.npy");
                assertArrayEquals(new int[] {rows, cols}, t.shape());
                float[] f = descr.contains("f") ? t.toFloatArray() : null;
                long[] l = f == null ? t.toLongArray() : null;
                for (int k = 0; k < n; k += 997) {
                    int i = k / cols, j = k % cols, v = (i * 31 + j * 7) % 251;
                    switch (descr.substring(1)) {
                        case "f8" -> assertEquals(v + 0.5f, f[k], descr + " " + k);
                        case "f4" -> assertEquals(v + 0.25f, f[k], descr + " " + k);
                        case "i4" -> assertEquals(v - 100, l[k], descr + " " + k);
                        case "i8" -> assertEquals(v * 1_000_000_007L, l[k], descr + " " + k);
                        default -> assertEquals(v, l[k], descr + " " + k);
                    }
                }
                if (descr.equals("<f8") && !fortran) {
                    String cut = readError(Arrays.copyOf(file, file.length - 5));
                    assertTrue(cut.contains("needs " + n * 8 + " bytes") && cut.contains("found " + (n * 8 - 5)), cut);
                }
            }
        }
    }

    /** A version 1.0 file with this header text. */
    static byte[] npy(String header, byte[] data) {
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + data.length];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)}, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(data, 0, out, 10 + h.length, data.length);
        return out;
    }
}
