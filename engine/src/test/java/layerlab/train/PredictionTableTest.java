package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** What a table shows of outputs that are not class scores: all of a few, the largest of many; files keep all. */
class PredictionTableTest {
    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    @Test
    void aWideOutputShowsItsLargestValuesWithTheirIndex() {
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) v[i] = (i * 37 % 1000) / 100f; // a permutation of 0.00 … 9.99
        v[500] = Float.NaN;
        PredictionTable t = new PredictionTable(List.of("pic.jpg"), Tensor.of(v, 1, 1000), Metrics.Task.OTHER, List.of(), false);
        assertEquals("largest outputs [index] (of 1000)", t.valuesHeading());
        // 9.99 at i·37 ≡ 999 (mod 1000): i = 27; then 9.98 at 54, 9.97 at 81, 9.96 at 108, 9.95 at 135.
        assertEquals("[27] 9.99  [54] 9.98  [81] 9.97  [108] 9.96  [135] 9.95  …", t.valuesShown(0, x -> String.format(Locale.ROOT, "%.2f", x)));
        assertEquals(1001, t.csv().lines().toList().get(1).split(",").length, "the CSV keeps every value");

        PredictionTable few = new PredictionTable(List.of("a"), Tensor.of(new float[] {1, 2, 3}, 1, 3), Metrics.Task.OTHER, List.of(), false);
        assertEquals("outputs", few.valuesHeading());
        assertEquals("1.0 2.0 3.0", few.valuesShown(0, PredictionTableTest::num));
        assertEquals("sample  outputs\na       1.0 2.0 3.0\n", few.text(PredictionTableTest::num));
    }

    @Test
    void topKNamesTheRunnersUpAndLongClassListsAreCut() {
        // Probabilities already (a Softmax's Output): dog 0.6, bird 0.3, cat 0.1.
        PredictionTable t = new PredictionTable(List.of("x"), Tensor.of(new float[] {0.1f, 0.6f, 0.3f}, 1, 3), Metrics.Task.OTHER,
                List.of("cat", "dog", "bird"), true);
        assertEquals("dog", t.predicted(0));
        assertEquals(List.of("bird 30.0%", "cat 10.0%"), t.runnersUp(0, 5));
        assertEquals(List.of("bird 30.0%"), t.runnersUp(0, 2));
        assertEquals("sample  predicted  probability  then\nx       dog              60.0%  bird 30.0%, cat 10.0%\n", t.text(PredictionTableTest::num, 3));
        assertEquals("sample  predicted  probability\nx       dog              60.0%\n", t.text(PredictionTableTest::num));

        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) many.add("c" + i);
        assertEquals("c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 990 more", PredictionTable.listed(many));
        assertEquals("cat, dog, bird", PredictionTable.listed(List.of("cat", "dog", "bird")));
    }
}
