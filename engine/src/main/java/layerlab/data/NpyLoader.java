package layerlab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import layerlab.io.FileFormatException;
import layerlab.io.Npy;

/**
 * A data set saved from NumPy as two {@code .npy} files: features {@code [N, ...]} (any numeric dtype Npy
 * reads, loaded as float32; {@code [N]} is a value a sample, {@code [N, 1]}) and labels {@code [N]}. Integer labels are class indices 0..k-1 (class names "0",
 * "1", …, k = the largest label + 1); float labels are regression targets, {@code [N]} read as {@code [N, 1]}.
 */
public final class NpyLoader {
    private NpyLoader() {}

    public static TensorDataset load(Path features, Path labels) throws IOException {
        // The arrays as read, not as tensors: a tensor's values copied out again held a 500 MB file twice more.
        // Features as float32 as they are read, whatever the dtype: whole numbers read as int64 first took 3 times the floats.
        Npy.Array x = Npy.readFloats(features), y = Npy.readArray(labels);
        int[] xs = x.shape(), ys = y.shape();
        if (xs.length == 0) throw new FileFormatException(features + ": features have shape []; expected [N, ...] samples");
        // [N]: a value a sample, as predict reads such an array (scikit-learn would ask for X.reshape(-1, 1)).
        if (xs.length == 1) xs = new int[] {xs[0], 1};
        boolean classes = y.longs() != null;
        labelsFit(features, labels, xs[0], ys, classes);
        float[] values = x.floats();
        finite(features, values, values.length / xs[0]);
        String name = features.getFileName().toString();
        int[] sampleShape = Arrays.copyOfRange(xs, 1, xs.length);
        if (classes) {
            long[] t = y.longs();
            return TensorDataset.classification(name, values, sampleShape, t, classNames(labels, ys, t));
        }
        float[] targets = y.floats();
        finite(labels, targets, targets.length / ys[0]);
        return TensorDataset.regression(name, values, sampleShape, targets, targetShape(ys));
    }

    /** A set's split parts read straight from its files, the whole set's name and its {@link TensorDataset#describe()}. */
    record Parts(Splits.TrainValidation split, String name, String described) {}

    /**
     * {@link #load} split as {@code plan} says (a validation split, not folds), each sample read straight into its part: a
     * set read whole and then copied into its parts held a 480 MB array twice while a run started. The same parts, values
     * and refusals as {@code plan.apply(load(features, labels))}; null where that is the way to go: a header it refuses (it
     * says why), Fortran order, no samples or empty ones, a split it refuses (said after the files' own problems).
     */
    static Parts loadSplit(Path features, Path labels, Splits.Plan plan) throws IOException {
        if (plan.folds() > 0) return null;
        Samples file = Samples.of(features);
        if (file == null) return null;
        Npy.Head head = file.head();
        int n = file.n(), size = file.size();
        int[] sampleShape = file.sampleShape();
        String name = features.getFileName().toString();
        Splits.Indices indices;
        try {
            indices = plan.indices(n, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int[] part = new int[n]; // each sample's place in its part: k for training, -1 - k for validation
        for (int k = 0; k < indices.train().length; k++) part[indices.train()[k]] = k;
        for (int k = 0; k < indices.validation().length; k++) part[indices.validation()[k]] = -1 - k;
        float[] train = new float[indices.train().length * size], validation = new float[indices.validation().length * size];
        int[] at = {0}, bad = {0, -1};
        Npy.streamFloats(features, Math.max(1, (1 << 20) / size) * size, (block, count) -> {
            for (int i = 0; i < count; i++)
                if (!Float.isFinite(block[i]) && bad[0]++ == 0) bad[1] = at[0] + i;
            for (int s = 0, sample = at[0] / size; s < count; s += size, sample++) {
                int k = part[sample];
                if (k >= 0) System.arraycopy(block, s, train, k * size, size);
                else System.arraycopy(block, s, validation, (-1 - k) * size, size);
            }
            at[0] += count;
        });
        Npy.Array y = Npy.readArray(labels);
        int[] ys = y.shape();
        boolean classes = y.longs() != null;
        labelsFit(features, labels, n, ys, classes);
        if (bad[0] > 0) throw notFinite(features, bad[0], bad[1], size);
        TensorDataset t, v;
        String described;
        if (classes) {
            long[] all = y.longs();
            List<String> names = classNames(labels, ys, all);
            t = TensorDataset.classification(name + " [train]", train, sampleShape, pick(all, indices.train()), names);
            v = TensorDataset.classification(name + " [validation]", validation, sampleShape, pick(all, indices.validation()), names);
            described = TensorDataset.describe(name, n, sampleShape, true, names, List.of(), new int[0]);
        } else {
            float[] targets = y.floats();
            finite(labels, targets, targets.length / ys[0]);
            int[] targetShape = targetShape(ys);
            int per = targets.length / n;
            if (per == 0) return null;
            t = TensorDataset.regression(name + " [train]", train, sampleShape, pick(targets, indices.train(), per), targetShape);
            v = TensorDataset.regression(name + " [validation]", validation, sampleShape, pick(targets, indices.validation(), per), targetShape);
            described = TensorDataset.describe(name, n, sampleShape, false, List.of(), List.of(), targetShape);
        }
        return new Parts(new Splits.TrainValidation(t, v), name, described);
    }

    private static long[] pick(long[] y, int[] indices) {
        long[] out = new long[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = y[indices[i]];
        return out;
    }

    private static float[] pick(float[] y, int[] indices, int per) {
        float[] out = new float[indices.length * per];
        for (int i = 0; i < indices.length; i++) System.arraycopy(y, indices[i] * per, out, i * per, per);
        return out;
    }

    /** Refuses labels of shape {@code ys} for {@code n} samples of {@code features}: another count of them. */
    static void labelsFit(Path features, Path labels, int n, int[] ys, boolean classes) throws FileFormatException {
        if (ys.length < 1 || ys[0] != n)
            throw new FileFormatException(labels + ": labels have shape " + Arrays.toString(ys) + ", but " + features + " holds "
                    + n + " samples; expected [" + n + (classes ? "]" : ", ...]"));
    }

    /** The classes of integer labels {@code t} ("0".."k-1"), refusing a shape other than [N], a negative label, a huge one. */
    static List<String> classNames(Path labels, int[] ys, long[] t) throws FileFormatException {
        if (ys.length != 1)
            throw new FileFormatException(labels + ": integer labels have shape " + Arrays.toString(ys) + "; expected class indices [N]");
        long max = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0)
                throw new FileFormatException(labels + ": label " + t[i] + " at index " + i + " is negative; class labels are 0..k-1");
            max = Math.max(max, t[i]);
        }
        if (max >= 100_000)
            throw new FileFormatException(labels + ": label " + max + " is too large for a class index (save float labels for regression)");
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= max; c++) names.add(Integer.toString(c));
        return names;
    }

    /** A regression target's shape of float labels {@code ys}: [N] read as [N, 1]. */
    static int[] targetShape(int[] ys) {
        return ys.length == 1 ? new int[] {1} : Arrays.copyOfRange(ys, 1, ys.length);
    }

    /**
     * Refuses NaN and infinite values, naming the file and the first sample that holds one: a CSV's gaps can be dropped
     * or filled ({@code "missing"}), an array's cannot, and training would only find them as a NaN loss at its first step.
     */
    static void finite(Path file, float[] v, int perSample) throws FileFormatException {
        int bad = 0, first = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                bad++;
                if (first < 0) first = i;
            }
        }
        if (bad > 0) throw notFinite(file, bad, first, perSample);
    }

    /** {@link #finite}'s refusal: {@code bad} values NaN or infinite, the first at value {@code first}. */
    static FileFormatException notFinite(Path file, int bad, int first, int perSample) {
        return new FileFormatException(file + ": " + bad + (bad == 1 ? " value is " : " values are ") + "NaN or infinite (the first in sample "
                + first / perSample + (perSample > 1 ? ", at " + first % perSample + " of its " + perSample + " values" : "")
                + "); drop or fill them first, e.g. X[~np.isnan(X).any(axis=1)] or np.nan_to_num");
    }

    /**
     * A C-order NPY features file's samples as its header tells them, for the paths that read it sample by sample (the
     * split read straight into its parts, check's scan); null where they decline and the file is opened whole: a header
     * that does not read (opening it says why), Fortran order, no samples or empty ones (refused by the set itself).
     */
    record Samples(Npy.Head head, int n, int[] sampleShape, int size) {
        static Samples of(Path features) {
            Npy.Head head;
            try {
                head = Npy.head(features);
            } catch (IOException e) {
                return null;
            }
            int[] xs = head.shape();
            if (head.fortran() || xs.length == 0) return null;
            if (xs.length == 1) xs = new int[] {xs[0], 1};
            int[] sampleShape = Arrays.copyOfRange(xs, 1, xs.length);
            int size = Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
            return xs[0] == 0 || size == 0 ? null : new Samples(head, xs[0], sampleShape, size);
        }
    }
}
