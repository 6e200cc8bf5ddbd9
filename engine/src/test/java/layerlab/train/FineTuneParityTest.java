package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frozen layers train as PyTorch's {@code requires_grad_(False)} does ({@code make_finetune_fixtures.py}): a small CNN
 * with conv1 and bn1 frozen under SGD with momentum and weight decay, and with fc1 frozen under AdamW, ends each step
 * with PyTorch's loss and every parameter and buffer at PyTorch's values; frozen weights are bit for bit the initial
 * ones (no decay, no momentum), and a frozen BatchNorm's running statistics still move in training mode.
 */
class FineTuneParityTest {
    static final Fixtures FIXTURE = Fixtures.load("train/finetune.json");

    /** The fixture's graph, the nodes named in {@code frozen} marked frozen in the JSON as a user's file would. */
    static Graph graph(List<String> frozen) {
        StringBuilder nodes = new StringBuilder();
        String[][] spec = {
            {"x", "Input", "{\"shape\": [1, 6, 6]}"},
            {"conv1", "Conv2d", "{\"in_channels\": 1, \"out_channels\": 4, \"kernel_size\": 3, \"bias\": false}"},
            {"bn1", "BatchNorm2d", "{\"num_features\": 4}"},
            {"relu1", "ReLU", "{}"},
            {"flat", "Flatten", "{}"},
            {"fc1", "Linear", "{\"in_features\": 64, \"out_features\": 8}"},
            {"relu2", "ReLU", "{}"},
            {"fc2", "Linear", "{\"in_features\": 8, \"out_features\": 3}"},
            {"logits", "Output", "{}"},
            {"labels", "Input", "{\"shape\": [], \"dtype\": \"int64\"}"},
            {"loss", "CrossEntropyLoss", "{}"}};
        for (int i = 0; i < spec.length; i++) {
            if (i > 0) nodes.append(",\n");
            nodes.append(String.format("{\"id\": \"n%d\", \"name\": \"%s\", \"kind\": \"%s\", \"params\": %s, \"position\": {\"x\": %d, \"y\": 0}%s}",
                    i, spec[i][0], spec[i][1], spec[i][2], 200 * i, frozen.contains(spec[i][0]) ? ", \"frozen\": true" : ""));
        }
        String json = """
                {"format": "layerlab-project", "version": 1, "name": "FineTune", "nodes": [%s],
                 "edges": [{"from": "x.out", "to": "conv1.in"}, {"from": "conv1.out", "to": "bn1.in"}, {"from": "bn1.out", "to": "relu1.in"},
                           {"from": "relu1.out", "to": "flat.in"}, {"from": "flat.out", "to": "fc1.in"}, {"from": "fc1.out", "to": "relu2.in"},
                           {"from": "relu2.out", "to": "fc2.in"}, {"from": "fc2.out", "to": "logits.in"}, {"from": "fc2.out", "to": "loss.input"},
                           {"from": "labels.out", "to": "loss.target"}]}
                """.formatted(nodes);
        try {
            return ProjectJson.read(json, "finetune.json");
        } catch (layerlab.graph.json.ProjectFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** x[i, j] = sin(0.37·i + 0.91·j) over 36 pixels, labels (5·i + 1) mod 3. */
    static TensorDataset data(int n) {
        float[] x = new float[n * 36];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 36; j++) x[i * 36 + j] = (float) Math.sin(0.37 * i + 0.91 * j);
            y[i] = (5L * i + 1) % 3;
        }
        return TensorDataset.classification("finetune", x, new int[] {1, 6, 6}, y, List.of("0", "1", "2"));
    }

    /** Parameter number p (in state-dict order), element k = 0.5·sin(1.3·k + p); buffers as initialised. */
    static Map<String, Tensor> initialWeights(Map<String, Parameter> params) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        int p = 0;
        for (var e : params.entrySet()) {
            float[] v = new float[e.getValue().numel()];
            for (int k = 0; k < v.length; k++) v[k] = (float) (0.5 * Math.sin(1.3 * k + p));
            w.put(e.getKey(), Tensor.of(v, e.getValue().shape()));
            p++;
        }
        return w;
    }

    @ParameterizedTest
    @ValueSource(strings = {"frozen_features", "frozen_middle"})
    void frozenLayersTrainAsPyTorchsRequiresGradFalse(String name) throws Exception {
        JsonNode f = FIXTURE.json(), c = f.get("cases").get(name);
        List<String> frozen = new ArrayList<>();
        c.get("frozen").forEach(n -> frozen.add(n.asText()));
        Map<String, Object> optimizer = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(c.get("optimizer"), Map.class);
        TrainingConfig config = TrainingConfig.fromMap(Map.of("optimizer", optimizer, "epochs", 1, "batch_size", f.get("batch_size").asInt(),
                "shuffle", false, "device", TestDevice.device().toString()));
        Trainer t = new Trainer(graph(frozen), config, data(f.get("steps").asInt() * f.get("batch_size").asInt()), null);
        Map<String, Tensor> init = initialWeights(t.model().namedParameters());
        Map<String, Tensor> start = new LinkedHashMap<>(t.model().stateDict());
        start.putAll(init);
        t.loadWeights(start);
        for (var e : t.model().namedParameters().entrySet()) {
            assertEquals(!frozen.contains(e.getKey().substring(0, e.getKey().indexOf('.'))), e.getValue().requiresGrad(), e.getKey());
        }
        List<Double> losses = new ArrayList<>();
        t.addListener(e -> {
            if (e instanceof TrainingEvent.BatchEnded b) losses.add(b.loss());
        });
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());
        assertEquals(f.get("steps").asInt(), losses.size());
        for (int s = 0; s < losses.size(); s++) TestDevice.assertClose(c.get("losses").get(s).asDouble(), losses.get(s), 1e-5, 1e-6, name + " loss at step " + (s + 1));
        Map<String, Tensor> state = t.model().stateDict();
        var want = c.get("state").fields();
        int checked = 0;
        while (want.hasNext()) {
            var e = want.next();
            Tensor got = TestDevice.cpu(state.get(e.getKey()));
            float[] g = got.toDType(layerlab.tensor.DType.FLOAT32).toFloatArray();
            assertEquals(e.getValue().size(), g.length, e.getKey());
            String layer = e.getKey().substring(0, e.getKey().indexOf('.'));
            boolean isParam = init.containsKey(e.getKey());
            if (isParam && frozen.contains(layer)) {
                // Frozen: exactly as it started, although weight decay and momentum would have moved it.
                assertEquals(java.util.Arrays.toString(init.get(e.getKey()).toFloatArray()), java.util.Arrays.toString(g), e.getKey() + " stays");
                assertNull(t.model().namedParameters().get(e.getKey()).grad(), e.getKey() + " gets no gradient");
            } else if (isParam) {
                assertFalse(java.util.Arrays.equals(init.get(e.getKey()).toFloatArray(), g), e.getKey() + " trains");
            }
            for (int k = 0; k < g.length; k++) {
                TestDevice.assertClose(e.getValue().get(k).asDouble(), g[k], 1e-5, 1e-6, name + " " + e.getKey() + "[" + k + "]");
            }
            checked++;
        }
        assertEquals(state.size(), checked, "every parameter and buffer compared");
        // bn1's running mean moved from its zeros even where bn1 is frozen (PyTorch: buffers are not parameters).
        assertNotEquals(0.0, Math.abs(TestDevice.cpu(state.get("bn1.running_mean")).toFloatArray()[0]));
        assertTrue(t.model().trainableParameterCount() < t.model().parameterCount());
    }
}
