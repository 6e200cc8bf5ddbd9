package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.scene.layout.FlowPane;
import layerlab.train.TensorSnapshot;
import org.junit.jupiter.api.Test;

/**
 * The inspector's words for a node's output, per node kind: an Input's dark pixels are zeros, not dead units ("dead 36.2%"
 * it said of MNIST's background); one map, channel or step is singular ("1 feature maps of 28×28" it said).
 */
class ActivationWordsTest {
    /** Two samples of four values: {@code a} then {@code b}. */
    private static TensorSnapshot twoSamples(float[] a, float[] b) {
        float[] d = new float[8];
        System.arraycopy(a, 0, d, 0, 4);
        System.arraycopy(b, 0, d, 4, 4);
        return new TensorSnapshot(new int[] {2, 4}, d);
    }

    @Test
    void onlyARectifiersZerosAreDeadUnits() {
        // The first unit 0 in both samples, the second in one: one unit in four is dead, three values in eight are 0.
        TensorSnapshot relu = twoSamples(new float[] {0, 0, 1, 2}, new float[] {0, 3, 1, 2});
        assertEquals("dead 25.0 %", OutputShare.of("ReLU", relu));
        assertEquals("dead 25.0 %", OutputShare.of("ReLU6", relu));
        assertEquals("zeros 37.5 %", OutputShare.of("Input", relu), "a picture's background is zeros, not dead units");
        assertEquals("zeros 37.5 %", OutputShare.of("MaxPool2d", relu));
        assertEquals("", OutputShare.of("Linear", twoSamples(new float[] {-1, 0.5f, 1, 2}, new float[] {-2, 3, 1, 2})), "no zeros: nothing to say");
        assertEquals("zeros 12.5 %", OutputShare.of("Embedding", twoSamples(new float[] {0, -0.5f, 1, 2}, new float[] {-2, 3, 1, 2})),
                "a padding row's zeros in an output that goes negative");
    }

    @Test
    void theLineUnderTheTableSaysWhichSamplesAndModeTheOutputRowsAreOf() {
        String eval = ", in eval mode as predictions are made (dropout off, BatchNorm on its running statistics).";
        assertEquals("output (eval): validation samples 3–4" + eval, OutputShare.modeNote(3, 2, true, false, null, 0));
        assertEquals("output (eval): training sample 7" + eval, OutputShare.modeNote(7, 1, false, false, null, 0), "data without a validation set");
        assertEquals("output (eval): validation samples 0–63" + eval + " output (training): the training batch of step 51 (64 samples) as that step"
                + " saw it, in training mode (dropout on, BatchNorm on the batch's own statistics).", OutputShare.modeNote(0, 64, true, false, 51L, 64));
    }

    @Test
    void oneMapChannelOrStepIsSingular() {
        assertEquals("1 channel of 28×28 (sample 0)", LayerPictures.mapsNote(1, 28, 28, true, "sample 0"), "an Input's picture");
        assertEquals("3 channels of 32×32 (sample 2)", LayerPictures.mapsNote(3, 32, 32, true, "sample 2"));
        assertEquals("1 feature map of 14×14 (sample 0)", LayerPictures.mapsNote(1, 14, 14, false, "sample 0"));
        assertEquals("16 feature maps of 14×14 (sample 0)", LayerPictures.mapsNote(16, 14, 14, false, "sample 0"));
        assertEquals("1 step × 1 feature (sample 0, its first 1 step padding); a row per step, blue negative, red positive",
                HeatmapNote.of(1, 1, false, "sample 0", 1, false));
        assertEquals("1 channel × 1 place (sample 0); a row per channel, its places left to right, blue negative, red positive",
                HeatmapNote.of(1, 1, true, "sample 0", 0, false));
    }

    @Test
    void aLossReducedToOneNumberIsSaidNotDrawn() {
        // An autoencoder's MSELoss reads data Inputs only, so the inspector's forward pass gives its value: a scalar, whose
        // first size the pictures read (ArrayIndexOutOfBoundsException on selecting the loss).
        FlowPane pane = new FlowPane();
        assertEquals("one value for the whole batch: 0.0272",
                LayerPictures.activation(pane, new TensorSnapshot(new int[0], new float[] {0.0272f}), "samples 0–63", false, false, l -> 0, false));
        assertEquals(0, pane.getChildren().size());
        assertEquals("output (eval): one value for validation samples 0–63 together, in eval mode as predictions are made (dropout off, BatchNorm on"
                + " its running statistics).", OutputShare.modeNote(0, 64, true, true, null, 0), "not \"sample 0\"");
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
