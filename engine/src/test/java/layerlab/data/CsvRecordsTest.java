package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import layerlab.io.FileFormatException;
import org.junit.jupiter.api.Test;

/** Records read packed ({@link CsvRows}) are the records read as strings, and numbers are told without a matcher as with one. */
class CsvRecordsTest {
    private static final String TRICKY = "\uFEFF a , b ,\"c, \"\"d\"\"\"\r\n"
            + "\n"
            + "   \n"
            + " 1.5 ,\t-2e3\t, \"multi\nline\" \n"
            + "\"\",x,  \"q\"  \r"
            + "last,,\n"
            + "\u00a0nbsp\u00a0,é,\u2003";

    @Test
    void packedRowsHoldTheFieldsAndLinesOfStringRows() throws IOException {
        List<String[]> strings = new ArrayList<>();
        List<Integer> stringLines = new ArrayList<>(), packedLines = new ArrayList<>();
        CsvRecords.readAll(new StringReader(TRICKY), ',', "t.csv", strings, stringLines);
        CsvRows packed = new CsvRows();
        CsvRecords.readAll(new StringReader(TRICKY), ',', "t.csv", packed, packedLines);
        assertEquals(strings.size(), packed.size());
        assertEquals(stringLines, packedLines);
        assertArrayEquals(new String[] {"a", "b", "c, \"d\""}, strings.get(0));
        assertArrayEquals(new String[] {"1.5", "-2e3", "multi\nline"}, strings.get(1));
        assertArrayEquals(new String[] {"", "x", "q"}, strings.get(2));
        assertArrayEquals(new String[] {"last", "", ""}, strings.get(3));
        assertEquals(List.of(1, 4, 6, 7, 8), stringLines);
        for (int i = 0; i < strings.size(); i++) {
            assertArrayEquals(strings.get(i), packed.get(i), "row " + i);
            assertEquals(strings.get(i).length, packed.width(i));
            for (int c = 0; c < packed.width(i); c++) assertEquals(strings.get(i)[c], packed.cell(i, c));
        }
        packed.set(1, new String[] {"9", "", "z"});
        assertArrayEquals(new String[] {"9", "", "z"}, packed.get(1));
        assertEquals("z", packed.cell(1, 2));
    }

    @Test
    void aQuoteLeftOpenOrTextAfterOneIsRefusedAsBefore() {
        CsvRows rows = new CsvRows();
        List<Integer> lines = new ArrayList<>();
        String open = assertThrows(FileFormatException.class,
                () -> CsvRecords.readAll(new StringReader("a,b\n1,\"2\n3\n"), ',', "t.csv", rows, lines)).getMessage();
        assertEquals("t.csv:2: a quoted field opened on this line is never closed", open);
        String after = assertThrows(FileFormatException.class,
                () -> CsvRecords.readAll(new StringReader("a,\"b\"c\n"), ',', "t.csv", new CsvRows(), lines)).getMessage();
        assertEquals("t.csv:1: unexpected text after a closing quote (a quote inside a quoted field is written \"\")", after);
    }

    @Test
    void aLongFileReadsAcrossTheBuffer() throws IOException {
        StringBuilder text = new StringBuilder("x,y\r\n");
        for (int i = 0; i < 20_000; i++) text.append(i).append(",\"").append(i % 7 == 0 ? "a\r\nb" : "v" + i).append("\"\r\n");
        CsvRows rows = new CsvRows();
        List<Integer> lines = new ArrayList<>();
        CsvRecords.readAll(new StringReader(text.toString()), ',', "t.csv", rows, lines);
        assertEquals(20_001, rows.size());
        assertArrayEquals(new String[] {"14", "a\r\nb"}, rows.get(15));
        assertArrayEquals(new String[] {"19998", "v19998"}, rows.get(19_999));
        // Line 1 the header, then a line each, and one more for each field of two lines before: 0, 7, …, 19992.
        assertEquals(2 + 19_998 + 2857, lines.get(19_999));
    }

    @Test
    void numbersAreToldAsThePatternTellsThem() {
        Pattern number = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
        String[] cells = {"", "0", "-0", "+1", "1.", ".5", "-.5", ".", "-", "+", "1e", "1e5", "1E+5", "1e-05", "1.5e3", ".e3", "e3", "1e3.5",
                "12a", "a12", " 1", "1 ", "--1", "1..2", "0x10", "NaN", "Infinity", "١٢", "1_000", "3.14159", "-12345678901234567890"};
        for (String c : cells) assertEquals(number.matcher(c).matches(), CsvLoader.isNumber(c), c);
        for (String c : cells) assertEquals(number.matcher(c).matches() ? Float.parseFloat(c) : Float.NaN, CsvLoader.parse(c), 0f, c);
        for (String c : new String[] {"-1", "+1", ".5", "1", "", " na", "NA", "n/a", "?", "None", "nan", "-nan"})
            assertEquals(List.of("", "na", "n/a", "nan", "null", "none", "?").contains(c.trim().toLowerCase(java.util.Locale.ROOT)), CsvLoader.isMissing(c), c);
    }
}
