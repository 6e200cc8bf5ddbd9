package layerlab.data;

import java.util.List;
import java.util.Objects;

/**
 * What a model's inputs and outputs mean, as far as its data said: the names of a sample's values (a CSV header's
 * feature columns) and of the classes its outputs score, each in order and empty when unknown. They travel with a
 * trained model into its bundle, its ONNX file and its PyTorch script, so that predictions read "setosa", not "0".
 * A text model's {@link Vocabulary} travels with them, so that new text is read as the training text was, and an image
 * model's framing of pictures ({@code resize}: torchvision's {@code Resize(resize)} then {@code CenterCrop} to the
 * Input's size, as torchvision's ImageNet models expect; 0, pictures stretched whole to it), so that a new picture is
 * framed as the model's were.
 */
public record DataNames(List<String> features, List<String> classes, Vocabulary vocabulary, int resize) {
    public static final DataNames NONE = new DataNames(List.of(), List.of());

    public DataNames {
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
        if (resize < 0) throw new IllegalArgumentException("resize must be 0 (pictures stretched whole) or a positive number of pixels, got " + resize);
    }

    /** Names, and a text model's vocabulary, of a model whose pictures (if any) are stretched whole. */
    public DataNames(List<String> features, List<String> classes, Vocabulary vocabulary) {
        this(features, classes, vocabulary, 0);
    }

    /** Names without a vocabulary: the model's inputs are not texts. */
    public DataNames(List<String> features, List<String> classes) {
        this(features, classes, null);
    }

    /**
     * The names a training set gives; with several targets ({@link Dataset#targetHeads()}) the classes are the first
     * target's when it is a column of words (the classifier's, listed first in {@code "targets"}).
     */
    public static DataNames of(Dataset d) {
        List<String> classes = d.classNames();
        if (classes.isEmpty() && !d.targetHeads().isEmpty() && d.targetHeads().get(0).words()) classes = d.targetHeads().get(0).classes();
        return new DataNames(d.featureNames(), classes, d.vocabulary());
    }

    /** The names a training set gives, with the framing of pictures its data set's settings ({@code config}) give. */
    public static DataNames of(Dataset d, java.util.Map<String, ?> config) {
        return of(d).withResize(DataSources.pictureResize(config));
    }

    /** These names with pictures framed by {@code Resize(resize)} then a center crop (0: stretched whole). */
    public DataNames withResize(int resize) {
        return new DataNames(features, classes, vocabulary, resize);
    }

    public boolean isEmpty() {
        return features.isEmpty() && classes.isEmpty() && vocabulary == null && resize == 0;
    }
}
