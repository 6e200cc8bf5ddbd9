package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A table's numbers become features read where they lie in the packed rows: a substring made for each cell (three, with
 * the looks for gaps) was 30 million short-lived strings for a 200 MB file. Counted by the JVM's per-thread allocation
 * counter, not timed.
 */
class CsvCellAllocationTest {
    private static final int ROWS = 5_000, COLUMNS = 40;

    @Test
    void numbersAreReadWithoutAStringACell() throws Exception {
        Random r = new Random(3);
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < COLUMNS; c++) csv.append("x").append(c).append(',');
        csv.append("label\n");
        for (int i = 0; i < ROWS; i++) {
            for (int c = 0; c < COLUMNS; c++) {
                // Plain decimals, a few gaps and numbers parseFloat reads (an exponent), as a spreadsheet writes them.
                int u = r.nextInt(200);
                csv.append(u == 0 ? "" : u == 1 ? "NA" : u == 2 ? "1.5e-3" : String.format(Locale.ROOT, "%.4f", r.nextGaussian() * 10)).append(',');
            }
            csv.append(i % 3 == 0 ? "cat" : "dog").append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        CsvLoader.Options fill = new CsvLoader.Options(null, CsvLoader.Column.at(-1), CsvLoader.Task.AUTO, CsvLoader.Header.AUTO, (char) 0,
                CsvLoader.Missing.FILL);
        CsvTable packed = CsvTable.read(new ByteArrayInputStream(bytes), "t.csv", "t", fill);
        // The same rows as strings a cell, read as they were before: the values to the bit.
        CsvTable strings = new CsvTable("t.csv", "t", new java.util.ArrayList<>(packed.rows), packed.lines, packed.options);
        float[] expected = strings.dataset(null).features();

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        packed.dataset(null); // classes loaded, code compiled
        long before = threads.getThreadAllocatedBytes(thread);
        TensorDataset d = packed.dataset(null);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertArrayEquals(expected, d.features());
        // The features themselves are 4 bytes a cell, a row's label and bookkeeping a few hundred bytes; an empty String is 24.
        double perCell = (double) allocated / ((long) ROWS * COLUMNS);
        assertTrue(perCell < 16, () -> allocated + " bytes allocated: " + perCell + " a cell");
        assertTrue(List.of("cat", "dog").equals(d.classNames()));
    }
}
