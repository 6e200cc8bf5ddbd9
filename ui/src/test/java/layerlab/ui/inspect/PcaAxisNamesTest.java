package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import layerlab.train.EmbeddingSpace;
import layerlab.train.FeatureSpace;
import layerlab.train.Pca;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The embedding space and the feature space, side by side in the inspector, name their axes alike: the embedding's read
 * "PC1 (8.0%)" where the feature space's read "PC1 (5.2% of the variance)".
 */
@ExtendWith(ApplicationExtension.class)
class PcaAxisNamesTest {
    private static final String ACROSS = "PC\\d \\(\\d+\\.\\d% of the variance\\) →", UP = "↑ PC\\d \\(\\d+\\.\\d%\\)";
    private FeatureSpacePane features;
    private EmbeddingSpacePane embeddings;

    @Start
    void start(Stage stage) {
        features = new FeatureSpacePane();
        embeddings = new EmbeddingSpacePane();
        stage.setScene(new Scene(new HBox(features, embeddings), 1000, 520));
        stage.show();
    }

    /** Six points in 3-D on a ring, a little off its plane. */
    private static float[] ring() {
        float[] x = new float[6 * 3];
        for (int i = 0; i < 6; i++) {
            double a = 2 * Math.PI * i / 6;
            x[i * 3] = (float) Math.cos(a) * 4;
            x[i * 3 + 1] = (float) Math.sin(a) * 3;
            x[i * 3 + 2] = i % 3 - 1;
        }
        return x;
    }

    @Test
    void bothSpacesNameTheirAxesInOneWording(FxRobot robot) {
        FeatureSpace f = new FeatureSpace("relu", new int[] {3}, Pca.of(ring(), 6, 3, 3), new int[] {0, 1, 0, 1, 0, 1}, new int[] {0, 1, 1, 1, 0, 1},
                null, List.of("cat", "dog"));
        EmbeddingSpace e = EmbeddingSpace.of("embed", ring(), 6, 3, null, null);
        robot.interact(() -> {
            features.show(f, null);
            embeddings.show(e, null);
        });
        for (List<String> names : List.of(features.axisNames(), embeddings.axisNames())) {
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.get(0).matches(ACROSS), names.get(0));
            assertTrue(names.get(1).matches(UP), names.get(1));
        }
        // The same points, the same components: the same names.
        assertEquals(features.axisNames(), embeddings.axisNames());
    }
}
