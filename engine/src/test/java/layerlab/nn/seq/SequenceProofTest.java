package layerlab.nn.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.loss.CrossEntropyLoss;
import layerlab.nn.Dropout;
import layerlab.nn.Embedding;
import layerlab.nn.GRU;
import layerlab.nn.LSTM;
import layerlab.nn.LastStep;
import layerlab.nn.Linear;
import layerlab.nn.Module;
import layerlab.nn.RNNOutput;
import layerlab.nn.Sequential;
import layerlab.optim.Adam;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * The two proofs: the seeds' GRU example in eval mode, and a text classifier trained 10 Adam steps; on the
 * {@link TestDevice} (the lengths stay on the CPU).
 */
class SequenceProofTest {
    @Test
    void seedsGruExampleMatchesPyTorchInEvalMode() {
        TestDevice.device();
        Fixtures fx = Fixtures.load("seq/seed_gru.json");
        Map<String, Tensor> all = SeqFixtures.binaryTensors(fx);
        Map<String, Tensor> state = new LinkedHashMap<>(all);
        Tensor expectedOut = state.remove("output"), expectedH = state.remove("hN");
        Embedding emb = new Embedding(5, 20);
        GRU gru = new GRU(20, 50, 2, true, false, 0f, true);
        Sequential model = new Sequential(emb, new Dropout(0.5), gru);
        assertEquals(fx.json().get("repr").asText(), model.toString());
        assertEquals(state.keySet().stream().toList(), model.stateDict().keySet().stream().toList());
        model.loadStateDict(state, true);
        model.eval();
        TestDevice.on(model);
        Tensor tokens = TestDevice.on(fx.tensor("tokens"));
        TestDevice.assertClose(expectedOut, model.forward(tokens), SeqFixtures.RTOL, SeqFixtures.ATOL, "seed GRU output");
        RNNOutput full = gru.forwardFull(model.get(1).forward(emb.forward(tokens)), null, null, null);
        TestDevice.assertClose(expectedH, full.hN(), SeqFixtures.RTOL, SeqFixtures.ATOL, "seed GRU h_n");
    }

    /** Embedding(20,8,padding_idx=0) → LSTM(8,16,batch_first) → last valid step → Linear(16,3), as in the fixture script. */
    static final class TextLstm extends Module {
        final Embedding emb = registerModule("emb", new Embedding(20, 8, 0));
        final LSTM lstm = registerModule("lstm", new LSTM(8, 16, 1, true, true, 0f, false));
        final Linear fc = registerModule("fc", new Linear(16, 3));
        private final LastStep last = new LastStep(true);

        /** Every sequence full length. */
        @Override
        public Tensor forward(Tensor tokens) {
            return forward(tokens, null);
        }

        /** {@code lengths} null: every sequence full length. */
        Tensor forward(Tensor tokens, Tensor lengths) {
            Tensor out = lstm.forwardFull(emb.forward(tokens), null, null, lengths).output();
            return fc.forward(last.forward(out, lengths));
        }
    }

    @Test
    void textClassifierFollowsPyTorchsLossForTenAdamSteps() {
        TestDevice.device();
        Fixtures fx = Fixtures.load("seq/text_lstm.json");
        TextLstm model = new TextLstm();
        model.loadStateDict(SeqFixtures.tensors(fx.json().get("params")), true);
        TestDevice.on(model);
        Tensor tokens = TestDevice.on(fx.tensor("tokens")), lengths = fx.tensor("lengths"), labels = TestDevice.on(fx.tensor("labels"));
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Adam opt = new Adam(model.parameters(), fx.json().get("lr").asDouble());
        int steps = fx.json().get("steps").asInt();
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(tokens, lengths), labels);
            loss.backward();
            opt.step();
            TestDevice.assertClose(fx.json().get("losses").get(s).asDouble(), loss.item(), 0, 1e-4, "loss at step " + s);
        }
        Map<String, Tensor> fin = SeqFixtures.tensors(fx.json().get("final"));
        fin.forEach((k, v) -> TestDevice.assertClose(v, model.stateDict().get(k), 1e-3, 1e-4, "weights after training: " + k));
    }
}
