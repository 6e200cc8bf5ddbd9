package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import layerlab.data.CsvLoader.Column;
import layerlab.data.CsvLoader.Header;
import layerlab.data.CsvLoader.Options;
import layerlab.data.CsvLoader.Task;
import layerlab.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {
    @TempDir Path dir;

    Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    String error(String text, Options o) throws IOException {
        Path p = file("bad.csv", text);
        return assertThrows(FileFormatException.class, () -> CsvLoader.load(p, o)).getMessage();
    }

    @Test
    void detectsTheHeaderAndMapsStringLabelsInSortedOrder() throws IOException {
        TensorDataset d = CsvLoader.load(file("flowers.csv", "\uFEFFa,b,species\n1,2,virginica\n3,4.5,setosa\n\n-5e-1,6,virginica\n"), Options.DEFAULT);
        assertEquals("flowers.csv", d.name());
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {2}, d.sampleShape());
        assertArrayEquals(new float[] {1, 2, 3, 4.5f, -0.5f, 6}, d.features());
        assertEquals(List.of("setosa", "virginica"), d.classNames());
        assertArrayEquals(new long[] {1, 0, 1}, d.classTargets());
    }

    @Test
    void withoutAHeaderIntegerLabelsSortNumerically() throws IOException {
        TensorDataset d = CsvLoader.load(file("n.csv", "0.5,10\n1.5,9\n2.5,+10\n3.5,-1\n"), Options.DEFAULT);
        assertEquals(4, d.size());
        assertEquals(List.of("-1", "9", "10"), d.classNames());
        assertArrayEquals(new long[] {2, 1, 2, 0}, d.classTargets());
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f}, d.features());
    }

    /** Labels 0.0, 1.0, 2.0 (pandas' to_csv of a class column that held a gap) are whole numbers: classes, not values to regress. */
    @Test
    void wholeNumbersWrittenWithAFractionAreClasses() throws IOException {
        TensorDataset d = CsvLoader.load(file("f.csv", "x,label\n0.5,1.0\n1.5,0.0\n2.5,2.0\n3.5,10.0\n4.5,1\n"), Options.DEFAULT);
        assertEquals(List.of("0", "1", "2", "10"), d.classNames());
        assertArrayEquals(new long[] {1, 0, 2, 3, 1}, d.classTargets());
        TensorDataset more = CsvLoader.load(file("g.csv", "x,label\n0.5,2.0\n"), Options.DEFAULT, new DataNames(List.of("x"), d.classNames()));
        assertArrayEquals(new long[] {2}, more.classTargets(), "read as the training classes");
        assertEquals(Task.REGRESSION, Task.AUTO.of(List.of("1.0", "2.5")));
    }

    /** A header of pixel numbers over word labels is a header: its label "label" is no class (it occurs on no other row). */
    @Test
    void aHeaderOfNumbersIsFoundByItsLabel() throws IOException {
        TensorDataset d = CsvLoader.load(file("px.csv", "0,1,label\n0.1,0.2,cat\n0.3,0.4,dog\n0.5,0.6,cat\n"), Options.DEFAULT);
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertEquals(3, d.size());
        assertEquals(List.of("0", "1"), d.featureNames());
        assertEquals(3, CsvLoader.load(file("few.csv", "1,2,cat\n3,4,dog\n5,6,fox\n"), Options.DEFAULT).size(), "labels all unique: no header");
        TensorDataset byName = CsvLoader.load(file("named.csv", "0,1,2\n0.1,0.2,0\n0.3,0.4,1\n"),
                new Options(null, Column.named("2"), Task.AUTO, Header.AUTO, ','));
        assertEquals(2, byName.size(), "a column chosen by name makes the row naming it a header");
    }

    /** pandas' to_csv without index=False writes the row index as an unnamed first column: not a feature, and the name says so. */
    @Test
    void pandasRowIndexIsLeftOut() throws IOException {
        TensorDataset d = CsvLoader.load(file("df.csv", ",a,b,label\n0,0.5,1,x\n1,1.5,2,y\n2,2.5,3,x\n"), Options.DEFAULT);
        assertArrayEquals(new int[] {2}, d.sampleShape());
        assertEquals(List.of("a", "b"), d.featureNames());
        assertEquals("df.csv (the unnamed first column, pandas' row index, left out)", d.name());
        TensorDataset named = CsvLoader.load(file("id.csv", "id,a,label\n0,0.5,x\n1,1.5,y\n"), Options.DEFAULT);
        assertEquals(List.of("id", "a"), named.featureNames(), "a named column is the user's to leave out");
    }

    @Test
    void choosesColumnsByNameOrIndexAndReadsRegressionTargets() throws IOException {
        Path p = file("houses.csv", "id,rooms,\"area, m²\",price\n1,3,70.5,250.5\n2,4,\"90\",300\n");
        TensorDataset d = CsvLoader.load(p, new Options(List.of(Column.named("area, m²"), Column.at(1)), Column.named("price"), Task.AUTO, Header.AUTO, ','));
        assertEquals(List.of(), d.classNames());
        assertArrayEquals(new float[] {70.5f, 3, 90, 4}, d.features());
        assertArrayEquals(new float[] {250.5f, 300}, d.valueTargets());
        assertArrayEquals(new int[] {1}, d.targetShape());
        assertNull(d.classTargets());

        TensorDataset byIndex = CsvLoader.load(p, new Options(null, Column.at(-1), Task.REGRESSION, Header.PRESENT, ','));
        assertArrayEquals(new int[] {3}, byIndex.sampleShape());
        TensorDataset classes = CsvLoader.load(p, new Options(List.of(Column.at(2)), Column.at(1), Task.AUTO, Header.AUTO, ','));
        assertEquals(List.of("3", "4"), classes.classNames());
    }

    @Test
    void readsGzipAndOtherDelimiters() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("x;y;label\n1;2;a\n3;4;b\n".getBytes(StandardCharsets.UTF_8));
        }
        Path p = dir.resolve("semi.csv.gz");
        Files.write(p, bytes.toByteArray());
        TensorDataset d = CsvLoader.load(p, new Options(null, Column.named("label"), Task.AUTO, Header.AUTO, ';'));
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
        assertEquals(List.of("a", "b"), d.classNames());
    }

    /** A .tsv file is split at tabs unless told otherwise; a semicolon file read at commas says which delimiter to give. */
    @Test
    void tsvFilesSplitAtTabsAndSemicolonsAreNamed() throws IOException {
        TensorDataset d = CsvLoader.load(file("t.tsv", "x\ty\tlabel\n1\t2\ta\n3\t4\tb\n"), Options.DEFAULT);
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
        assertEquals(dir.resolve("bad.csv") + ":1: one column, split at \",\", but the line holds \";\": if that separates the columns, give \"delimiter\": \";\"",
                error("x;y;label\n1;2;a\n3;4;b\n", Options.DEFAULT));
    }

    /**
     * Decimal commas ("0,5") in a semicolon file are numbers, as pandas reads them given {@code decimal=","}; in a comma
     * file (quoted) they are refused, naming the column: as words each value would be a one-hot feature.
     */
    @Test
    void decimalCommasAreReadInASemicolonFileAndRefusedInACommaFile() throws IOException {
        TensorDataset d = CsvLoader.load(file("de.csv", "x;y;label\n0,5;2;a\n-1,25;4;b\n"), Options.DEFAULT.withDelimiter(';'));
        assertArrayEquals(new float[] {0.5f, 2, -1.25f, 4}, d.features());
        assertEquals(dir.resolve("bad.csv") + ": column \"x\" holds numbers with decimal commas (\"0,5\"); LayerLab reads decimal points: "
                + "save the file with points (in a spreadsheet, the CSV of an English locale)",
                error("x,y,label\n\"0,5\",2,a\n\"1,5\",4,b\n", Options.DEFAULT));
        assertEquals(dir.resolve("bad.csv") + ": column \"rate\" holds numbers written with other marks (\"$1,250.00\"); LayerLab reads plain numbers "
                + "(1250.5, 0.12): save them without percent or currency signs and thousands separators",
                error("rate,y,label\n\"$1,250.00\",2,a\n12%,4,b\n", Options.DEFAULT));
    }

    /** A delimiter that ends every line (header too) adds no column: the label is the last real one. */
    @Test
    void aDelimiterEndingEveryLineIsNoColumn() throws IOException {
        TensorDataset d = CsvLoader.load(file("t.csv", "a,b,label,\n1,2,x,\n3,4,y,\n"), Options.DEFAULT);
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
        assertEquals(List.of("x", "y"), d.classNames());
    }

    /** A label column that is not last is read as a feature unless told; the description says which column the targets came from. */
    @Test
    void aLabelColumnNotLastIsPointedOut() throws IOException {
        TensorDataset d = CsvLoader.load(file("first.csv", "label,a,b\n0,0.5,1.5\n1,2.5,3.25\n"), Options.DEFAULT);
        assertEquals("first.csv (the label is the last column, \"b\"; for the column \"label\" give label_column)", d.name());
    }

    /** Two columns of one name are two features, renamed as pandas renames them, and new samples find each by its own name. */
    @Test
    void repeatedColumnNamesAreRenamedAsPandasDoes() throws IOException {
        TensorDataset d = CsvLoader.load(file("dup.csv", "a,a,b,a,label\n1,2,3,4,x\n5,6,7,8,y\n"), Options.DEFAULT);
        assertEquals(List.of("a", "a.1", "b", "a.2"), d.featureNames());
        CsvLoader.Samples s = CsvLoader.features(file("new.csv", "a,a,b,a\n1,2,3,4\n"), Options.DEFAULT, 4, d.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, s.features());
    }

    @Test
    void raggedRowNamesItsLine() throws IOException {
        String m = error("a,b,c\n1,2,x\n\n3,4\n", Options.DEFAULT);
        assertEquals(dir.resolve("bad.csv") + ":4: expected 3 fields (like line 1), got 2", m);
    }

    @Test
    void nonNumericCellNamesLineAndColumn() throws IOException {
        String m = error("a,b,c\n1,2,x\n3,4..5,y\n", Options.DEFAULT);
        assertEquals(dir.resolve("bad.csv") + ":3: column 2 (\"b\"): expected a number, got \"4..5\"", m);
        // n/a and an empty cell are missing values, said as such.
        String na = error("a,b,c\n1,2,x\n3,n/a,y\n", Options.DEFAULT);
        assertEquals(dir.resolve("bad.csv") + ":3: column 2 (\"b\") has no value (\"n/a\"); leave rows with missing values out with \"missing\": \"drop\", or fill the gaps with the columns' means with \"missing\": \"fill\"", na);
        String empty = error("1,2,x\n3,,y\n", Options.DEFAULT);
        assertEquals(dir.resolve("bad.csv") + ":2: column 2 (index 1) has no value (an empty cell); leave rows with missing values out with \"missing\": \"drop\", or fill the gaps with the columns' means with \"missing\": \"fill\"", empty);
        String regression = error("a,b\n1,2\n3,x\n", new Options(null, Column.at(1), Task.REGRESSION, Header.AUTO, ','));
        assertEquals(dir.resolve("bad.csv") + ":3: column 2 (\"b\"): expected a number, got \"x\"", regression);
    }

    @Test
    void badColumnChoicesAndEmptyFilesAreExplained() throws IOException {
        String name = error("a,b\n1,x\n", new Options(null, Column.named("label"), Task.AUTO, Header.AUTO, ','));
        assertEquals(dir.resolve("bad.csv") + ": no column \"label\"; the header on line 1 names a, b", name);
        String index = error("1,2\n3,4\n", new Options(null, Column.at(5), Task.AUTO, Header.AUTO, ','));
        assertEquals(dir.resolve("bad.csv") + ": column index 5 is outside the 2 columns (0..1, or -1..-2 from the end)", index);
        String noHeader = error("1,2\n3,4\n", new Options(null, Column.named("y"), Task.AUTO, Header.ABSENT, ','));
        assertEquals(dir.resolve("bad.csv") + ": column \"y\" is chosen by name, but the file has no header row", noHeader);
        String both = error("a,b\n1,2\n", new Options(List.of(Column.at(1)), Column.named("b"), Task.AUTO, Header.AUTO, ','));
        assertEquals(dir.resolve("bad.csv") + ": the label column \"b\" is also listed as a feature", both);
        assertEquals(dir.resolve("bad.csv") + ": no rows", error("\n\n", Options.DEFAULT));
        assertEquals(dir.resolve("bad.csv") + ": no data rows after the header on line 2", error("\nx,y\n", Options.DEFAULT));
        String quote = error("a,b\n1,\"x\n", Options.DEFAULT);
        assertEquals(dir.resolve("bad.csv") + ":2: a quoted field opened on this line is never closed", quote);
    }

    /**
     * A spreadsheet's ID column ("A000", "A001", …: a different word on every row) was one-hot encoded into as many
     * features as rows, each fitting one training row; among the columns taken by default it is left out, and the
     * description says so. A column of words that repeat is still a category; one listed in "features" is kept.
     */
    @Test
    void anIdColumnAmongTheDefaultFeaturesIsLeftOutAndSaidSo() throws IOException {
        StringBuilder csv = new StringBuilder("ID,colour,x,label\n");
        for (int i = 0; i < 24; i++) csv.append(String.format("A%03d,%s,%d,%s\n", i, i % 3 == 0 ? "red" : "blue", i, i % 2 == 0 ? "yes" : "no"));
        Path p = file("ids.csv", csv.toString());
        TensorDataset d = CsvLoader.load(p, Options.DEFAULT);
        assertEquals(List.of("colour=blue", "colour=red", "x"), d.featureNames());
        assertEquals("ids.csv (the column \"ID\", a different word on every row, left out)", d.name());

        Options listed = new Options(List.of(Column.named("ID"), Column.named("x")), Column.at(-1), Task.AUTO, Header.AUTO, ',');
        assertEquals(25, CsvLoader.load(p, listed).sampleShape()[0], "24 one-hot IDs and x, as asked");

        String gap = error("ID,x,note,label\n1,2,,a\n3,4,ok,b\n", Options.DEFAULT); // a column of words: no mean to fill
        assertEquals(dir.resolve("bad.csv") + ":2: column 3 (\"note\") has no value (an empty cell); leave rows with missing values out with "
                + "\"missing\": \"drop\", or fill the gaps with the columns' means with \"missing\": \"fill\", or choose the feature columns "
                + "without it with \"features\"", gap);
    }

    @Test
    void splitsQuotedFields() throws IOException {
        CsvRecords records = new CsvRecords(new java.io.StringReader("a, \"b, c\" ,\"say \"\"hi\"\"\",, d "), ',', "s");
        assertArrayEquals(new String[] {"a", "b, c", "say \"hi\"", "", "d"}, records.next());
    }

    /**
     * A spreadsheet's CSV as Excel writes it in much of Europe: a byte-order mark, CRLF line ends, semicolons, decimal
     * commas, a notes cell over two lines in quotes, and empty columns at the end. pandas reads it
     * ({@code read_csv(sep=";", decimal=",")}); it was refused at the notes ("a field cannot span lines") and at the
     * decimal commas.
     */
    @Test
    void readsASpreadsheetsSemicolonFileWithDecimalCommasAndNotesOverSeveralLines() throws IOException {
        Path p = file("excel.csv", "\uFEFFID;Height;Notes;Species;;\r\n"
                + "A001;4,35;;setosa;;\r\n"
                + "A002;7,5;\"re-measured\r\nnext day\";virginica;;\r\n"
                + "A003;-0,25;\"tall; leaning\";setosa;;\r\n"
                + "A004;6;ok;virginica;;\r\n");
        Options o = new Options(List.of(Column.named("Height")), Column.named("Species"), Task.AUTO, Header.AUTO, ';');
        TensorDataset d = CsvLoader.load(p, o);
        assertArrayEquals(new float[] {4.35f, 7.5f, -0.25f, 6f}, d.features());
        assertEquals(List.of("setosa", "virginica"), d.classNames());
        assertArrayEquals(new long[] {0, 1, 0, 1}, d.classTargets());

        // Its last columns are empty ones, no label: the label by default is the last column that holds something.
        Options byDefault = new Options(List.of(Column.named("Height")), Column.at(-1), Task.AUTO, Header.AUTO, ';');
        assertEquals(List.of("setosa", "virginica"), CsvLoader.load(p, byDefault).classNames());

        // The row after the two-line cell is on line 5 of the file: a message about it says so.
        Path bad = file("bad-line.csv", "ID;Height;Notes;Species\r\nA001;4,35;;setosa\r\nA002;7,5;\"two\r\nlines\";virginica\r\nA003;x;;setosa\r\n");
        String message = assertThrows(FileFormatException.class, () -> CsvLoader.load(bad, o)).getMessage();
        assertEquals(bad + ":5: column 2 (\"Height\"): expected a number, got \"x\"", message);
    }

    @Test
    void newSamplesAreReadAsTrainingReadThemWithOrWithoutTheLabel() throws IOException {
        CsvLoader.Samples labelled = CsvLoader.features(file("a.csv", "a,b,species\n1,2,setosa\n\n3,4,virginica\n"), Options.DEFAULT, 2, List.of());
        assertArrayEquals(new float[] {1, 2, 3, 4}, labelled.features());
        assertEquals(2, labelled.rows());
        assertArrayEquals(new int[] {2, 4}, labelled.lines(), "rows keep their line numbers");

        CsvLoader.Samples bare = CsvLoader.features(file("b.csv", "a,b\n5,6\n"), Options.DEFAULT, 2, List.of());
        assertArrayEquals(new float[] {5, 6}, bare.features());

        // A label chosen by name is left out wherever it stands; features chosen by name are found in any order.
        Options byName = new Options(null, Column.named("y"), Task.AUTO, Header.AUTO, ',');
        assertArrayEquals(new float[] {7, 9}, CsvLoader.features(file("c.csv", "a,y,b\n7,0,9\n"), byName, 2, List.of()).features());
        Options chosen = new Options(List.of(Column.named("b"), Column.named("a")), Column.named("y"), Task.AUTO, Header.AUTO, ',');
        assertArrayEquals(new float[] {9, 7}, CsvLoader.features(file("d.csv", "b,a\n9,7\n"), chosen, 2, List.of()).features());

        // The training file's column names find the columns wherever they are, among others (an id, a note).
        Path shuffled = file("e.csv", "id,b,note,a\n17,6,x,5\n");
        assertArrayEquals(new float[] {5, 6}, CsvLoader.features(shuffled, Options.DEFAULT, 2, List.of("a", "b")).features());
        assertThrows(FileFormatException.class, () -> CsvLoader.features(shuffled, Options.DEFAULT, 2, List.of()), "by position: 4 columns");
    }

    @Test
    void newSamplesThatDoNotFitSayWhatTheFileHas() throws IOException {
        Path wide = file("w.csv", "a,b,c,d\n1,2,3,4\n");
        assertEquals(wide + ": 4 feature columns (\"a\", \"b\", \"c\", \"d\"), but the model takes 2 features per sample; give the 2 columns "
                + "it was trained on, with or without its label column (the last)", assertThrows(FileFormatException.class, () -> CsvLoader.features(wide, Options.DEFAULT, 2, List.of())).getMessage());
        Path text = file("t.csv", "a,b\n1,x\n");
        assertEquals(text + ":2: column 2 (\"b\"): expected a number, got \"x\"",
                assertThrows(FileFormatException.class, () -> CsvLoader.features(text, Options.DEFAULT, 2, List.of())).getMessage());
    }

    /** A column of words is categorical: one 0/1 feature per word, in sorted order, named column=word (pandas' get_dummies). */
    @Test
    void wordColumnsBecomeOneHotFeaturesNamedColumnEqualsWord() throws IOException {
        Path p = file("pets.csv", "size,colour,kind\n3.5,brown,dog\n1.2,black,cat\n4.0,white,dog\n0.9,brown,cat\n");
        TensorDataset d = CsvLoader.load(p, Options.DEFAULT);
        assertEquals(List.of("size", "colour=black", "colour=brown", "colour=white"), d.featureNames());
        assertArrayEquals(new int[] {4}, d.sampleShape());
        assertArrayEquals(new float[] {3.5f, 0, 1, 0, 1.2f, 1, 0, 0, 4.0f, 0, 0, 1, 0.9f, 0, 1, 0}, d.batch(new int[] {0, 1, 2, 3}).inputs().toFloatArray());
        assertEquals(List.of("cat", "dog"), d.classNames());

        // New samples are encoded by the training names: a word training never saw is none of the categories (all 0).
        Path fresh = file("new.csv", "colour,size\nwhite,2.0\ngrey,1.0\n");
        CsvLoader.Samples s = CsvLoader.features(fresh, Options.DEFAULT, 4, d.featureNames());
        assertArrayEquals(new float[] {2.0f, 0, 0, 1, 1.0f, 0, 0, 0}, s.features());

        // A column of numbers with a word among them is a mistake, not a category.
        assertEquals(dir.resolve("bad.csv") + ":3: column 1 (\"x\"): expected a number, got \"1,5\"",
                error("x,y\n1.0,a\n\"1,5\",b\n2.0,a\n", Options.DEFAULT));
        // So many different words are text, or an ID column: not categories.
        StringBuilder ids = new StringBuilder("name,x,y\n");
        for (int i = 0; i < 120; i++) ids.append("id").append(i % 60).append(',').append(i).append(",a\n");
        assertEquals(dir.resolve("bad.csv") + ": column \"name\" holds 60 different words: as categories (one feature each) that is more than 50; "
                + "leave it out with \"features\", or read texts with the text source", error(ids.toString(), Options.DEFAULT));
    }

    /** A missing value (NA, an empty cell, ?) is refused where it is, or its row left out with missing: drop. */
    @Test
    void missingValuesAreRefusedOrTheirRowsDropped() throws IOException {
        String text = "a,b,label\n1,2,x\nNA,3,y\n4,,x\n5,6,?\n7,8,y\n";
        assertEquals(dir.resolve("bad.csv") + ":3: column 1 (\"a\") has no value (\"NA\"); leave rows with missing values out with \"missing\": \"drop\", "
                + "or fill the gaps with the columns' means with \"missing\": \"fill\"", error(text, Options.DEFAULT));
        Path p = file("m.csv", text);
        TensorDataset d = CsvLoader.load(p, new Options(null, Column.at(-1), Task.AUTO, Header.AUTO, ',', CsvLoader.Missing.DROP));
        assertEquals(2, d.size());
        assertArrayEquals(new float[] {1, 2, 7, 8}, d.batch(new int[] {0, 1}).inputs().toFloatArray());
        assertEquals("m.csv (3 of 5 rows with missing values left out)", d.name());
        // A column the data set does not use may have gaps.
        TensorDataset onlyB = CsvLoader.load(file("m2.csv", "a,b,label\nNA,2,x\nNA,3,y\n"), new Options(List.of(Column.named("b")), Column.at(-1),
                Task.AUTO, Header.AUTO, ','));
        assertEquals(2, onlyB.size());
        for (String v : List.of("", "NA", "n/a", "NaN", "null", "None", "?", " na ")) assertEquals(true, CsvLoader.isMissing(v), v);
        for (String v : List.of("0", "N", "nah", "-")) assertEquals(false, CsvLoader.isMissing(v), v);
    }

    /**
     * missing: fill keeps a row with gaps, each gap NaN (for the training means to fill), a word column's gap NaN in each
     * of its one-hot features; a row without a label is left out all the same, and the name says both.
     */
    @Test
    void missingValuesAreKeptAsNaNToFill() throws IOException {
        Path p = file("f.csv", "a,island,label\n1,Dream,x\nNA,Biscoe,y\n4,,x\n5,Dream,?\n7,Biscoe,y\n");
        TensorDataset d = CsvLoader.load(p, new Options(null, Column.at(-1), Task.AUTO, Header.AUTO, ',', CsvLoader.Missing.FILL));
        assertEquals(4, d.size());
        assertEquals(List.of("a", "island=Biscoe", "island=Dream"), d.featureNames());
        float nan = Float.NaN;
        assertArrayEquals(new float[] {1, 0, 1, nan, 1, 0, 4, nan, nan, 7, 1, 0}, d.features());
        assertArrayEquals(new long[] {0, 1, 0, 1}, d.classTargets());
        assertEquals("f.csv (1 of 5 rows without a label left out; 2 missing values to fill)", d.name());
        // A column with no value at all has nothing to fill with.
        assertEquals(dir.resolve("bad.csv") + ": column \"b\" has no value in any row; leave it out with \"features\"",
                error("a,b,label\n1,NA,x\n2,,y\n", new Options(null, Column.at(-1), Task.AUTO, Header.AUTO, ',', CsvLoader.Missing.FILL)));
    }

    /** New samples for a model: a gap is NaN where the model fills gaps, and otherwise refused with what would fill it. */
    @Test
    void gapsInNewSamplesAreNaNOrRefused() throws IOException {
        Path p = file("new.csv", "a,island\n1,Dream\n,Biscoe\n3,NA\n");
        List<String> names = List.of("a", "island=Biscoe", "island=Dream");
        CsvLoader.Samples s = CsvLoader.features(p, new Options(null, Column.named("label"), Task.AUTO, Header.AUTO, ',', CsvLoader.Missing.FILL),
                3, names);
        float nan = Float.NaN;
        assertArrayEquals(new float[] {1, 0, 1, nan, 1, 0, 3, nan, nan}, s.features());
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> CsvLoader.features(p, new Options(null, Column.named("label"), Task.AUTO, Header.AUTO, ','), 3, names));
        assertEquals(p + ":3: column 1 (\"a\") has no value (an empty cell); the model needs every feature (a model trained with \"missing\": "
                + "\"fill\" fills gaps with its training means)", e.getMessage());
    }

    /**
     * A header is found though the line below it has no number (every cell a gap): by a number further down, or, for
     * new samples, by the first line naming every training column.
     */
    @Test
    void aHeaderIsFoundAboveARowOfGaps() throws IOException {
        Path p = file("g.csv", "a,island,label\nNA,NA,x\n4,Dream,y\n");
        TensorDataset d = CsvLoader.load(p, new Options(null, Column.at(-1), Task.AUTO, Header.AUTO, ',', CsvLoader.Missing.FILL));
        assertEquals(List.of("a", "island=Dream"), d.featureNames());
        assertEquals(2, d.size());
        Path one = file("one.csv", "island,a\nNA,\n");
        CsvLoader.Samples s = CsvLoader.features(one, new Options(null, Column.named("label"), Task.AUTO, Header.AUTO, ',', CsvLoader.Missing.FILL),
                3, List.of("a", "island=Biscoe", "island=Dream"));
        assertEquals(1, s.rows());
        float nan = Float.NaN;
        assertArrayEquals(new float[] {nan, nan, nan}, s.features());
    }

    /**
     * A file without a header but with a column of words: its features are named by column index ("1=Biscoe"), so that
     * new samples without a header are encoded the same way, with or without the label column.
     */
    @Test
    void wordsWithoutAHeaderAreNamedByColumnIndexAndFoundAgain() throws IOException {
        Path p = file("nh.csv", "0.5,Dream,3,A\n1.5,Biscoe,4,B\n2.5,Dream,5,A\n");
        TensorDataset d = CsvLoader.load(p, Options.DEFAULT);
        assertEquals(List.of("0", "1=Biscoe", "1=Dream", "2"), d.featureNames());
        assertArrayEquals(new float[] {0.5f, 0, 1, 3, 1.5f, 1, 0, 4, 2.5f, 0, 1, 5}, d.features());
        float[] expected = {7, 1, 0, 8, 9, 0, 0, 1};
        Path withLabel = file("new1.csv", "7,Biscoe,8,A\n9,Torgersen,1,B\n"), without = file("new2.csv", "7,Biscoe,8\n9,Torgersen,1\n");
        for (Path q : List.of(withLabel, without))
            assertArrayEquals(expected, CsvLoader.features(q, Options.DEFAULT, 4, d.featureNames()).features(), q.toString());
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> CsvLoader.features(file("new3.csv", "7,Biscoe\n"), Options.DEFAULT, 4, d.featureNames()));
        assertEquals(dir.resolve("new3.csv") + ": 2 columns, but the model was trained on a file without a header whose features are in columns 0, 1, 2 "
                + "(0-based): give those columns in that order, with or without the label column", e.getMessage());
        // Numbers only: no names, as before.
        assertEquals(List.of(), CsvLoader.load(file("num.csv", "1,2,A\n3,4,B\n"), Options.DEFAULT).featureNames());
    }

    /**
     * A file that is no CSV text: NUL bytes (a binary, /dev/zero, UTF-16) are refused at once, and a line with no end is
     * refused at 64 M characters, naming the line (both were read into one line until Java ran out of memory).
     */
    @Test
    void binaryAndEndlessLinesAreRefusedNotReadUntilMemoryRunsOut() throws IOException {
        Path zeros = dir.resolve("zeros.csv");
        Files.write(zeros, new byte[4096]);
        String said = assertThrows(FileFormatException.class, () -> CsvLoader.load(zeros, Options.DEFAULT)).getMessage();
        assertEquals(zeros + ":1: holds a NUL character: a binary file, or text saved as UTF-16; LayerLab reads CSV files as UTF-8 text", said);
        Path utf16 = dir.resolve("excel.csv");
        Files.writeString(utf16, "a,b,label\n1,2,x\n", StandardCharsets.UTF_16LE);
        said = assertThrows(FileFormatException.class, () -> CsvLoader.load(utf16, Options.DEFAULT)).getMessage();
        assertEquals(utf16 + ":1: holds a NUL character: a binary file, or text saved as UTF-16; LayerLab reads CSV files as UTF-8 text", said);

        said = assertThrows(FileFormatException.class, () -> CsvLoader.load(new java.io.ByteArrayInputStream("a,b\n".getBytes(StandardCharsets.UTF_8)) {
            private boolean first = true;

            @Override
            public int read(byte[] b, int off, int len) {
                if (first) {
                    first = false;
                    return super.read(b, off, len);
                }
                java.util.Arrays.fill(b, off, off + len, (byte) '7');
                return len;
            }
        }, "stream.csv", "stream", Options.DEFAULT)).getMessage();
        assertEquals("stream.csv:2: a line longer than 64 M characters: not a CSV file, or one without line breaks", said);
    }
}
