package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.bench.CnnModels;
import layerlab.loss.CrossEntropyLoss;
import layerlab.nn.Module;
import layerlab.optim.Adam;
import layerlab.optim.Optimizer;
import layerlab.optim.SGD;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof: CATALOG's SimpleCNN and NetWithResBlock, from PyTorch's initial weights, trained 10 steps
 * on one fixed batch with CrossEntropyLoss and SGD or Adam, follow PyTorch's loss step by step within 1e-4,
 * and end with its BatchNorm running statistics; on the {@link TestDevice}.
 */
class CnnTrainingTest {
    static Stream<String> cases() {
        return SpatialParityTest.cases("training").stream();
    }

    /** The tensors of a model binary by name: the batch "x" and the initial state dict. */
    static Map<String, Tensor> binary(JsonNode fx) {
        ByteBuffer buf = ByteBuffer.wrap(Fixtures.bytes("spatial/" + fx.get("bin").asText())).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (JsonNode t : fx.get("tensors")) {
            int[] shape = new int[t.get("shape").size()];
            int n = 1;
            for (int i = 0; i < shape.length; i++) n *= shape[i] = t.get("shape").get(i).asInt();
            float[] v = new float[n];
            int off = t.get("offset").asInt();
            for (int i = 0; i < n; i++) v[i] = buf.getFloat(4 * (off + i));
            out.put(t.get("name").asText(), Tensor.of(v, shape));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsPyTorchsLoss(String name) {
        TestDevice.device();
        JsonNode fx = Fixtures.load("spatial/" + name + ".json").json();
        Module model = fx.get("model").asText().equals("SimpleCNN") ? CnnModels.simpleCnn() : CnnModels.netWithResBlock();
        Map<String, Tensor> tensors = binary(fx);
        Tensor x = TestDevice.on(tensors.remove("x"));
        Map<String, Tensor> state = new LinkedHashMap<>(tensors);
        for (String key : model.stateDict().keySet()) {
            if (key.endsWith("num_batches_tracked")) state.put(key, Tensor.ofLongs(new long[] {0}).reshape());
        }
        model.loadStateDict(state, true);
        TestDevice.on(model);
        Tensor y = TestDevice.on(Fixtures.tensor(fx.get("targets")));
        double lr = fx.get("lr").asDouble();
        Optimizer opt = fx.get("optimizer").asText().equals("sgd") ? new SGD(model.parameters(), lr) : new Adam(model.parameters(), lr);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        List<Double> ours = new ArrayList<>();
        for (int step = 0; step < fx.get("steps").asInt(); step++) {
            opt.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(x), y);
            loss.backward();
            opt.step();
            ours.add((double) loss.item());
        }
        JsonNode losses = fx.get("losses");
        assertEquals(losses.size(), ours.size());
        for (int i = 0; i < ours.size(); i++) {
            TestDevice.assertClose(losses.get(i).asDouble(), ours.get(i), 0, 1e-4, name + ": loss of step " + i + " (all ours: " + ours + ")");
        }
        Map<String, Tensor> finalState = model.stateDict();
        fx.get("final").fields().forEachRemaining(e -> {
            Tensor expected = Fixtures.tensor(e.getValue());
            if (e.getKey().endsWith("num_batches_tracked")) {
                assertEquals(expected.toLongArray()[0], TestDevice.cpu(finalState.get(e.getKey())).toLongArray()[0], name + ": " + e.getKey());
            } else {
                // A conv bias right before BatchNorm gets a gradient that is float noise around 0; Adam scales that
                // noise to ±lr per step, whatever its size, so those biases (and the running means that see them)
                // wander by up to steps·lr between any two implementations. The loss does not depend on them.
                boolean noiseDriven = fx.get("optimizer").asText().equals("adam") && e.getKey().endsWith("running_mean");
                TestDevice.assertClose(expected, finalState.get(e.getKey()), 1e-3, noiseDriven ? 1e-2 : 1e-4, name + ": final " + e.getKey());
            }
        });
    }
}
