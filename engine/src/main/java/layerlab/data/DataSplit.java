package layerlab.data;

/**
 * What a project's {@code "dataset"} settings open to: the training set, the validation set (null when there
 * is none), the normalization fitted on the training set and already applied to both, and a one-line
 * description for logs and the UI. With {@code "augment"}, {@link #train} draws random transforms of its images
 * each time it is batched (for training); {@link #trainSamples} are the same samples as they are.
 */
public record DataSplit(Dataset train, Dataset validation, Normalization normalization, String description) {
    /** The training samples without augmentation: what to show, check or evaluate of them. */
    public Dataset trainSamples() {
        return train instanceof AugmentedDataset a ? a.original() : train;
    }
}
