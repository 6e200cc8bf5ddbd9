package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.BundledDatasets;
import layerlab.data.ColorMnist;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.SequenceGenerators;
import layerlab.data.TensorDataset;
import layerlab.data.Vocabulary;
import org.junit.jupiter.api.Test;

class TrainingDataTest {
    @Test
    void majorityLabelsSayWhichOfTokens1And2OccursMoreOften() {
        TensorDataset d = SequenceGenerators.majority(200, 5, 10, 3);
        assertArrayEquals(new int[] {10}, d.sampleShape());
        assertEquals(List.of("1>2", "2>1"), d.classNames());
        long ones = 0;
        for (int i = 0; i < d.size(); i++) {
            int c1 = 0, c2 = 0;
            for (int t = 0; t < 10; t++) {
                float tok = d.features()[i * 10 + t];
                assertTrue(tok >= 0 && tok < 5 && tok == Math.rint(tok));
                if (tok == 1) c1++;
                if (tok == 2) c2++;
            }
            assertEquals(c1 > c2 ? 0 : 1, d.classTargets()[i]);
            ones += d.classTargets()[i];
        }
        assertTrue(ones > 60 && ones < 140, "both classes occur: " + ones);
        assertArrayEquals(d.features(), SequenceGenerators.majority(200, 5, 10, 3).features(), "the seed fixes the data");
    }

    @Test
    void sentimentReviewsArePaddedOnTheLeftAndLabelledByTheirMajority() {
        TensorDataset d = SequenceGenerators.sentiment(300, 1000, 50, 1);
        for (int i = 0; i < d.size(); i++) {
            int pos = 0, neg = 0;
            boolean started = false;
            for (int t = 0; t < 50; t++) {
                int tok = (int) d.features()[i * 50 + t];
                if (tok != 0) started = true;
                else assertTrue(!started, "padding only before the words");
                if (tok >= 1 && tok <= 20) pos++;
                if (tok >= 21 && tok <= 40) neg++;
            }
            assertTrue(pos != neg);
            assertEquals(pos > neg ? 1 : 0, d.classTargets()[i]);
            assertTrue(d.features()[i * 50 + 49] != 0, "the last step is a word");
        }
    }

    /**
     * {@code "padding": "right"}: the same reviews and labels, each from step 0 with 0 after it; the set says its side.
     * A bad side, or a side for majority (whose sequences have no padding), is refused saying what is allowed.
     */
    @Test
    void sentimentReviewsPaddedOnTheRightAreTheSameReviewsFromStepZero() throws Exception {
        TensorDataset left = SequenceGenerators.sentiment(300, 1000, 50, 1);
        TensorDataset right = (TensorDataset) DataSources.open(Map.of("source", "tokens", "task", "sentiment", "n", 300, "vocab", 1000, "length", 50,
                "seed", 1, "padding", "right"), Path.of(".")).train();
        assertEquals(Vocabulary.Padding.LEFT, left.padding());
        assertEquals(Vocabulary.Padding.RIGHT, right.padding());
        assertTrue(right.name().contains("padding=right"), right.name());
        assertArrayEquals(left.classTargets(), right.classTargets());
        for (int i = 0; i < left.size(); i++) {
            List<Float> l = new java.util.ArrayList<>(), r = new java.util.ArrayList<>();
            for (int t = 0; t < 50; t++) {
                if (left.features()[i * 50 + t] != 0) l.add(left.features()[i * 50 + t]);
                if (right.features()[i * 50 + t] != 0) r.add(right.features()[i * 50 + t]);
            }
            assertEquals(l, r, "review " + i + ": the same words in the same order");
            for (int t = 0; t < 50; t++) assertEquals(t < r.size(), right.features()[i * 50 + t] != 0, "review " + i + " fills steps 0.." + (r.size() - 1));
        }
        assertEquals("dataset.padding is \"up\"; choose one of left, right", assertThrows(IllegalArgumentException.class,
                () -> DataSources.open(Map.of("source", "tokens", "task", "sentiment", "padding", "up"), Path.of("."))).getMessage());
        assertEquals("dataset.padding: the majority task's sequences are all dataset.length tokens long, with no padding (0 is a token there); padding is "
                + "the sentiment task's: leave it out, or set task to \"sentiment\"", assertThrows(IllegalArgumentException.class,
                () -> DataSources.open(Map.of("source", "tokens", "padding", "left"), Path.of("."))).getMessage());
        assertEquals(List.of("left", "right"), DataSources.choices("tokens", "padding"), "the Data tab offers both");
    }

    @Test
    void colorMnistPaintsTheBundledDigits() {
        TensorDataset d = ColorMnist.generate(40, 0);
        assertArrayEquals(new int[] {3, 28, 28}, d.sampleShape());
        for (float v : d.features()) assertTrue(v >= 0 && v <= 1);
        long[] digits = BundledDatasets.mnist().classTargets();
        for (int i = 0; i < 40; i++) assertEquals(digits[i], d.classTargets()[i]);
    }

    @Test
    void theExtraSourcesSplitAndCheckTheirKeys() throws Exception {
        DataSplit s = DataSources.open(Map.of("source", "tokens", "task", "sentiment", "n", 100, "vocab", 1000, "length", 50,
                "validation_split", 0.2), Path.of("."));
        assertEquals(80, s.train().size());
        assertEquals(20, s.validation().size());
        assertTrue(s.description().startsWith("tokens/sentiment (n=100"), s.description());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSources.open(Map.of("source", "tokens", "lenght", 5), Path.of(".")));
        assertEquals("dataset: unknown key \"lenght\" for source \"tokens\" (did you mean length?); the keys are length, n, normalize, padding, seed, "
                + "source, task, validation, validation_split, vocab", e.getMessage());
        assertEquals("dataset.normalize: token ids are not normalized; expected \"none\", got \"standardize\"",
                assertThrows(IllegalArgumentException.class,
                        () -> DataSources.open(Map.of("source", "tokens", "normalize", "standardize"), Path.of("."))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSources.open(Map.of("source", "tokens", "task", "sentimnt"), Path.of(".")))
                .getMessage().startsWith("dataset.task is \"sentimnt\" (did you mean sentiment?)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSources.open(Map.of("source", "spiral"), Path.of(".")))
                .getMessage().startsWith("dataset.source: unknown source \"spiral\" (did you mean spirals?); expected one of xor, spirals"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> DataSources.open(Map.of(), Path.of(".")));
        assertTrue(missing.getMessage().startsWith("dataset: missing \"source\"; expected one of xor, spirals"), missing.getMessage());
        assertTrue(missing.getMessage().endsWith("tokens, color_mnist"), missing.getMessage());
        assertEquals(1000, DataSources.open(Map.of("source", "spirals", "n", 1000), Path.of(".")).train().size(), "others go to DataSources");
    }

    @Test
    void overridesParseJsonAndANewSourceStartsAfresh() {
        Map<String, Object> project = Map.of("source", "moons", "n", 500, "noise", 0.1);
        assertEquals(Map.of("source", "moons", "n", 2000, "noise", 0.1, "normalize", "scale"),
                TrainingData.override(project, Map.of("n", "2000", "normalize", "scale")));
        assertEquals(Map.of("source", "csv", "path", "a.csv", "features", List.of(0, 1)),
                TrainingData.override(project, new java.util.LinkedHashMap<>(Map.of("source", "csv", "path", "a.csv", "features", "[0, 1]"))));
    }

    @Test
    void aPathGivenAsAnOverrideIsRelativeToTheWorkingDirectory() {
        java.nio.file.Path cwd = java.nio.file.Path.of("/home/me/work");
        Map<String, Object> project = Map.of("source", "csv", "path", "data/train.csv", "features", List.of("a", "b"));
        // Only what the command line gives moves; the project's own path stays relative to the project's folder.
        assertEquals("data/train.csv", TrainingData.override(project, Map.of("task", "classification"), cwd).get("path"));
        assertEquals("/home/me/work/mine.csv", TrainingData.override(project, Map.of("path", "mine.csv"), cwd).get("path"));
        assertEquals("/abs/x.csv", TrainingData.override(project, Map.of("path", "/abs/x.csv"), cwd).get("path"));
        Map<String, Object> npy = TrainingData.override(project, new java.util.LinkedHashMap<>(Map.of("source", "npy", "features", "x.npy",
                "labels", "../y.npy")), cwd);
        assertEquals("/home/me/work/x.npy", npy.get("features"));
        assertEquals("/home/me/y.npy", npy.get("labels"));
        // A csv's "features" lists columns, not a file.
        assertEquals(List.of("a"), TrainingData.override(project, Map.of("features", "[\"a\"]"), cwd).get("features"));
    }
}
