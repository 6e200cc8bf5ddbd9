package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * Saliency maps against PyTorch's autograd (fixtures/train/saliency.json, make_saliency_fixtures.py): the
 * ConvBatchNormRGB sample with weights and an image given by formulas, in eval mode, on the {@link TestDevice} (so
 * the maps the Results view draws are checked on a GPU too).
 */
class SaliencyTest {
    static final JsonNode FIXTURE = Fixtures.load("train/saliency.json").json();

    /** The sample with the fixture's weights: entry k of tensor {@code name} is {@link #value}. */
    static Evaluator sample() throws Exception {
        return withFormulaWeights("conv-batchnorm-rgb.json");
    }

    /** Sample project {@code file} compiled, every tensor of its state (but BatchNorm's batch count) set by {@link #value}. */
    static Evaluator withFormulaWeights(String file) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", file));
        Model model = GraphCompiler.compile(g);
        Map<String, Tensor> state = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> {
            if (name.endsWith("num_batches_tracked")) return;
            float[] v = new float[t.numel()];
            for (int k = 0; k < v.length; k++) v[k] = (float) value(name, k);
            state.put(name, Tensor.of(v, t.shape()));
        });
        model.loadStateDict(state, false);
        layerlab.tensor.Device device = TestDevice.device();
        model.to(device);
        return new Evaluator(model, TrainingConfig.fromMap(g.training()).loss(), device);
    }

    static double value(String name, int k) {
        double base = Math.sin(0.7 * k + 0.37 * name.length());
        if (name.endsWith("running_var")) return 1 + 0.5 * base * base;
        if (name.startsWith("bn") && name.endsWith("weight")) return 1 + 0.2 * base;
        if (name.endsWith("running_mean") || name.endsWith("bias")) return 0.1 * base;
        return 0.3 * base;
    }

    static Tensor image() {
        float[] x = new float[3 * 28 * 28];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.5 + 0.5 * Math.sin(0.37 * i + 0.001 * i * i));
        return Tensor.of(x, 3, 28, 28);
    }

    /**
     * The map of the top class and of another, pixel by pixel. Tolerance 1e-4 of the map's largest value: the
     * gradient passes back through two convolutions and a 1,568-wide product, sums whose float32 order differs
     * from PyTorch's.
     */
    @Test
    void theMapIsTheAbsoluteInputGradientsLargestChannelAsPyTorchComputesIt() throws Exception {
        Evaluator e = sample();
        float[] logits = e.predict(image().reshape(1, 3, 28, 28), 1).toFloatArray();
        for (int k = 0; k < 10; k++) assertEquals(FIXTURE.get("logits").get(k).asDouble(), logits[k], 1e-4 * Math.max(1, Math.abs(logits[k])), "logit " + k);
        int cases = 0;
        for (JsonNode c : FIXTURE.get("cases")) {
            int cls = c.get("class").asInt();
            Saliency s = Saliency.of(e, image(), cls);
            assertEquals(28, s.height());
            assertEquals(28, s.width());
            assertEquals(logits[cls], s.score(), 1e-6f);
            JsonNode want = c.get("map");
            double max = 0;
            for (JsonNode v : want) max = Math.max(max, v.asDouble());
            assertEquals(max, s.max(), 1e-4 * max);
            for (int p = 0; p < 28 * 28; p++) assertEquals(want.get(p).asDouble(), s.values()[p], 1e-4 * max, "class " + cls + " pixel " + p);
            cases++;
        }
        assertEquals(2, cases);
    }

    /** SmoothGrad's average of |gradient| over copies of the image, against PyTorch's on copies with a formula's "noise". */
    @Test
    void smoothGradAveragesTheGradientsSizeOverNoisyCopies() throws Exception {
        Evaluator e = sample();
        JsonNode c = FIXTURE.get("average");
        float[] x = image().toFloatArray();
        java.util.List<Tensor> copies = new java.util.ArrayList<>();
        for (int k = 0; k < c.get("copies").asInt(); k++) {
            float[] noisy = new float[x.length];
            for (int i = 0; i < x.length; i++) noisy[i] = x[i] + (float) (0.1 * Math.sin(1.7 * i + 0.9 * k));
            copies.add(Tensor.of(noisy, 3, 28, 28));
        }
        Saliency s = Saliency.average(e, copies, c.get("class").asInt());
        JsonNode want = c.get("map");
        double max = 0;
        for (JsonNode v : want) max = Math.max(max, v.asDouble());
        for (int p = 0; p < 28 * 28; p++) assertEquals(want.get(p).asDouble(), s.values()[p], 1e-4 * max, "pixel " + p);
        // SmoothGrad draws its copies from a seed: the same map for the same seed, another than the plain gradient's.
        Saliency a = Saliency.smooth(e, image(), 2, Saliency.SMOOTH_SAMPLES, Saliency.SMOOTH_NOISE, 5);
        Saliency b = Saliency.smooth(e, image(), 2, Saliency.SMOOTH_SAMPLES, Saliency.SMOOTH_NOISE, 5);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.values(), b.values());
        assertFalse(java.util.Arrays.equals(a.values(), Saliency.of(e, image(), 2).values()));
    }

    /**
     * Integrated gradients from a black baseline against PyTorch's (8 steps); and completeness: with more steps the
     * attributions add up to score(image) − score(baseline) ever more closely (2% with 8 here, under 0.5% with 64).
     */
    @Test
    void integratedGradientsAddUpToTheScoresDifference() throws Exception {
        Evaluator e = sample();
        JsonNode c = FIXTURE.get("integrated");
        int cls = c.get("class").asInt();
        Tensor black = Tensor.of(new float[3 * 28 * 28], 3, 28, 28);
        Saliency s = Saliency.integrated(e, image(), black, cls, c.get("steps").asInt());
        JsonNode want = c.get("map");
        double max = 0;
        for (JsonNode v : want) max = Math.max(max, v.asDouble());
        for (int p = 0; p < 28 * 28; p++) assertEquals(want.get(p).asDouble(), s.values()[p], 1e-4 * max, "pixel " + p);
        double sum = 0;
        for (float a : Saliency.integratedAttributions(e, image(), black, cls, c.get("steps").asInt())) sum += a;
        assertEquals(c.get("sum").asDouble(), sum, 1e-4 * Math.abs(c.get("sum").asDouble()));
        double gap = e.predict(image().reshape(1, 3, 28, 28), 1).toFloatArray()[cls] - e.predict(black.reshape(1, 3, 28, 28), 1).toFloatArray()[cls];
        assertEquals(c.get("score_difference").asDouble(), gap, 1e-4 * Math.abs(gap));
        assertEquals(e.predict(image().reshape(1, 3, 28, 28), 1).toFloatArray()[cls], s.score(), 1e-6f, "the image's own score");
        double fine = 0;
        for (float a : Saliency.integratedAttributions(e, image(), black, cls, 64)) fine += a;
        assertEquals(gap, fine, 0.005 * Math.abs(gap), "completeness at 64 steps");
    }

    /**
     * Grad-CAM at three layers against PyTorch's (a forward hook's activations, autograd's gradient at them): the last
     * layer with feature maps (pool2, 7 × 7, the default), relu2 (14 × 14) and relu1 (28 × 28, no stretching). Tolerance
     * 1e-4 of the map's largest value: each weight is a mean over the layer's positions of a gradient summed in
     * another order than PyTorch's.
     */
    @Test
    void gradCamAndHiResCamWeighTheFeatureMapsByTheirGradientAsPyTorchDoes() throws Exception {
        Evaluator e = sample();
        assertEquals(java.util.List.of("conv1", "bn1", "relu1", "pool1", "conv2", "bn2", "relu2", "pool2"), Saliency.camLayers(e, image()));
        JsonNode c = FIXTURE.get("gradcam");
        int cls = c.get("class").asInt();
        for (String layer : new String[] {null, "relu2", "relu1"}) {
            JsonNode want = c.get("layers").get(layer == null ? "pool2" : layer).get("map");
            Saliency s = Saliency.map(Saliency.Method.GRADCAM, e, image(), null, cls, 0, layer);
            assertEquals(28, s.height());
            assertEquals(28, s.width());
            double max = 0;
            for (JsonNode v : want) max = Math.max(max, v.asDouble());
            assertTrue(max > 0, "a map with something in it");
            assertEquals(max, s.max(), 1e-4 * max);
            for (int p = 0; p < 28 * 28; p++) assertEquals(want.get(p).asDouble(), s.values()[p], 1e-4 * max, layer + " pixel " + p);
        }
        // HiResCAM: the maps times their gradient position by position, at the same layers.
        for (String layer : new String[] {null, "relu2", "relu1"}) {
            JsonNode want = c.get("layers").get(layer == null ? "pool2" : layer).get("hirescam");
            Saliency s = Saliency.map(Saliency.Method.HIRESCAM, e, image(), null, cls, 0, layer);
            double max = 0;
            for (JsonNode v : want) max = Math.max(max, v.asDouble());
            assertTrue(max > 0, "a map with something in it");
            for (int p = 0; p < 28 * 28; p++) assertEquals(want.get(p).asDouble(), s.values()[p], 1e-4 * max, "HiResCAM " + layer + " pixel " + p);
        }
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Saliency.gradCam(e, image(), cls, "fc"));
        assertEquals("Grad-CAM: \"fc\" is not a layer with feature maps the Output depends on; those are conv1, bn1, relu1, pool1, conv2, bn2, relu2, "
                + "pool2", x.getMessage());
    }

    /** Stretching as F.interpolate(mode="bilinear", align_corners=False): edges held, centres of the small pixels kept. */
    @Test
    void upsamplingIsBilinearWithCornersNotAligned() {
        // [[0, 1], [2, 3]] to 4 × 4: PyTorch gives rows 0, .25, .75, 1 | .5, .75, 1.25, 1.5 | 1.5, ... | 2, 2.25, 2.75, 3.
        float[] up = Saliency.upsample(new float[] {0, 1, 2, 3}, 2, 2, 4, 4);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0, .25f, .75f, 1, .5f, .75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3},
                up, 1e-6f);
    }

    /** Integrated gradients' black picture is black as the model sees pixels: 0 normalized per channel. */
    @Test
    void aBlackPictureIsNormalizedAsTheTrainingPixelsWere() {
        layerlab.data.Normalization norm = new layerlab.data.Normalization(layerlab.data.Normalization.Kind.STANDARDIZE,
                layerlab.data.Normalization.Per.CHANNEL, new float[] {0.5f, 0.25f}, new float[] {0.2f, 0.5f}, new float[0], null);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {-2.5f, -2.5f, -0.5f, -0.5f}, Saliency.black(norm, new int[] {2, 1, 2}).toFloatArray(), 1e-6f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 1, 2}, Saliency.black(norm, new int[] {2, 1, 2}).shape());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[4], Saliency.black(null, new int[] {2, 2}).toFloatArray());
    }

    @Test
    void itLeavesTheModelAsItFoundIt() throws Exception {
        Evaluator e = sample();
        e.model().train();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            // Inside a no-grad scope (the Results' evaluations run in one) it still differentiates, then restores the scope.
            Saliency s = Saliency.of(e, image(), 4);
            assertTrue(s.max() > 0);
            assertFalse(Autograd.isGradEnabled());
        }
        assertTrue(e.model().isTraining(), "back in training mode");
        for (var p : e.model().parameters()) assertTrue(p.grad() == null || p.grad().abs().sum().item() == 0, "no gradient left behind");
    }

    /** The picture is scaled to its own range; the overlay dims it to grey and lights the map's top pixels yellow, the rest by share. */
    @Test
    void theOverlayDimsThePictureAndLightsTheMap() {
        int[] grey = Saliency.picture(new float[] {-1, 0, 1, 3}, 1, 2, 2);
        assertEquals(0xFF000000, grey[0]);
        assertEquals(0xFFFFFFFF, grey[3]);
        assertEquals(0xFF404040, grey[1], "a quarter of the way: 64 of 255");
        int[] rgb = Saliency.picture(new float[] {1, 0, 0, 1, 0, 0}, 3, 1, 2);
        // Channels R {1, 0}, G {0, 1}, B {0, 0}: a red pixel and a green one.
        assertEquals(0xFFFF0000, rgb[0]);
        assertEquals(0xFF00FF00, rgb[1]);
        float[] values = new float[100];
        values[7] = 2;
        Saliency s = new Saliency(0, 10, 10, values, 2, 0);
        float[] white = new float[100];
        java.util.Arrays.fill(white, 1);
        white[0] = 0;
        int[] o = s.overlay(white, 1);
        assertEquals(0xFFFFFF99, o[7], "the top pixel: yellow");
        assertEquals(0xFF737373, o[1], "no saliency: the white pixel dimmed to 0.45");
        assertEquals(0xFF000000, o[0], "a black pixel stays black");
    }

    @Test
    void onlyImagesAndClassesTheOutputHas() throws Exception {
        Evaluator e = sample();
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Saliency.of(e, image(), 10));
        assertEquals("class 10 is not one of the Output's 10", x.getMessage());
        x = assertThrows(IllegalArgumentException.class, () -> Saliency.of(e, Tensor.of(new float[4], 4), 0));
        assertEquals("saliency maps are for images [C, H, W]; got (4)", x.getMessage().replace("[4]", "(4)"));
    }
}
