package layerlab.data;

import static layerlab.data.CsvLoader.DECIMAL_COMMA;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import layerlab.io.FileFormatException;
import layerlab.io.Utf8;

/**
 * A CSV file's text as rows of cells, before any column is chosen: decompressed, decoded as UTF-8 with a limit on a
 * line's length, split at its delimiter (given, or the file name's), without the empty columns a spreadsheet writes
 * after the last, decimal commas read as points. {@link CsvTable} takes the columns from it.
 *
 * @param rows      the records' cells
 * @param lines     each record's first line in the file (1-based)
 * @param delimiter the delimiter the rows were split at
 * @param whole     whether the rows are all the file's (a read of its first rows may stop before its end)
 * @param trimmedLastColumn whether an empty last column was left out of every row
 */
record CsvText(List<String[]> rows, List<Integer> lines, char delimiter, boolean whole, boolean trimmedLastColumn) {
    /**
     * Reads {@code raw} (gzipped or not), split at {@code delimiterGiven}, or where that is 0 at the delimiter the name
     * {@code source} suggests, its first {@code most} records at most; {@code source} names the file in messages.
     */
    static CsvText read(InputStream raw, String source, char delimiterGiven, int most) throws IOException {
        InputStream in = DataFiles.decompressed(raw);
        CsvRows rows = new CsvRows();
        List<Integer> lines = new ArrayList<>();
        boolean given = delimiterGiven != 0;
        char delimiter = given ? delimiterGiven : DataFiles.delimiter(source);
        // Records, not lines: a quoted cell may hold line breaks (a spreadsheet's notes), as pandas' read_csv reads them.
        boolean whole;
        try (Reader r = new LineLimit(Utf8.reader(in, source), source)) {
            whole = CsvRecords.readSome(r, delimiter, source, rows, lines, most);
        }
        boolean trimmed = false;
        // A delimiter at the end of every line (some exports write one) is no column: it has no name and no value. Nor are
        // the empty columns a spreadsheet writes after the last one it used (";;" at every line's end): the label, the last
        // column by default, would be one of them.
        while (emptyLastColumn(rows)) {
            rows.replaceAll(r -> Arrays.copyOf(r, r.length - 1));
            trimmed = true;
        }
        if (delimiter != ',') decimalCommas(rows);
        if (rows.get(0).length == 1 && !given) {
            // One column, though the first line has a separator of another kind: a spreadsheet's CSV of a country that
            // writes decimal commas separates by semicolons.
            String firstLine = rows.get(0)[0];
            for (char other : new char[] {';', '\t', '|'}) {
                if (other != delimiter && firstLine.indexOf(other) >= 0)
                    throw new FileFormatException(source + ":" + lines.get(0) + ": one column, split at \"" + (delimiter == '\t' ? "\\t" : delimiter)
                            + "\", but the line holds \"" + (other == '\t' ? "\\t" : other) + "\": if that separates the columns, give \"delimiter\": \""
                            + (other == '\t' ? "\\t" : other) + "\"");
            }
        }
        return new CsvText(rows, lines, delimiter, whole, trimmed);
    }

    /**
     * Reads a decimal comma as a decimal point in a file that does not separate by commas: a spreadsheet of a country
     * that writes {@code 0,5} saves its CSV with semicolons, where {@code 0,5} can be nothing but a number (pandas reads
     * such a file given {@code decimal=","}). The cells become {@code 0.5}, so that the preview, training, {@code predict}
     * and a validation file read one value.
     */
    private static void decimalCommas(CsvRows rows) {
        for (int i = 0; i < rows.size(); i++) {
            boolean any = false;
            for (int c = 0; c < rows.width(i) && !any; c++) any = rows.cell(i, c).indexOf(',') >= 0;
            if (!any) continue;
            String[] row = rows.get(i);
            for (int c = 0; c < row.length; c++)
                if (row[c].indexOf(',') >= 0 && DECIMAL_COMMA.matcher(row[c].trim()).matches()) row[c] = row[c].trim().replace(',', '.');
            rows.set(i, row);
        }
    }

    /** Whether every row has more than one field and its last is empty (a delimiter that ends every line). */
    private static boolean emptyLastColumn(CsvRows rows) {
        for (int i = 0; i < rows.size(); i++) {
            int w = rows.width(i);
            if (w < 2 || !rows.cell(i, w - 1).isEmpty()) return false;
        }
        return true;
    }

    /** The longest line read: 64 M characters are millions of values; a longer one is no CSV line (/dev/zero, a binary file). */
    static final int MAX_LINE = 1 << 26;

    /**
     * Text as it is read, refused at the first NUL character (a binary file, or text saved as UTF-16) and at a line over
     * {@link #MAX_LINE}, with the line's number: a file with no line break was read whole into one line until Java ran
     * out of memory, blaming the heap.
     */
    private static final class LineLimit extends FilterReader {
        private final String source;
        private long line = 1;
        private int run;

        LineLimit(Reader in, String source) {
            super(in);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = off; i < off + n; i++) {
                char c = b[i];
                if (c == '\n') {
                    line++;
                    run = 0;
                } else if (c == 0) {
                    throw new FileFormatException(source + ":" + line + ": holds a NUL character: a binary file, or text saved as "
                            + "UTF-16; LayerLab reads CSV files as UTF-8 text");
                } else if (++run > MAX_LINE) {
                    throw new FileFormatException(source + ":" + line + ": a line longer than " + (MAX_LINE >> 20)
                            + " M characters: not a CSV file, or one without line breaks");
                }
            }
            return n;
        }
    }
}
