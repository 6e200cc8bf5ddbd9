package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Data tab lists a CSV's columns (for the targets' drop-downs) from its first rows where they tell them, not by
 * reading a 200,000-row file whole before reading it again to show it; where they cannot tell (a header only its label
 * column shows, an empty last column) it reads the file whole, and the names are the same as ever.
 */
class CsvColumnNamesHeadTest {
    @Test
    void aBigFilesColumnsComeFromItsFirstRows(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("a,b,city,label\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5000; i++) b.writeBytes((i + ",0.5,Lyon,x\n").getBytes(StandardCharsets.UTF_8));
        // A byte that is no UTF-8 far below the first rows: read whole, the file fails before its columns are listed.
        b.writeBytes(new byte[] {'1', ',', '2', ',', (byte) 0xff, ',', 'y', '\n'});
        Path f = dir.resolve("big.csv");
        Files.write(f, b.toByteArray());
        assertEquals(List.of("a", "b", "city", "label"), CsvLoader.columnNames(f, CsvLoader.Options.DEFAULT));
    }

    @Test
    void whereTheFirstRowsCannotTellTheWholeFileIsRead(@TempDir Path dir) throws Exception {
        // Words everywhere: only the label column, all of it, tells that the first row is a header (a word on no other row).
        StringBuilder words = new StringBuilder("colour,size,kind\n");
        for (int i = 0; i < 3000; i++) words.append(i % 2 == 0 ? "red" : "blue").append(',').append(i % 3 == 0 ? "big" : "small").append(',')
                .append(i % 5 == 0 ? "A" : "B").append('\n');
        Path f = dir.resolve("words.csv");
        Files.writeString(f, words);
        assertEquals(List.of("colour", "size", "kind"), CsvLoader.columnNames(f, CsvLoader.Options.DEFAULT));
        // A delimiter that ends every line of the first rows, but not a later one: that column is kept, numbered.
        StringBuilder trailing = new StringBuilder();
        for (int i = 0; i < 2000; i++) trailing.append(i).append(",1,\n");
        trailing.append("5,6,7\n");
        Path g = dir.resolve("trailing.csv");
        Files.writeString(g, trailing);
        assertEquals(List.of("0", "1", "2"), CsvLoader.columnNames(g, CsvLoader.Options.DEFAULT));
    }
}
