package layerlab.tensor;

import layerlab.autograd.Autograd;
import layerlab.autograd.GradFn;

/**
 * The two products of multi-head attention, head by head on the backend's GEMM, reading each head's columns where they
 * lie ({@code [N, T, E]}, head {@code h} its columns {@code h·D … (h+1)·D}) and writing each head's result beside the
 * others': no tensor is transposed into {@code [N, heads, T, D]} and back, on the way forward or back. On any device,
 * since they are GEMMs with strides and the backend's softmax.
 * <p>
 * The query, key and value may be column ranges of one tensor (self-attention's packed in-projection, {@code [N, T, 3E]}):
 * each product then reads them there, and its gradient is that tensor's, with the ranges filled where they lie: no
 * narrowed views whose gradients would each be a zero tensor of the whole width, copied into and added up.
 */
public final class Attention {
    private Attention() {}

    /**
     * {@code P [N, heads, L, S]}: per head, {@code softmax(scale·q_h·k_hᵀ + mask)} over the key positions, for the query
     * {@code q [N, L, E]} and key {@code k [N, S, E]} (their last dim contiguous) and an additive {@code mask} broadcast to
     * {@code [N, heads, L, S]} ({@code -inf} hides a position), or null.
     */
    public static Tensor weights(Tensor q, Tensor k, int heads, float scale, Tensor mask) {
        return weights(q, 0, k, 0, q.size(2), heads, scale, mask);
    }

    /**
     * {@link #weights(Tensor, Tensor, int, float, Tensor)} for the query in columns {@code qc … qc+e} of {@code qs
     * [N, L, ·]} and the key in columns {@code kc … kc+e} of {@code ks [N, S, ·]}, which may be one tensor.
     */
    public static Tensor weights(Tensor qs, int qc, Tensor ks, int kc, int e, int heads, float scale, Tensor mask) {
        int n = qs.size(0), l = qs.size(1), s = ks.size(1), d = e / heads;
        Tensor qd = qs.detach().narrow(2, qc, e), kd = ks.detach().narrow(2, kc, e);
        Tensor scores = Tensor.uninitialized(qs.device(), DType.FLOAT32, n, heads, l, s);
        for (int h = 0; h < heads; h++) {
            LinearAlgebra.gemmView(qd.narrow(2, h * d, d), kd.narrow(2, h * d, d).transpose(1, 2), scale, scores.select(1, h));
        }
        if (mask != null) scores = scores.add(mask);
        Tensor p = Tensor.uninitialized(qs.device(), DType.FLOAT32, n, heads, l, s);
        int rows = n * heads * l;
        qs.backend().softmax(false, scores, p, rows, s, 1);
        Tensor pd = p.detach();
        // One tensor holding both in separate columns: one gradient with both filled in.
        boolean packed = qs == ks && Math.abs(qc - kc) >= e;
        GradFn.Backward backward = g -> {
            Tensor gs = Tensor.uninitialized(g.device(), DType.FLOAT32, n, heads, l, s);
            g.backend().softmaxBackward(false, pd, g.contiguous(), gs, rows, s, 1);
            Tensor gq = qs.requiresGrad() ? gradient(qs, qc, e) : null;
            Tensor gk = packed ? gq : ks.requiresGrad() ? gradient(ks, kc, e) : null;
            if (gq != null) {
                Tensor dq = gq.narrow(2, qc, e);
                for (int h = 0; h < heads; h++) LinearAlgebra.gemmView(gs.select(1, h), kd.narrow(2, h * d, d), scale, dq.narrow(2, h * d, d));
            }
            if (gk != null) {
                Tensor dk = gk.narrow(2, kc, e);
                for (int h = 0; h < heads; h++) {
                    LinearAlgebra.gemmView(gs.select(1, h).transpose(1, 2), qd.narrow(2, h * d, d), scale, dk.narrow(2, h * d, d));
                }
            }
            return packed ? new Tensor[] {gq} : new Tensor[] {gq, gk};
        };
        return packed ? Autograd.record("AttentionWeights", p, backward, qs) : Autograd.record("AttentionWeights", p, backward, qs, ks);
    }

    /** {@code O [N, L, E]}: per head, {@code P_h·v_h} in that head's columns, for {@code p [N, heads, L, S]} and {@code v [N, S, E]}. */
    public static Tensor mix(Tensor p, Tensor v, int heads) {
        return mix(p, v, 0, v.size(2), heads);
    }

    /** {@link #mix(Tensor, Tensor, int)} for the value in columns {@code vc … vc+e} of {@code vs [N, S, ·]}. */
    public static Tensor mix(Tensor p, Tensor vs, int vc, int e, int heads) {
        int n = p.size(0), l = p.size(2), s = p.size(3), d = e / heads;
        Tensor pd = p.detach(), vd = vs.detach().narrow(2, vc, e);
        Tensor o = Tensor.uninitialized(vs.device(), DType.FLOAT32, n, l, e);
        for (int h = 0; h < heads; h++) LinearAlgebra.gemmView(pd.select(1, h), vd.narrow(2, h * d, d), 1f, o.narrow(2, h * d, d));
        return Autograd.record("AttentionMix", o, g -> {
            Tensor gc = g.contiguous();
            Tensor dp = null, gv = null;
            if (p.requiresGrad()) {
                dp = Tensor.uninitialized(p.device(), DType.FLOAT32, n, heads, l, s);
                for (int h = 0; h < heads; h++) LinearAlgebra.gemmView(gc.narrow(2, h * d, d), vd.narrow(2, h * d, d).transpose(1, 2), 1f, dp.select(1, h));
            }
            if (vs.requiresGrad()) {
                gv = gradient(vs, vc, e);
                Tensor dv = gv.narrow(2, vc, e);
                for (int h = 0; h < heads; h++) LinearAlgebra.gemmView(pd.select(1, h).transpose(1, 2), gc.narrow(2, h * d, d), 1f, dv.narrow(2, h * d, d));
            }
            return new Tensor[] {dp, gv};
        }, p, vs);
    }

    /** A gradient for {@code src} whose columns {@code c … c+e} a product writes: zeros around them, none when they are all. */
    private static Tensor gradient(Tensor src, int c, int e) {
        return c == 0 && e == src.size(2)
                ? Tensor.uninitialized(src.device(), DType.FLOAT32, src.shape())
                : Tensor.empty(src.device(), DType.FLOAT32, src.shape());
    }
}
