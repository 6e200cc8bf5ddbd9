package layerlab.nn.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.nn.FinalHidden;
import layerlab.nn.GRU;
import layerlab.nn.LSTM;
import layerlab.nn.LastStep;
import layerlab.nn.MeanOverTime;
import layerlab.nn.RNNOutput;
import layerlab.nn.functional.Dropout;
import layerlab.nn.functional.Recurrent;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** LastStep, FinalHidden and MeanOverTime, with and without lengths; errors of the recurrent layers. */
class SequenceHelpersTest {
    private static final long[] LENGTHS = {3, 1, 4};

    /** A [T=4, B=3, F=2] sequence whose element (t, b, f) is 100t + 10b + f. */
    private static Tensor sequence() {
        float[] v = new float[4 * 3 * 2];
        for (int t = 0; t < 4; t++) for (int b = 0; b < 3; b++) for (int f = 0; f < 2; f++) v[(t * 3 + b) * 2 + f] = 100 * t + 10 * b + f;
        return Tensor.of(v, 4, 3, 2);
    }

    @Test
    void lastStepTakesEachSequencesOwnLastStep() {
        Tensor x = sequence().requiresGrad(true);
        Tensor y = new LastStep().forward(x, Tensor.ofLongs(LENGTHS));
        assertArrayEquals(new float[] {200, 201, 10, 11, 320, 321}, y.toFloatArray());
        y.sum().backward();
        assertEquals(6f, x.grad().sum().item());
        assertEquals(1f, x.grad().get(2, 0, 1));
        assertEquals(1f, x.grad().get(0, 1, 0));
        assertEquals(0f, x.grad().get(3, 0, 0));
        assertArrayEquals(new float[] {300, 301, 310, 311, 320, 321}, new LastStep().forward(sequence()).toFloatArray());
        // Batch-first: the same data seen as [B, T, F].
        Tensor bf = sequence().transpose(0, 1).contiguous();
        assertArrayEquals(y.toFloatArray(), new LastStep(true).forward(bf, Tensor.ofLongs(LENGTHS)).toFloatArray());
        assertArrayEquals(new float[] {300, 301, 310, 311, 320, 321}, new LastStep(true).forward(new Tensor[] {bf}).toFloatArray());
    }

    @Test
    void meanOverTimeCountsOnlyValidSteps() {
        Tensor x = sequence().requiresGrad(true);
        Tensor y = new MeanOverTime().forward(x, Tensor.ofLongs(LENGTHS));
        assertArrayEquals(new float[] {100, 101, 10, 11, 150 + 20, 151 + 20}, y.toFloatArray(), 1e-4f);
        y.sum().backward();
        assertEquals(1f / 3, x.grad().get(0, 0, 0), 1e-7f);
        assertEquals(0f, x.grad().get(3, 0, 0));
        assertEquals(1f, x.grad().get(0, 1, 1));
        assertArrayEquals(new float[] {150, 151, 160, 161, 170, 171}, new MeanOverTime().forward(sequence()).toFloatArray(), 1e-4f);
        Tensor bf = sequence().transpose(0, 1).contiguous();
        assertArrayEquals(y.toFloatArray(), new MeanOverTime(true).forward(bf, Tensor.ofLongs(LENGTHS)).toFloatArray(), 1e-4f);
    }

    @Test
    void finalHiddenPicksLayerAndDirection() {
        GRU gru = new GRU(3, 5, 2, true, false, 0f, true);
        Tensor x = Tensor.randn(new Generator(1), 6, 2, 3);
        RNNOutput r = gru.forwardFull(x, null, null, null);
        assertArrayEquals(new int[] {4, 2, 5}, r.hN().shape());
        Fixtures.assertClose(r.hN().select(0, 3), new FinalHidden(1, 1, 2).forward(r.hN()), 0, 0, "layer 1 reverse");
        Fixtures.assertClose(r.hN().select(0, 2), new FinalHidden(-1, 0, 2).forward(r.hN()), 0, 0, "top layer forward");
        // The top layer's forward state is its output at the last step; the reverse one its output at step 0.
        Fixtures.assertClose(r.output().select(0, 5).narrow(1, 0, 5), new FinalHidden(1, 0, 2).forward(r.hN()), 0, 0, "forward = last output");
        Fixtures.assertClose(r.output().select(0, 0).narrow(1, 5, 5), new FinalHidden(1, 1, 2).forward(r.hN()), 0, 0, "reverse = first output");
        assertThrows(IllegalArgumentException.class, () -> new FinalHidden(2, 0, 2).forward(r.hN()));
        assertThrows(IllegalArgumentException.class, () -> new FinalHidden(0, 1, 1));
    }

    @Test
    void lengthsAreChecked() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LastStep().forward(sequence(), Tensor.ofLongs(new long[] {3, 0, 4})));
        assertTrue(e.getMessage().contains("lengths[1] = 0"), e.getMessage());
        LSTM lstm = new LSTM(2, 3);
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forwardFull(sequence(), null, null, Tensor.ofLongs(new long[] {3, 5, 4})));
        assertTrue(e.getMessage().contains("lengths[1] = 5 is outside 1..4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forwardFull(sequence(), null, null, Tensor.ofLongs(new long[] {3, 4})));
        assertTrue(e.getMessage().contains("3 entries"), e.getMessage());
    }

    @Test
    void recurrentLayersExplainBadInputs() {
        LSTM lstm = new LSTM(2, 3, 2, true, false, 0f, false);
        var e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(4, 3, 5)));
        assertTrue(e.getMessage().contains("Expected 2, got 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forwardFull(sequence(), Tensor.zeros(1, 3, 3), null, null));
        assertTrue(e.getMessage().contains("Expected hidden[0] size (2, 3, 3), got [1, 3, 3]"), e.getMessage());
        GRU gru = new GRU(2, 3);
        e = assertThrows(IllegalArgumentException.class, () -> gru.forwardFull(sequence(), null, Tensor.zeros(1, 3, 3), null));
        assertTrue(e.getMessage().contains("c0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gru.forward(Tensor.ofLongs(new long[] {1, 2}, 1, 2)));
        assertTrue(e.getMessage().contains("Embedding"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LSTM(2, 3, 1, true, false, 1.5f, false));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
    }

    @Test
    void dropoutActsBetweenLayersInTrainingOnly() {
        Generator.manualSeed(3);
        LSTM lstm = new LSTM(2, 8, 2, true, false, 0.5f, false);
        Tensor x = Tensor.randn(new Generator(2), 5, 3, 2);
        lstm.eval();
        Tensor a = lstm.forward(x), b = lstm.forward(x);
        Fixtures.assertClose(a, b, 0, 0, "eval is deterministic");
        lstm.train();
        Tensor c = lstm.forward(x);
        assertTrue(c.sub(a).abs().max().item() > 1e-4f, "training applies dropout between the layers");
        assertEquals("LSTM(2, 8, num_layers=2, dropout=0.5)", lstm.toString());
    }

    @Test
    void theDropoutBetweenLayersIsFDropoutsWithPyTorchsScale() {
        // p = 0.77: 1 / float(1 − p) (PyTorch's) and 1 / (1 − float(p)) differ in the last bit.
        double p = 0.77;
        Generator.manualSeed(11);
        LSTM two = new LSTM(2, 6, 2, true, false, p, false);
        List<Tensor> w = two.flatWeights().stream().map(q -> (Tensor) q.data()).toList();
        Tensor x = Tensor.randn(new Generator(4), 5, 3, 2);
        Generator.manualSeed(99);
        Tensor both = Recurrent.rnn(Recurrent.Mode.LSTM, x, null, null, w, true, 2, p, true, false, false, null)[0];

        Generator.manualSeed(99);
        Tensor first = Recurrent.rnn(Recurrent.Mode.LSTM, x, null, null, w.subList(0, 4), true, 1, 0, true, false, false, null)[0];
        Tensor dropped = Dropout.dropout(first, p, true);
        Tensor second = Recurrent.rnn(Recurrent.Mode.LSTM, dropped, null, null, w.subList(4, 8), true, 1, 0, true, false, false, null)[0];
        assertArrayEquals(second.toFloatArray(), both.toFloatArray(), "layer 2 reads F.dropout(layer 1's output, 0.77)");

        float[] kept = dropped.toFloatArray(), out = first.toFloatArray();
        int zeros = 0;
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] == 0f) zeros++;
            else assertEquals(out[i] * (1f / (float) (1.0 - p)), kept[i], 0f, "element " + i);
        }
        assertTrue(zeros > kept.length / 2, zeros + " of " + kept.length + " dropped");
    }
}
