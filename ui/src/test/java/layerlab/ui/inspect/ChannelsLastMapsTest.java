package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import layerlab.train.TensorSnapshot;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.Dashboard;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A ConvNeXt block's LayerNorm, between the Permutes that put its maps channels last ([N, 7, 7, 32]), inspected after a
 * step of the convnext-mini sample: its activations are its 32 feature maps of 7 × 7, not "7 feature maps of 7×32"
 * (strips of its rows' channels), and the line says the tensor holds them channels last.
 */
class ChannelsLastMapsTest extends WindowTest {
    @Test
    void aLayerNormOnChannelsLastMapsShowsItsChannelsAsMaps(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.steppedOnce(robot, window, "convnext-mini.json");
        robot.interact(() -> {
            window.editor().scopeProperty().set("CNBlock");
            window.editor().select(List.of(window.editor().viewGraph().nodeByName("norm").id()));
            d.tabs().getSelectionModel().select(2);
        });
        InspectorView v = d.inspector();
        waitFor("block1.norm's maps", () -> !v.activations().getChildren().isEmpty());
        assertEquals("32 feature maps of 7×7 (sample 0); the tensor holds them channels last, [7, 7, 32] a sample",
                robot.lookup("#inspectActivationNote").queryAs(Label.class).getText());
        assertEquals(32, v.activations().getChildren().stream().filter(n -> n instanceof ImageView).count(), "a picture per channel");
        ImageView first = (ImageView) v.activations().getChildren().get(0);
        assertEquals(7, first.getImage().getWidth(), 0);
        assertEquals(7, first.getImage().getHeight(), 0);
        TestWindows.screenshot(robot, stage, "inspector-channels-last.png");
    }

    @Test
    void channelsLastValuesAreReadChannelByChannel() {
        float[] v = new float[12];
        for (int i = 0; i < v.length; i++) v[i] = i;
        // One sample of 2 × 2 places with 3 channels each: place (y, x) holds channels (y * 2 + x) * 3 + 0, 1, 2.
        TensorSnapshot maps = LayerPictures.channelsFirst(new TensorSnapshot(new int[] {1, 2, 2, 3}, v));
        assertArrayEquals(new int[] {1, 3, 2, 2}, maps.shape());
        assertArrayEquals(new float[] {0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11}, maps.data());
    }
}
