package layerlab.io;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.json.JsonErrors;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Reads one safetensors file from a stream: the header is parsed and every entry checked (dtype, shape,
 * offsets contiguous from 0 and matching dtype × shape, the data ending where the file ends) before a byte of
 * tensor data is read; then the data are read in offset order, one chunk at a time.
 */
final class SafetensorsReader {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The dtypes LayerLab reads, each with its size and the dtype it becomes. */
    private enum Kind {
        F32(4, DType.FLOAT32), F64(8, DType.FLOAT32), F16(2, DType.FLOAT32), BF16(2, DType.FLOAT32),
        I64(8, DType.INT64), I32(4, DType.INT64);

        final int bytes;
        final DType target;

        Kind(int bytes, DType target) {
            this.bytes = bytes;
            this.target = target;
        }

        static Kind of(String name) {
            for (Kind k : values()) if (k.name().equals(name)) return k;
            return null;
        }
    }

    private record Entry(String key, Kind kind, int[] shape, long begin, long end) {
        /** As the header writes them. */
        String offsets() {
            return "[" + begin + "," + end + "]";
        }
    }

    private final String source;
    /** The file's size, or -1 when reading a stream of unknown length. */
    private final long length;

    SafetensorsReader(String source, long length) {
        this.source = source;
        this.length = length;
    }

    Safetensors.Contents read(InputStream in) throws IOException {
        byte[] lengthBytes = readFully(in, 8, "the file is empty or shorter than the 8-byte header length: not a safetensors file");
        long n = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > Safetensors.MAX_HEADER_BYTES) {
            throw fail("header length " + Long.toUnsignedString(n) + " is outside 2.." + Safetensors.MAX_HEADER_BYTES
                    + " bytes: not a safetensors file, or a damaged one");
        }
        if (length >= 0 && 8 + n > length) {
            throw fail("header length " + n + " runs past the end of the file (" + length + " bytes): the file is truncated or not safetensors");
        }
        byte[] header = readFully(in, (int) n, "the file ends inside its " + n + "-byte header: it is truncated");
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = parseHeader(header, metadata);
        long dataLength = checkLayout(entries);
        if (length >= 0 && 8 + n + dataLength != length) {
            long actual = length - 8 - n;
            if (actual >= dataLength) throw fail("the file has " + (actual - dataLength) + " bytes after the last tensor's data");
            // Before any tensor is made: a header that claims more than the file holds (cut short, or a huge size written into
            // it) allocates nothing. Named: where the file ends and the first tensor it cuts.
            List<Entry> cut = entries.stream().filter(e -> e.end > actual).sorted(Comparator.comparingLong(Entry::begin)).toList();
            Entry first = cut.get(0);
            throw fail("the file is truncated: it ends at byte " + length + ", which cuts tensor '" + first.key + "' (data_offsets " + first.offsets()
                    + ", bytes " + (8 + n + first.begin) + ".." + (8 + n + first.end) + " of the file)"
                    + (cut.size() == 2 ? " and 1 tensor after it" : cut.size() > 2 ? " and " + (cut.size() - 1) + " tensors after it" : "") + "; its tensors need " + dataLength + " bytes of data, it holds " + actual);
        }
        Map<String, Tensor> byKey = new HashMap<>();
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        byte[] chunk = new byte[(int) Math.min(Safetensors.CHUNK, Math.max(8, dataLength))];
        for (Entry e : byOffset) byKey.put(e.key, readTensor(in, e, chunk));
        if (in.read() != -1) throw fail("the file has bytes after the last tensor's data");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) tensors.put(e.key, byKey.get(e.key));
        return new Safetensors.Contents(tensors, metadata);
    }

    // ---------------------------------------------------------------- header

    private List<Entry> parseHeader(byte[] bytes, Map<String, String> metadata) throws FileFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail("the header is not UTF-8 text: not a safetensors file, or a damaged one");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonParseException e) {
            String msg = e.getOriginalMessage();
            if (msg.startsWith("Duplicate field ")) {
                throw fail("the header names " + msg.substring("Duplicate field ".length()) + " twice");
            }
            throw fail("the header is not valid JSON (" + msg + ", at character " + location(e) + ")");
        } catch (JsonProcessingException e) {
            throw fail("the header is not valid JSON (" + JsonErrors.reason(e) + ", at character " + location(e) + ")");
        }
        if (root == null || !root.isObject()) throw fail("the header is not a JSON object");
        List<Entry> entries = new ArrayList<>();
        for (var it = root.fields(); it.hasNext(); ) {
            var field = it.next();
            if (field.getKey().equals(Safetensors.METADATA_KEY)) readMetadata(field.getValue(), metadata);
            else entries.add(entry(field.getKey(), field.getValue()));
        }
        return entries;
    }

    private static long location(JsonProcessingException e) {
        return e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
    }

    private void readMetadata(JsonNode node, Map<String, String> metadata) throws FileFormatException {
        if (!node.isObject()) throw fail(Safetensors.METADATA_KEY + " must be an object of strings, it is " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw fail(Safetensors.METADATA_KEY + " '" + e.getKey() + "' must be a string, it is " + e.getValue());
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
    }

    private Entry entry(String key, JsonNode node) throws FileFormatException {
        if (!node.isObject()) throw fail(key, "must be an object with dtype, shape and data_offsets");
        JsonNode dtype = node.get("dtype"), shape = node.get("shape"), offsets = node.get("data_offsets");
        if (dtype == null || shape == null || offsets == null) {
            throw fail(key, "lacks " + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        Kind kind = dtype.isTextual() ? Kind.of(dtype.textValue()) : null;
        if (kind == null) throw fail(key, "dtype " + dtype + " is not one LayerLab reads (F32, F64, F16, BF16, I64, I32)");
        if (!shape.isArray()) throw fail(key, "shape must be a list of sizes, it is " + shape);
        int[] dims = new int[shape.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber()) throw fail(key, "shape " + shape + " holds " + d + ", not a whole number");
            if (d.bigIntegerValue().signum() < 0) throw fail(key, "shape " + shape + " has a negative dimension");
            if (!d.canConvertToInt()) throw fail(key, "shape " + shape + " is too large (a dimension over " + Integer.MAX_VALUE + ")");
            dims[i] = d.intValue();
            numel *= dims[i];
            if (numel > Integer.MAX_VALUE) throw fail(key, "shape " + shape + " has over " + Integer.MAX_VALUE + " elements, more than LayerLab can hold");
        }
        if (!offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw fail(key, "data_offsets must be two whole numbers [begin, end], they are " + offsets);
        }
        long begin = offsets.get(0).longValue(), end = offsets.get(1).longValue();
        if (begin < 0 || end < begin) throw fail(key, "data_offsets " + offsets + " are not a range [begin, end] with 0 <= begin <= end");
        long need = numel * kind.bytes;
        if (end - begin != need) {
            throw fail(key, "data_offsets " + offsets + " hold " + (end - begin) + " bytes, but " + kind + " " + shape + " needs " + need);
        }
        return new Entry(key, kind, dims, begin, end);
    }

    /** The tensors must tile the data section from 0 without gaps or overlaps; returns its length. */
    private long checkLayout(List<Entry> entries) throws FileFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < at) {
                throw fail(e.key, "data_offsets " + e.offsets() + " overlap tensor '" + previous.key + "' at " + previous.offsets());
            }
            if (e.begin > at) {
                throw fail(e.key, "data_offsets " + e.offsets() + " leave bytes " + at + ".." + e.begin + " unused"
                        + (previous == null ? " at the start of the data" : " after tensor '" + previous.key + "'"));
            }
            at = e.end;
            previous = e;
        }
        return at;
    }

    // ---------------------------------------------------------------- data

    private Tensor readTensor(InputStream in, Entry e, byte[] chunk) throws IOException {
        Tensor t = Tensor.empty(Device.CPU, e.kind.target, e.shape);
        long total = e.end - e.begin;
        int per = chunk.length / 8 * 8;
        float[] floats = e.kind.target == DType.FLOAT32 ? new float[per / e.kind.bytes] : null;
        long[] longs = e.kind.target == DType.INT64 ? new long[per / e.kind.bytes] : null;
        int element = 0;
        long beyond = 0;
        for (long done = 0; done < total; ) {
            int k = (int) Math.min(per, total - done);
            readFully(in, chunk, k, e.key);
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, k).order(ByteOrder.LITTLE_ENDIAN);
            int count = k / e.kind.bytes;
            switch (e.kind) {
                case F32 -> b.asFloatBuffer().get(floats, 0, count);
                case F64 -> {
                    for (int i = 0; i < count; i++) {
                        double d = b.getDouble();
                        floats[i] = (float) d;
                        if (Double.isFinite(d) && Float.isInfinite(floats[i])) beyond++;
                    }
                }
                case F16 -> { for (int i = 0; i < count; i++) floats[i] = halfToFloat(b.getShort()); }
                case BF16 -> { for (int i = 0; i < count; i++) floats[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16); }
                case I64 -> b.asLongBuffer().get(longs, 0, count);
                case I32 -> { for (int i = 0; i < count; i++) longs[i] = b.getInt(); }
            }
            if (floats != null) {
                t.storage().write(element, floats, 0, count);
            } else {
                t.storage().write(element, longs, 0, count);
            }
            element += count;
            done += k;
        }
        // Infinities and NaN are read as they are, as PyTorch reads them (an attention mask buffer holds -inf; a diverged run's
        // weights NaN, which Safetensors.nonFinite describes for the reader to say). A finite double that float32 cannot hold
        // would become an infinity the file never held: that is refused.
        if (beyond > 0) {
            throw fail(e.key, "of its " + t.numel() + " values, " + beyond + (beyond == 1 ? " is" : " are") + " beyond float32's range ("
                    + Float.MAX_VALUE + "), which LayerLab computes in");
        }
        return t;
    }

    /** IEEE 754 binary16 to float32 (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        if (exp != 0) return Float.intBitsToFloat(sign | (exp + 112) << 23 | mantissa << 13);
        // Zero or subnormal: mantissa · 2^-24, exact in float32.
        float v = mantissa * 0x1p-24f;
        return sign != 0 ? -v : v;
    }

    private byte[] readFully(InputStream in, int n, String whenShort) throws IOException {
        byte[] b = new byte[n];
        if (in.readNBytes(b, 0, n) < n) throw fail(whenShort);
        return b;
    }

    private void readFully(InputStream in, byte[] b, int n, String key) throws IOException {
        try {
            if (in.readNBytes(b, 0, n) < n) throw new EOFException();
        } catch (EOFException e) {
            throw fail(key, "the file ends inside this tensor's data: it is truncated");
        }
    }

    private FileFormatException fail(String message) {
        return new FileFormatException(source, message);
    }

    private FileFormatException fail(String key, String message) {
        return new FileFormatException(source, "tensor '" + key + "': " + message);
    }
}
