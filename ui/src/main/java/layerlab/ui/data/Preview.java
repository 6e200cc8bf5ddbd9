package layerlab.ui.data;

import java.util.List;
import layerlab.data.Batch;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.data.Vocabulary;

/** What the preview draws, read off the data on the loader thread; {@code vocabulary} reads a text set's ids back (else null). */
record Preview(int[] shape, float[] features, long[] labels, float[] values, List<String> classes, long[] counts, List<String> columns,
               Vocabulary vocabulary, java.util.BitSet gaps, layerlab.data.Normalization.FillWith fillWith, float[] augmented,
               TextPreview.Unknown unknown, List<layerlab.data.TargetHead> heads) {
    /** Samples whose augmented variants the preview shows, and variants of each beside the sample itself. */
    static final int AUGMENTED_SAMPLES = 3, DRAWS = 7;

    /**
     * Value {@code j}'s column heading: the file's column name (a CSV header's); of a time series' window {@code [steps,
     * variables]}, its step back from the last ("t-11" … "t"), with the variable's index when there are several ("t-2 [1]");
     * else "x" and its index.
     */
    String heading(int j, boolean series) {
        if (j < columns.size()) return columns.get(j);
        if (!series || shape.length != 2) return "x" + j;
        int variables = shape[1], back = shape[0] - 1 - j / variables;
        return (back == 0 ? "t" : "t-" + back) + (variables > 1 ? " [" + j % variables + "]" : "");
    }

    static Preview of(DataSplit d) {
        Dataset t = d.trainSamples();
        int n = Math.min(t.size(), t.sampleShape().length == 1 && t.sampleShape()[0] == 2 ? 1000 : DataPanel.PREVIEW);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Batch b = t.batch(idx);
        long[] counts = new long[t.classNames().size()];
        long[] labels = null;
        float[] values = null;
        if (t.isClassification()) {
            labels = b.targets().toLongArray();
            // From the labels themselves where the set holds them: a batch of every sample copied every feature to count
            // them (a 480 MB array's training part, 430 MB more, held while the Data tab opened it).
            long[] every = t instanceof layerlab.data.TensorDataset td && td.classTargets() != null ? td.classTargets() : null;
            if (every == null) {
                int[] all = new int[t.size()];
                for (int i = 0; i < all.length; i++) all[i] = i;
                every = t.batch(all).targets().toLongArray();
            }
            for (long l : every) if (l >= 0 && l < counts.length) counts[(int) l]++;
        } else {
            values = b.targets().toFloatArray();
        }
        // The samples as the file holds them (the model sees them normalized; the description says how).
        float[] raw = d.normalization().restore(b.inputs()).toFloatArray();
        // The values a table lacked, filled with training means, medians or most frequent values: marked as such.
        java.util.BitSet gaps = new java.util.BitSet();
        int per = raw.length / Math.max(1, n);
        if (t instanceof layerlab.data.TensorDataset td)
            for (int i = 0; i < n; i++) for (int j = 0; j < per; j++) if (td.isGap(i, j)) gaps.set(i * per + j);
        return new Preview(t.sampleShape(), raw, labels, values, t.classNames(), counts, t.featureNames(), t.vocabulary(), gaps,
                d.normalization().fillWith(), augmented(d, b, n), t.vocabulary() == null ? null : TextPreview.Unknown.of(d), t.targetHeads());
    }

    /**
     * A few training samples, each followed by {@link #DRAWS} variants the training's augmentation could draw of it,
     * as the file holds pixels ({@code [samples·(1 + DRAWS), C, H, W]}); null without augmentation.
     */
    private static float[] augmented(DataSplit d, Batch b, int n) {
        if (!(d.train() instanceof layerlab.data.AugmentedDataset a) || n == 0) return null;
        int[] s = layerlab.data.Augmentation.chw(a.sampleShape());
        int per = s[0] * s[1] * s[2], k = Math.min(AUGMENTED_SAMPLES, n);
        float[] x = b.inputs().toFloatArray();
        float[] out = new float[k * (1 + DRAWS) * per];
        for (int i = 0; i < k; i++) {
            int at = i * (1 + DRAWS) * per;
            System.arraycopy(x, i * per, out, at, per);
            for (int j = 1; j <= DRAWS; j++) {
                float[] drawn = a.draw(x, i * per, i * 7919L + j);
                System.arraycopy(drawn, 0, out, at + j * per, per);
            }
        }
        int[] sample = a.sampleShape(), shape = new int[sample.length + 1];
        shape[0] = k * (1 + DRAWS);
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return d.normalization().restore(layerlab.tensor.Tensor.of(out, shape)).toFloatArray();
    }

    int size() {
        int per = 1;
        for (int s : shape) per *= s;
        return features.length / Math.max(1, per);
    }
}
