package layerlab.nn.functional;

import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * One layer of an LSTM with projections (PyTorch's {@code proj_size > 0}), both directions: per step
 * {@code gates = (x·W_ihᵀ + b_ih) + (h·W_hhᵀ + b_hh)}, {@code c' = f·c + i·g}, {@code h' = (o·tanh(c'))·W_hrᵀ}, so h,
 * the output and h_n have proj_size values and c keeps hidden_size.
 *
 * <p>Composed of Tensor primitives, whose own rules give the gradients, on whatever backend holds the tensors:
 * the fused cell kernels of {@link Recurrent} (and the GPU's {@code lstmSteps}) carry an h of hidden_size values
 * from step to step and have no place for the projection between the cell and the next recurrent product. The
 * input projection of every step is still one product. Padded steps work as {@code RecurrentCompositeTest}'s
 * reference does: {@code h = m·h' + (1 − m)·h} with m 1 on a valid step and 0 past a sequence's end, output {@code m·h'}.
 */
final class ProjectedLstm {
    private ProjectedLstm() {}

    /**
     * @param x       time-major input {@code [T, B, I]}
     * @param h0      {@code [D, B, P]} or null (zeros)
     * @param c0      {@code [D, B, H]} or null (zeros)
     * @param params  per direction {@code {w_ih [4H, I], w_hh [4H, P], b_ih or null, b_hh or null, w_hr [P, H]}}
     * @param lengths int64 {@code [B]}, or null
     * @return {@code {output [T, B, D·P], hN [D, B, P], cN [D, B, H]}}
     */
    static Tensor[] layer(Tensor x, Tensor h0, Tensor c0, Tensor[][] params, Tensor lengths) {
        int steps = x.size(0), batch = x.size(1), in = x.size(2), dirs = params.length;
        int proj = params[0][4].size(0), hidden = params[0][4].size(1);
        Tensor[] masks = lengths == null ? null : masks(lengths.toLongArray(), steps, x);
        Tensor rows = x.reshape(steps * batch, in);
        Tensor[] outs = new Tensor[dirs], hN = new Tensor[dirs], cN = new Tensor[dirs];
        for (int d = 0; d < dirs; d++) {
            Tensor wih = params[d][0], whh = params[d][1], bih = params[d][2], bhh = params[d][3], whr = params[d][4];
            Tensor xg = rows.matmul(wih.t());
            if (bih != null) xg = xg.add(bih);
            xg = xg.reshape(steps, batch, 4 * hidden);
            Tensor h = h0 != null ? h0.select(0, d) : Tensor.empty(x.device(), DType.FLOAT32, batch, proj);
            Tensor c = c0 != null ? c0.select(0, d) : Tensor.empty(x.device(), DType.FLOAT32, batch, hidden);
            Tensor[] seq = new Tensor[steps];
            for (int s = 0; s < steps; s++) {
                int t = d == 1 ? steps - 1 - s : s;
                Tensor hg = h.matmul(whh.t());
                if (bhh != null) hg = hg.add(bhh);
                Tensor g = xg.select(0, t).add(hg);
                Tensor i = g.narrow(1, 0, hidden).sigmoid(), f = g.narrow(1, hidden, hidden).sigmoid();
                Tensor cell = g.narrow(1, 2 * hidden, hidden).tanh(), o = g.narrow(1, 3 * hidden, hidden).sigmoid();
                Tensor cNew = f.mul(c).add(i.mul(cell));
                Tensor hNew = o.mul(cNew.tanh()).matmul(whr.t());
                if (masks == null) {
                    c = cNew;
                    h = hNew;
                    seq[t] = hNew;
                } else {
                    Tensor m = masks[t], keep = m.rsub(1f);
                    c = cNew.mul(m).add(c.mul(keep));
                    h = hNew.mul(m).add(h.mul(keep));
                    seq[t] = hNew.mul(m);
                }
            }
            outs[d] = Tensor.stack(0, seq);
            hN[d] = h;
            cN[d] = c;
        }
        return new Tensor[] {dirs == 1 ? outs[0] : Tensor.cat(2, outs), Tensor.stack(0, hN), Tensor.stack(0, cN)};
    }

    /** Per step, {@code [B, 1]}: 1 where the step lies within the sequence's length, else 0, on x's device. */
    private static Tensor[] masks(long[] lengths, int steps, Tensor x) {
        Tensor[] out = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            float[] m = new float[lengths.length];
            for (int b = 0; b < m.length; b++) m[b] = t < lengths[b] ? 1f : 0f;
            out[t] = Tensor.of(m, m.length, 1).to(x.device());
        }
        return out;
    }
}
