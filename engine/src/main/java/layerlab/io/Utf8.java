package layerlab.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Text files read as UTF-8, strictly: a file in another encoding (Latin-1 or Windows-1252 from an older spreadsheet,
 * UTF-16 from Notepad) is refused with the line and column of its first byte that is not UTF-8, rather than read with
 * replacement characters (class names such as "Fran�ais") or refused with the JDK's "Input length = 1".
 */
public final class Utf8 {
    private Utf8() {}

    /** Bytes that are not UTF-8 text: where (1-based line, and column in bytes) and why, said as {@code source:line:column: reason}. */
    public static final class NotUtf8Exception extends IOException {
        private final long line, column;
        private final String reason;

        NotUtf8Exception(String source, long line, long column, String reason) {
            super(source + ":" + line + ":" + column + ": " + reason);
            this.line = line;
            this.column = column;
            this.reason = reason;
        }

        public long line() {
            return line;
        }

        public long column() {
            return column;
        }

        /** The message without its place. */
        public String reason() {
            return reason;
        }
    }

    /** The file's text; {@link NotUtf8Exception} where it is not UTF-8. */
    public static String read(Path file) throws IOException {
        return decode(InputFiles.readAllBytes(file), file.toString());
    }

    /** The bytes as text; {@code source} names them in the message where they are not UTF-8. */
    public static String decode(byte[] bytes, String source) throws IOException {
        StringBuilder out = new StringBuilder(bytes.length);
        try (Reader r = reader(new ByteArrayInputStream(bytes), source)) {
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) out.append(buf, 0, n);
        }
        return out.toString();
    }

    /** A reader of the stream's UTF-8 text that throws {@link NotUtf8Exception}, naming the line and column, at the first byte that is not. */
    public static Reader reader(InputStream in, String source) {
        return new Strict(in, source);
    }

    /** Decodes as it reads, counting lines, so a malformed byte is placed exactly even deep in a large or compressed file. */
    private static final class Strict extends Reader {
        private final InputStream in;
        private final String source;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        private final CharBuffer chars = CharBuffer.allocate(1 << 16);
        private boolean eof, done;
        /** Lines before the undecoded bytes, and the byte offset in the file of the current line's start and of the buffer's. */
        private long line = 1, lineStart, offset;

        Strict(InputStream in, String source) {
            this.in = in;
            this.source = source;
            bytes.flip();
            chars.flip();
        }

        @Override
        public int read(char[] dst, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (!chars.hasRemaining()) {
                if (done) return -1;
                fill();
            }
            int n = Math.min(len, chars.remaining());
            chars.get(dst, off, n);
            return n;
        }

        private void fill() throws IOException {
            if (!eof) {
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) eof = true;
                else bytes.position(bytes.position() + n);
                bytes.flip();
            }
            chars.clear();
            int from = bytes.position();
            CoderResult r = decoder.decode(bytes, chars, eof);
            count(from, bytes.position());
            if (r.isError()) throw notUtf8(bytes.get(bytes.position()));
            if (eof && !bytes.hasRemaining()) {
                r = decoder.flush(chars);
                if (r.isError()) throw notUtf8(bytes.get(bytes.position()));
                done = true;
            }
            chars.flip();
        }

        /** Counts the line breaks in the bytes just decoded, {@code [from, to)} of the buffer. */
        private void count(int from, int to) {
            byte[] b = bytes.array();
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    line++;
                    lineStart = offset + (i - from) + 1;
                }
            }
            offset += to - from;
        }

        private NotUtf8Exception notUtf8(byte b) {
            long column = offset - lineStart + 1;
            String what = String.format(Locale.ROOT, "byte 0x%02X", b & 0xff);
            // The spreadsheet's advice for the files a spreadsheet writes; a project or a text file gets the plain one.
            String name = source.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
            boolean sheet = name.endsWith(".csv") || name.endsWith(".tsv");
            String hint = (b & 0xff) == 0xFF || (b & 0xff) == 0xFE
                    ? "it looks like UTF-16 (Notepad's \"Unicode\"): save it as UTF-8"
                    : sheet ? "it may be Latin-1 or Windows-1252 (an older spreadsheet's CSV): save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\")"
                    : "it may be Latin-1 or Windows-1252, or not text at all: save it as UTF-8";
            return new NotUtf8Exception(source, line, column, "not UTF-8 text (" + what + "); " + hint);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
