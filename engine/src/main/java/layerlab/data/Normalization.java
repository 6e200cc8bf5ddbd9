package layerlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.tensor.Tensor;

/**
 * A per-feature or per-channel affine map {@code x' = (x − offset) / scale}, fitted on the training set and
 * applied unchanged to validation data and to inputs at prediction time (so a trained model bundle stores it,
 * see {@link #toMap()}). STANDARDIZE: offset = mean, scale = population standard deviation (scikit-learn's
 * StandardScaler); SCALE: offset = minimum, scale = maximum − minimum, mapping the training range to [0, 1]. A
 * constant feature gets scale 1. Flat samples {@code [F]} get one pair per feature; samples of rank ≥ 2
 * ({@code [C, H, W]}, {@code [C, L]}) one pair per channel, like torchvision's {@code Normalize}.
 */
public record Normalization(Kind kind, Per per, float[] offset, float[] scale) {
    public enum Kind {
        NONE, STANDARDIZE, SCALE;

        /** The name used in project files: "none", "standardize", "scale". */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What one offset/scale pair covers. */
    public enum Per { FEATURE, CHANNEL }

    public Normalization {
        offset = offset.clone();
        scale = scale.clone();
        if (offset.length != scale.length)
            throw new IllegalArgumentException(offset.length + " offsets but " + scale.length + " scales");
        if (kind == Kind.NONE && offset.length != 0) throw new IllegalArgumentException("NONE takes no statistics");
    }

    /** The identity. */
    public static Normalization none() {
        return new Normalization(Kind.NONE, Per.FEATURE, new float[0], new float[0]);
    }

    /** Statistics of {@code train}, over its samples and (per channel) the positions within each channel. */
    public static Normalization fit(Kind kind, TensorDataset train) {
        if (kind == Kind.NONE) return none();
        int[] shape = train.sampleShape();
        Per per = shape.length >= 2 ? Per.CHANNEL : Per.FEATURE;
        int groups = per == Per.CHANNEL ? shape[0] : sampleSize(shape);
        int inner = sampleSize(shape) / groups;
        float[] x = train.features();
        int n = train.size();
        if (n == 0) throw new IllegalArgumentException(train.name() + ": cannot fit a normalization on no samples");
        double[] a = new double[groups], b = new double[groups];
        if (kind == Kind.STANDARDIZE) {
            for (int i = 0; i < x.length; i++) a[(i / inner) % groups] += x[i];
            double count = (double) n * inner;
            for (int g = 0; g < groups; g++) a[g] /= count;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - a[(i / inner) % groups];
                b[(i / inner) % groups] += d * d;
            }
            for (int g = 0; g < groups; g++) b[g] = Math.sqrt(b[g] / count);
        } else {
            Arrays.fill(a, Double.POSITIVE_INFINITY);
            Arrays.fill(b, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < x.length; i++) {
                int g = (i / inner) % groups;
                a[g] = Math.min(a[g], x[i]);
                b[g] = Math.max(b[g], x[i]);
            }
            for (int g = 0; g < groups; g++) b[g] -= a[g];
        }
        float[] offset = new float[groups], scale = new float[groups];
        for (int g = 0; g < groups; g++) {
            offset[g] = (float) a[g];
            scale[g] = b[g] > 1e-12 ? (float) b[g] : 1f;
        }
        return new Normalization(kind, per, offset, scale);
    }

    /** {@code data} with normalized features (a new set; targets unchanged). */
    public TensorDataset apply(TensorDataset data) {
        if (kind == Kind.NONE) return data;
        float[] x = transform(data.features(), data.sampleShape());
        return (data.isClassification()
                ? TensorDataset.classification(data.name(), x, data.sampleShape(), data.classTargets(), data.classNames())
                : TensorDataset.regression(data.name(), x, data.sampleShape(), data.valueTargets(), data.targetShape())).withFeatureNames(data.featureNames()).withVocabulary(data.vocabulary());
    }

    /** A batch of inputs {@code [B, ...sample shape]}, normalized (for prediction on new data). */
    public Tensor apply(Tensor inputs) {
        if (kind == Kind.NONE) return inputs;
        int[] shape = inputs.shape();
        return Tensor.of(transform(inputs.toFloatArray(), Arrays.copyOfRange(shape, 1, shape.length)), shape);
    }

    /** The inverse of {@link #apply(Tensor)}: normalized inputs back as the data set held them (to show a sample as it was). */
    public Tensor restore(Tensor normalized) {
        if (kind == Kind.NONE) return normalized;
        int[] shape = normalized.shape();
        return Tensor.of(transform(normalized.toFloatArray(), Arrays.copyOfRange(shape, 1, shape.length), true), shape);
    }

    private float[] transform(float[] x, int[] sampleShape) {
        return transform(x, sampleShape, false);
    }

    private float[] transform(float[] x, int[] sampleShape, boolean inverse) {
        int groups = offset.length;
        int size = sampleSize(sampleShape);
        // Per channel, flat samples ([784] for [1, 28, 28], as a model whose Input takes them flat is fed) take each
        // channel's pair over their run of the flattened sample, as the reshape lays them out.
        boolean flatChannels = per == Per.CHANNEL && sampleShape.length == 1 && groups > 0 && size % groups == 0;
        int expected = per == Per.CHANNEL ? (sampleShape.length >= 2 ? sampleShape[0] : flatChannels ? groups : -1) : size;
        if (expected != groups)
            throw new IllegalArgumentException("a normalization fitted " + describe() + " does not fit samples of " + Arrays.toString(sampleShape));
        int inner = sampleSize(sampleShape) / groups;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int g = (i / inner) % groups;
            out[i] = inverse ? x[i] * scale[g] + offset[g] : (x[i] - offset[g]) / scale[g];
        }
        return out;
    }

    /** The form stored in project results and model bundles: {@code {"kind", "per", "offset", "scale"}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.key());
        m.put("per", per.name().toLowerCase(Locale.ROOT));
        m.put("offset", floats(offset));
        m.put("scale", floats(scale));
        return m;
    }

    /** The inverse of {@link #toMap()} (numbers may arrive as any {@link Number}, as JSON readers give them). */
    public static Normalization fromMap(Map<String, ?> m) {
        try {
            Kind kind = Kind.valueOf(((String) m.get("kind")).toUpperCase(Locale.ROOT));
            Per per = Per.valueOf(((String) m.get("per")).toUpperCase(Locale.ROOT));
            return new Normalization(kind, per, floats((List<?>) m.get("offset")), floats((List<?>) m.get("scale")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a normalization: " + m + " (" + e.getMessage() + ")", e);
        }
    }

    private static List<Double> floats(float[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (float f : v) out.add((double) f);
        return out;
    }

    private static float[] floats(List<?> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) v.get(i)).floatValue();
        return out;
    }

    private static int sampleSize(int[] shape) {
        int s = 1;
        for (int d : shape) s *= d;
        return s;
    }

    @Override public float[] offset() { return offset.clone(); }
    @Override public float[] scale() { return scale.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && kind == other.kind && per == other.per
                && Arrays.equals(offset, other.offset) && Arrays.equals(scale, other.scale);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + per.hashCode()) + 31 * Arrays.hashCode(offset) + Arrays.hashCode(scale);
    }

    /** E.g. "standardize per feature (4)", "none". */
    public String describe() {
        return kind == Kind.NONE ? "none" : kind.key() + " per " + per.name().toLowerCase(Locale.ROOT) + " (" + offset.length + ")";
    }

    @Override
    public String toString() {
        return describe() + (kind == Kind.NONE ? "" : ": offset " + Arrays.toString(offset) + ", scale " + Arrays.toString(scale));
    }
}
