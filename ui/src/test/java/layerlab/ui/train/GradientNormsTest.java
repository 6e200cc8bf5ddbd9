package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.train.TensorStats;
import layerlab.train.TrainingEvent.ParameterStat;
import layerlab.train.TrainingEvent.ParameterStats;
import org.junit.jupiter.api.Test;

/**
 * The inspector's gradient-norm chart and the canvas's gradient tint plot one line per layer: its parameters' gradients
 * together, as PyTorch's clip_grad_norm_ measures them over that layer's parameters (the engine's
 * fixtures/train/inspector.json, make_inspector_fixtures.py: the Iris MLP, a tiny CNN and a GRU after one backward pass).
 */
class GradientNormsTest {
    @Test
    void eachLayersNormIsItsParametersGradientsTogetherAsPyTorchMeasuresThem() throws Exception {
        JsonNode fixture = new ObjectMapper().readTree(Path.of("../engine/src/test/resources/fixtures/train/inspector.json").toFile());
        for (JsonNode c : fixture.get("cases")) {
            List<ParameterStat> params = new ArrayList<>();
            c.get("grads").fields().forEachRemaining(g -> {
                JsonNode f = g.getValue();
                // The figures as the engine reports them (InspectorFiguresTest checks those against PyTorch); the chart combines the norms.
                TensorStats grad = new TensorStats(f.get("mean").asDouble(), f.get("std").asDouble(), f.get("norm").asDouble(), f.get("min").asDouble(),
                        f.get("max").asDouble(), new long[30], new double[31], 0);
                params.add(new ParameterStat(g.getKey(), new int[] {1}, grad, grad));
            });
            Map<String, Double> norms = GradientTint.nodeGradNorms(new ParameterStats(1, 1, params));
            List<String> layers = new ArrayList<>();
            c.get("nodeGradNorms").fieldNames().forEachRemaining(layers::add);
            assertEquals(layers, List.copyOf(norms.keySet()), c.get("name").asText() + ": a line per layer with weights, in the model's order");
            c.get("nodeGradNorms").fields().forEachRemaining(n -> assertEquals(n.getValue().asDouble(), norms.get(n.getKey()),
                    1e-5 * n.getValue().asDouble(), c.get("name").asText() + " " + n.getKey()));
        }
    }
}
