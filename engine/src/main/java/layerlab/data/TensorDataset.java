package layerlab.data;

import java.util.Arrays;
import java.util.List;
import layerlab.tensor.Tensor;

/**
 * A data set held in memory as one float array of features and one array of targets (class indices as
 * {@code long[]} or regression values as {@code float[]}).
 */
public final class TensorDataset implements Dataset {
    private final String name;
    private final float[] features;
    private final int[] sampleShape;
    private final int sampleSize;
    private final long[] classTargets;
    private final float[] valueTargets;
    private final int[] targetShape;
    private final int targetSize;
    private final List<String> classNames;
    private final List<String> featureNames;
    private final Vocabulary vocabulary;
    private final int n;
    /** Which feature values (sample · sampleSize + feature) were missing in the file and are to be filled; null: none. */
    private java.util.BitSet gaps;
    /** The side token ids without a vocabulary are padded on (a generator's sequences); null: nothing says. */
    private Vocabulary.Padding padding;
    /** With several target Inputs ({@code "targets"}), what each takes of the float targets; empty: one target. */
    private List<TargetHead> heads = List.of();

    private TensorDataset(String name, float[] features, int[] sampleShape, long[] classTargets, float[] valueTargets,
                          int[] targetShape, List<String> classNames, List<String> featureNames) {
        this(name, features, sampleShape, classTargets, valueTargets, targetShape, classNames, featureNames, null);
    }

    private TensorDataset(String name, float[] features, int[] sampleShape, long[] classTargets, float[] valueTargets,
                          int[] targetShape, List<String> classNames, List<String> featureNames, Vocabulary vocabulary) {
        this.name = name;
        this.vocabulary = vocabulary;
        if (vocabulary != null && (sampleShape.length != 1 || sampleShape[0] != vocabulary.length()))
            throw new IllegalArgumentException(name + ": texts of " + vocabulary.length() + " tokens, but samples of " + Arrays.toString(sampleShape));
        this.featureNames = List.copyOf(featureNames);
        this.features = features;
        this.sampleShape = sampleShape.clone();
        this.sampleSize = Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
        if (sampleSize == 0 || features.length % sampleSize != 0)
            throw new IllegalArgumentException(name + ": " + features.length + " feature values do not split into samples of " + Arrays.toString(sampleShape));
        this.n = features.length / sampleSize;
        this.classTargets = classTargets;
        this.valueTargets = valueTargets;
        this.targetShape = targetShape.clone();
        this.targetSize = Arrays.stream(targetShape).reduce(1, (a, b) -> a * b);
        int targets = classTargets != null ? classTargets.length : valueTargets.length / Math.max(1, targetSize);
        if (targets != n)
            throw new IllegalArgumentException(name + ": " + n + " samples but " + targets + " targets");
        this.classNames = List.copyOf(classNames);
        if (!featureNames.isEmpty() && featureNames.size() != sampleSize)
            throw new IllegalArgumentException(name + ": " + featureNames.size() + " feature names for samples of " + sampleSize + " values");
        if (classTargets != null) {
            for (int i = 0; i < n; i++)
                if (classTargets[i] < 0 || classTargets[i] >= classNames.size())
                    throw new IllegalArgumentException(name + ": sample " + i + " has class " + classTargets[i] + " but there are " + classNames.size() + " classes");
        }
    }

    /** A classification set: {@code labels[i]} indexes {@code classNames}. */
    public static TensorDataset classification(String name, float[] features, int[] sampleShape, long[] labels, List<String> classNames) {
        return new TensorDataset(name, features, sampleShape, labels, null, new int[0], classNames, List.of());
    }

    /** A regression set: {@code targets} holds {@code targetShape}-sized values per sample. */
    public static TensorDataset regression(String name, float[] features, int[] sampleShape, float[] targets, int[] targetShape) {
        return new TensorDataset(name, features, sampleShape, null, targets, targetShape, List.of(), List.of());
    }

    /** The same samples, their values named (a CSV file's column headers): one name per value of a sample. */
    public TensorDataset withFeatureNames(List<String> names) {
        return new TensorDataset(name, features, sampleShape, classTargets, valueTargets, targetShape, classNames, names, vocabulary).gapsOf(this);
    }

    /** The same samples, known to be texts that {@code v} turned into token ids (null: not texts). */
    public TensorDataset withVocabulary(Vocabulary v) {
        return new TensorDataset(name, features, sampleShape, classTargets, valueTargets, targetShape, classNames, featureNames, v).gapsOf(this);
    }

    /**
     * The same samples, known to be token ids padded with id 0 on {@code side} (a generator's sequences, which have no
     * vocabulary to say it; null: nothing says). A text set's vocabulary says its own side.
     */
    public TensorDataset withPadding(Vocabulary.Padding side) {
        TensorDataset t = new TensorDataset(name, features, sampleShape, classTargets, valueTargets, targetShape, classNames, featureNames, vocabulary)
                .gapsOf(this);
        t.padding = side;
        return t;
    }

    /**
     * The same samples, the values at {@code gaps} (bit {@code sample · sampleSize + feature}) known to have been
     * missing in the file: a table read with {@code "missing": "fill"}, whose gaps the training means fill. The preview
     * shows them as such; training does not look at them.
     */
    public TensorDataset withGaps(java.util.BitSet gaps) {
        TensorDataset t = new TensorDataset(name, features, sampleShape, classTargets, valueTargets, targetShape, classNames, featureNames, vocabulary);
        t.gaps = gaps == null || gaps.isEmpty() ? null : (java.util.BitSet) gaps.clone();
        t.padding = padding;
        t.heads = heads;
        return t;
    }

    /** The gaps' bits (a copy), or null when there are none. */
    public java.util.BitSet gaps() {
        return gaps == null ? null : (java.util.BitSet) gaps.clone();
    }

    /** Whether feature {@code feature} of sample {@code sample} was missing in the file (see {@link #withGaps}). */
    public boolean isGap(int sample, int feature) {
        return gaps != null && gaps.get(sample * sampleSize + feature);
    }

    /** This set, with {@code other}'s gaps (the same samples in the same order), padding side and target heads. */
    private TensorDataset gapsOf(TensorDataset other) {
        gaps = other.gaps;
        padding = other.padding;
        heads = other.heads;
        return this;
    }

    /**
     * The same samples, their float targets {@code [N, W]} shared among several target Inputs as {@code heads} say (their
     * widths adding up to W); an empty list: one target.
     */
    public TensorDataset withHeads(List<TargetHead> heads) {
        if (!heads.isEmpty()) {
            int w = heads.stream().mapToInt(TargetHead::width).sum();
            if (classTargets != null || targetSize != w)
                throw new IllegalArgumentException(name + ": " + heads.size() + " target heads of " + w + " values but targets of " + Arrays.toString(targetShape));
        }
        TensorDataset t = new TensorDataset(name, features, sampleShape, classTargets, valueTargets, targetShape, classNames, featureNames, vocabulary).gapsOf(this);
        t.heads = List.copyOf(heads);
        return t;
    }

    @Override
    public List<TargetHead> targetHeads() {
        return heads;
    }

    /**
     * The same samples with the target heads of {@code trained} (a training set read with the same targets): each column of
     * words renumbered by the training classes' names, as {@link #relabeled} renumbers one label column, and each head
     * the training one, so that whole numbers are classes by the training values too.
     *
     * @param where names this set in messages ({@code dataset.validation})
     * @throws IllegalArgumentException naming the target Input and the word training never saw, or heads that differ
     */
    public TensorDataset withHeadsOf(List<TargetHead> trained, String where) {
        if (heads.isEmpty() && trained.isEmpty()) return this;
        if (heads.size() != trained.size()) throw new IllegalArgumentException(where + ": targets " + heads + " are not the training set's " + trained);
        float[] y = valueTargets.clone();
        int at = 0;
        for (int k = 0; k < heads.size(); k++) {
            TargetHead mine = heads.get(k), theirs = trained.get(k);
            if (!mine.input().equals(theirs.input()) || !mine.columns().equals(theirs.columns()) || mine.words() != theirs.words())
                throw new IllegalArgumentException(where + ": target Input \"" + mine.input() + "\" takes " + mine.describeColumns()
                        + (mine.words() ? " (words)" : " (numbers)") + ", but in training \"" + theirs.input() + "\" took " + theirs.describeColumns()
                        + (theirs.words() ? " (words)" : " (numbers)"));
            if (mine.words() && !mine.classes().equals(theirs.classes())) {
                for (int i = 0; i < n; i++) {
                    String word = mine.classes().get((int) y[i * targetSize + at]);
                    int c = theirs.classes().indexOf(word);
                    if (c < 0)
                        throw new IllegalArgumentException(where + ": \"" + word + "\" in column " + mine.describeColumns() + " (target Input \"" + mine.input()
                                + "\") is not one of the training set's classes (" + String.join(", ", theirs.classes()) + ")");
                    y[i * targetSize + at] = c;
                }
            }
            at += mine.width();
        }
        TensorDataset t = new TensorDataset(name, features, sampleShape, null, y, targetShape, classNames, featureNames, vocabulary).gapsOf(this);
        t.heads = List.copyOf(trained);
        return t;
    }

    public String name() { return name; }
    @Override public int size() { return n; }
    @Override public int[] sampleShape() { return sampleShape.clone(); }
    @Override public int[] targetShape() { return targetShape.clone(); }
    @Override public List<String> classNames() { return classNames; }
    @Override public List<String> featureNames() { return featureNames; }
    @Override public Vocabulary vocabulary() { return vocabulary; }
    @Override public Vocabulary.Padding padding() { return vocabulary != null ? vocabulary.padding() : padding; }

    /** The raw feature values, row-major, {@code size() × prod(sampleShape)} (not copied: do not modify). */
    public float[] features() { return features; }

    /** Class index of every sample, or null for regression (not copied). */
    public long[] classTargets() { return classTargets; }

    /** Regression targets, or null for classification (not copied). */
    public float[] valueTargets() { return valueTargets; }

    @Override
    public Batch batch(int[] indices) {
        int b = indices.length;
        float[] x = new float[b * sampleSize];
        for (int i = 0; i < b; i++) System.arraycopy(features, check(indices[i]) * sampleSize, x, i * sampleSize, sampleSize);
        int[] xs = new int[sampleShape.length + 1];
        xs[0] = b;
        System.arraycopy(sampleShape, 0, xs, 1, sampleShape.length);
        Tensor inputs = Tensor.of(x, xs);
        Tensor targets;
        if (classTargets != null) {
            long[] y = new long[b];
            for (int i = 0; i < b; i++) y[i] = classTargets[indices[i]];
            targets = Tensor.ofLongs(y, b);
        } else {
            float[] y = new float[b * targetSize];
            for (int i = 0; i < b; i++) System.arraycopy(valueTargets, indices[i] * targetSize, y, i * targetSize, targetSize);
            int[] ys = new int[targetShape.length + 1];
            ys[0] = b;
            System.arraycopy(targetShape, 0, ys, 1, targetShape.length);
            targets = Tensor.of(y, ys);
        }
        return new Batch(inputs, targets);
    }

    /**
     * The same samples with their labels renumbered to {@code classes}, matched by name: a test set that lacks one of
     * a model's classes, or numbers them otherwise, scored against the model's own order.
     *
     * @throws IllegalArgumentException naming a class of this set that {@code classes} does not have
     */
    public TensorDataset relabeled(List<String> classes) {
        if (classTargets == null) throw new IllegalArgumentException(name + ": a regression set has no classes to renumber");
        if (classes.equals(classNames)) return this;
        long[] map = new long[classNames.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = classes.indexOf(classNames.get(i));
            if (map[i] < 0)
                throw new IllegalArgumentException(name + ": class \"" + classNames.get(i) + "\" is not one of the model's classes ("
                        + String.join(", ", classes) + ")");
        }
        long[] y = new long[n];
        for (int k = 0; k < n; k++) y[k] = map[(int) classTargets[k]];
        return new TensorDataset(name, features, sampleShape, y, null, targetShape, classes, featureNames, vocabulary).gapsOf(this);
    }

    /**
     * The same samples, whose labels are class indices (an {@code .npy} or IDX file's, its classes named "0", "1", … up
     * to its largest label), with the classes of a model instead: label k is the model's class k, whatever its name.
     *
     * @param labels names the labels' file in messages
     * @throws IllegalArgumentException naming the first sample whose label is no class of the model's
     */
    public TensorDataset indexedAs(List<String> classes, String labels) {
        if (classTargets == null) throw new IllegalArgumentException(name + ": a regression set has no classes to name");
        for (int k = 0; k < n; k++)
            if (classTargets[k] >= classes.size())
                throw new IllegalArgumentException(labels + ": label " + classTargets[k] + " at index " + k + " is no class of the model's, which has "
                        + classes.size() + " (0.." + (classes.size() - 1) + ": " + String.join(", ", classes) + ")");
        return new TensorDataset(name, features, sampleShape, classTargets, null, targetShape, classes, featureNames, vocabulary).gapsOf(this);
    }

    /** The samples at {@code indices} as a new in-memory set (used by splits). */
    public TensorDataset subset(String subsetName, int[] indices) {
        float[] x = new float[indices.length * sampleSize];
        for (int i = 0; i < indices.length; i++) System.arraycopy(features, check(indices[i]) * sampleSize, x, i * sampleSize, sampleSize);
        java.util.BitSet g = null;
        if (gaps != null) {
            g = new java.util.BitSet();
            for (int i = 0; i < indices.length; i++)
                for (int k = gaps.nextSetBit(indices[i] * sampleSize); k >= 0 && k < (indices[i] + 1) * sampleSize; k = gaps.nextSetBit(k + 1))
                    g.set(i * sampleSize + k - indices[i] * sampleSize);
        }
        if (classTargets != null) {
            long[] y = new long[indices.length];
            for (int i = 0; i < indices.length; i++) y[i] = classTargets[indices[i]];
            return new TensorDataset(subsetName, x, sampleShape, y, null, targetShape, classNames, featureNames, vocabulary).paddedAs(this).withGaps(g);
        }
        float[] y = new float[indices.length * targetSize];
        for (int i = 0; i < indices.length; i++) System.arraycopy(valueTargets, indices[i] * targetSize, y, i * targetSize, targetSize);
        return new TensorDataset(subsetName, x, sampleShape, null, y, targetShape, classNames, featureNames, vocabulary).paddedAs(this).withGaps(g);
    }

    /**
     * This set's samples and then {@code rest}'s, named {@code joinedName}: two splits of one data set as that set again
     * ({@code layerlab eval --split all}). What this one says about its samples goes with them: its vocabulary (a text
     * set's, whose ids a next-token model's targets are), feature names, classes, padding side, target heads, and both
     * sets' gaps.
     */
    public TensorDataset followedBy(String joinedName, TensorDataset rest) {
        if (!Arrays.equals(sampleShape, rest.sampleShape) || !Arrays.equals(targetShape, rest.targetShape) || (classTargets == null) != (rest.classTargets == null))
            throw new IllegalArgumentException(rest.name + " does not follow " + name + ": samples of " + Arrays.toString(rest.sampleShape) + " and "
                    + Arrays.toString(sampleShape));
        float[] x = Arrays.copyOf(features, features.length + rest.features.length);
        System.arraycopy(rest.features, 0, x, features.length, rest.features.length);
        java.util.BitSet g = null;
        if (gaps != null || rest.gaps != null) {
            g = gaps == null ? new java.util.BitSet() : (java.util.BitSet) gaps.clone();
            if (rest.gaps != null) for (int k = rest.gaps.nextSetBit(0); k >= 0; k = rest.gaps.nextSetBit(k + 1)) g.set(features.length + k);
        }
        TensorDataset joined;
        if (classTargets != null) {
            long[] y = Arrays.copyOf(classTargets, n + rest.n);
            System.arraycopy(rest.classTargets, 0, y, n, rest.n);
            joined = new TensorDataset(joinedName, x, sampleShape, y, null, targetShape, classNames, featureNames, vocabulary);
        } else {
            float[] y = Arrays.copyOf(valueTargets, valueTargets.length + rest.valueTargets.length);
            System.arraycopy(rest.valueTargets, 0, y, valueTargets.length, rest.valueTargets.length);
            joined = new TensorDataset(joinedName, x, sampleShape, null, y, targetShape, classNames, featureNames, vocabulary);
        }
        return joined.paddedAs(this).withGaps(g);
    }

    /** This set, padded on {@code other}'s side. */
    private TensorDataset paddedAs(TensorDataset other) {
        padding = other.padding;
        heads = other.heads;
        return this;
    }

    private int check(int index) {
        if (index < 0 || index >= n) throw new IndexOutOfBoundsException(name + ": sample index " + index + " is outside 0.." + (n - 1));
        return index;
    }

    /** The classes found are named, so that a header read as a class or labels read another way show at once. */
    @Override
    public String describe() {
        return describe(name, n, sampleShape, classTargets != null, classNames, heads, targetShape);
    }

    /** {@link #describe()} of a set of {@code n} samples, held or not (a file read straight into its split's parts). */
    static String describe(String name, int n, int[] sampleShape, boolean classes, List<String> classNames, List<TargetHead> heads, int[] targetShape) {
        return name + ": " + n + (n == 1 ? " sample of " : " samples of ") + Arrays.toString(sampleShape)
                + (classes ? ", " + classNames.size() + (classNames.size() == 1 ? " class (" : " classes (") + names(classNames) + ")"
                        : heads.isEmpty() ? ", targets " + Arrays.toString(targetShape)
                        : ", targets " + String.join(", ", heads.stream().map(h -> h.input() + " \u2190 " + String.join(", ", h.columns())
                                + (h.words() ? " (" + h.classes().size() + " classes)" : "")).toList()));
    }

    /** Class names for a message: all of up to four, else the first three and an ellipsis ("0, 1, 2, …"). */
    public static String names(List<String> classes) {
        return classes.size() <= 4 ? String.join(", ", classes) : String.join(", ", classes.subList(0, 3)) + ", …";
    }
}
