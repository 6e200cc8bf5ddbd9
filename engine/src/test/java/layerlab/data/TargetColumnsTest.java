package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table's {@code "targets"}: each target Input's column(s), read side by side as float targets with what each holds
 * ({@link TargetHead}); the columns no longer features; and the refusals naming the Input and the column.
 */
class TargetColumnsTest {
    @TempDir Path dir;

    /** An object in the order written, as a project's JSON gives it. */
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private DataSplit open(Map<String, Object> settings) throws IOException {
        Files.writeString(dir.resolve("t.csv"), "a,b,kind,amount\n1,2,x,0.5\n2,3,y,1.5\n3,1,x,2.25\n4,4,y,3.0\n5,5,z,NA\n");
        return DataSources.open(settings, dir);
    }

    private String refused(Map<String, Object> settings) {
        return assertThrows(IOException.class, () -> open(settings)).getMessage();
    }

    private String misconfigured(Map<String, Object> settings) {
        return assertThrows(IllegalArgumentException.class, () -> open(settings)).getMessage();
    }

    @Test
    void eachTargetInputTakesItsColumnAndTheRestAreFeatures() throws IOException {
        TensorDataset d = (TensorDataset) open(ordered("source", "csv", "path", "t.csv", "missing", "drop",
                "targets", ordered("kind", "kind", "amount", "amount"))).train();
        assertEquals(List.of("a", "b"), d.featureNames());
        assertArrayEquals(new int[] {2}, d.targetShape());
        assertEquals(List.of(new TargetHead("kind", List.of("kind"), List.of("x", "y"), true), new TargetHead("amount", List.of("amount"), List.of(), false)),
                d.targetHeads());
        // The row with no amount is left out, as a row without a label is; a word's class index beside the number.
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 0, 2.25f, 1, 3f}, d.valueTargets());
        assertEquals(List.of(), d.classNames());
    }

    /** A separate validation file with fewer words: numbered by the training words, as one label column's classes are. */
    @Test
    void aValidationFilesWordsAreNumberedAsTheTrainingOnes() throws IOException {
        // Only y: the file alone would number it 0; it is the training set's class 1.
        Files.writeString(dir.resolve("v.csv"), "a,b,kind,amount\n2,3,y,1.5\n4,4,y,3.0\n");
        DataSplit s = open(ordered("source", "csv", "path", "t.csv", "missing", "drop", "targets", ordered("kind", "kind", "amount", "amount"),
                "validation", ordered("source", "csv", "path", "v.csv")));
        TensorDataset v = (TensorDataset) s.validation();
        assertArrayEquals(new float[] {1, 1.5f, 1, 3f}, v.valueTargets());
        assertEquals(List.of("x", "y"), v.targetHeads().get(0).classes());
        // z is no training word (its one training row had no amount): refused, naming the Input and the column.
        Files.writeString(dir.resolve("v.csv"), "a,b,kind,amount\n1,2,z,0.5\n");
        assertEquals("dataset.validation: \"z\" in column \"kind\" (target Input \"kind\") is not one of the training set's classes (x, y)",
                misconfigured(ordered("source", "csv", "path", "t.csv", "missing", "drop", "targets", ordered("kind", "kind", "amount", "amount"),
                        "validation", ordered("source", "csv", "path", "v.csv"))));
    }

    @Test
    void aLineOfPairsIsTheSameAsAnObject() throws IOException {
        TensorDataset d = (TensorDataset) open(ordered("source", "csv", "path", "t.csv", "missing", "drop", "targets", "kind=kind, amount=amount")).train();
        assertEquals(List.of("kind", "amount"), d.targetHeads().stream().map(TargetHead::input).toList());
    }

    @Test
    void thePenguinsSpeciesAndBodyMassLeaveFiveFeatures() throws IOException {
        Dataset d = open(ordered("source", "penguins", "targets", ordered("species", "species", "mass", "body_mass_g"))).train();
        assertEquals(List.of("island=Biscoe", "island=Dream", "island=Torgersen", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "sex=female",
                "sex=male"), d.featureNames());
        assertEquals(333, d.size());
        TargetHead mass = d.targetHeads().get(1);
        // Whole grams: numbers, offered as classes to a class-index loss only (Feeds reads the loss).
        assertEquals(false, mass.words());
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), d.targetHeads().get(0).classes());
    }

    @Test
    void refusalsNameTheInputAndTheColumn() {
        assertEquals("dataset.targets.amount: " + dir.resolve("t.csv") + ": no column \"amonut\"; the header on line 1 names a, b, kind, amount",
                refused(ordered("source", "csv", "path", "t.csv", "targets", ordered("kind", "kind", "amount", "amonut"))));
        assertEquals(dir.resolve("t.csv") + ": column \"kind\" is the target of both \"kind\" and \"again\" in dataset.targets; give each target Input "
                + "columns of its own", refused(ordered("source", "csv", "path", "t.csv", "targets", ordered("kind", "kind", "again", "kind"))));
        assertEquals(dir.resolve("t.csv") + ": column \"a\" is target Input \"amount\"'s in dataset.targets and also listed as a feature; a model would "
                + "read its own answer", refused(ordered("source", "csv", "path", "t.csv", "features", List.of("a", "b"), "targets", ordered("kind", "kind", "amount", "a"))));
        assertEquals("dataset.targets.amount names no column; give the column target Input \"amount\" takes",
                misconfigured(ordered("source", "csv", "path", "t.csv", "targets", ordered("kind", "kind", "amount", List.of()))));
        assertEquals("dataset.targets and dataset.label_column are both given: with targets each target Input names its own column; leave label_column out",
                misconfigured(ordered("source", "csv", "path", "t.csv", "label_column", "kind", "targets", ordered("kind", "kind"))));
        assertEquals("dataset.targets: \"amount\" is no Input=column pair; write e.g. \"species=species, mass=body_mass_g\"",
                misconfigured(ordered("source", "csv", "path", "t.csv", "targets", "kind=kind, amount")));
        // layerlab check finds them without reading the file.
        assertThrows(IllegalArgumentException.class, () -> DataSources.check(ordered("source", "csv", "path", "none.csv", "targets", 3)));
    }
}
