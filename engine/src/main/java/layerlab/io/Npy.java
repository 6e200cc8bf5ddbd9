package layerlab.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import layerlab.io.FileFormatException;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0), in C or Fortran order. Reads float32 and float64 as float32
 * tensors and int64, int32 and uint8 as int64 tensors, in either byte order; writes float32 ({@code <f4}) and
 * int64 ({@code <i8}) tensors as version 1.0 files, like {@code numpy.save}.
 *
 * <p>The header is a Python dict literal; it is parsed here by a tokenizer that knows only strings,
 * {@code True}/{@code False}, integers and tuples, so a file can never make the reader evaluate anything.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself refuses headers over 10,000 bytes unless told otherwise; ours are ~100. */
    static final int MAX_HEADER_BYTES = 65_536;
    private static final int ALIGN = 64;

    private Npy() {}

    /** The array in {@code file}. */
    public static Tensor read(Path file) throws IOException {
        return readArray(file).tensor();
    }

    /** The array in {@code in}; {@code source} names it in error messages. Reads exactly one array. */
    public static Tensor read(InputStream in, String source) throws IOException {
        return readArray(in, source).tensor();
    }

    /** The array in {@code file}, its values as they are read, not yet a tensor's. */
    public static Array readArray(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(InputFiles.open(file))) {
            return readArray(in, file.toString());
        }
    }

    /**
     * {@link #readArray(Path)}, whole numbers too read as float32 ({@link Array#floats}), as a tensor's {@code toFloatArray}
     * converts them: a data set's features. Read as int64 first, 500 MB of bytes (pictures) took 4 GB and then 2 GB more.
     */
    public static Array readFloats(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(InputFiles.open(file))) {
            return readArray(in, file.toString(), true);
        }
    }

    /** {@link #readArray(Path)} from {@code in}; {@code source} names it in error messages. Reads exactly one array. */
    public static Array readArray(InputStream in, String source) throws IOException {
        return readArray(in, source, false);
    }

    /** {@link #readArray(InputStream, String)}, with {@code floats} every dtype's values as float32. */
    private static Array readArray(InputStream in, String source, boolean floatsAlways) throws IOException {
        Start st = start(in, source);
        Header h = st.header;
        int n = st.n;
        // Read a chunk at a time into the values' own array: the file's bytes whole, and a copy of the values, took three
        // times the array's size besides it (a 500 MB array peaked at over 3 GB).
        float[] floats = floatsAlways || h.type == Type.F4 || h.type == Type.F8 ? new float[n] : null;
        long[] longs = floats == null ? new long[n] : null;
        byte[] chunk = new byte[(int) Math.min(st.dataBytes, CHUNK)];
        for (long done = 0; done < st.dataBytes; ) {
            int want = (int) Math.min(chunk.length, st.dataBytes - done);
            ByteBuffer buf = chunk(in, source, st, chunk, done, want);
            int from = (int) (done / h.type.size), k = want / h.type.size;
            if (floats != null) decode(h.type, buf, chunk, k, floats, from);
            else switch (h.type) {
                case I8 -> buf.asLongBuffer().get(longs, from, k);
                case I4 -> { for (int i = 0; i < k; i++) longs[from + i] = buf.getInt(i * 4); }
                default -> { for (int i = 0; i < k; i++) longs[from + i] = chunk[i] & 0xff; }
            }
            done += want;
        }
        end(in, source, st);

        // Element i of the array in C order is element at[i] of the data (the same but for Fortran order).
        int[] at = h.fortran ? fortranOffsets(h.shape) : null;
        if (at != null && floats != null) {
            float[] c = new float[n];
            for (int i = 0; i < n; i++) c[i] = floats[at[i]];
            floats = c;
        } else if (at != null) {
            long[] c = new long[n];
            for (int i = 0; i < n; i++) c[i] = longs[at[i]];
            longs = c;
        }
        return new Array(h.shape.clone(), floats, longs);
    }

    /** An array's shape and whether its data are in Fortran order, as its header says. */
    public record Head(int[] shape, boolean fortran) {}

    /** The header of the array in {@code file}, checked as {@link #readFloats} checks it; its data are not read. */
    public static Head head(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(InputFiles.open(file))) {
            Start st = start(in, file.toString());
            return new Head(st.header.shape.clone(), st.header.fortran);
        }
    }

    /** What {@link #streamFloats} hands on: {@code count} values of {@code values}, the next ones of the array in C order. */
    public interface Block {
        void accept(float[] values, int count) throws IOException;
    }

    /**
     * The values {@link #readFloats} gives, handed to {@code sink} in blocks of {@code blockValues} (the last one shorter),
     * never all held at once: to look at a file bigger than the memory to spare ({@code layerlab check}). The same checks
     * and messages as {@link #readFloats}, a truncated file's said when its end is reached.
     *
     * @throws IllegalArgumentException for an array in Fortran order, whose file order is not C order (see {@link #head})
     */
    public static void streamFloats(Path file, int blockValues, Block sink) throws IOException {
        String source = file.toString();
        try (InputStream in = new BufferedInputStream(InputFiles.open(file))) {
            Start st = start(in, source);
            Type type = st.header.type;
            if (st.header.fortran) throw new IllegalArgumentException(source + ": an array in Fortran order is read whole, not streamed");
            byte[] chunk = new byte[(int) Math.min(st.dataBytes, CHUNK)];
            float[] decoded = new float[chunk.length / type.size], block = new float[Math.max(1, blockValues)];
            int filled = 0;
            for (long done = 0; done < st.dataBytes; ) {
                int want = (int) Math.min(chunk.length, st.dataBytes - done), k = want / type.size;
                decode(type, chunk(in, source, st, chunk, done, want), chunk, k, decoded, 0);
                for (int i = 0; i < k; ) {
                    int take = Math.min(k - i, block.length - filled);
                    System.arraycopy(decoded, i, block, filled, take);
                    i += take;
                    filled += take;
                    if (filled == block.length) {
                        sink.accept(block, filled);
                        filled = 0;
                    }
                }
                done += want;
            }
            end(in, source, st);
            if (filled > 0) sink.accept(block, filled);
        }
    }

    /** An array's header as read, where its data start, how many values and bytes they are. */
    private record Start(Header header, long dataStart, int n, long dataBytes) {}

    /** Reads and checks the magic, version and header of the array {@code in} starts with; {@code in} is left at its data. */
    private static Start start(InputStream in, String source) throws IOException {
        byte[] pre = in.readNBytes(8);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= pre.length || pre[i] != MAGIC[i])
                throw new FileFormatException(source + ": not an NPY file: expected the magic \\x93NUMPY at byte 0");
        }
        if (pre.length < 8) throw truncated(source, pre.length, "the format version");
        int major = pre[6] & 0xff, minor = pre[7] & 0xff;
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new FileFormatException(source + ": unsupported NPY version " + major + "." + minor
                    + " at byte 6; expected 1.0, 2.0 or 3.0");
        };
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) throw truncated(source, 8 + len.length, "the header length");
        long headerLength = lengthBytes == 2
                ? ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffffL
                : ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        int headerStart = 8 + lengthBytes;
        if (headerLength > MAX_HEADER_BYTES)
            throw new FileFormatException(source + ": NPY header length " + headerLength + " at byte 8 exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) throw truncated(source, headerStart + headerBytes.length, "the header");
        // Version 3.0 differs from 2.0 only in allowing UTF-8 in the header (field names of structured dtypes).
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = new HeaderParser(text, source, headerStart).parse();
        long dataStart = headerStart + headerLength;

        long count = 1;
        for (int d : h.shape) count *= d;
        if (count > Integer.MAX_VALUE)
            throw new FileFormatException(source + ": shape " + shapeString(h.shape) + " has " + count
                    + " elements; at most " + Integer.MAX_VALUE + " fit in a tensor");
        long dataBytes = count * h.type.size;
        if (dataBytes > Integer.MAX_VALUE)
            throw new FileFormatException(source + ": shape " + shapeString(h.shape) + " of " + h.descr + " needs "
                    + dataBytes + " bytes; at most " + Integer.MAX_VALUE + " can be read");
        return new Start(h, dataStart, (int) count, dataBytes);
    }

    /** The next {@code want} bytes of the data (from byte {@code done} of them) read into {@code chunk}, in the file's byte order. */
    private static ByteBuffer chunk(InputStream in, String source, Start st, byte[] chunk, long done, int want) throws IOException {
        int got = in.readNBytes(chunk, 0, want);
        if (got < want)
            throw new FileFormatException(source + ": truncated: the data of shape " + shapeString(st.header.shape) + " " + st.header.descr
                    + " needs " + st.dataBytes + " bytes from byte " + st.dataStart + ", found " + (done + got));
        return ByteBuffer.wrap(chunk, 0, want).order(st.header.order);
    }

    /** Refuses bytes after the data. */
    private static void end(InputStream in, String source, Start st) throws IOException {
        if (in.read() != -1)
            throw new FileFormatException(source + ": unexpected bytes after the data, which ends at byte " + (st.dataStart + st.dataBytes));
    }

    /** {@code k} values of {@code type} in {@code buf} (over {@code chunk}) as float32 into {@code floats} from {@code from}. */
    private static void decode(Type type, ByteBuffer buf, byte[] chunk, int k, float[] floats, int from) {
        switch (type) {
            case F4 -> buf.asFloatBuffer().get(floats, from, k);
            case F8 -> { for (int i = 0; i < k; i++) floats[from + i] = (float) buf.getDouble(i * 8); }
            case I8 -> { for (int i = 0; i < k; i++) floats[from + i] = buf.getLong(i * 8); }
            // An int converts to the float its long would: both round the same whole number.
            case I4 -> { for (int i = 0; i < k; i++) floats[from + i] = buf.getInt(i * 4); }
            default -> { for (int i = 0; i < k; i++) floats[from + i] = chunk[i] & 0xff; }
        }
    }

    /** Bytes read at a time: a whole number of elements of every type. */
    private static final int CHUNK = 1 << 20;

    /**
     * An array as a file holds it: its shape and values, float32 ones ({@code floats}: a float32 or float64 file) or
     * int64 ones ({@code longs}: int64, int32, uint8).
     */
    public record Array(int[] shape, float[] floats, long[] longs) {
        /** The array as a tensor on the values themselves (nothing may use them afterwards). */
        public Tensor tensor() {
            return (floats != null ? Tensor.adopt(floats, floats.length) : Tensor.ofLongs(longs, longs.length)).reshape(shape);
        }
    }

    /**
     * For each element of an array of {@code shape} in C (row-major) order, its offset in Fortran (column-major) order,
     * where the first index varies fastest. NumPy saves an array so when it is Fortran-contiguous and not C-contiguous:
     * a transposed array, or a pandas DataFrame's {@code .values}.
     */
    static int[] fortranOffsets(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        int[] stride = new int[shape.length];
        for (int d = 0, s = 1; d < shape.length; s *= shape[d], d++) stride[d] = s;
        int[] at = new int[n], index = new int[shape.length];
        for (int i = 0, offset = 0; i < n; i++) {
            at[i] = offset;
            // The next C-order index: the last dimension counts fastest, carrying into those before it.
            for (int d = shape.length - 1; d >= 0; d--) {
                offset += stride[d];
                if (++index[d] < shape[d]) break;
                offset -= stride[d] * shape[d];
                index[d] = 0;
            }
        }
        return at;
    }

    /**
     * Writes {@code t} to {@code file} atomically ({@link AtomicFiles}: a temporary file in the same folder,
     * then one rename), so a crash never leaves a half-written array behind.
     */
    public static void write(Path file, Tensor t) throws IOException {
        AtomicFiles.write(file, out -> write(out, t));
    }

    /** Writes {@code t} (float32 as {@code <f4}, int64 as {@code <i8}) to {@code out}, which stays open. */
    public static void write(OutputStream out, Tensor t) throws IOException {
        boolean floats = t.dtype() == DType.FLOAT32;
        String dict = "{'descr': '" + (floats ? "<f4" : "<i8") + "', 'fortran_order': False, 'shape': "
                + shapeString(t.shape()) + ", }";
        // Pad with spaces and end with '\n' so that the data starts on a 64-byte boundary, as NumPy does.
        int preamble = 10;
        int total = preamble + dict.length() + 1;
        int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        boolean v2 = padded - preamble > 0xffff;
        if (v2) {
            preamble = 12;
            total = preamble + dict.length() + 1;
            padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        }
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer pre = ByteBuffer.allocate(preamble).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) pre.putInt(header.length());
        else pre.putShort((short) header.length());
        out.write(pre.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));

        int n = t.numel();
        ByteBuffer data = ByteBuffer.allocate(n * (floats ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        if (floats) data.asFloatBuffer().put(t.toFloatArray());
        else data.asLongBuffer().put(t.toLongArray());
        out.write(data.array());
    }

    /** Python's repr of a shape tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String shapeString(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append(')').toString();
    }

    private static FileFormatException truncated(String source, long at, String what) {
        return new FileFormatException(source + ": truncated NPY file: it ends at byte " + at + ", inside " + what);
    }

    /** The element types read, by the descriptor's kind and size ({@code f4} in {@code <f4}). */
    private enum Type {
        F4(4), F8(8), I8(8), I4(4), U1(1);

        final int size;

        Type(int size) {
            this.size = size;
        }

        /** The type whose code is {@code code} ({@code "f4"}), case and all: {@code U1} is a one-character string, not uint8. */
        static Type of(String code) {
            for (Type t : values()) if (t.name().toLowerCase(Locale.ROOT).equals(code)) return t;
            return null;
        }
    }

    private static final String SUPPORTED = "; LayerLab reads float32, float64, int64, int32 (either byte order) and uint8";

    /** What a dtype LayerLab does not read holds, said after it: {@code " (Unicode strings)"}; "" when unknown. */
    private static String kind(String descr) {
        String code = descr.isEmpty() || "<>|=".indexOf(descr.charAt(0)) < 0 ? descr : descr.substring(1);
        if (code.isEmpty()) return "";
        String bits = code.substring(1).matches("\\d{1,2}") ? String.valueOf(8 * Integer.parseInt(code.substring(1))) : "";
        return switch (code.charAt(0)) {
            case 'b' -> " (booleans: convert them first, e.g. a.astype(np.uint8))";
            case 'i' -> " (int" + bits + ": convert it first, e.g. a.astype(np.int64))";
            case 'u' -> " (uint" + bits + ": convert it first, e.g. a.astype(np.int64))";
            case 'f' -> " (float" + bits + ": convert it first, e.g. a.astype(np.float32))";
            case 'c' -> " (complex numbers)";
            case 'U' -> " (Unicode strings)";
            case 'S', 'a' -> " (byte strings)";
            case 'O' -> " (Python objects, which LayerLab never unpickles)";
            case 'V' -> " (raw records)";
            case 'M' -> " (dates and times)";
            case 'm' -> " (time spans)";
            default -> "";
        };
    }

    private record Header(String descr, Type type, ByteOrder order, int[] shape, boolean fortran) {}

    /** A strict reader of the one dict literal NumPy writes: {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. */
    private static final class HeaderParser {
        private final String s;
        private final String source;
        private final int base;
        private int pos;

        HeaderParser(String s, String source, int base) {
            this.s = s;
            this.source = source;
            this.base = base;
        }

        Header parse() throws FileFormatException {
            String descr = null;
            Boolean fortran = null;
            int[] shape = null;
            skipSpace();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') break;
                int keyAt = pos;
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                switch (key) {
                    case "descr" -> {
                        if (peek() == '[') throw error(pos, "unsupported dtype: a structured array (named fields)" + SUPPORTED);
                        descr = string();
                    }
                    case "fortran_order" -> fortran = bool();
                    case "shape" -> shape = tuple();
                    default -> throw error(keyAt, "unexpected key '" + key + "'; an NPY header has only 'descr', 'fortran_order' and 'shape'");
                }
                skipSpace();
                if (peek() == ',') pos++;
                else if (peek() != '}') throw error(pos, "expected ',' or '}'");
            }
            pos++;
            skipSpace();
            if (pos < s.length()) throw error(pos, "unexpected text after the header dict");
            if (descr == null || fortran == null || shape == null)
                throw error(0, "the header must give 'descr', 'fortran_order' and 'shape'");
            return descriptor(descr, shape, fortran);
        }

        private Header descriptor(String descr, int[] shape, boolean fortran) throws FileFormatException {
            Type type = descr.length() == 3 ? Type.of(descr.substring(1)) : null;
            if (type == null) throw error(0, "unsupported dtype '" + descr + "'" + kind(descr) + SUPPORTED);
            ByteOrder order = switch (descr.charAt(0)) {
                case '<' -> ByteOrder.LITTLE_ENDIAN;
                case '>' -> ByteOrder.BIG_ENDIAN;
                case '|' -> {
                    if (type.size != 1) throw error(0, "dtype '" + descr + "' has no byte order; expected '<' or '>'");
                    yield ByteOrder.LITTLE_ENDIAN;
                }
                default -> throw error(0, "dtype '" + descr + "' has byte order '" + descr.charAt(0) + "'; expected '<', '>' or '|'");
            };
            return new Header(descr, type, order, shape, fortran);
        }

        private String string() throws FileFormatException {
            char q = peek();
            if (q != '\'' && q != '"') throw error(pos, "expected a quoted string");
            int end = s.indexOf(q, pos + 1);
            if (end < 0) throw error(pos, "unterminated string");
            String v = s.substring(pos + 1, end);
            if (v.indexOf('\\') >= 0) throw error(pos, "escapes in strings are not supported");
            pos = end + 1;
            return v;
        }

        private boolean bool() throws FileFormatException {
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error(pos, "expected True or False");
        }

        private int[] tuple() throws FileFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') break;
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
                if (start == pos) throw error(pos, "expected a dimension (a non-negative integer) or ')'");
                if (pos - start > 10 || Long.parseLong(s.substring(start, pos)) > Integer.MAX_VALUE)
                    throw error(start, "dimension " + s.substring(start, pos) + " is too large");
                dims.add(Integer.parseInt(s.substring(start, pos)));
                if (peek() == 'L') pos++; // Python 2 era NumPy wrote longs as 3L
                skipSpace();
                if (peek() == ',') pos++;
                else if (peek() != ')') throw error(pos, "expected ',' or ')' in the shape");
            }
            pos++;
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private void expect(char c) throws FileFormatException {
            if (peek() != c) throw error(pos, "expected '" + c + "'");
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        private FileFormatException error(int at, String message) {
            return new FileFormatException(source + ": NPY header at byte " + (base + at) + ": " + message);
        }
    }
}
