package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.ParityData;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * PyTorch parity of a whole training run: the NeuralNetwork sample, started from the same weights, trained on the same
 * 20 batches in order with plain SGD, ends with PyTorch's weights within 1e-4 ({@code make_train_fixtures.py}); the
 * Trainer runs on the {@link TestDevice}.
 */
class TrainParityTest {
    static final Fixtures FIXTURE = Fixtures.load("train/neural_network_sgd.json");
    static final String[] PARAMS = {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"};
    static final int[][] SHAPES = {{512, 784}, {512}, {512, 512}, {512}, {10, 512}, {10}};
    static final int[] FAN_IN = {784, 784, 512, 512, 512, 512};

    /** The fixture's initial weights: parameter number p, element k = sin(1.7·k + p) / √fan_in. */
    static Map<String, Tensor> initialWeights() {
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (int p = 0; p < PARAMS.length; p++) {
            int n = 1;
            for (int d : SHAPES[p]) n *= d;
            float[] v = new float[n];
            for (int k = 0; k < n; k++) v[k] = (float) (Math.sin(1.7 * k + p) / Math.sqrt(FAN_IN[p]));
            w.put(PARAMS[p], Tensor.of(v, SHAPES[p]));
        }
        return w;
    }

    /** Every sampled weight within 1e-4 of PyTorch's, and the sums and norms close; returns the largest difference. */
    static double assertMatchesPyTorch(Map<String, Tensor> weights, JsonNode fixture) {
        double worst = 0, moved = 0;
        Map<String, Tensor> init = initialWeights();
        for (String name : PARAMS) {
            JsonNode p = fixture.get("params").get(name);
            float[] got = TestDevice.cpu(weights.get(name)).toFloatArray(), start = init.get(name).toFloatArray();
            double sum = 0, sq = 0;
            for (float f : got) {
                sum += f;
                sq += (double) f * f;
            }
            TestDevice.assertClose(p.get("norm").asDouble(), Math.sqrt(sq), 1e-5, 0, name + " norm");
            TestDevice.assertClose(p.get("sum").asDouble(), sum, 0, 1e-3, name + " sum");
            for (int k = 0; k < p.get("indices").size(); k++) {
                int i = p.get("indices").get(k).asInt();
                double want = p.get("values").get(k).asDouble();
                TestDevice.assertClose(want, got[i], 0, 1e-4, name + "[" + i + "]");
                worst = Math.max(worst, Math.abs(want - got[i]));
                moved = Math.max(moved, Math.abs(want - start[i]));
            }
        }
        assertTrue(moved > 1e-2, "training moved the weights well beyond the tolerance: " + moved);
        return worst;
    }

    @Test
    void twentySgdStepsEndWithPyTorchsWeights() throws Exception {
        String device = TestDevice.device().toString();
        JsonNode f = FIXTURE.json();
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "neural-network.json"));
        TrainingConfig config = TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "SGD", "lr", f.get("lr").asDouble()), "epochs", 1,
                "batch_size", f.get("batch_size").asInt(), "shuffle", false, "device", device));
        Trainer t = new Trainer(g, config, ParityData.sinusoidDigits(f.get("steps").asInt() * f.get("batch_size").asInt()), null);
        t.loadWeights(initialWeights());
        List<Double> losses = new ArrayList<>();
        t.addListener(e -> {
            if (e instanceof TrainingEvent.BatchEnded b) losses.add(b.loss());
        });
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());
        assertEquals(f.get("steps").asInt(), losses.size());
        for (int s = 0; s < losses.size(); s++) TestDevice.assertClose(f.get("losses").get(s).asDouble(), losses.get(s), 0, 1e-5, "loss at step " + (s + 1));
        assertMatchesPyTorch(t.model().stateDict(), f);
    }
}
