package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.data.CsvLoader.Column;
import layerlab.data.CsvLoader.Header;
import layerlab.data.CsvLoader.Missing;
import layerlab.data.CsvLoader.Options;
import layerlab.data.CsvLoader.Task;
import layerlab.data.Normalization.FillWith;
import layerlab.data.Normalization.Kind;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against scikit-learn's SimpleImputer (fixtures/data/impute.json, make_impute_fixtures.py). */
class MissingValuesTest {
    static final Fixtures FIXTURE = Fixtures.load("data/impute.json");

    @TempDir
    Path dir;

    @Test
    void thePenguinsGapsAreFilledAsScikitLearnFillsThem() throws Exception {
        JsonNode c = FIXTURE.json().get("penguins");
        TensorDataset d = BundledDatasets.penguins(Missing.FILL);
        assertEquals(c.get("rows").asInt(), d.size());
        assertFills(c, d);
    }

    @Test
    void tiesGoToTheSmallestAndAnEvenCountsMedianIsTheMiddlePairsMean() throws Exception {
        JsonNode c = FIXTURE.json().get("ties");
        Path csv = Files.writeString(dir.resolve("ties.csv"), c.get("csv").asText());
        List<Column> features = new ArrayList<>();
        c.get("features").forEach(f -> features.add(Column.named(f.asText())));
        TensorDataset d = CsvLoader.load(csv, new Options(features, Column.named(c.get("label").asText()), Task.AUTO, Header.AUTO, ',', Missing.FILL));
        assertEquals(c.get("rows").asInt(), d.size());
        assertEquals(List.of("a", "b", "w=a", "w=b", "w=c"), d.featureNames());
        assertFills(c, d);
    }

    /** Each strategy's fill per feature name, within float32 rounding of scikit-learn's float64 statistics. */
    private static void assertFills(JsonNode c, TensorDataset d) {
        for (FillWith with : FillWith.values()) {
            float[] fill = MissingValues.fill(d, with);
            JsonNode expected = c.get("fill").get(with.key());
            assertEquals(expected.size(), fill.length, with.key());
            for (int k = 0; k < fill.length; k++) {
                String name = d.featureNames().get(k);
                assertTrue(expected.has(name), with.key() + ": no " + name);
                double e = expected.get(name).asDouble();
                assertEquals(e, fill[k], 1e-6 * Math.max(1, Math.abs(e)), with.key() + " " + name);
            }
        }
    }

    @Test
    void aStrategyTravelsWithTheModelAndIsNamed() {
        TensorDataset t = TensorDataset.classification("t", new float[] {1, 0, 1, Float.NaN, Float.NaN, Float.NaN, 5, 0, 1, 9, 1, 0},
                new int[] {3}, new long[] {0, 1, 0, 1}, List.of("x", "y")).withFeatureNames(List.of("size", "sex=f", "sex=m"));
        Normalization n = Normalization.fit(Kind.NONE, t, FillWith.MEDIAN);
        // The median of 1, 5, 9; of the words f, m, m: m.
        assertArrayEquals(new float[] {5, 0, 1}, n.fill());
        assertEquals(FillWith.MEDIAN, n.fillWith());
        assertEquals("none, gaps filled with training medians", n.describe());
        // Where the data are shown, a filled value is marked by what filled it: a word by median is its most frequent.
        assertEquals(List.of("median", "most frequent", "mean", "mean"),
                List.of(FillWith.MEDIAN.mark("size"), FillWith.MEDIAN.mark("sex=m"), FillWith.MEAN.mark("sex=m"), FillWith.MEAN.mark("size")));
        Map<String, Object> m = n.toMap();
        assertEquals("median", m.get("fill_with"));
        assertEquals(n, Normalization.fromMap(m));
        // Means: the words' shares. A normalization stored before strategies existed has none written: the mean.
        Normalization mean = Normalization.fit(Kind.STANDARDIZE, t, FillWith.MEAN);
        assertArrayEquals(new float[] {5, 1 / 3f, 2 / 3f}, mean.fill(), 1e-6f);
        Map<String, Object> old = new java.util.LinkedHashMap<>(mean.toMap());
        old.remove("fill_with");
        assertEquals(mean, Normalization.fromMap(old));
        assertEquals(false, n.equals(n.withFillWith(FillWith.MOST_FREQUENT)));
    }

    @Test
    void oneHotFeaturesThatAreNotAWordColumnAreFilledOneByOne() {
        // Named like a word column, but a row has two 1s: each feature is its own number.
        TensorDataset t = TensorDataset.classification("t", new float[] {1, 1, 0, 1, Float.NaN, 0, 0, 1}, new int[] {2}, new long[] {0, 1, 0, 1},
                List.of("x", "y")).withFeatureNames(List.of("k=a", "k=b"));
        assertArrayEquals(new float[] {0, 1}, MissingValues.fill(t, FillWith.MOST_FREQUENT));
        TensorDataset none = TensorDataset.classification("empty", new float[] {1, Float.NaN, 2, Float.NaN}, new int[] {2}, new long[] {0, 1},
                List.of("a", "b")).withFeatureNames(List.of("bill", "flipper"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MissingValues.fill(none, FillWith.MEDIAN));
        assertEquals("empty: feature \"flipper\" has no value in any of the 2 training samples, so there is no median to fill its gaps with; leave it out",
                e.getMessage());
    }
}
