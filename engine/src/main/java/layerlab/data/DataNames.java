package layerlab.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
public record DataNames(List<String> features, List<String> classes, Vocabulary vocabulary, int resize, Map<String, List<String>> targetClasses) {
    public static final DataNames NONE = new DataNames(List.of(), List.of());

    /**
     * @param targetClasses with several targets, the classes of each target Input that takes a column of words, by its name
     *                      ({@code species: [Adelie, Chinstrap, Gentoo]}), so that another file's words are numbered as the
     *                      model's were; empty for one target
     */
    public DataNames {
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
        if (resize < 0) throw new IllegalArgumentException("resize must be 0 (pictures stretched whole) or a positive number of pixels, got " + resize);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(targetClasses, "targetClasses").forEach((k, v) -> copy.put(k, List.copyOf(v)));
        targetClasses = Collections.unmodifiableMap(copy);
    }

    /** Names of a model of one target (or none of words). */
    public DataNames(List<String> features, List<String> classes, Vocabulary vocabulary, int resize) {
        this(features, classes, vocabulary, resize, Map.of());
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
     * target's when it is a column of words (the classifier's, listed first in {@code "targets"}), and every target of
     * words has its own ({@link #targetClasses}).
     */
    public static DataNames of(Dataset d) {
        List<String> classes = d.classNames();
        if (classes.isEmpty() && !d.targetHeads().isEmpty() && d.targetHeads().get(0).words()) classes = d.targetHeads().get(0).classes();
        Map<String, List<String>> heads = new LinkedHashMap<>();
        for (TargetHead h : d.targetHeads()) if (h.words()) heads.put(h.input(), h.classes());
        return new DataNames(d.featureNames(), classes, d.vocabulary(), 0, heads);
    }

    /** The names a training set gives, with the framing of pictures its data set's settings ({@code config}) give. */
    public static DataNames of(Dataset d, java.util.Map<String, ?> config) {
        return of(d).withResize(DataSources.pictureResize(config));
    }

    /** These names with pictures framed by {@code Resize(resize)} then a center crop (0: stretched whole). */
    public DataNames withResize(int resize) {
        return new DataNames(features, classes, vocabulary, resize, targetClasses);
    }

    public boolean isEmpty() {
        return features.isEmpty() && classes.isEmpty() && vocabulary == null && resize == 0 && targetClasses.isEmpty();
    }
}
