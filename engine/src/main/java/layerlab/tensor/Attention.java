package layerlab.tensor;

import layerlab.autograd.Autograd;

/**
 * The two products of multi-head attention, head by head on the backend's GEMM, reading each head's columns where they
 * lie ({@code [N, T, E]}, head {@code h} its columns {@code h·D … (h+1)·D}) and writing each head's result beside the
 * others': no tensor is transposed into {@code [N, heads, T, D]} and back, on the way forward or back. On any device,
 * since they are GEMMs with strides and the backend's softmax.
 */
public final class Attention {
    private Attention() {}

    /**
     * {@code P [N, heads, L, S]}: per head, {@code softmax(scale·q_h·k_hᵀ + mask)} over the key positions, for the query
     * {@code q [N, L, E]} and key {@code k [N, S, E]} (views whose last dim is contiguous, as a packed projection's
     * columns are) and an additive {@code mask} broadcast to {@code [N, heads, L, S]} ({@code -inf} hides a position), or
     * null.
     */
    public static Tensor weights(Tensor q, Tensor k, int heads, float scale, Tensor mask) {
        int n = q.size(0), l = q.size(1), e = q.size(2), s = k.size(1), d = e / heads;
        Tensor qd = q.detach(), kd = k.detach();
        Tensor scores = Tensor.uninitialized(q.device(), DType.FLOAT32, n, heads, l, s);
        for (int h = 0; h < heads; h++) {
            LinearAlgebra.gemmView(qd.narrow(2, h * d, d), kd.narrow(2, h * d, d).transpose(1, 2), scale, scores.select(1, h));
        }
        if (mask != null) scores = scores.add(mask);
        Tensor p = Tensor.uninitialized(q.device(), DType.FLOAT32, n, heads, l, s);
        int rows = n * heads * l;
        q.backend().softmax(false, scores, p, rows, s, 1);
        Tensor pd = p.detach();
        return Autograd.record("AttentionWeights", p, g -> {
            Tensor gs = Tensor.uninitialized(g.device(), DType.FLOAT32, n, heads, l, s);
            g.backend().softmaxBackward(false, pd, g.contiguous(), gs, rows, s, 1);
            Tensor dq = null, dk = null;
            if (q.requiresGrad()) {
                dq = Tensor.uninitialized(q.device(), DType.FLOAT32, n, l, e);
                for (int h = 0; h < heads; h++) LinearAlgebra.gemmView(gs.select(1, h), kd.narrow(2, h * d, d), scale, dq.narrow(2, h * d, d));
            }
            if (k.requiresGrad()) {
                dk = Tensor.uninitialized(k.device(), DType.FLOAT32, n, s, e);
                for (int h = 0; h < heads; h++) {
                    LinearAlgebra.gemmView(gs.select(1, h).transpose(1, 2), qd.narrow(2, h * d, d), scale, dk.narrow(2, h * d, d));
                }
            }
            return new Tensor[] {dq, dk};
        }, q, k);
    }

    /** {@code O [N, L, E]}: per head, {@code P_h·v_h} in that head's columns, for {@code p [N, heads, L, S]} and {@code v [N, S, E]}. */
    public static Tensor mix(Tensor p, Tensor v, int heads) {
        int n = p.size(0), l = p.size(2), s = p.size(3), e = v.size(2), d = e / heads;
        Tensor pd = p.detach(), vd = v.detach();
        Tensor o = Tensor.uninitialized(v.device(), DType.FLOAT32, n, l, e);
        for (int h = 0; h < heads; h++) LinearAlgebra.gemmView(pd.select(1, h), vd.narrow(2, h * d, d), 1f, o.narrow(2, h * d, d));
        return Autograd.record("AttentionMix", o, g -> {
            Tensor gc = g.contiguous();
            Tensor dp = null, dv = null;
            if (p.requiresGrad()) {
                dp = Tensor.uninitialized(p.device(), DType.FLOAT32, n, heads, l, s);
                for (int h = 0; h < heads; h++) LinearAlgebra.gemmView(gc.narrow(2, h * d, d), vd.narrow(2, h * d, d).transpose(1, 2), 1f, dp.select(1, h));
            }
            if (v.requiresGrad()) {
                dv = Tensor.uninitialized(v.device(), DType.FLOAT32, n, s, e);
                for (int h = 0; h < heads; h++) LinearAlgebra.gemmView(pd.select(1, h).transpose(1, 2), gc.narrow(2, h * d, d), 1f, dv.narrow(2, h * d, d));
            }
            return new Tensor[] {dp, dv};
        }, p, v);
    }
}
