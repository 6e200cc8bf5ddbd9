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
     * {@code seed}. A loader that must know the training samples before it makes the set (a text set's vocabulary is
     * built from its training texts) asks it for their {@link #indices}, which are the samples the split then takes.
     */
    public record Plan(double validationFraction, long seed) {
        /** The samples each part takes of a set of {@code n} ({@code name} names it in messages). */
        public Indices indices(int n, String name) {
            return Splits.indices(n, validationFraction, seed, name);
        }

        /** {@code data} split as planned. */
        public TrainValidation apply(TensorDataset data) {
            return trainValidation(data, validationFraction, seed);
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
}
