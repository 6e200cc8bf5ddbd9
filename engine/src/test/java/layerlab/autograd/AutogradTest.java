package layerlab.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The backward loop's bookkeeping: sums of gradients, and the gradients it hands out at inner tensors. */
class AutogradTest {
    /**
     * p feeds t twice over (directly and through q = r + 7p), and t feeds two products, so t's gradient is a sum
     * which t's Add hands unchanged to p and q, and q's Add to r and 7p. The 7p branch's gradient then reaches p, whose
     * pending gradient is that same sum: added into it in place, it would reach r too (r's gradient came out 40).
     */
    @Test
    void aSumHandedOnUnchangedIsNotAddedIntoLater() {
        Tensor p = Tensor.of(new float[] {1f, 2f}).requiresGrad(true);
        Tensor r = Tensor.of(new float[] {3f, 4f}).requiresGrad(true);
        Tensor q = r.add(p.mul(7f));
        Tensor t = p.add(q);
        t.mul(2f).add(t.mul(3f)).sum().backward();
        assertArrayEquals(new float[] {40f, 40f}, p.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {5f, 5f}, r.grad().toFloatArray(), 1e-6f);
    }

    /** The gradient at an inner tensor, as PyTorch's retain_grad gives it: y = (x·w)², dy/d(x·w) = 2·x·w. */
    @Test
    void theGradientAtAnInnerTensorIsHandedOut() {
        Tensor x = Tensor.of(new float[] {1f, -2f, 3f});
        Tensor w = Tensor.of(new float[] {0.5f, 0.25f, -1f}).requiresGrad(true);
        Tensor h = x.mul(w);
        Tensor unused = Tensor.of(new float[] {1f}).requiresGrad(true);
        Tensor[] g = Autograd.backward(h.mul(h).sum(), Tensor.scalar(1f), h, w, unused, h);
        assertArrayEquals(new float[] {1f, -1f, -6f}, g[0].toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1f, 2f, -18f}, g[1].toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1f, 2f, -18f}, w.grad().toFloatArray(), 1e-6f);
        assertNull(g[2]);
        assertArrayEquals(g[0].toFloatArray(), g[3].toFloatArray());
    }

    /**
     * A rule learns that its gradient is the ones {@code backward()} started from (so it may use a gradient it made for 1
     * in its forward) only for that pass's own tensor: not for an explicit gradient of ones, not for what a rule
     * further down receives, and not after the pass.
     */
    @Test
    void onlyTheGradientOfOnesThatBackwardMadeIsKnownToBeOnes() {
        List<Boolean> seen = new ArrayList<>();
        Tensor x = Tensor.of(new float[] {1f, 2f}).requiresGrad(true);
        for (int run = 0; run < 2; run++) {
            Tensor inner = Autograd.record("Probe", x.detach().mul(3f), g -> {
                seen.add(Autograd.isOnes(g));
                return new Tensor[] {g.mul(3f)};
            }, x);
            Tensor root = Autograd.record("ProbeRoot", inner.detach().sum(), g -> {
                seen.add(Autograd.isOnes(g));
                return new Tensor[] {g.expand(2)};
            }, inner);
            if (run == 0) root.backward();
            else root.backward(Tensor.scalar(1f));
        }
        assertEquals(List.of(true, false, false, false), seen);
        assertFalse(Autograd.isOnes(null));
        assertArrayEquals(new float[] {6f, 6f}, x.grad().toFloatArray(), 1e-6f);
    }
}
