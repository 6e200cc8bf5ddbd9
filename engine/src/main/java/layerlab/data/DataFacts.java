package layerlab.data;

import java.util.Arrays;
import java.util.List;

/**
 * What a data set's training samples are, as far as fitting a graph goes, without the samples ({@link DataSources#scan}):
 * its name, a sample's and a target's shape, the classes (empty for numbers), and the largest feature value when every
 * value is a whole number from 0 (token ids), else -1, each as the opened set's training part ({@link DataSplit#trainSamples})
 * gives it.
 */
public record DataFacts(String name, int[] sampleShape, int[] targetShape, List<String> classes, long largestId) {
    public DataFacts {
        sampleShape = sampleShape.clone();
        targetShape = targetShape.clone();
        classes = List.copyOf(classes);
    }

    @Override public int[] sampleShape() { return sampleShape.clone(); }
    @Override public int[] targetShape() { return targetShape.clone(); }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(sampleShape) + " -> " + Arrays.toString(targetShape) + ", " + classes.size() + " classes, largest id " + largestId;
    }
}
