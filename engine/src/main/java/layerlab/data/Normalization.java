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
 * ({@code [C, H, W]}, {@code [C, L]}) one pair per channel, like torchvision's {@code Normalize}; the windows of a time
 * series ({@code [steps, variables]}, {@link Series}) one pair per variable, over every step, as a scaler fitted on the
 * series' training part and applied before cutting it into windows.
 *
 * <p>{@code fill} (empty: none) stands in for missing values: a data set read with {@code "missing": "fill"} (or
 * {@code "fill_median"}, {@code "fill_most_frequent"}) holds NaN where a cell had no value, and each is replaced by a
 * value of its feature over the training samples that have one, as {@code fillWith} says (scikit-learn's
 * {@code SimpleImputer} with that strategy), before the affine map, whose statistics are those of the filled training
 * set, as an imputer-then-scaler pipeline fits them. A word column's one-hot features are filled as one: with their
 * means, the shares of its words; or, by median or most frequent value, with its most frequent word.
 */
public record Normalization(Kind kind, Per per, float[] offset, float[] scale, float[] fill, FillWith fillWith) {
    public enum Kind {
        NONE, STANDARDIZE, SCALE;

        /** The name used in project files: "none", "standardize", "scale". */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What one offset/scale pair covers: a value of a flat sample, a channel (the first dimension of a sample of rank ≥ 2),
     * or a variable (the last dimension, of a time series' windows {@code [steps, variables]}).
     */
    public enum Per { FEATURE, CHANNEL, VARIABLE }

    /** What fills a feature's gaps: its training mean, median or most frequent value (scikit-learn's imputer strategies). */
    public enum FillWith {
        MEAN("means"), MEDIAN("medians"), MOST_FREQUENT("most frequent values");

        private final String plural;

        FillWith(String plural) {
            this.plural = plural;
        }

        /** The strategy's name as scikit-learn spells it: "mean", "median", "most_frequent". */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A filled value's mark where the data are shown: "mean", "median", "most frequent". */
        public String mark() {
            return key().replace('_', ' ');
        }

        /** {@link #mark()} of a feature: a word column's one-hot feature (named {@code column=word}) by median is its most frequent word's. */
        public String mark(String feature) {
            return this == MEDIAN && feature != null && feature.indexOf('=') > 0 ? MOST_FREQUENT.mark() : mark();
        }

        /** "means", "medians", "most frequent values". */
        public String plural() {
            return plural;
        }
    }

    public Normalization {
        offset = offset.clone();
        scale = scale.clone();
        fill = fill.clone();
        fillWith = fill.length == 0 ? null : fillWith == null ? FillWith.MEAN : fillWith;
        if (offset.length != scale.length)
            throw new IllegalArgumentException(offset.length + " offsets but " + scale.length + " scales");
        if (kind == Kind.NONE && offset.length != 0) throw new IllegalArgumentException("NONE takes no statistics");
        if (fill.length > 0 && per != Per.FEATURE) throw new IllegalArgumentException("missing values are filled per feature");
        if (fill.length > 0 && kind != Kind.NONE && fill.length != offset.length)
            throw new IllegalArgumentException(fill.length + " fill values but " + offset.length + " features");
    }

    /** Without filling missing values. */
    public Normalization(Kind kind, Per per, float[] offset, float[] scale) {
        this(kind, per, offset, scale, new float[0], null);
    }

    /** Gaps (if {@code fill} has values) filled with training means. */
    public Normalization(Kind kind, Per per, float[] offset, float[] scale, float[] fill) {
        this(kind, per, offset, scale, fill, FillWith.MEAN);
    }

    /** These statistics, their fill values said to be {@code with}'s (what an ONNX model's metadata tells). */
    public Normalization withFillWith(FillWith with) {
        return new Normalization(kind, per, offset, scale, fill, with);
    }

    /** The identity. */
    public static Normalization none() {
        return new Normalization(Kind.NONE, Per.FEATURE, new float[0], new float[0]);
    }

    /** Whether this changes nothing: no affine map and no missing values to fill. */
    public boolean isIdentity() {
        return kind == Kind.NONE && fill.length == 0;
    }

    /** Whether missing values (NaN) are filled. */
    public boolean fills() {
        return fill.length > 0;
    }

    /** Statistics of {@code train}, over its samples and (per channel) the positions within each channel. */
    public static Normalization fit(Kind kind, TensorDataset train) {
        return fit(kind, train, null);
    }

    /**
     * {@link #fit(Kind, TensorDataset)}; with {@code fillWith} (null: none), first each feature's value to stand in for a
     * missing value (NaN) in training, validation and prediction alike, from the training samples that have it
     * ({@link MissingValues#fill}). The data must then be flat samples (a table's rows).
     *
     * @throws IllegalArgumentException when a feature has no value in any training sample (naming it)
     */
    public static Normalization fit(Kind kind, TensorDataset train, FillWith fillWith) {
        if (fillWith == null) return fitAffine(kind, train);
        if (train.sampleShape().length != 1)
            throw new IllegalArgumentException(train.name() + ": missing values are filled in tables of features, not in samples of "
                    + Arrays.toString(train.sampleShape()));
        float[] fill = MissingValues.fill(train, fillWith);
        // Fitted on the values with their gaps filled as they are read, not on a filled copy: a copy of a 200 MB table's
        // features was one more of them held at once.
        Normalization affine = fitAffine(kind, train, Per.FEATURE, fill);
        return new Normalization(affine.kind, Per.FEATURE, affine.offset, affine.scale, fill, fillWith);
    }

    /**
     * Statistics of the windows of a time series ({@code [steps, variables]}, {@link Series}): one pair per variable, over
     * every value the training windows read.
     */
    public static Normalization fitVariables(Kind kind, TensorDataset train) {
        return fitAffine(kind, train, Per.VARIABLE, null);
    }

    private static Normalization fitAffine(Kind kind, TensorDataset train) {
        return fitAffine(kind, train, Fitter.per(train.sampleShape()), null);
    }

    /** The statistics of {@code train}'s values, a NaN at feature k read as {@code fill[k]} where {@code fill} is given (flat samples). */
    private static Normalization fitAffine(Kind kind, TensorDataset train, Per per, float[] fill) {
        if (kind == Kind.NONE) return none();
        float[] x = train.features();
        if (train.size() == 0) throw new IllegalArgumentException(train.name() + ": cannot fit a normalization on no samples");
        Fitter f = new Fitter(kind, train.sampleShape(), per, fill);
        f.add(x, x.length);
        if (f.means()) f.add(x, x.length);
        return f.result();
    }

    /**
     * The statistics of samples handed over a block at a time, in their order, the same sums in the same order as of one
     * array holding them all (the same bits): fitted on a file too big to hold ({@code layerlab check}) or on a set held
     * whole. Standardizing takes the values twice: once for the means, then ({@link #means()} true) for the squares.
     */
    static final class Fitter {
        private final Kind kind;
        private final Per per;
        private final float[] fill;
        private final int groups, inner;
        private final double[] a, b;
        private long values;
        private boolean squares;

        Fitter(Kind kind, int[] shape, Per per, float[] fill) {
            if (kind == Kind.NONE) throw new IllegalArgumentException("NONE takes no statistics");
            this.kind = kind;
            this.per = per;
            this.fill = fill;
            groups = switch (per) {
                case CHANNEL -> shape[0];
                case VARIABLE -> shape[shape.length - 1];
                case FEATURE -> sampleSize(shape);
            };
            // A pair's values: a run of `inner` consecutive values (per channel or feature), or every `groups`-th (per variable).
            inner = per == Per.VARIABLE ? 1 : sampleSize(shape) / groups;
            a = new double[groups];
            b = new double[groups];
            if (kind == Kind.SCALE) {
                Arrays.fill(a, Double.POSITIVE_INFINITY);
                Arrays.fill(b, Double.NEGATIVE_INFINITY);
            }
        }

        /** The per-sample rule {@link #fit(Kind, TensorDataset)} uses for samples of {@code shape}. */
        static Per per(int[] shape) {
            return shape.length >= 2 ? Per.CHANNEL : Per.FEATURE;
        }

        /** The first {@code count} values of {@code x}, whole samples, the next ones. */
        void add(float[] x, int count) {
            // Value i is pair (i / inner) % groups's: walked as samples of `groups` runs of `inner` values, in the same order,
            // without the two divisions per value that took as long as decoding 10,000 PNGs' pixels (bench data_images).
            if (kind == Kind.STANDARDIZE && !squares) {
                values += count;
                for (int i = 0; i < count; )
                    for (int g = 0; g < groups; g++) {
                        double sum = a[g];
                        for (int end = i + inner; i < end; i++) sum += value(x, i, fill);
                        a[g] = sum;
                    }
            } else if (kind == Kind.STANDARDIZE) {
                for (int i = 0; i < count; )
                    for (int g = 0; g < groups; g++) {
                        double mean = a[g], sq = b[g];
                        for (int end = i + inner; i < end; i++) {
                            double d = value(x, i, fill) - mean;
                            sq += d * d;
                        }
                        b[g] = sq;
                    }
            } else {
                for (int i = 0; i < count; )
                    for (int g = 0; g < groups; g++)
                        for (int end = i + inner; i < end; i++) {
                            float v = value(x, i, fill);
                            a[g] = Math.min(a[g], v);
                            b[g] = Math.max(b[g], v);
                        }
            }
        }

        /** Ends the first pass; true when the values are to be handed over again (standardizing: for the squares). */
        boolean means() {
            if (kind != Kind.STANDARDIZE) return false;
            double count = (double) values / groups; // values per pair
            for (int g = 0; g < groups; g++) a[g] /= count;
            squares = true;
            return true;
        }

        Normalization result() {
            if (kind == Kind.STANDARDIZE) {
                double count = (double) values / groups;
                for (int g = 0; g < groups; g++) b[g] = Math.sqrt(b[g] / count);
            } else {
                for (int g = 0; g < groups; g++) b[g] -= a[g];
            }
            float[] offset = new float[groups], scale = new float[groups];
            for (int g = 0; g < groups; g++) {
                offset[g] = (float) a[g];
                scale[g] = b[g] > 1e-12 ? (float) b[g] : 1f;
            }
            return new Normalization(kind, per, offset, scale);
        }
    }

    /** The first {@code count} values of {@code x} (whole samples of {@code sampleShape}) normalized where they are. */
    void applyInPlace(float[] x, int count, int[] sampleShape) {
        if (isIdentity()) return;
        if (count == x.length) transform(x, sampleShape, false, x);
        else {
            float[] part = Arrays.copyOf(x, count);
            transform(part, sampleShape, false, part);
            System.arraycopy(part, 0, x, 0, count);
        }
    }

    /** Value {@code i} of flat samples {@code x}, a NaN read as its feature's {@code fill} value where {@code fill} is given. */
    private static float value(float[] x, int i, float[] fill) {
        float v = x[i];
        return v == v || fill == null ? v : fill[i % fill.length];
    }

    /** {@code data} with normalized features (a new set; targets unchanged). */
    public TensorDataset apply(TensorDataset data) {
        if (isIdentity()) return data;
        return applied(data, transform(data.features(), data.sampleShape()));
    }

    /**
     * {@link #apply(TensorDataset)} written over {@code data}'s own features, for a set nothing else holds (a split's
     * part just copied out, a file just read): a normalized copy beside it held a 500 MB array twice while a run started.
     */
    TensorDataset applyInPlace(TensorDataset data) {
        if (isIdentity()) return data;
        float[] x = data.features();
        return applied(data, transform(x, data.sampleShape(), false, x));
    }

    /** {@code data} with the features {@code x}. */
    private static TensorDataset applied(TensorDataset data, float[] x) {
        return (data.isClassification()
                ? TensorDataset.classification(data.name(), x, data.sampleShape(), data.classTargets(), data.classNames())
                : TensorDataset.regression(data.name(), x, data.sampleShape(), data.valueTargets(), data.targetShape())).withFeatureNames(data.featureNames()).withVocabulary(data.vocabulary()).withHeads(data.targetHeads())
                .withPadding(data.vocabulary() == null ? data.padding() : null).withGaps(data.gaps());
    }

    /** A batch of inputs {@code [B, ...sample shape]}, normalized (for prediction on new data). */
    public Tensor apply(Tensor inputs) {
        boolean check = !fills() && inputs.dtype() == layerlab.tensor.DType.FLOAT32;
        if (!check && isIdentity()) return inputs;
        float[] x = inputs.toFloatArray(); // read once: checked, then mapped
        if (check) {
            int per = x.length / Math.max(1, inputs.size(0));
            for (int i = 0; i < x.length; i++) {
                if (Float.isNaN(x[i]))
                    throw new IllegalArgumentException("sample " + i / per + " has no value for feature " + i % per
                            + " (NaN), and the model was trained without filling gaps (\"missing\": \"fill\")");
            }
        }
        if (isIdentity()) return inputs;
        int[] shape = inputs.shape();
        return Tensor.of(transform(x, Arrays.copyOfRange(shape, 1, shape.length)), shape);
    }

    /** The inverse of {@link #apply(Tensor)}: normalized inputs back as the data set held them (to show a sample as it was). */
    public Tensor restore(Tensor normalized) {
        if (kind == Kind.NONE) return normalized;
        int[] shape = normalized.shape();
        return Tensor.of(transform(normalized.toFloatArray(), Arrays.copyOfRange(shape, 1, shape.length), true), shape);
    }

    private float[] transform(float[] x, int[] sampleShape) {
        return transform(x, sampleShape, false, new float[x.length]);
    }

    private float[] transform(float[] x, int[] sampleShape, boolean inverse) {
        return transform(x, sampleShape, inverse, new float[x.length]);
    }

    /**
     * {@code x} normalized (or with {@code inverse} restored) into {@code out}, which may be {@code x} itself; going
     * forward, a NaN is first filled with its feature's fill value when there are such.
     */
    private float[] transform(float[] x, int[] sampleShape, boolean inverse, float[] out) {
        float[] fill = !inverse && fills() ? this.fill : null;
        if (fill != null && sampleSize(sampleShape) != fill.length)
            throw new IllegalArgumentException("missing values filled for " + fill.length + " features do not fit samples of " + Arrays.toString(sampleShape));
        if (kind == Kind.NONE) {
            for (int i = 0; i < x.length; i++) out[i] = value(x, i, fill);
            return out;
        }
        int groups = offset.length;
        int size = sampleSize(sampleShape);
        // Per channel, flat samples ([784] for [1, 28, 28], as a model whose Input takes them flat is fed) take each
        // channel's pair over their run of the flattened sample, as the reshape lays them out.
        boolean flatChannels = per == Per.CHANNEL && sampleShape.length == 1 && groups > 0 && size % groups == 0;
        int expected = switch (per) {
            case CHANNEL -> sampleShape.length >= 2 ? sampleShape[0] : flatChannels ? groups : -1;
            case VARIABLE -> sampleShape.length >= 2 ? sampleShape[sampleShape.length - 1] : -1;
            case FEATURE -> size;
        };
        if (expected != groups)
            throw new IllegalArgumentException("a normalization fitted " + describe() + " does not fit samples of " + Arrays.toString(sampleShape));
        int inner = per == Per.VARIABLE ? 1 : sampleSize(sampleShape) / groups;
        // As fitAffine walks them: sample by sample, a pair's run of values at a time.
        for (int i = 0; i < x.length; )
            for (int g = 0; g < groups; g++) {
                float o = offset[g], k = scale[g];
                if (inverse) for (int end = i + inner; i < end; i++) out[i] = x[i] * k + o;
                else if (fill == null) for (int end = i + inner; i < end; i++) out[i] = (x[i] - o) / k;
                else for (int end = i + inner; i < end; i++) out[i] = (value(x, i, fill) - o) / k;
            }
        return out;
    }

    /** What a bundle stores of {@code n} ({@link #toMap}): nothing (null) for no normalization or one that changes nothing. */
    public static Map<String, Object> toMapOrNull(Normalization n) {
        return n == null || n.isIdentity() ? null : n.toMap();
    }

    /**
     * The form stored in project results and model bundles: {@code {"kind", "per", "offset", "scale"}}, and
     * {@code "fill"} and {@code "fill_with"} when missing values are filled.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.key());
        m.put("per", per.name().toLowerCase(Locale.ROOT));
        m.put("offset", floats(offset));
        m.put("scale", floats(scale));
        if (fills()) {
            m.put("fill", floats(fill));
            m.put("fill_with", fillWith.key());
        }
        return m;
    }

    /** The inverse of {@link #toMap()} (numbers may arrive as any {@link Number}, as JSON readers give them). */
    public static Normalization fromMap(Map<String, ?> m) {
        try {
            Kind kind = Kind.valueOf(((String) m.get("kind")).toUpperCase(Locale.ROOT));
            Per per = Per.valueOf(((String) m.get("per")).toUpperCase(Locale.ROOT));
            return new Normalization(kind, per, floats((List<?>) m.get("offset")), floats((List<?>) m.get("scale")),
                    m.get("fill") == null ? new float[0] : floats((List<?>) m.get("fill")),
                    m.get("fill_with") == null ? null : FillWith.valueOf(((String) m.get("fill_with")).toUpperCase(Locale.ROOT)));
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
    @Override public float[] fill() { return fill.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && kind == other.kind && per == other.per
                && Arrays.equals(offset, other.offset) && Arrays.equals(scale, other.scale) && Arrays.equals(fill, other.fill) && fillWith == other.fillWith;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * kind.hashCode() + per.hashCode()) + 31 * Arrays.hashCode(offset) + Arrays.hashCode(scale)) + Arrays.hashCode(fill) + java.util.Objects.hashCode(fillWith);
    }

    /** E.g. "standardize per feature (4)", "none", "none, gaps filled with training means". */
    public String describe() {
        String affine = kind == Kind.NONE ? "none" : kind.key() + " per " + per.name().toLowerCase(Locale.ROOT) + " (" + offset.length + ")";
        return fills() ? affine + ", gaps filled with training " + fillWith.plural() : affine;
    }

    @Override
    public String toString() {
        return describe() + (kind == Kind.NONE ? "" : ": offset " + Arrays.toString(offset) + ", scale " + Arrays.toString(scale))
                + (fills() ? ", fill " + Arrays.toString(fill) : "");
    }
}
