package layerlab.data;

import java.util.List;
import java.util.Objects;

/**
 * What a model's inputs and outputs mean, as far as its data said: the names of a sample's values (a CSV header's
 * feature columns) and of the classes its outputs score, each in order and empty when unknown. They travel with a
 * trained model into its bundle, its ONNX file and its PyTorch script, so that predictions read "setosa", not "0".
 * A text model's {@link Vocabulary} travels with them, so that new text is read as the training text was.
 */
public record DataNames(List<String> features, List<String> classes, Vocabulary vocabulary) {
    public static final DataNames NONE = new DataNames(List.of(), List.of());

    public DataNames {
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
    }

    /** Names without a vocabulary: the model's inputs are not texts. */
    public DataNames(List<String> features, List<String> classes) {
        this(features, classes, null);
    }

    /** The names a training set gives. */
    public static DataNames of(Dataset d) {
        return new DataNames(d.featureNames(), d.classNames(), d.vocabulary());
    }

    public boolean isEmpty() {
        return features.isEmpty() && classes.isEmpty() && vocabulary == null;
    }
}
