package layerlab.io;

import static layerlab.io.SameTensors.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.BatchNorm1d;
import layerlab.nn.LoadResult;
import layerlab.nn.Linear;
import layerlab.nn.Module;
import layerlab.nn.Sequential;
import layerlab.tensor.Device;
import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private Map<String, Tensor> roundTrip(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.save(file, tensors, metadata);
        Safetensors.Contents back = Safetensors.load(file);
        assertEquals(metadata, back.metadata());
        assertSame(tensors, back.tensors());
        return back.tensors();
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void floatAndLongTensorsRoundTripInTheirOrderWithMetadata() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("z.weight", Tensor.randn(new Generator(1), 4, 3));
        t.put("a.bias", Tensor.of(new float[] {1, -2, 3}));
        t.put("m.ids", Tensor.ofLongs(new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("note", "Gewichte für \"xor\" \\ ✓\nline two");
        roundTrip(t, meta);
    }

    @Test
    void scalarsAndEmptyTensors() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("scalar", Tensor.scalar(2.5f));
        Tensor longScalar = Tensor.empty(Device.CPU, DType.INT64);
        longScalar.storage().write(0, new long[] {42}, 0, 1);
        t.put("num_batches_tracked", longScalar);
        t.put("empty", Tensor.zeros(0));
        t.put("empty2d", Tensor.zeros(0, 3));
        t.put("empty3d", Tensor.empty(Device.CPU, DType.INT64, 3, 0, 2));
        t.put("after", Tensor.of(new float[] {7, 8}));
        Map<String, Tensor> back = roundTrip(t, Map.of());
        assertEquals(0, back.get("scalar").dim());
        assertEquals(42L, back.get("num_batches_tracked").toLongArray()[0]);
    }

    @Test
    void manyKeys() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        Generator g = new Generator(3);
        for (int i = 0; i < 600; i++) t.put("layer" + (599 - i) + ".weight", Tensor.randn(g, 1 + i % 7, 1 + i % 3));
        roundTrip(t, Map.of());
    }

    @Test
    void everyFloatBitPatternSurvives() throws IOException {
        float[] odd = {-0f, 0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE, 1e-40f, Float.MIN_NORMAL};
        roundTrip(Map.of("odd", Tensor.of(odd)), Map.of());
        // NaN payloads and infinities are written bit for bit (reading refuses them: weightsThatAreNotNumbersAreRefused).
        float[] special = {Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc12345), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, Map.of("special", Tensor.of(special)), Map.of());
        ByteBuffer data = ByteBuffer.wrap(out.toByteArray(), out.size() - 4 * special.length, 4 * special.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : special) assertEquals(Float.floatToRawIntBits(f), data.getInt());
    }

    @Test
    void weightsThatAreNotNumbersAreReadAsTheyAreAndNamed() throws IOException {
        // A diverged run's weights, as PyTorch reads them back: bit for bit, NaN payloads too. The note names them.
        float[] w = new float[12];
        w[3] = Float.NaN;
        w[5] = Float.intBitsToFloat(0xffc12345);
        w[7] = Float.NEGATIVE_INFINITY;
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("fc1.bias", Tensor.zeros(3));
        t.put("fc1.weight", Tensor.of(w, 3, 4));
        Path file = dir.resolve("diverged.safetensors");
        Safetensors.save(file, t);
        Map<String, Tensor> back = Safetensors.load(file).tensors();
        float[] read = back.get("fc1.weight").toFloatArray();
        for (int i = 0; i < w.length; i++) assertEquals(Float.floatToRawIntBits(w[i]), Float.floatToRawIntBits(read[i]), "value " + i);
        assertEquals("fc1.weight holds 2 NaN and 1 infinite values of 12: outputs they take part in are NaN or infinite (a run that diverged "
                + "saves NaN; an attention mask holds -inf by right)", Safetensors.nonFinite(back));
        assertNull(Safetensors.nonFinite(Map.of("fc1.bias", back.get("fc1.bias"))));
        // A finite double beyond float32's range would become an infinity the file never held: refused, named.
        ByteBuffer big = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1e39).putDouble(Double.NaN);
        assertEquals("bad.safetensors: tensor 'd': of its 2 values, 1 is beyond float32's range (3.4028235E38), which LayerLab computes in",
                error(file("{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", big.array())));
    }

    @Test
    void largeTensorsCrossChunkBoundaries() throws IOException {
        int n = Safetensors.CHUNK / 4 * 2 + 3;
        float[] f = new float[n];
        long[] l = new long[Safetensors.CHUNK / 8 + 5];
        for (int i = 0; i < n; i++) f[i] = i * 0.5f - 7;
        for (int i = 0; i < l.length; i++) l[i] = (long) i * 1_000_000_007L;
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("small", Tensor.of(new float[] {1}));
        t.put("big", Tensor.of(f));
        t.put("longs", Tensor.ofLongs(l));
        roundTrip(t, Map.of());
    }

    @Test
    void aNonContiguousViewIsWrittenInLogicalOrder() throws IOException {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Map<String, Tensor> back = roundTrip(Map.of("t", m.t()), Map.of());
        assertEquals(List.of(1f, 4f, 2f, 5f, 3f, 6f), boxed(back.get("t").toFloatArray()));
    }

    @Test
    void anEmptyStateDictIsAValidFile() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        Safetensors.save(file, Map.of());
        byte[] b = Files.readAllBytes(file);
        assertEquals("{}      ", new String(b, 8, b.length - 8, StandardCharsets.UTF_8));
        assertEquals(Map.of(), Safetensors.load(file).tensors());
    }

    @Test
    void headerLayoutIsLengthJsonSpacesThenData() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.of(new float[] {1, 2}, 2));
        t.put("ids", Tensor.ofLongs(new long[] {3}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, t, Map.of("k", "v"));
        byte[] b = out.toByteArray();
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"k\":\"v\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}}", header.stripTrailing());
        assertEquals(8 + n + 16, b.length);
        ByteBuffer data = ByteBuffer.wrap(b, 8 + (int) n, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, data.getFloat());
        assertEquals(2f, data.getFloat());
        assertEquals(3L, data.getLong());
    }

    @Test
    void aTensorCannotBeNamedLikeTheMetadata() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.save(dir.resolve("x.safetensors"), Map.of("__metadata__", Tensor.scalar(1))));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        assertEquals(List.of(), listDir(), "nothing written");
    }

    @Test
    void readsFromAStream() throws IOException {
        Map<String, Tensor> t = Map.of("a", Tensor.of(new float[] {1, 2, 3}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, t, Map.of());
        assertSame(t, Safetensors.read(new ByteArrayInputStream(out.toByteArray()), "s").tensors());
        byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() - 1);
        assertEquals("s: tensor 'a': the file ends inside this tensor's data: it is truncated",
                assertThrows(FileFormatException.class, () -> Safetensors.read(new ByteArrayInputStream(cut), "s")).getMessage());
        byte[] more = Arrays.copyOf(out.toByteArray(), out.size() + 1);
        assertEquals("s: the file has bytes after the last tensor's data",
                assertThrows(FileFormatException.class, () -> Safetensors.read(new ByteArrayInputStream(more), "s")).getMessage());
    }

    // ---------------------------------------------------------------- malformed files

    /** A file with this header (padded) and {@code dataBytes} zero bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        return file(header, new byte[dataBytes]);
    }

    /** A file with this header (padded) and these bytes of data. */
    private Path file(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) b.put((byte) ' ');
        b.put(data);
        return write(b.array());
    }

    private Path write(byte[] bytes) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, bytes);
        return f;
    }

    private String error(Path file) {
        return assertThrows(FileFormatException.class, () -> Safetensors.load(file)).getMessage();
    }

    @Test
    void truncatedFiles() throws IOException {
        assertEquals("bad.safetensors: the file is empty or shorter than the 8-byte header length: not a safetensors file",
                error(write(new byte[0])));
        assertEquals("bad.safetensors: the file is empty or shorter than the 8-byte header length: not a safetensors file",
                error(write(new byte[] {16, 0, 0})));
        Path good = dir.resolve("good.safetensors");
        Safetensors.save(good, Map.of("w", Tensor.zeros(4)));
        byte[] all = Files.readAllBytes(good);
        assertEquals("bad.safetensors: the file is truncated: it ends at byte " + (all.length - 6) + ", which cuts tensor 'w' (data_offsets [0,16], bytes "
                + (all.length - 16) + ".." + all.length + " of the file); its tensors need 16 bytes of data, it holds 10",
                error(write(Arrays.copyOf(all, all.length - 6))));
        byte[] headerCut = Arrays.copyOf(all, 20);
        assertTrue(error(write(headerCut)).startsWith("bad.safetensors: header length "), "cut inside the header");
        assertEquals("bad.safetensors: the file has 3 bytes after the last tensor's data", error(write(Arrays.copyOf(all, all.length + 3))));
    }

    @Test
    void headerLengthLargerThanTheFileOrTheLimit() throws IOException {
        byte[] b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putLong(0).array();
        assertEquals("bad.safetensors: header length 1000 runs past the end of the file (16 bytes): the file is truncated or not safetensors",
                error(write(b)));
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).putLong(0).array();
        assertEquals("bad.safetensors: header length 200000000 is outside 2..100000000 bytes: not a safetensors file, or a damaged one",
                error(write(huge)));
        byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).putLong(0).array();
        assertEquals("bad.safetensors: header length 18446744073709551608 is outside 2..100000000 bytes: not a safetensors file, or a damaged one",
                error(write(negative)));
    }

    @Test
    void offsetsOutOfRangeOverlappingOrWithGaps() throws IOException {
        assertEquals("bad.safetensors: tensor 'a': data_offsets [0,400] hold 400 bytes, but F32 [2] needs 8",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,400]}}", 8)));
        assertEquals("bad.safetensors: the file is truncated: it ends at byte 128, which cuts tensor 'b' (data_offsets [8,16], bytes 128..136 of the "
                + "file); its tensors need 16 bytes of data, it holds 8",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 8)));
        assertEquals("bad.safetensors: tensor 'b': data_offsets [4,12] overlap tensor 'a' at [0,8]",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)));
        assertEquals("bad.safetensors: tensor 'b': data_offsets [16,24] leave bytes 8..16 unused after tensor 'a'",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}", 24)));
        assertEquals("bad.safetensors: tensor 'a': data_offsets [8,16] leave bytes 0..8 unused at the start of the data",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16)));
        assertEquals("bad.safetensors: tensor 'a': data_offsets [8,0] are not a range [begin, end] with 0 <= begin <= end",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8)));
        assertEquals("bad.safetensors: tensor 'a': data_offsets [-8,0] are not a range [begin, end] with 0 <= begin <= end",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", 8)));
        assertEquals("bad.safetensors: tensor 'a': data_offsets must be two whole numbers [begin, end], they are [0]",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0]}}", 0)));
        assertEquals("bad.safetensors: tensor 'a': data_offsets must be two whole numbers [begin, end], they are [0,99999999999999999999999]",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,99999999999999999999999]}}", 0)));
    }

    @Test
    void badDtypesShapesAndEntries() throws IOException {
        assertEquals("bad.safetensors: tensor 'w': dtype \"F33\" is not one LayerLab reads (F32, F64, F16, BF16, I64, I32)",
                error(file("{\"w\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4)));
        assertEquals("bad.safetensors: tensor 'w': dtype \"U8\" is not one LayerLab reads (F32, F64, F16, BF16, I64, I32)",
                error(file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 8)));
        assertEquals("bad.safetensors: tensor 'w': dtype 4 is not one LayerLab reads (F32, F64, F16, BF16, I64, I32)",
                error(file("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4)));
        assertEquals("bad.safetensors: tensor 'w': shape [2,-3] has a negative dimension",
                error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,0]}}", 0)));
        assertEquals("bad.safetensors: tensor 'w': shape [2.5] holds 2.5, not a whole number",
                error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8)));
        assertEquals("bad.safetensors: tensor 'w': shape must be a list of sizes, it is \"2\"",
                error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", 8)));
        assertEquals("bad.safetensors: tensor 'w': shape [65536,65536] has over 2147483647 elements, more than LayerLab can hold",
                error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,17179869184]}}", 0)));
        assertEquals("bad.safetensors: tensor 'w': shape [3000000000] is too large (a dimension over 2147483647)",
                error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3000000000],\"data_offsets\":[0,12000000000]}}", 0)));
        assertEquals("bad.safetensors: tensor 'w': lacks data_offsets", error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[]}}", 0)));
        assertEquals("bad.safetensors: tensor 'w': must be an object with dtype, shape and data_offsets", error(file("{\"w\":[1,2]}", 0)));
    }

    @Test
    void badJsonDuplicatesAndMetadata() throws IOException {
        String m = error(file("{\"a\":{\"dtype\":\"F32\",", 0));
        assertTrue(m.startsWith("bad.safetensors: the header is not valid JSON ("), m);
        assertEquals("bad.safetensors: the header names 'a' twice",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}", 8)));
        assertEquals("bad.safetensors: the header is not a JSON object", error(file("[1, 2]", 0)));
        assertEquals("bad.safetensors: __metadata__ 'epochs' must be a string, it is 3", error(file("{\"__metadata__\":{\"epochs\":3}}", 0)));
        assertEquals("bad.safetensors: __metadata__ must be an object of strings, it is array", error(file("{\"__metadata__\":[]}", 0)));
        byte[] latin1 = "{\"caf\u00e9\":{}}".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(8 + 16).order(ByteOrder.LITTLE_ENDIAN).putLong(16).put(latin1);
        while (b.hasRemaining()) b.put((byte) ' ');
        assertEquals("bad.safetensors: the header is not UTF-8 text: not a safetensors file, or a damaged one", error(write(b.array())));
        Path notSafetensors = write("PK\u0003\u0004 this is a zip, or anything else".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(error(notSafetensors).contains("not a safetensors file"));
    }

    // ---------------------------------------------------------------- into a module

    private static Module net() {
        return new Sequential(new Linear(3, 2), new BatchNorm1d(2));
    }

    @Test
    void loadsIntoAModuleLikeLoadStateDict() throws IOException {
        Module trained = net();
        trained.stateDict().get("1.running_mean").fill_(0.25f);
        Path file = dir.resolve("net.safetensors");
        Safetensors.save(file, trained.stateDict());
        Module fresh = net();
        assertTrue(Safetensors.loadInto(fresh, file, true).isClean());
        assertSame(trained.stateDict(), fresh.stateDict());
    }

    @Test
    void reportsMissingUnexpectedAndWrongShapeKeysByName() throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>(net().stateDict());
        state.remove("1.running_var");
        state.put("0.weight", Tensor.zeros(5, 3));
        state.put("2.weight", Tensor.zeros(1));
        Path file = dir.resolve("other.safetensors");
        Safetensors.save(file, state);
        Module m = net();
        LoadResult r = Safetensors.loadInto(m, file, false);
        assertEquals(List.of("1.running_var"), r.missingKeys());
        assertEquals(List.of("2.weight"), r.unexpectedKeys());
        assertEquals(List.of("0.weight: checkpoint has (5, 3), model has (2, 3)"), r.shapeMismatches());
        var e = assertThrows(IllegalArgumentException.class, () -> Safetensors.loadInto(net(), file, true));
        assertEquals("other.safetensors: Error(s) in loading state_dict: Missing key(s): 1.running_var. Unexpected key(s): 2.weight. "
                + "Size mismatch: 0.weight: checkpoint has (5, 3), model has (2, 3).", e.getMessage());
    }

    @Test
    void anIntegerTensorInAParametersPlaceBecomesFloat() throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>(new Linear(2, 1).stateDict());
        state.put("weight", Tensor.ofLongs(new long[] {3, -4}, 1, 2));
        Path file = dir.resolve("ints.safetensors");
        Safetensors.save(file, state);
        Linear l = new Linear(2, 1);
        assertTrue(Safetensors.loadInto(l, file, true).isClean());
        assertEquals(DType.FLOAT32, l.stateDict().get("weight").dtype());
        assertEquals(List.of(3f, -4f), boxed(l.stateDict().get("weight").toFloatArray()));
    }

    private static List<Float> boxed(float[] f) {
        Float[] b = new Float[f.length];
        for (int i = 0; i < f.length; i++) b[i] = f[i];
        return List.of(b);
    }

    private List<Path> listDir() {
        try (var s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
