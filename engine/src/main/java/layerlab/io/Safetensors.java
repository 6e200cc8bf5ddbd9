package layerlab.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import layerlab.nn.LoadResult;
import layerlab.nn.Module;
import layerlab.nn.Parameter;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Weights in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, readable by
 * {@code safetensors.torch.load_file}: an 8-byte little-endian header length N, N bytes of compact JSON
 * ({@code {"__metadata__": {...}, "fc1.weight": {"dtype": "F32", "shape": [4, 2], "data_offsets": [0, 32]}, ...}})
 * padded with spaces to a multiple of 8, then the tensors' raw little-endian bytes, back to back.
 *
 * <p>Tensors are written in the map's order (a {@code stateDict()} keeps PyTorch's order), so a file read back
 * gives the same order. (The Rust library sorts by dtype size, then name, when it writes; readers sort by offset,
 * so both layouts are valid and read the same.) LayerLab writes F32 and I64; it reads F32, I64, and converts
 * F64, F16, BF16 to float32 and I32 to int64.
 *
 * <p>Reading trusts nothing in the file: the header is bounded (100 MB, as in the Rust library), and every
 * dtype, shape and offset is checked before any data are read; nothing is ever executed.
 */
public final class Safetensors {
    /** The header size limit of the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";
    /** Bytes converted per step, so a large tensor never needs a second full-size copy. A multiple of 8. */
    static final int CHUNK = 1 << 20;

    private static final JsonFactory JSON = new JsonFactory();

    /** The tensors of a file in header order, and its {@code __metadata__} (empty when it has none). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    private Safetensors() {
    }

    public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
        save(file, tensors, Map.of());
    }

    /** Writes {@code tensors} (and {@code metadata}, when not empty) to {@code file} atomically. */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> write(out, header, tensors));
    }

    /** Writes the file's bytes to {@code out} (left open). */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(out, header(tensors, metadata), tensors);
    }

    public static Contents load(Path file) throws IOException {
        String source = String.valueOf(file.getFileName());
        try (InputStream in = new BufferedInputStream(InputFiles.open(file), CHUNK)) {
            return new SafetensorsReader(source, Files.size(file)).read(in);
        }
    }

    /** Reads a file's bytes from {@code in} (left open) to its end; {@code source} names it in messages. */
    public static Contents read(InputStream in, String source) throws IOException {
        return new SafetensorsReader(source, -1).read(in);
    }

    /**
     * {@link #read(InputStream, String)} of a stream said to hold {@code length} bytes (a bundle entry's size; -1: unknown), checked
     * against the header before any tensor is made, so a header claiming more data than that allocates nothing.
     */
    static Contents read(InputStream in, String source, long length) throws IOException {
        return new SafetensorsReader(source, length).read(in);
    }

    /**
     * What of {@code tensors} is not a finite number, for a note when weights are read (they are read as they are, as
     * PyTorch reads them): {@code "fc1.weight holds 2 NaN and 1 infinite values of 12; …"}, naming at most five tensors.
     * Null when every value is finite.
     */
    public static String nonFinite(Map<String, Tensor> tensors) {
        List<String> parts = new ArrayList<>();
        int more = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (t.dtype() != DType.FLOAT32) continue;
            long nan = 0, infinite = 0;
            // A chunk at a time: a large model's weights are never copied whole for this.
            Tensor c = t.isContiguous() && t.device().equals(Device.CPU) ? t : t.contiguous().to(Device.CPU);
            float[] chunk = new float[Math.min(CHUNK / 4, Math.max(1, c.numel()))];
            for (int at = 0; at < c.numel(); at += chunk.length) {
                int n = Math.min(chunk.length, c.numel() - at);
                c.storage().read(c.offset() + at, chunk, 0, n);
                for (int i = 0; i < n; i++) {
                    if (Float.isNaN(chunk[i])) nan++;
                    else if (Float.isInfinite(chunk[i])) infinite++;
                }
            }
            if (nan + infinite == 0) continue;
            if (parts.size() == 5) {
                more++;
                continue;
            }
            String what = (nan > 0 ? nan + " NaN" : "") + (nan > 0 && infinite > 0 ? " and " : "") + (infinite > 0 ? infinite + " infinite" : "");
            parts.add(e.getKey() + " holds " + what + " value" + (nan + infinite == 1 ? "" : "s") + " of " + t.numel());
        }
        if (parts.isEmpty()) return null;
        return String.join("; ", parts) + (more > 0 ? "; and " + more + " more tensor" + (more == 1 ? "" : "s") : "")
                + ": outputs they take part in are NaN or infinite (a run that diverged saves NaN; an attention mask holds -inf by right)";
    }

    /**
     * Loads {@code file} into {@code module} like PyTorch's {@code load_state_dict}: the result lists missing,
     * unexpected and wrong-shape keys by name. With {@code strict}, any of them is an
     * {@link IllegalArgumentException} naming the file and every key, and nothing is loaded.
     */
    public static LoadResult loadInto(Module module, Path file, boolean strict) throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>(load(file).tensors());
        // Parameters are float: an integer tensor in a parameter's place converts, as PyTorch's copy_ does.
        Map<String, Parameter> params = module.namedParameters();
        state.replaceAll((key, t) -> params.containsKey(key) && t.dtype() != DType.FLOAT32 ? t.toDType(DType.FLOAT32) : t);
        try {
            return module.loadStateDict(state, strict);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    /** The JSON header, padded with spaces to a multiple of 8 bytes, exactly as the Rust library pads it. */
    static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA_KEY);
                for (var e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), Objects.requireNonNull(e.getValue(), () -> "metadata '" + e.getKey() + "' is null"));
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (var e : tensors.entrySet()) {
                String key = e.getKey();
                Tensor t = Objects.requireNonNull(e.getValue(), () -> "tensor '" + key + "' is null");
                if (key.equals(METADATA_KEY)) throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved; no tensor may have that name");
                g.writeObjectFieldStart(key);
                g.writeStringField("dtype", t.dtype() == DType.INT64 ? "I64" : "F32");
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) g.writeNumber(d);
                g.writeEndArray();
                long end = offset + (long) t.numel() * t.dtype().bytes;
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            g.writeEndObject();
        }
        int pad = (8 - json.size() % 8) % 8;
        for (int i = 0; i < pad; i++) json.write(' ');
        return json.toByteArray();
    }

    /** The file: the length, the padded {@link #header}, the data in map order. */
    static void write(OutputStream out, byte[] header, Map<String, Tensor> tensors) throws IOException {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        byte[] bytes = new byte[CHUNK];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor tensor : tensors.values()) {
            Tensor t = tensor.detach().contiguous();
            int n = t.numel(), base = t.offset();
            if (t.dtype() == DType.INT64) {
                long[] chunk = new long[Math.min(n, CHUNK / 8)];
                for (int pos = 0; pos < n; pos += chunk.length) {
                    int k = Math.min(chunk.length, n - pos);
                    t.storage().read(base + pos, chunk, 0, k);
                    buf.clear();
                    buf.asLongBuffer().put(chunk, 0, k);
                    out.write(bytes, 0, k * 8);
                }
            } else {
                float[] chunk = new float[Math.min(n, CHUNK / 4)];
                for (int pos = 0; pos < n; pos += chunk.length) {
                    int k = Math.min(chunk.length, n - pos);
                    t.storage().read(base + pos, chunk, 0, k);
                    buf.clear();
                    buf.asFloatBuffer().put(chunk, 0, k);
                    out.write(bytes, 0, k * 4);
                }
            }
        }
    }
}
