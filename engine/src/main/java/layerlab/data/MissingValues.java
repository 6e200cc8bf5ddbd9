package layerlab.data;

import java.util.Arrays;
import java.util.List;

/**
 * The values that stand in for a table's gaps (NaN), fitted on its training rows as scikit-learn's
 * {@code SimpleImputer} fits them: per feature, over the rows that have a value, the mean, the median (of an even
 * count, the mean of the middle two) or the most frequent value (of a tie, the smallest).
 *
 * <p>A word column's one-hot features ({@code column=word}, side by side, missing together, one 1 in each row that has
 * the word) are one column here: by mean, each gets its share of the rows (a missing island becomes 0.36 Biscoe,
 * 0.15 Dream, …); by median or most frequent value, the gap becomes the column's most frequent word (of a tie, the
 * first in the sorted order, the smallest), which is what a pipeline's {@code SimpleImputer(strategy="most_frequent")}
 * on the words before a {@code OneHotEncoder} gives. A median of words does not exist, and per 0/1 feature it could
 * name no word or two.
 */
public final class MissingValues {
    private MissingValues() {
    }

    /**
     * One value per feature of {@code train}'s flat samples.
     *
     * @throws IllegalArgumentException when a feature has no value in any sample (naming it)
     */
    public static float[] fill(TensorDataset train, Normalization.FillWith with) {
        int f = train.sampleShape()[0], n = train.size();
        float[] x = train.features();
        List<String> names = train.featureNames().size() == f ? train.featureNames() : List.of();
        float[] fill = new float[f];
        for (int k = 0; k < f; ) {
            int end = with == Normalization.FillWith.MEAN ? k + 1 : wordColumnEnd(x, n, f, names, k);
            if (end > k + 1) {
                mostFrequentWord(x, n, f, k, end, fill, train.name(), names);
                k = end;
                continue;
            }
            float[] values = valuesOf(x, n, f, k);
            if (values.length == 0) {
                throw new IllegalArgumentException(train.name() + ": feature " + (names.isEmpty() ? "#" + k : "\"" + names.get(k) + "\"")
                        + " has no value in any of the " + n + " training samples, so there is no " + with.mark() + " to fill its gaps with; leave it out");
            }
            fill[k] = switch (with) {
                case MEAN -> mean(values);
                case MEDIAN -> median(values);
                case MOST_FREQUENT -> mostFrequent(values);
            };
            k++;
        }
        return fill;
    }

    /** Feature {@code k}'s values in the samples that have one. */
    private static float[] valuesOf(float[] x, int n, int f, int k) {
        float[] v = new float[n];
        int m = 0;
        for (int i = 0; i < n; i++) if (!Float.isNaN(x[i * f + k])) v[m++] = x[i * f + k];
        return Arrays.copyOf(v, m);
    }

    private static float mean(float[] v) {
        double sum = 0;
        for (float a : v) sum += a;
        return (float) (sum / v.length);
    }

    private static float median(float[] v) {
        float[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (float) (((double) s[m - 1] + s[m]) / 2);
    }

    private static float mostFrequent(float[] v) {
        float[] s = v.clone();
        Arrays.sort(s);
        float best = s[0];
        int bestRun = 0;
        for (int i = 0; i < s.length; ) {
            int j = i;
            while (j < s.length && s[j] == s[i]) j++;
            if (j - i > bestRun) { // strictly more: of a tie, the first (smallest) stays
                bestRun = j - i;
                best = s[i];
            }
            i = j;
        }
        return best;
    }

    /**
     * The end (exclusive) of the word column whose one-hot features start at {@code k}: the features after it named
     * with the same {@code column=} prefix, missing in the same rows, one of them 1 and the others 0 in every row that
     * has the word; {@code k + 1} when {@code k} starts no such run of two or more.
     */
    static int wordColumnEnd(float[] x, int n, int f, List<String> names, int k) {
        if (names.isEmpty()) return k + 1;
        int eq = names.get(k).indexOf('=');
        if (eq < 0) return k + 1;
        String prefix = names.get(k).substring(0, eq + 1);
        int end = k + 1;
        while (end < f && names.get(end).startsWith(prefix)) end++;
        if (end - k < 2) return k + 1;
        for (int i = 0; i < n; i++) {
            int base = i * f;
            boolean gap = Float.isNaN(x[base + k]);
            int ones = 0;
            for (int j = k; j < end; j++) {
                float v = x[base + j];
                if (Float.isNaN(v) != gap) return k + 1;
                if (gap) continue;
                if (v == 1) ones++;
                else if (v != 0) return k + 1;
            }
            if (!gap && ones != 1) return k + 1;
        }
        return end;
    }

    /** The one-hot of the word column {@code [k, end)}'s most frequent word into {@code fill}. */
    private static void mostFrequentWord(float[] x, int n, int f, int k, int end, float[] fill, String dataset, List<String> names) {
        int[] count = new int[end - k];
        for (int i = 0; i < n; i++) {
            for (int j = k; j < end; j++) if (x[i * f + j] == 1) count[j - k]++;
        }
        int best = 0;
        for (int j = 1; j < count.length; j++) if (count[j] > count[best]) best = j;
        if (count[best] == 0) {
            String column = names.get(k).substring(0, names.get(k).indexOf('='));
            throw new IllegalArgumentException(dataset + ": column \"" + column + "\" has no value in any of the " + n
                    + " training samples, so there is no most frequent word to fill its gaps with; leave it out");
        }
        for (int j = k; j < end; j++) fill[j] = j - k == best ? 1 : 0;
    }
}
