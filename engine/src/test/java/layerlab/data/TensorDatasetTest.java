package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorDatasetTest {
    @Test
    void labelsAreRenumberedByNameToAModelsClasses() {
        // A test file with two of the model's three classes: read alone, virginica would be class 1 (the model's versicolor).
        TensorDataset test = TensorDataset.classification("test.csv", new float[] {1, 2, 3}, new int[] {1}, new long[] {0, 1, 1},
                List.of("setosa", "virginica")).withFeatureNames(List.of("petal"));
        TensorDataset scored = test.relabeled(List.of("setosa", "versicolor", "virginica"));
        assertArrayEquals(new long[] {0, 2, 2}, scored.classTargets());
        assertEquals(List.of("setosa", "versicolor", "virginica"), scored.classNames());
        assertEquals(List.of("petal"), scored.featureNames());
        assertSame(test, test.relabeled(List.of("setosa", "virginica")), "already in the model's order");
        assertEquals("test.csv: class \"virginica\" is not one of the model's classes (setosa, versicolor)",
                assertThrows(IllegalArgumentException.class, () -> test.relabeled(List.of("setosa", "versicolor"))).getMessage());
    }
}
