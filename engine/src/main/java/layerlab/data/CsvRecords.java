package layerlab.data;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.List;
import layerlab.io.FileFormatException;

/**
 * RFC 4180 records, as a spreadsheet or pandas writes them: a quoted field may hold the delimiter, doubled quotes and
 * line breaks (Excel's cells of notes written over several lines), a line may end in CRLF, and a byte-order mark before
 * the first field is none of it. {@link CsvTable} and {@link TextLoader} read their files through it, so that a file one
 * reads the other reads too.
 *
 * <p>It reads through a buffer of its own and gathers a record's fields in one builder, its fields' ends beside it: a
 * 200 MB file is 30 million cells, and a lock taken per character (a BufferedReader's) and a builder and two strings a
 * cell made reading it take most of a minute.
 */
final class CsvRecords {
    private final Reader in;
    private final char delimiter;
    private final String source;
    private final char[] buffer = new char[1 << 16];
    private int at, filled;
    private int line = 1, startLine;
    private boolean first = true;
    /** The fields of the record read last, one after another, and where each ends in it. */
    private final StringBuilder record = new StringBuilder();
    private int[] ends = new int[16];
    private int fields;

    CsvRecords(Reader in, char delimiter, String source) {
        this.in = in;
        this.delimiter = delimiter;
        this.source = source;
    }

    /**
     * Every record of {@code in} but blank ones into {@code rows}, the line each starts on into {@code lines}; the file
     * holding none is refused, named.
     */
    static void readAll(Reader in, char delimiter, String source, List<String[]> rows, List<Integer> lines) throws IOException {
        CsvRecords records = new CsvRecords(in, delimiter, source);
        String[] row;
        while ((row = records.next()) != null) {
            if (row.length == 1 && row[0].isBlank()) continue;
            rows.add(row);
            lines.add(records.startLine());
        }
        if (rows.isEmpty()) throw new FileFormatException(source + ": no rows");
    }

    /** {@link #readAll(Reader, char, String, List, List)} into packed rows, which hold a 200 MB file in a fraction of the memory. */
    static void readAll(Reader in, char delimiter, String source, CsvRows rows, List<Integer> lines) throws IOException {
        readSome(in, delimiter, source, rows, lines, Integer.MAX_VALUE);
    }

    /** {@link #readAll(Reader, char, String, CsvRows, List)} up to {@code most} rows; whether the file ended there. */
    static boolean readSome(Reader in, char delimiter, String source, CsvRows rows, List<Integer> lines, int most) throws IOException {
        CsvRecords records = new CsvRecords(in, delimiter, source);
        boolean more;
        while ((more = rows.size() < most) && records.advance()) {
            if (records.fields == 1 && records.blank(0)) continue;
            rows.add(records.record, records.ends, records.fields);
            lines.add(records.startLine());
        }
        if (rows.isEmpty()) throw new FileFormatException(source + ": no rows");
        return more || !records.advance();
    }

    /** The line the record {@link #next} returned last starts on (1-based): a record with a line break in a field spans several. */
    int startLine() {
        return startLine;
    }

    private int read() throws IOException {
        if (at == filled) {
            filled = in.read(buffer, 0, buffer.length);
            at = 0;
            if (filled <= 0) {
                filled = 0;
                return -1;
            }
        }
        return buffer[at++];
    }

    /** Puts back the character {@link #read} returned last (not the end of the input). */
    private void unread() {
        at--;
    }

    /** The next record's fields (unquoted fields trimmed), or null at the end. */
    String[] next() throws IOException {
        if (!advance()) return null;
        String all = record.toString();
        String[] out = new String[fields];
        for (int i = 0, from = 0; i < fields; from = ends[i++]) out[i] = all.substring(from, ends[i]);
        return out;
    }

    /** Reads the next record into {@link #record} and {@link #ends}; false at the end. */
    private boolean advance() throws IOException {
        int c = read();
        if (first && c == '\uFEFF') c = read();
        first = false;
        if (c == -1) return false;
        startLine = line;
        record.setLength(0);
        fields = 0;
        int start = 0; // where the field being read starts in the record
        boolean quoted = false, wasQuoted = false;
        int quoteLine = 0;
        while (true) {
            if (quoted) {
                if (c == -1) throw new FileFormatException(source + ":" + quoteLine + ": a quoted field opened on this line is never closed");
                if (c == '"') {
                    int d = read();
                    if (d == '"') record.append('"');
                    else {
                        quoted = false;
                        c = d;
                        continue;
                    }
                } else {
                    if (c == '\n') line++;
                    record.append((char) c);
                }
                c = read();
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                endField(start, wasQuoted);
                if (c == '\r') {
                    int d = read();
                    if (d != '\n' && d != -1) unread();
                }
                if (c != -1) line++;
                return true;
            }
            if (c == delimiter) {
                endField(start, wasQuoted);
                start = record.length();
                wasQuoted = false;
            } else if (c == '"' && !wasQuoted && blank(start)) {
                record.setLength(start);
                quoted = wasQuoted = true;
                quoteLine = line;
            } else if (wasQuoted) {
                if (c != ' ' && c != '\t')
                    throw new FileFormatException(source + ":" + line + ": unexpected text after a closing quote (a quote inside a quoted field is written \"\")");
            } else {
                record.append((char) c);
            }
            c = read();
        }
    }

    /** Whether the field from {@code start} holds only white space so far (as {@link String#isBlank} says). */
    private boolean blank(int start) {
        for (int i = start; i < record.length(); i++) if (!Character.isWhitespace(record.charAt(i))) return false;
        return true;
    }

    /** Ends the field that starts at {@code start}: trimmed as {@link String#trim} trims, unless it was quoted. */
    private void endField(int start, boolean wasQuoted) {
        if (!wasQuoted) {
            int end = record.length();
            while (end > start && record.charAt(end - 1) <= ' ') end--;
            record.setLength(end);
            int lead = start;
            while (lead < end && record.charAt(lead) <= ' ') lead++;
            if (lead > start) record.delete(start, lead);
        }
        if (fields == ends.length) ends = Arrays.copyOf(ends, fields * 2);
        ends[fields++] = record.length();
    }
}
