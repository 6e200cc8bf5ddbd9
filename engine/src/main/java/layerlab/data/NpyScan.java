package layerlab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import layerlab.io.Npy;

/**
 * {@link DataSources#scan} of an NPY pair: the facts {@link DataSources#open} would give of its training part, the features
 * streamed a block of samples at a time (a pass for the checks and the normalization's first sums, another for a
 * standardization's squares, another for the normalized values), so that {@code layerlab check} of a 480 MB array holds
 * a few MB of it, not the array and its split parts. Every refusal is {@link NpyLoader}'s, {@link Splits#indices}'s or
 * {@link DataSources}'s own, said in the order {@code open} meets them.
 *
 * <p>Other sources are opened: a CSV's one-hot widths, gaps and classes come out of its loader's own passes over its
 * packed rows, which a second reader would have to repeat word for word to keep every message; a Fortran-order array is
 * read whole to reorder it.
 */
final class NpyScan {
    /** Values handed over at a time: 4 MB of floats, whole samples (one sample when it is bigger). */
    private static final int BLOCK_VALUES = 1 << 20;

    private NpyScan() {}

    /**
     * The facts, or null where this file is better read whole: a header {@code open} would refuse (it says why), Fortran
     * order, no samples or empty ones (refused by the set itself).
     */
    static DataFacts scan(Path features, Path labels, double fraction, long splitSeed, Normalization.Kind kind, boolean jitter)
            throws IOException {
        NpyLoader.Samples file = NpyLoader.Samples.of(features);
        if (file == null) return null;
        int n = file.n(), size = file.size();
        int[] sampleShape = file.sampleShape();
        String name = features.getFileName().toString();
        // The training samples (ascending), or the split's refusal, said where open says it: after the files are read.
        boolean[] trains = null;
        IllegalArgumentException splitError = null;
        if (fraction > 0) {
            try {
                trains = new boolean[n];
                for (int i : Splits.indices(n, fraction, splitSeed, name).train()) trains[i] = true;
            } catch (IllegalArgumentException e) {
                splitError = e;
            }
        }
        Pass pass = new Pass(features, size, trains);

        // First pass: what the loader refuses (NaN, infinities), the range ColorJitter needs, and of the training samples
        // the normalization's first statistics or, without one, whether they are whole numbers.
        Normalization.Fitter fitter = kind == Normalization.Kind.NONE ? null
                : new Normalization.Fitter(kind, sampleShape, Normalization.Fitter.per(sampleShape), null);
        Largest largest = new Largest();
        int[] bad = {0, -1};
        float[] range = {0, 1};
        pass.run((all, count) -> {
            for (int i = 0; i < count; i++) {
                float v = all[i];
                if (!Float.isFinite(v) && bad[0]++ == 0) bad[1] = pass.at + i;
                range[0] = Math.min(range[0], v);
                range[1] = Math.max(range[1], v);
            }
        }, (train, count) -> {
            if (fitter != null) fitter.add(train, count);
            else largest.add(train, count);
        });

        Npy.Array y = Npy.readArray(labels);
        int[] ys = y.shape();
        boolean classes = y.longs() != null;
        NpyLoader.labelsFit(features, labels, n, ys, classes);
        if (bad[0] > 0) throw NpyLoader.notFinite(features, bad[0], bad[1], size);
        List<String> classNames = List.of();
        int[] targetShape = new int[0];
        if (classes) classNames = NpyLoader.classNames(labels, ys, y.longs());
        else {
            float[] targets = y.floats();
            targetShape = NpyLoader.targetShape(ys);
            NpyLoader.finite(labels, targets, targets.length / ys[0]);
            if (Arrays.stream(targetShape).reduce(1, (a, b) -> a * b) == 0) return null;
        }
        if (splitError != null) throw splitError;
        if (jitter) DataSources.pixelsForJitter(name, range[0], range[1]);

        if (fitter != null) {
            if (fitter.means()) pass.run(null, (train, count) -> fitter.add(train, count));
            Normalization norm = fitter.result();
            pass.run(null, (train, count) -> {
                norm.applyInPlace(train, count, sampleShape);
                largest.add(train, count);
            });
        }
        return new DataFacts(trains != null ? name + " [train]" : name, sampleShape, targetShape, classNames, largest.id());
    }

    /** What a pass does with a block of values: {@code count} of {@code values}. */
    private interface Values {
        void accept(float[] values, int count);
    }

    /** A pass over the features: each block whole, then its training samples gathered in their order. */
    private static final class Pass {
        private final Path features;
        private final int size;
        private final boolean[] trains;
        private final float[] gathered;
        /** The index of the first value of the block at hand. */
        int at;

        Pass(Path features, int size, boolean[] trains) {
            this.features = features;
            this.size = size;
            this.trains = trains;
            gathered = trains == null ? null : new float[Math.max(1, BLOCK_VALUES / size) * size];
        }

        void run(Values all, Values train) throws IOException {
            at = 0;
            Npy.streamFloats(features, Math.max(1, BLOCK_VALUES / size) * size, (block, count) -> {
                if (all != null) all.accept(block, count);
                if (trains == null) train.accept(block, count);
                else {
                    int kept = 0;
                    for (int s = 0, sample = at / size; s < count; s += size, sample++)
                        if (trains[sample]) {
                            System.arraycopy(block, s, gathered, kept, size);
                            kept += size;
                        }
                    train.accept(gathered, kept);
                }
                at += count;
            });
        }
    }

    /** The largest of values that are all whole numbers from 0, as DataFit takes it of a set's features; -1 when one is not. */
    private static final class Largest {
        private float max;
        private boolean whole = true;

        void add(float[] x, int count) {
            for (int i = 0; i < count && whole; i++) {
                float v = x[i];
                if (!(v >= 0) || v != Math.rint(v)) whole = false;
                else if (v > max) max = v;
            }
        }

        long id() {
            return whole ? (long) max : -1;
        }
    }
}
