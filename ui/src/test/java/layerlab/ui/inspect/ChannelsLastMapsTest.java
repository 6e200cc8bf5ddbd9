package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javafx.scene.image.ImageView;
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
                TestWindows.labelText(robot, "#inspectActivationNote"));
        assertEquals(32, v.activations().getChildren().stream().filter(n -> n instanceof ImageView).count(), "a picture per channel");
        ImageView first = (ImageView) v.activations().getChildren().get(0);
        assertEquals(7, first.getImage().getWidth(), 0);
        assertEquals(7, first.getImage().getHeight(), 0);
        TestWindows.screenshot(robot, stage, "inspector-channels-last.png");
    }
}
