package layerlab.data;

import java.util.Arrays;
import layerlab.tensor.Generator;

/** Seeded train/validation splits of an in-memory data set. */
public final class Splits {
    private Splits() {}

    public record TrainValidation(TensorDataset train, TensorDataset validation) {}

    /** Which samples of a set go to training and which to validation: their indices, each in ascending order. */
    public record Indices(int[] train, int[] validation) {}

    /**
     * A split to make of a set once it is read: a {@code validationFraction} of its samples for validation, drawn with
     * {@code seed}; or, with {@code folds} (≥ 2), fold {@code fold} (0-based) of a {@code folds}-fold cross-validation
     * for validation ({@link #fold}). A loader that must know the training samples before it makes the set (a text
     * set's vocabulary is built from its training texts) asks it for their {@link #indices}, which are the samples the
     * split then takes.
     */
    public record Plan(double validationFraction, long seed, int folds, int fold) {
        public Plan(double validationFraction, long seed) {
            this(validationFraction, seed, 0, 0);
        }

        /** Fold {@code fold} of {@code folds} held out for validation, the folds drawn with {@code seed}. */
        public static Plan fold(int folds, int fold, long seed) {
            return new Plan(0, seed, folds, fold);
        }

        /**
         * The samples each part takes of a set of {@code n} ({@code name} names it in messages). Folds of a classifier's
         * samples depend on their classes: {@link #apply} those.
         */
        public Indices indices(int n, String name) {
            return folds > 0 ? Splits.fold(n, folds, fold, seed, name) : Splits.indices(n, validationFraction, seed, name);
        }

        /** {@code data} split as planned; a classifier's folds stratified by class ({@link Splits#stratifiedFold}). */
        public TrainValidation apply(TensorDataset data) {
            Indices i = folds > 0 && data.isClassification() ? stratifiedFold(data.classTargets(), folds, fold, seed, data.name())
                    : indices(data.size(), data.name());
            return new TrainValidation(data.subset(data.name() + " [train]", i.train()), data.subset(data.name() + " [validation]", i.validation()));
        }
    }

    /**
     * A random {@code validationFraction} of {@code data} (rounded to whole samples, at least one) for
     * validation and the rest for training; both keep the original order of their samples. The same seed
     * gives the same split: the samples {@link #indices} picks.
     */
    public static TrainValidation trainValidation(TensorDataset data, double validationFraction, long seed) {
        Indices i = indices(data.size(), validationFraction, seed, data.name());
        return new TrainValidation(data.subset(data.name() + " [train]", i.train()), data.subset(data.name() + " [validation]", i.validation()));
    }

    /**
     * The samples {@link #trainValidation} gives each part of a set of {@code n} ({@code name} names it in messages): the
     * first {@code validationFraction} (rounded, at least one) of a permutation drawn with {@code seed} for validation,
     * the rest for training.
     */
    public static Indices indices(int n, double validationFraction, long seed, String name) {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new IllegalArgumentException("validation fraction must be between 0 and 1 (exclusive), got " + validationFraction);
        int v = (int) Math.max(1, Math.round(validationFraction * n));
        if (v >= n)
            throw new IllegalArgumentException(name + ": a validation fraction of " + validationFraction + " of " + n
                    + " samples leaves none for training");
        int[] perm = new Generator(seed).permutation(n);
        int[] validation = Arrays.copyOfRange(perm, 0, v), train = Arrays.copyOfRange(perm, v, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Indices(train, validation);
    }

    /**
     * Fold {@code fold} (0-based) of a {@code folds}-fold cross-validation of {@code n} samples for validation, the
     * other folds for training: the folds are consecutive runs of a permutation drawn with {@code seed}, the first
     * {@code n % folds} of them one sample longer, as scikit-learn's {@code KFold} cuts its (shuffled) samples.
     * Every sample is in exactly one fold's validation part.
     */
    public static Indices fold(int n, int folds, int fold, long seed, String name) {
        if (folds < 2) throw new IllegalArgumentException("cross-validation takes at least 2 folds, got " + folds);
        if (folds > n) throw new IllegalArgumentException(name + ": " + folds + " folds of " + n + " samples leave a fold empty");
        if (fold < 0 || fold >= folds) throw new IllegalArgumentException("fold " + fold + " of " + folds + " (0-based)");
        int[] perm = new Generator(seed).permutation(n);
        int start = 0;
        for (int f = 0; f < fold; f++) start += foldSize(n, folds, f);
        int end = start + foldSize(n, folds, fold);
        int[] validation = Arrays.copyOfRange(perm, start, end);
        int[] train = new int[n - validation.length];
        System.arraycopy(perm, 0, train, 0, start);
        System.arraycopy(perm, end, train, start, n - end);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Indices(train, validation);
    }

    /**
     * {@link #fold} for a classifier's samples of classes {@code labels}: the permutation's samples dealt to the folds
     * class by class as scikit-learn's {@code StratifiedKFold} deals its samples (what {@code cross_val_score} uses for a
     * classifier), so that each fold has each class in about its share.
     */
    public static Indices stratifiedFold(long[] labels, int folds, int fold, long seed, String name) {
        int n = labels.length;
        if (folds < 2) throw new IllegalArgumentException("cross-validation takes at least 2 folds, got " + folds);
        if (fold < 0 || fold >= folds) throw new IllegalArgumentException("fold " + fold + " of " + folds + " (0-based)");
        int[] perm = new Generator(seed).permutation(n);
        long[] permuted = new long[n];
        for (int p = 0; p < n; p++) permuted[p] = labels[perm[p]];
        int[] testFold = stratifiedTestFolds(permuted, folds, name);
        int v = 0;
        for (int f : testFold) if (f == fold) v++;
        int[] validation = new int[v], train = new int[n - v];
        for (int p = 0, a = 0, b = 0; p < n; p++) {
            if (testFold[p] == fold) validation[a++] = perm[p];
            else train[b++] = perm[p];
        }
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Indices(train, validation);
    }

    /**
     * The fold that holds out each sample of classes {@code y}, as StratifiedKFold (no shuffle) makes them: classes
     * numbered by first appearance; the sorted codes dealt round-robin to the folds give each fold its count of each
     * class; then each class's samples, in order, fill fold 0's count, fold 1's, and so on.
     */
    static int[] stratifiedTestFolds(long[] y, int folds, String name) {
        int n = y.length;
        java.util.Map<Long, Integer> code = new java.util.LinkedHashMap<>();
        int[] enc = new int[n];
        for (int i = 0; i < n; i++) enc[i] = code.computeIfAbsent(y[i], c -> code.size());
        int classes = code.size();
        int[] count = new int[classes];
        for (int e : enc) count[e]++;
        if (Arrays.stream(count).allMatch(c -> c < folds))
            throw new IllegalArgumentException(name + ": " + folds + " folds, but no class has " + folds + " samples (the most: "
                    + Arrays.stream(count).max().orElse(0) + ")");
        // The sorted codes, y_order[i::folds] per fold: fold i gets the codes at positions i, i + folds, …
        int[] order = enc.clone();
        Arrays.sort(order);
        int[][] allocation = new int[folds][classes];
        for (int p = 0; p < n; p++) allocation[p % folds][order[p]]++;
        int[] out = new int[n];
        int[] f = new int[classes], used = new int[classes];
        for (int i = 0; i < n; i++) {
            int k = enc[i];
            while (used[k] == allocation[f[k]][k]) {
                f[k]++;
                used[k] = 0;
            }
            out[i] = f[k];
            used[k]++;
        }
        return out;
    }

    /** KFold's fold sizes: {@code n / folds}, one more for the first {@code n % folds}. */
    static int foldSize(int n, int folds, int fold) {
        return n / folds + (fold < n % folds ? 1 : 0);
    }
}
