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
}
