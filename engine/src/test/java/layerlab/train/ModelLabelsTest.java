package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's class names and input normalization given by its user, checked against the graph. */
class ModelLabelsTest {
    private static Graph sample(String name) throws Exception {
        return ProjectJson.load(Path.of("..", "sample-projects", name + ".json"));
    }

    @Test
    void meanAndStdNormalizePerChannelOfAnImageAndPerFeatureOfARow() throws Exception {
        Normalization image = ModelLabels.normalization(sample("simple-cnn"), new double[] {0.5}, new double[] {0.25});
        assertEquals(Normalization.Per.CHANNEL, image.per());
        // transforms.Normalize(0.5, 0.25): (x - 0.5) / 0.25.
        assertArrayEquals(new float[] {-2f, 2f}, image.apply(Tensor.of(new float[] {0f, 1f}, 1, 1, 1, 2)).toFloatArray(), 1e-6f);
        Normalization rows = ModelLabels.normalization(sample("iris"), new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 2});
        assertEquals(Normalization.Per.FEATURE, rows.per());
        assertArrayEquals(new float[] {0f, 0f, 0f, 1f}, rows.apply(Tensor.of(new float[] {1, 2, 3, 6}, 1, 4)).toFloatArray(), 1e-6f);

        assertEquals("mean has 2 values; the Input has 4 features (give one for each, or one for all)", assertThrows(IllegalArgumentException.class,
                () -> ModelLabels.normalization(sample("iris"), new double[] {1, 2}, new double[] {1})).getMessage());
        assertEquals("std: 0.0 is not a positive number", assertThrows(IllegalArgumentException.class,
                () -> ModelLabels.normalization(sample("iris"), new double[] {1}, new double[] {1, 1, 0, 1})).getMessage());
    }

    @Test
    void classNamesMustNameEveryOutputOnce(@TempDir Path dir) throws Exception {
        Graph iris = sample("iris");
        Path file = Files.writeString(dir.resolve("classes.txt"), "setosa\n\n  versicolor \nvirginica\n");
        assertEquals(List.of("setosa", "versicolor", "virginica"), ModelLabels.classes(iris, ModelLabels.readNames(file), "classes.txt"));
        assertEquals("classes.txt names 2 classes, but the model's Output has 3 values a sample", assertThrows(IllegalArgumentException.class,
                () -> ModelLabels.classes(iris, List.of("a", "b"), "classes.txt")).getMessage());
        assertEquals("--classes: a class is named twice", assertThrows(IllegalArgumentException.class,
                () -> ModelLabels.classes(iris, List.of("a", "b", "a"), "--classes")).getMessage());
    }
}
