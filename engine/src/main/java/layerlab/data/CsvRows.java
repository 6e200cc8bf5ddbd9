package layerlab.data;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A CSV file's rows, packed: each row one string of its fields one after another, and where each field ends. A row of
 * twenty numbers held as twenty strings took about 1 KB, four times what it takes packed (a 200 MB file of 1.5 million
 * such rows: 1.6 GB of strings). {@link #get} gives a row's fields as strings, made afresh; {@link #cell} one field.
 */
final class CsvRows extends AbstractList<String[]> {
    private final List<String> text = new ArrayList<>();
    private final List<int[]> ends = new ArrayList<>();

    CsvRows() {}

    /** Rows as they are ({@link #get} gives them back equal, not the same arrays). */
    CsvRows(List<String[]> rows) {
        for (String[] r : rows) add(r);
    }

    /** Adds the row of {@code fields} fields that {@code record} holds, field {@code i} ending at {@code fieldEnds[i]}. */
    void add(CharSequence record, int[] fieldEnds, int fields) {
        text.add(record.toString());
        ends.add(Arrays.copyOf(fieldEnds, fields));
    }

    @Override
    public boolean add(String[] row) {
        set(text.size(), row, true);
        return true;
    }

    @Override
    public String[] set(int i, String[] row) {
        String[] was = get(i);
        set(i, row, false);
        return was;
    }

    private void set(int i, String[] row, boolean append) {
        StringBuilder b = new StringBuilder();
        int[] e = new int[row.length];
        for (int k = 0; k < row.length; k++) e[k] = b.append(row[k]).length();
        if (append) {
            text.add(b.toString());
            ends.add(e);
        } else {
            text.set(i, b.toString());
            ends.set(i, e);
        }
    }

    @Override
    public String[] get(int i) {
        int[] e = ends.get(i);
        String t = text.get(i);
        String[] out = new String[e.length];
        for (int k = 0, from = 0; k < e.length; from = e[k++]) out[k] = t.substring(from, e[k]);
        return out;
    }

    /** Field {@code column} of row {@code row} (inside it: {@link #width} says how many it has). */
    String cell(int row, int column) {
        int[] e = ends.get(row);
        return text.get(row).substring(column == 0 ? 0 : e[column - 1], e[column]);
    }

    /**
     * {@link CsvLoader#plainDecimal} of field {@code column} of row {@code row}, read where it lies: a substring a cell
     * (three, with the looks for gaps) was 30 million short-lived strings for a 200 MB file, a young collection every
     * few hundred thousand rows.
     */
    float plainDecimal(int row, int column) {
        int[] e = ends.get(row);
        return CsvLoader.plainDecimal(text.get(row), column == 0 ? 0 : e[column - 1], e[column]);
    }

    /** {@link CsvLoader#isMissing} of field {@code column} of row {@code row}; a string of it made only where it may be a missing word. */
    boolean isMissing(int row, int column) {
        int[] e = ends.get(row);
        int from = column == 0 ? 0 : e[column - 1];
        if (from < e[column]) {
            // CsvLoader.isMissing's first looks, on the field where it lies.
            char c = text.get(row).charAt(from);
            if (c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.') return false;
            if (c > ' ' && c != '?' && c != 'n' && c != 'N') return false;
        }
        return CsvLoader.isMissing(cell(row, column));
    }

    /** {@link #isMissing(int, int)} of {@code rows}, packed or not. */
    static boolean isMissing(List<String[]> rows, int row, int column) {
        return rows instanceof CsvRows packed ? packed.isMissing(row, column) : CsvLoader.isMissing(rows.get(row)[column]);
    }

    /** How many fields row {@code row} has. */
    int width(int row) {
        return ends.get(row).length;
    }

    /** Field {@code column} of row {@code row} of {@code rows}, packed or not. */
    static String cell(List<String[]> rows, int row, int column) {
        return rows instanceof CsvRows packed ? packed.cell(row, column) : rows.get(row)[column];
    }

    /** How many fields row {@code row} of {@code rows} has, packed or not. */
    static int width(List<String[]> rows, int row) {
        return rows instanceof CsvRows packed ? packed.width(row) : rows.get(row).length;
    }

    @Override
    public int size() {
        return text.size();
    }
}
