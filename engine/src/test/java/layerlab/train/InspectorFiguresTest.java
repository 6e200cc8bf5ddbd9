package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.train.TrainingEvent.ActivationCapture;
import layerlab.train.TrainingEvent.ParameterStat;
import layerlab.train.TrainingEvent.ParameterStats;
import org.junit.jupiter.api.Test;

/**
 * What the inspector shows of a training step, against PyTorch's forward, backward and forward hooks on the same weights
 * and batch (fixtures/train/inspector.json, make_inspector_fixtures.py): the Iris MLP, a tiny CNN and a GRU classifier,
 * each parameter's values and gradient (mean, std, norm, min, max and histogram bins), and the requested nodes'
 * outputs with their output row's figures (mean, std (torch's default, unbiased), min, max, the share of zeros and of
 * dead units). With clip_grad_norm set, the gradients shown are those backward computed, as a backward hook sees them.
 */
class InspectorFiguresTest {
    static final Fixtures FIXTURE = Fixtures.load("train/inspector.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static float[] floats(JsonNode data) {
        float[] f = new float[data.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) data.get(i).asDouble();
        return f;
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
        return r;
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, Fixtures.RTOL * Math.abs(expected) + Fixtures.ATOL, what);
    }

    static void assertFigures(JsonNode want, TensorStats got, String what) {
        assertNotNull(got, what);
        close(want.get("mean").asDouble(), got.mean(), what + " mean");
        close(want.get("std").asDouble(), got.std(), what + " std");
        close(want.get("norm").asDouble(), got.norm(), what + " norm");
        close(want.get("min").asDouble(), got.min(), what + " min");
        close(want.get("max").asDouble(), got.max(), what + " max");
        long[] counts = new long[want.get("counts").size()];
        for (int i = 0; i < counts.length; i++) counts[i] = want.get("counts").get(i).asLong();
        assertArrayEquals(counts, got.counts(), what + " histogram bins");
    }

    /** One training step of the case's model from its weights on its batch: the events it sent. */
    static List<TrainingEvent> oneStep(JsonNode c) throws Exception {
        Graph g = ProjectJson.read(c.get("project").asText(), c.get("name").asText());
        @SuppressWarnings("unchecked")
        Map<String, Object> training = JSON.convertValue(c.get("training"), Map.class);
        TrainingConfig config = TrainingConfig.fromMap(training);
        JsonNode x = c.get("x");
        long[] y = new long[c.get("y").size()];
        for (int i = 0; i < y.length; i++) y[i] = c.get("y").get(i).asLong();
        int[] shape = ints(x.get("shape"));
        int[] sample = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < c.get("classes").asInt(); k++) classes.add("c" + k);
        Trainer t = new Trainer(g, config, TensorDataset.classification(c.get("name").asText(), floats(x.get("data")), sample, y, classes), null);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        c.get("weights").fields().forEachRemaining(w -> weights.put(w.getKey(), Tensor.of(floats(w.getValue().get("data")), ints(w.getValue().get("shape")))));
        t.loadWeights(weights);
        Set<String> observed = new LinkedHashSet<>();
        c.get("activations").fieldNames().forEachRemaining(observed::add);
        t.requestActivations(observed);
        List<TrainingEvent> events = new ArrayList<>();
        t.addListener(events::add);
        t.run();
        return events;
    }

    @Test
    void parameterFiguresAndActivationsOfAStepMatchPyTorch() throws Exception {
        for (JsonNode c : FIXTURE.json().get("cases")) {
            String name = c.get("name").asText();
            List<TrainingEvent> events = oneStep(c);
            TrainingEvent.BatchEnded batch = events.stream().filter(e -> e instanceof TrainingEvent.BatchEnded).map(e -> (TrainingEvent.BatchEnded) e)
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": no step ran: " + events));
            close(c.get("loss").asDouble(), batch.loss(), name + " loss");
            ParameterStats stats = events.stream().filter(e -> e instanceof ParameterStats).map(e -> (ParameterStats) e).findFirst().orElseThrow();
            assertEquals(1, stats.step(), name);
            List<String> names = new ArrayList<>();
            for (ParameterStat p : stats.parameters()) {
                names.add(p.name());
                assertFigures(c.get("values").get(p.name()), p.value(), name + " " + p.name() + " values");
                assertFigures(c.get("grads").get(p.name()), p.grad(), name + " " + p.name() + " gradient");
                assertArrayEquals(ints(c.get("weights").get(p.name()).get("shape")), p.shape(), name + " " + p.name() + " shape");
            }
            List<String> expected = new ArrayList<>();
            c.get("weights").fieldNames().forEachRemaining(expected::add);
            assertEquals(expected, names, name + ": every parameter, in the model's order");
            ActivationCapture cap = events.stream().filter(e -> e instanceof ActivationCapture).map(e -> (ActivationCapture) e).findFirst().orElseThrow();
            assertEquals(1, cap.step(), name);
            c.get("activations").fields().forEachRemaining(a -> {
                TensorSnapshot s = cap.activations().get(a.getKey());
                String what = name + " " + a.getKey() + " output";
                assertNotNull(s, what);
                assertArrayEquals(ints(a.getValue().get("shape")), s.shape(), what + " shape");
                float[] want = floats(a.getValue().get("data"));
                for (int i = 0; i < want.length; i++) close(want[i], s.data()[i], what + "[" + i + "]");
                TensorStats st = TensorStats.of(s.data());
                close(a.getValue().get("mean").asDouble(), st.mean(), what + " mean");
                close(a.getValue().get("std").asDouble(), st.std(), what + " std");
                close(a.getValue().get("min").asDouble(), st.min(), what + " min");
                close(a.getValue().get("max").asDouble(), st.max(), what + " max");
                close(a.getValue().get("zeros").asDouble(), s.zeroFraction(), what + " share of zeros");
                close(a.getValue().get("dead").asDouble(), s.deadFraction(), what + " share of dead units");
            });
        }
    }
}
