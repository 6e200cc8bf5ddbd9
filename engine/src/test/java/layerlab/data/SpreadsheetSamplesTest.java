package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New samples saved by German Excel (a byte-order mark, ';' between columns, decimal commas, CRLF) for a model trained
 * on the Iris measurements: predict reads them as the same samples written with commas and points. It stopped at "one
 * column, split at ',', but the line holds ';': give "delimiter"", an option predict does not have.
 */
class SpreadsheetSamplesTest {
    @TempDir
    Path dir;

    private static final List<String> NAMES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    @Test
    void aGermanSpreadsheetsSamplesReadAsTheirCommaSeparatedTwin() throws Exception {
        Path plain = dir.resolve("neu.csv"), excel = dir.resolve("neu-excel.csv");
        Files.writeString(plain, "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n6.7,3.0,5.2,2.3,virginica\n");
        Files.writeString(excel, "\uFEFFsepal_length;sepal_width;petal_length;petal_width;species\r\n5,1;3,5;1,4;0,2;setosa\r\n6,7;3;5,2;2,3;virginica\r\n",
                StandardCharsets.UTF_8);
        for (List<String> names : List.of(NAMES, List.<String>of())) {
            CsvLoader.Samples want = CsvLoader.features(plain, CsvLoader.Options.DEFAULT, 4, names), got = CsvLoader.features(excel, CsvLoader.Options.DEFAULT, 4, names);
            assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f}, want.features());
            assertArrayEquals(want.features(), got.features(), "names: " + names);
            assertEquals(2, got.rows());
            assertArrayEquals(want.lines(), got.lines());
        }
    }

    /** A ';' file whose columns are not the model's is still refused, saying which delimiter it seems to use. */
    @Test
    void aSemicolonFileOfOtherColumnsIsRefusedNamingTheDelimiter() throws Exception {
        Path other = dir.resolve("andere.csv");
        Files.writeString(other, "a;b\n1,5;2\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> CsvLoader.features(other, CsvLoader.Options.DEFAULT, 4, NAMES));
        assertTrue(e.getMessage().contains("give \"delimiter\": \";\""), e.getMessage());
    }
}
