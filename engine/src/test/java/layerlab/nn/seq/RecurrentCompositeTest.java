package layerlab.nn.seq;

import java.util.ArrayList;
import java.util.List;
import layerlab.nn.functional.Recurrent;
import layerlab.nn.functional.Recurrent.Mode;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused recurrent op (one autograd node per layer, fused cell kernels, BPTT by hand) against the same
 * network composed of Tensor primitives, whose gradients come from the primitives' own rules: forward
 * values and the gradients of input, initial states and every weight, with two layers, both directions,
 * initial states and ragged lengths, and a hidden size that runs both the kernels' vector body and tail.
 */
class RecurrentCompositeTest {
    private static final int T = 6, B = 5, I = 7, H = 20, LAYERS = 2, DIRS = 2;
    private static final long[] LENGTHS = {6, 2, 5, 1, 6};

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fusedEqualsComposite(Mode mode) {
        Generator gen = new Generator(42 + mode.ordinal());
        boolean lstm = mode == Mode.LSTM;
        List<Tensor> weights = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            int in = l == 0 ? I : H * DIRS;
            for (int d = 0; d < DIRS; d++) {
                weights.add(Tensor.rand(gen, mode.gates * H, in).sub(0.5f).mul(0.6f).requiresGrad(true));
                weights.add(Tensor.rand(gen, mode.gates * H, H).sub(0.5f).mul(0.6f).requiresGrad(true));
                weights.add(Tensor.rand(gen, mode.gates * H).sub(0.5f).mul(0.6f).requiresGrad(true));
                weights.add(Tensor.rand(gen, mode.gates * H).sub(0.5f).mul(0.6f).requiresGrad(true));
            }
        }
        Tensor x = Tensor.randn(gen, T, B, I).requiresGrad(true);
        Tensor h0 = Tensor.randn(gen, LAYERS * DIRS, B, H).mul(0.5f).requiresGrad(true);
        Tensor c0 = lstm ? Tensor.randn(gen, LAYERS * DIRS, B, H).mul(0.5f).requiresGrad(true) : null;
        Tensor gOut = Tensor.randn(gen, T, B, DIRS * H), gH = Tensor.randn(gen, LAYERS * DIRS, B, H), gC = Tensor.randn(gen, LAYERS * DIRS, B, H);

        Tensor[] fused = Recurrent.rnn(mode, x, h0, c0, weights, true, LAYERS, 0f, false, true, false, Tensor.ofLongs(LENGTHS));
        Tensor[] grads1 = backward(fused, gOut, gH, gC, x, h0, c0, weights);
        Tensor[] comp = composite(mode, x, h0, c0, weights);
        Tensor[] grads2 = backward(comp, gOut, gH, gC, x, h0, c0, weights);

        String[] outNames = {"output", "h_n", "c_n"};
        for (int i = 0; i < (lstm ? 3 : 2); i++) Fixtures.assertClose(comp[i], fused[i], 1e-5, 1e-6, mode + ": " + outNames[i]);
        // Weight gradients are sums over T·B rows with cancellation, summed in another order (by chunks of steps
        // here, per step in the composite): 1e-5 relative of their largest terms, not of the small result.
        for (int i = 0; i < grads1.length; i++) {
            if (grads2[i] == null) continue;
            Fixtures.assertClose(grads2[i], grads1[i], 1e-4, 1e-5, mode + ": gradient " + i + " (0 x, 1 h0, 2 c0, then the weights in order)");
        }
    }

    private static Tensor[] backward(Tensor[] r, Tensor gOut, Tensor gH, Tensor gC, Tensor x, Tensor h0, Tensor c0, List<Tensor> weights) {
        List<Tensor> leaves = new ArrayList<>(List.of(x, h0));
        leaves.add(c0);
        leaves.addAll(weights);
        for (Tensor t : leaves) if (t != null) t.setGrad(null);
        Tensor loss = r[0].mul(gOut).sum().add(r[1].mul(gH).sum());
        if (r[2] != null) loss = loss.add(r[2].mul(gC).sum());
        loss.backward();
        Tensor[] g = new Tensor[leaves.size()];
        for (int i = 0; i < g.length; i++) g[i] = leaves.get(i) == null ? null : leaves.get(i).grad();
        return g;
    }

    /** The same stack from Tensor primitives; padding through masks: h = m·h' + (1 − m)·h, output m·h'. */
    private static Tensor[] composite(Mode mode, Tensor x, Tensor h0, Tensor c0, List<Tensor> w) {
        Tensor input = x;
        Tensor[] hN = new Tensor[LAYERS * DIRS], cN = new Tensor[LAYERS * DIRS];
        for (int l = 0; l < LAYERS; l++) {
            Tensor[] dirOut = new Tensor[DIRS];
            for (int d = 0; d < DIRS; d++) {
                int k = l * DIRS + d, base = k * 4;
                Tensor wih = w.get(base), whh = w.get(base + 1), bih = w.get(base + 2), bhh = w.get(base + 3);
                Tensor h = h0.select(0, k), c = c0 == null ? null : c0.select(0, k);
                Tensor[] outs = new Tensor[T];
                for (int s = 0; s < T; s++) {
                    int t = d == 1 ? T - 1 - s : s;
                    Tensor gi = input.select(0, t).matmul(wih.t()).add(bih), gh = h.matmul(whh.t()).add(bhh);
                    Tensor hNew, cNew = null;
                    switch (mode) {
                        case LSTM -> {
                            Tensor g = gi.add(gh);
                            Tensor i = g.narrow(1, 0, H).sigmoid(), f = g.narrow(1, H, H).sigmoid();
                            Tensor gg = g.narrow(1, 2 * H, H).tanh(), o = g.narrow(1, 3 * H, H).sigmoid();
                            cNew = f.mul(c).add(i.mul(gg));
                            hNew = o.mul(cNew.tanh());
                        }
                        case GRU -> {
                            Tensor r = gi.narrow(1, 0, H).add(gh.narrow(1, 0, H)).sigmoid();
                            Tensor z = gi.narrow(1, H, H).add(gh.narrow(1, H, H)).sigmoid();
                            Tensor n = gi.narrow(1, 2 * H, H).add(r.mul(gh.narrow(1, 2 * H, H))).tanh();
                            hNew = z.rsub(1f).mul(n).add(z.mul(h));
                        }
                        case RNN_RELU -> hNew = gi.add(gh).relu();
                        default -> hNew = gi.add(gh).tanh();
                    }
                    float[] mv = new float[B];
                    for (int b = 0; b < B; b++) mv[b] = t < LENGTHS[b] ? 1f : 0f;
                    Tensor m = Tensor.of(mv, B, 1), keep = m.rsub(1f);
                    h = hNew.mul(m).add(h.mul(keep));
                    if (cNew != null) c = cNew.mul(m).add(c.mul(keep));
                    outs[t] = hNew.mul(m);
                }
                dirOut[d] = Tensor.stack(0, outs);
                hN[k] = h;
                cN[k] = c;
            }
            input = Tensor.cat(2, dirOut);
        }
        return new Tensor[] {input, Tensor.stack(0, hN), c0 == null ? null : Tensor.stack(0, cN)};
    }
}
