package layerlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.loss.CrossEntropyLoss;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * The proof case: CATALOG's NeuralNetwork, started from PyTorch's initial weights, trained 20 plain SGD
 * steps on the same batch, follows PyTorch's loss step by step; on the {@link TestDevice}.
 */
class MlpSgdTest {
    /** PyTorch's quick-start model, with its attribute names so the state-dict keys are PyTorch's. */
    static final class NeuralNetwork extends Module {
        final Flatten flatten = registerModule("flatten", new Flatten());
        final Sequential linearReluStack = registerModule("linear_relu_stack", new Sequential(
                new Linear(28 * 28, 512), new ReLU(), new Linear(512, 512), new ReLU(), new Linear(512, 10)));

        @Override
        public Tensor forward(Tensor x) {
            return linearReluStack.forward(flatten.forward(x));
        }
    }

    @Test
    void twentySgdStepsFollowPyTorchsLoss() {
        TestDevice.device();
        Fixtures fx = Fixtures.load("nn/mlp_sgd.json");
        FloatBuffer bin = ByteBuffer.wrap(Fixtures.bytes("nn/" + fx.json().get("bin").asText()))
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        Map<String, Tensor> stored = new LinkedHashMap<>();
        for (JsonNode e : fx.json().get("tensors")) {
            int[] shape = new int[e.get("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = e.get("shape").get(i).asInt();
            int n = 1;
            for (int d : shape) n *= d;
            float[] data = new float[n];
            bin.get(e.get("offset").asInt(), data);
            stored.put(e.get("name").asText(), Tensor.of(data, shape));
        }
        Tensor x = TestDevice.on(stored.remove("x"));
        Tensor y = TestDevice.on(fx.tensor("targets"));

        NeuralNetwork model = new NeuralNetwork();
        assertEquals(fx.json().get("repr").asText(), model.toString());
        model.loadStateDict(stored, true);
        TestDevice.on(model);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        float lr = (float) fx.json().get("lr").asDouble();
        JsonNode expected = fx.json().get("losses");
        for (int step = 0; step < fx.json().get("steps").asInt(); step++) {
            model.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(x), y);
            loss.backward();
            TestDevice.assertClose(expected.get(step).asDouble(), loss.item(), 0, 1e-4, "loss at step " + step);
            try (var ignored = Autograd.noGrad()) {
                for (Parameter p : model.parameters()) p.data().add_(p.grad(), -lr);
            }
        }
    }
}
