package layerlab.data;

/**
 * What a project's {@code "dataset"} settings open to: the training set, the validation set (null when there
 * is none), the normalization fitted on the training set and already applied to both, and a one-line
 * description for logs and the UI.
 */
public record DataSplit(Dataset train, Dataset validation, Normalization normalization, String description) {}
