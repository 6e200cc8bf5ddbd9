package layerlab.data;

import java.util.Arrays;
import layerlab.tensor.Generator;

/** Seeded train/validation splits of an in-memory data set. */
public final class Splits {
    private Splits() {}

    public record TrainValidation(TensorDataset train, TensorDataset validation) {}

    /**
     * A random {@code validationFraction} of {@code data} (rounded to whole samples, at least one) for
     * validation and the rest for training; both keep the original order of their samples. The same seed
     * gives the same split.
     */
    public static TrainValidation trainValidation(TensorDataset data, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new IllegalArgumentException("validation fraction must be between 0 and 1 (exclusive), got " + validationFraction);
        int n = data.size();
        int v = (int) Math.max(1, Math.round(validationFraction * n));
        if (v >= n)
            throw new IllegalArgumentException(data.name() + ": a validation fraction of " + validationFraction + " of " + n
                    + " samples leaves none for training");
        int[] perm = new Generator(seed).permutation(n);
        int[] validation = Arrays.copyOfRange(perm, 0, v), train = Arrays.copyOfRange(perm, v, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new TrainValidation(data.subset(data.name() + " [train]", train), data.subset(data.name() + " [validation]", validation));
    }
}
