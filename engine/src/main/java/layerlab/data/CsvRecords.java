package layerlab.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import layerlab.io.FileFormatException;

/**
 * RFC 4180 records, as a spreadsheet or pandas writes them: a quoted field may hold the delimiter, doubled quotes and
 * line breaks (Excel's cells of notes written over several lines), a line may end in CRLF, and a byte-order mark before
 * the first field is none of it. {@link CsvTable} and {@link TextLoader} read their files through it, so that a file one
 * reads the other reads too.
 */
final class CsvRecords {
    private final Reader in;
    private final char delimiter;
    private final String source;
    private int line = 1, startLine, peeked = -2;
    private boolean first = true;

    CsvRecords(Reader in, char delimiter, String source) {
        this.in = new java.io.BufferedReader(in, 1 << 16);
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

    /** The line the record {@link #next} returned last starts on (1-based): a record with a line break in a field spans several. */
    int startLine() {
        return startLine;
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    /** The next record's fields (unquoted fields trimmed), or null at the end. */
    String[] next() throws IOException {
        int c = read();
        if (first && c == '\uFEFF') c = read();
        first = false;
        if (c == -1) return null;
        startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        int quoteLine = 0;
        while (true) {
            if (quoted) {
                if (c == -1) throw new FileFormatException(source + ":" + quoteLine + ": a quoted field opened on this line is never closed");
                if (c == '"') {
                    int d = read();
                    if (d == '"') f.append('"');
                    else {
                        quoted = false;
                        c = d;
                        continue;
                    }
                } else {
                    if (c == '\n') line++;
                    f.append((char) c);
                }
                c = read();
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                fields.add(wasQuoted ? f.toString() : f.toString().trim());
                if (c == '\r') {
                    int d = read();
                    if (d != '\n') peeked = d;
                }
                if (c != -1) line++;
                return fields.toArray(new String[0]);
            }
            if (c == delimiter) {
                fields.add(wasQuoted ? f.toString() : f.toString().trim());
                f.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && f.toString().isBlank() && !wasQuoted) {
                f.setLength(0);
                quoted = wasQuoted = true;
                quoteLine = line;
            } else if (wasQuoted) {
                if (c != ' ' && c != '\t')
                    throw new FileFormatException(source + ":" + line + ": unexpected text after a closing quote (a quote inside a quoted field is written \"\")");
            } else {
                f.append((char) c);
            }
            c = read();
        }
    }
}
