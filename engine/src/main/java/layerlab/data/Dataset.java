package layerlab.data;

import java.util.List;
import layerlab.tensor.Tensor;

/**
 * Samples addressed by index, stacked into batches on request. Features are float32 of {@link #sampleShape()};
 * targets are int64 class indices (shape {@code []} per sample) for classification, or float32 of
 * {@link #targetShape()} for regression.
 */
public interface Dataset {
    /** Number of samples. */
    int size();

    /** Shape of one sample's features, without the batch dimension ({@code [4]}, {@code [1, 28, 28]}). */
    int[] sampleShape();

    /** Shape of one sample's target, without the batch dimension: {@code []} for class indices. */
    int[] targetShape();

    /** Class names in index order; empty for regression. */
    List<String> classNames();

    /** The names of a sample's values in order (a CSV file's feature columns); empty when they have none. */
    default List<String> featureNames() {
        return List.of();
    }

    /** How texts became this set's token ids, when its samples are texts; else null. */
    default Vocabulary vocabulary() {
        return null;
    }

    /**
     * The side where id 0 pads a sample that is a sequence of token ids shorter than the sample: a text set's
     * vocabulary's, or the side a token generator padded its sequences on; null when nothing says (pictures, tables,
     * ids from an array), which the model check reads as padding that may be anywhere or nowhere.
     */
    default Vocabulary.Padding padding() {
        return vocabulary() == null ? null : vocabulary().padding();
    }

    /**
     * With several target Inputs (a data set's {@code "targets"}), what each takes of the targets, which are then float32
     * {@code [N, W]}: class indices and numbers side by side ({@link TargetHead}); empty for the one target of most sets.
     */
    default List<TargetHead> targetHeads() {
        return List.of();
    }

    default boolean isClassification() {
        return !classNames().isEmpty();
    }

    /** The samples at {@code indices}, in that order, stacked: inputs {@code [B, ...sampleShape]}, targets {@code [B, ...targetShape]}. */
    Batch batch(int[] indices);

    /**
     * The next batch asked for is batch number {@code batch} (counted from 0) of a run that asked for those before it:
     * a set that draws random amounts per batch (augmentation) draws them as that run would have, so a run resumed from
     * a checkpoint sees what the uninterrupted run saw. Sets without randomness ignore it.
     */
    default void continueAt(long batch) {
    }

    /** A short human description: name, size, shapes, origin. */
    String describe();
}
