package layerlab.nn.functional;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import layerlab.autograd.Autograd;
import layerlab.backend.Backend;
import layerlab.backend.SequenceKernels;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * The recurrent layers as differentiable ops (PyTorch's {@code _VF.rnn_tanh}, {@code _VF.lstm},
 * {@code _VF.gru}). One layer, both directions, is one autograd node whose backward is backpropagation
 * through time; a stack of layers chains such nodes with dropout between them.
 *
 * <p>How a layer runs: the input projection of every time step is one GEMM into a preallocated gate
 * buffer {@code [T, B, G·H]}; each step adds one recurrent GEMM and one fused cell kernel
 * ({@link SequenceKernels}), which overwrites the gates with what backward needs. Backward walks the steps
 * in reverse with one GEMM and one kernel per step into a gate-gradient buffer of the same size, then
 * forms the weight gradients of all steps at once: {@code dW_ih = dGᵀ·X} and {@code dW_hh = dGᵀ·H_prev}
 * as two GEMMs over {@code T·B} rows, and the input's gradient as {@code dG·W_ih}.
 */
public final class Recurrent {
    private Recurrent() {}

    /** The cell of a recurrent layer, with its number of gate blocks ({@code G}). */
    public enum Mode {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        public final int gates;

        Mode(int gates) {
            this.gates = gates;
        }

        /** PyTorch's class name for error messages: RNN, LSTM or GRU. */
        public String layerName() {
            return this == LSTM ? "LSTM" : this == GRU ? "GRU" : "RNN";
        }
    }

    /**
     * A stack of recurrent layers, PyTorch's {@code torch.nn.LSTM/GRU/RNN} forward.
     *
     * @param input   {@code [T, B, I]}, or {@code [B, T, I]} with {@code batchFirst}, or unbatched {@code [T, I]}
     * @param h0      initial hidden state {@code [L·D, B, H]} (unbatched: {@code [L·D, H]}), or null for zeros
     * @param c0      initial cell state of an LSTM, same shape, or null for zeros (must be null for RNN and GRU)
     * @param weights the flat weights in PyTorch's order: per layer, per direction, {@code w_ih, w_hh[, b_ih, b_hh]}
     * @param lengths the valid length of each sequence (int64 {@code [B]}, each in {@code 1..T}), or null when all are
     *                full: steps past a sequence's end neither update its state nor reach the output, which is 0
     *                there (PyTorch's {@code pack_padded_sequence} → RNN → {@code pad_packed_sequence(total_length=T)})
     * @return {@code {output, hN, cN}}: output {@code [T, B, D·H]} ({@code [B, T, D·H]} with {@code batchFirst}), final
     *         hidden state {@code [L·D, B, H]}, and for an LSTM the final cell state (else null)
     */
    public static Tensor[] rnn(Mode mode, Tensor input, Tensor h0, Tensor c0, List<Tensor> weights, boolean hasBias,
                               int numLayers, double dropout, boolean training, boolean bidirectional, boolean batchFirst,
                               Tensor lengths) {
        return rnn(mode, input, h0, c0, weights, hasBias, numLayers, dropout, training, bidirectional, batchFirst, lengths, 0);
    }

    /**
     * {@link #rnn} of an LSTM with projections when {@code projSize > 0}: each layer-direction's weights end with
     * {@code w_hr [P, H]}, h (and h0, hN) has P values, c (c0, cN) H, the output {@code D·P} features. Such a layer runs as
     * {@link ProjectedLstm}'s composite of primitives rather than the fused kernels.
     */
    public static Tensor[] rnn(Mode mode, Tensor input, Tensor h0, Tensor c0, List<Tensor> weights, boolean hasBias,
                               int numLayers, double dropout, boolean training, boolean bidirectional, boolean batchFirst,
                               Tensor lengths, int projSize) {
        String name = mode.layerName();
        if (projSize > 0 && mode != Mode.LSTM) throw new IllegalArgumentException(name + ": proj_size is only supported for LSTM");
        int dirs = bidirectional ? 2 : 1, per = (hasBias ? 4 : 2) + (projSize > 0 ? 1 : 0);
        if (weights.size() != numLayers * dirs * per) {
            throw new IllegalArgumentException(name + ": expected " + numLayers * dirs * per + " weight tensors, got " + weights.size());
        }
        if (mode != Mode.LSTM && c0 != null) throw new IllegalArgumentException(name + " has no cell state: c0 must be null");
        if (input.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(name + ": input must be a float tensor, got " + input.dtype().pyName
                    + " (token ids go through an Embedding first)");
        }
        // h's size: hidden_size, or proj_size when projected (W_hh is then [4H, P]); c always has hidden_size values.
        int hidden = weights.get(1).size(1), inputSize = weights.get(0).size(1), cell = weights.get(0).size(0) / mode.gates;
        boolean batched = input.dim() == 3;
        if (!batched && input.dim() != 2) {
            throw new IllegalArgumentException(name + ": Expected input to be 2D or 3D, got " + input.dim() + "D tensor " + input.shapeString());
        }
        if (input.size(-1) != inputSize) {
            throw new IllegalArgumentException(name + ": input.size(-1) must be equal to input_size. Expected " + inputSize
                    + ", got " + input.size(-1));
        }
        for (Tensor w : weights) {
            if (!w.device().equals(input.device())) {
                throw new IllegalArgumentException(name + ": input is on " + input.device() + " but its weights are on " + w.device()
                        + " (move the layer with to(device))");
            }
        }
        Tensor x = batched ? (batchFirst ? input.transpose(0, 1) : input) : input.unsqueeze(1);
        int steps = x.size(0), batch = x.size(1);
        int[] stateShape = {numLayers * dirs, batch, hidden};
        Tensor h = state(name, "hx", h0, batched, stateShape, input.device(), mode == Mode.LSTM ? "hidden[0]" : "hidden");
        Tensor c = state(name, "cx", c0, batched, new int[] {numLayers * dirs, batch, cell}, input.device(), "hidden[1]");
        Tensor len = lengths == null ? null : checkLengths(lengths, batch, steps, input.device());

        Tensor[] hN = new Tensor[numLayers], cN = new Tensor[numLayers];
        for (int l = 0; l < numLayers; l++) {
            if (l > 0) x = Dropout.dropout(x, dropout, training);
            Tensor[][] params = new Tensor[dirs][];
            for (int d = 0; d < dirs; d++) {
                int base = (l * dirs + d) * per;
                Tensor wih = weights.get(base), whh = weights.get(base + 1);
                Tensor bih = hasBias ? weights.get(base + 2) : null, bhh = hasBias ? weights.get(base + 3) : null;
                params[d] = projSize > 0 ? new Tensor[] {wih, whh, bih, bhh, weights.get(base + per - 1)} : new Tensor[] {wih, whh, bih, bhh};
            }
            Tensor hl = h == null ? null : h.narrow(0, l * dirs, dirs), cl = c == null ? null : c.narrow(0, l * dirs, dirs);
            Tensor[] r = projSize > 0 ? ProjectedLstm.layer(x, hl, cl, params, len) : layer(mode, x, hl, cl, params, len);
            x = r[0];
            hN[l] = r[1];
            cN[l] = r[2];
        }
        Tensor out = x, hOut = numLayers == 1 ? hN[0] : Tensor.cat(0, hN);
        Tensor cOut = mode != Mode.LSTM ? null : numLayers == 1 ? cN[0] : Tensor.cat(0, cN);
        if (!batched) {
            out = out.squeeze(1);
            hOut = hOut.squeeze(1);
            if (cOut != null) cOut = cOut.squeeze(1);
        } else if (batchFirst) {
            out = out.transpose(0, 1);
        }
        return new Tensor[] {out, hOut, cOut};
    }

    private static Tensor state(String layer, String what, Tensor s, boolean batched, int[] shape, Device device, String label) {
        if (s == null) return null;
        Tensor t = batched ? s : s.unsqueeze(1);
        if (t.dim() != 3 || t.size(0) != shape[0] || t.size(1) != shape[1] || t.size(2) != shape[2]) {
            String want = batched ? "(" + shape[0] + ", " + shape[1] + ", " + shape[2] + ")" : "(" + shape[0] + ", " + shape[2] + ")";
            throw new IllegalArgumentException(layer + ": Expected " + label + " size " + want + ", got " + s.shapeString().replace('(', '[').replace(')', ']'));
        }
        if (!t.device().equals(device)) {
            throw new IllegalArgumentException(layer + ": input and " + what + " must be on the same device, got " + device + " and " + t.device());
        }
        return t;
    }

    private static Tensor checkLengths(Tensor lengths, int batch, int steps, Device device) {
        if (lengths.dim() != 1 || lengths.size(0) != batch) {
            throw new IllegalArgumentException("lengths must be a 1-D tensor of " + batch + " entries (one per sequence), got shape " + lengths.shapeString());
        }
        long[] v = lengths.toLongArray();
        for (int b = 0; b < v.length; b++) {
            if (v[b] < 1 || v[b] > steps) {
                throw new IllegalArgumentException("lengths[" + b + "] = " + v[b] + " is outside 1.." + steps
                        + " (every sequence needs at least one step and at most the padded length)");
            }
        }
        return Tensor.ofLongs(v).to(device);
    }

    // ------------------------------------------------------------------ one layer

    /** What one direction's forward keeps for its backward. */
    private record Saved(Tensor gates, Tensor hAll, Tensor cAll, Tensor tanhC, Tensor cache) {}

    /**
     * One layer, both directions, as one autograd node.
     *
     * @param x       time-major input {@code [T, B, I]}
     * @param h0      {@code [D, B, H]} or null (zeros)
     * @param c0      {@code [D, B, H]} or null (LSTM only)
     * @param params  per direction {@code {w_ih [G·H, I], w_hh [G·H, H], b_ih or null, b_hh or null}}
     * @param lengths int64 {@code [B]} on x's device, or null
     * @return {@code {output [T, B, D·H], hN [D, B, H], cN [D, B, H] or null}}
     */
    public static Tensor[] layer(Mode mode, Tensor x, Tensor h0, Tensor c0, Tensor[][] params, Tensor lengths) {
        int steps = x.size(0), batch = x.size(1), in = x.size(2), dirs = params.length;
        int hidden = params[0][1].size(1), g = mode.gates * hidden;
        boolean lstm = mode == Mode.LSTM;
        Backend be = x.backend();
        Tensor xc = x.detach().contiguous();
        int outN = steps * batch * dirs * hidden, stateN = dirs * batch * hidden;
        // One node has one output tensor: the sequence and the final states share one buffer, and the
        // caller's three tensors are views into it.
        Tensor packed = Tensor.empty(x.device(), DType.FLOAT32, outN + stateN * (lstm ? 2 : 1));
        Tensor[][] w = new Tensor[dirs][4];
        Saved[] saved = new Saved[dirs];
        for (int d = 0; d < dirs; d++) {
            for (int i = 0; i < 4; i++) w[d][i] = params[d][i] == null ? null : params[d][i].detach().contiguous();
        }
        Tensor h0d = h0 == null ? null : h0.detach(), c0d = c0 == null ? null : c0.detach();
        // The directions share nothing but the input: the backend may run them side by side.
        be.sequence().runIndependent(dirs, d -> {
            try (var noGrad = Autograd.noGrad()) {
                saved[d] = forwardDirection(mode, be, xc, d, dirs, d == 1, w[d], h0d == null ? null : h0d.select(0, d),
                        c0d == null ? null : c0d.select(0, d), packed, lengths);
            }
        });
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        inputs.add(h0);
        inputs.add(c0);
        for (Tensor[] p : params) inputs.addAll(Arrays.asList(p));
        Tensor[] inArr = inputs.toArray(new Tensor[0]);
        Autograd.record(mode.layerName(), packed, gp -> backward(mode, be, gp.contiguous(), x, xc, h0, c0, params, w, saved, lengths,
                steps, batch, in, hidden, g), inArr);
        Tensor out = packed.narrow(0, 0, outN).reshape(steps, batch, dirs * hidden);
        Tensor hN = packed.narrow(0, outN, stateN).reshape(dirs, batch, hidden);
        Tensor cN = lstm ? packed.narrow(0, outN + stateN, stateN).reshape(dirs, batch, hidden) : null;
        return new Tensor[] {out, hN, cN};
    }

    /** {@code [B, width]} rows {@code index·B…} of a {@code [N, B, width]} buffer. */
    private static Tensor slot(Tensor buf, int index, int batch, int width) {
        return Tensor.view(buf.storage(), buf.offset() + index * batch * width, new int[] {batch, width}, new int[] {width, 1});
    }

    /** Direction {@code d}'s {@code [B, H]} part of time step {@code t} of a packed {@code [T, B, D·H]} sequence. */
    private static Tensor outRows(Tensor packed, int t, int d, int batch, int hidden, int dirs) {
        return Tensor.view(packed.storage(), packed.offset() + t * batch * dirs * hidden + d * hidden,
                new int[] {batch, hidden}, new int[] {dirs * hidden, 1});
    }

    private static void gemm(Backend be, boolean ta, boolean tb, int m, int n, int k, Tensor a, int lda, Tensor b, int ldb,
                             float beta, Tensor c, int ldc) {
        be.gemm(ta, tb, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc, 1, 0, 0, 0);
    }

    /** Time steps per pipeline chunk: about six chunks a sequence, so the two lanes overlap for most of it. */
    private static int chunkSteps(int steps) {
        return Math.max(1, (steps + 5) / 6);
    }

    /** The time steps {@code [from, to)} covered by processing indices {@code [i0, i1)} walked up or down in time. */
    private static int[] times(int i0, int i1, int steps, boolean descending) {
        return descending ? new int[] {steps - i1, steps - i0} : new int[] {i0, i1};
    }

    /**
     * Runs {@code produce} over chunks 0..n-1 on one lane and {@code consume} over the same chunks on another,
     * chunk c consumed once produced ({@link SequenceKernels#runIndependent}; where that runs its tasks in
     * order, all production simply precedes all consumption). Used to overlap the big GEMMs (the input
     * projection, the weight gradients) with the time loop, which is serial by nature.
     */
    private static void pipeline(SequenceKernels k, int n, IntConsumer produce, IntConsumer consume) {
        AtomicInteger produced = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        k.runIndependent(2, lane -> {
            try (var noGrad = Autograd.noGrad()) {
                if (lane == 0) {
                    try {
                        for (int c = 0; c < n; c++) {
                            produce.accept(c);
                            produced.incrementAndGet();
                        }
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                } else {
                    for (int c = 0; c < n; c++) {
                        for (int spin = 0; produced.get() <= c; spin++) {
                            if (failed.get()) return;
                            if (spin < 1000) Thread.onSpinWait();
                            else Thread.yield();
                        }
                        consume.accept(c);
                    }
                }
            }
        });
    }

    private static Saved forwardDirection(Mode mode, Backend be, Tensor xc, int d, int dirs, boolean reverse, Tensor[] w,
                                          Tensor h0, Tensor c0, Tensor packed, Tensor lengths) {
        int steps = xc.size(0), batch = xc.size(1), in = xc.size(2), hidden = w[1].size(1), g = mode.gates * hidden;
        Device dev = xc.device();
        SequenceKernels k = be.sequence();
        boolean lstm = mode == Mode.LSTM, gru = mode == Mode.GRU;
        Tensor wih = w[0], whh = w[1], bih = w[2], bhh = w[3];

        // Input projection of every step, chunk by chunk ahead of the time loop; LSTM and RNN fold both biases
        // in here, GRU keeps b_hh apart (its n block multiplies it by r). The GEMMs read the weights transposed
        // once here: a plain row-major B runs the small per-step products up to 3× faster than a transposed one.
        Tensor wihT = wih.t().contiguous(), whhT = whh.t().contiguous();
        Tensor gates = Tensor.uninitialized(dev, DType.FLOAT32, steps, batch, g);
        Tensor bias = bih == null ? null : gru ? bih : bih.add(bhh);
        Tensor hAll = Tensor.empty(dev, DType.FLOAT32, steps + 1, batch, hidden);
        Tensor cAll = lstm ? Tensor.empty(dev, DType.FLOAT32, steps + 1, batch, hidden) : null;
        Tensor tanhC = lstm ? Tensor.uninitialized(dev, DType.FLOAT32, steps, batch, hidden) : null;
        Tensor cache = gru ? Tensor.uninitialized(dev, DType.FLOAT32, steps, batch, 4 * hidden) : null;
        Tensor hg = gru ? Tensor.uninitialized(dev, DType.FLOAT32, batch, g) : null;
        int first = reverse ? steps : 0;
        if (h0 != null) be.copy(h0, slot(hAll, first, batch, hidden));
        if (c0 != null) be.copy(c0, slot(cAll, first, batch, hidden));
        boolean zeroState = h0 == null;
        int chunk = chunkSteps(steps), chunks = (steps + chunk - 1) / chunk;
        pipeline(k, chunks, c -> {
            int[] tr = times(c * chunk, Math.min(steps, (c + 1) * chunk), steps, reverse);
            int r0 = tr[0] * batch, n = (tr[1] - tr[0]) * batch;
            Tensor rowsX = Tensor.view(xc.storage(), xc.offset() + r0 * in, new int[] {n, in}, new int[] {in, 1});
            Tensor rowsG = Tensor.view(gates.storage(), gates.offset() + r0 * g, new int[] {n, g}, new int[] {g, 1});
            if (bias != null) be.copy(bias.reshape(1, g).expand(n, g), rowsG);
            gemm(be, false, false, n, g, in, rowsX, in, wihT, g, bias == null ? 0f : 1f, rowsG, g);
        }, c -> {
            // A GRU's or LSTM's steps in one call where the backend fuses them (the GPU: one launch for the chunk).
            int s0 = c * chunk, s1 = Math.min(steps, (c + 1) * chunk);
            if (gru && k.gruSteps(gates, whhT, bhh, hAll, cache, packed, d, dirs, lengths, s0, s1, reverse, zeroState)
                    || lstm && k.lstmSteps(gates, whhT, hAll, cAll, tanhC, packed, d, dirs, lengths, s0, s1, reverse, zeroState)) {
                return;
            }
            k.stepLoop(() -> {
                for (int s = s0; s < s1; s++) {
                    int t = reverse ? steps - 1 - s : s, prev = reverse ? t + 1 : t, next = reverse ? t : t + 1;
                    Tensor hPrev = slot(hAll, prev, batch, hidden), hNext = slot(hAll, next, batch, hidden);
                    Tensor gt = slot(gates, t, batch, g), out = outRows(packed, t, d, batch, hidden, dirs);
                    // With no initial state the first recurrent product is zero: skip it.
                    boolean recur = s > 0 || !zeroState;
                    switch (mode) {
                        case LSTM -> {
                            if (recur) gemm(be, false, false, batch, g, hidden, hPrev, hidden, whhT, g, 1f, gt, g);
                            k.lstmCell(gt, slot(cAll, prev, batch, hidden), hPrev, slot(cAll, next, batch, hidden), hNext,
                                    slot(tanhC, t, batch, hidden), out, lengths, t);
                        }
                        case GRU -> {
                            if (recur) gemm(be, false, false, batch, g, hidden, hPrev, hidden, whhT, g, 0f, hg, g);
                            else be.fill(hg, 0f);
                            k.gruCell(gt, hg, bhh, hPrev, hNext, slot(cache, t, batch, 4 * hidden), out, lengths, t);
                        }
                        default -> {
                            if (recur) gemm(be, false, false, batch, g, hidden, hPrev, hidden, whhT, g, 1f, gt, g);
                            k.rnnCell(mode == Mode.RNN_RELU, gt, hPrev, hNext, out, lengths, t);
                        }
                    }
                }
            });
        });
        // Padded steps carry the state through, so the last slot holds each sequence's final state.
        int last = reverse ? 0 : steps, stateN = dirs * batch * hidden;
        int outN = steps * stateN;
        be.copy(slot(hAll, last, batch, hidden), Tensor.view(packed.storage(), packed.offset() + outN + d * batch * hidden,
                new int[] {batch, hidden}, new int[] {hidden, 1}));
        if (lstm) {
            be.copy(slot(cAll, last, batch, hidden), Tensor.view(packed.storage(), packed.offset() + outN + stateN + d * batch * hidden,
                    new int[] {batch, hidden}, new int[] {hidden, 1}));
        }
        return new Saved(gates, hAll, cAll, tanhC, cache);
    }

    private static Tensor[] backward(Mode mode, Backend be, Tensor gp, Tensor x, Tensor xc, Tensor h0, Tensor c0, Tensor[][] params,
                                     Tensor[][] w, Saved[] saved, Tensor lengths, int steps, int batch, int in, int hidden, int g) {
        int dirs = params.length, rows = steps * batch;
        Device dev = gp.device();
        Tensor gx = x.requiresGrad() ? Tensor.uninitialized(dev, DType.FLOAT32, steps, batch, in) : null;
        Tensor gh0 = Tensor.uninitialized(dev, DType.FLOAT32, dirs, batch, hidden);
        Tensor gc0 = mode == Mode.LSTM ? Tensor.uninitialized(dev, DType.FLOAT32, dirs, batch, hidden) : null;
        boolean needH0 = h0 != null && h0.requiresGrad() || c0 != null && c0.requiresGrad();
        Tensor[] grads = new Tensor[3 + 4 * dirs];
        Tensor[] dGs = new Tensor[dirs];
        // One direction forms dx itself, chunk by chunk; two would race on it, so they leave it for after.
        Tensor gxLane = dirs == 1 ? gx : null;
        be.sequence().runIndependent(dirs, d -> {
            try (var noGrad = Autograd.noGrad()) {
                dGs[d] = backwardDirection(mode, be, gp, d, xc, needH0, params[d], w[d], saved[d], lengths, gh0, gc0, gxLane, grads,
                        steps, batch, hidden, g);
            }
        });
        for (int d = 0; gx != null && gxLane == null && d < dirs; d++) {
            gemm(be, false, false, rows, in, g, dGs[d], g, w[d][0], in, d == 0 ? 0f : 1f, gx, in);
        }
        grads[0] = gx;
        grads[1] = h0 != null && h0.requiresGrad() ? gh0 : null;
        grads[2] = c0 != null && c0.requiresGrad() ? gc0 : null;
        return grads;
    }

    /**
     * Backpropagation through time in direction {@code d}: writes the initial-state gradients into its slots of
     * {@code gh0}/{@code gc0}, the weight gradients into {@code grads} and, when {@code gx} is given, the input's
     * gradient; returns the gate gradients dG. The weight gradients (and dx) of a chunk of steps are GEMMs over
     * its {@code steps·B} rows, run on a second lane while the time loop goes on with the next chunk.
     */
    private static Tensor backwardDirection(Mode mode, Backend be, Tensor gp, int d, Tensor xc, boolean needH0, Tensor[] p,
                                            Tensor[] w, Saved sv, Tensor lengths, Tensor gh0, Tensor gc0, Tensor gx, Tensor[] grads,
                                            int steps, int batch, int hidden, int g) {
        int dirs = gh0.size(0), rows = steps * batch, in = xc.size(2), stateN = dirs * batch * hidden, outN = steps * stateN;
        boolean reverse = d == 1;
        Device dev = gp.device();
        SequenceKernels k = be.sequence();
        // The state gradients start as the final states' own and are carried back in place, step by step.
        Tensor dh = slot(gh0, d, batch, hidden);
        be.copy(Tensor.view(gp.storage(), gp.offset() + outN + d * batch * hidden, new int[] {batch, hidden}, new int[] {hidden, 1}), dh);
        Tensor dc = mode == Mode.LSTM ? slot(gc0, d, batch, hidden) : null;
        if (dc != null) {
            be.copy(Tensor.view(gp.storage(), gp.offset() + outN + stateN + d * batch * hidden, new int[] {batch, hidden}, new int[] {hidden, 1}), dc);
        }
        Tensor dG = Tensor.uninitialized(dev, DType.FLOAT32, steps, batch, g);
        Tensor dHG = mode == Mode.GRU ? Tensor.uninitialized(dev, DType.FLOAT32, steps, batch, g) : dG;
        int at = 3 + 4 * d;
        Tensor gwIh = gradTarget(p[0]), gwHh = gradTarget(p[1]);
        int chunk = chunkSteps(steps), chunks = (steps + chunk - 1) / chunk;
        pipeline(k, chunks, c -> {
            int i0 = c * chunk, i1 = Math.min(steps, (c + 1) * chunk);
            if (mode == Mode.GRU && k.gruStepsBackward(sv.cache, sv.hAll, dh, gp, d, dirs, dG, dHG, w[1], lengths, i0, i1, reverse, needH0)
                    || mode == Mode.LSTM && k.lstmStepsBackward(sv.gates, sv.cAll, sv.tanhC, dh, dc, gp, d, dirs, dG, w[1], lengths, i0, i1,
                    reverse, needH0)) {
                return;
            }
            k.stepLoop(() -> {
                // Processing index i runs backward through the forward pass's order.
                for (int i = i0; i < i1; i++) {
                    int s = steps - 1 - i;
                    int t = reverse ? steps - 1 - s : s, prev = reverse ? t + 1 : t, next = reverse ? t : t + 1;
                    Tensor gOut = outRows(gp, t, d, batch, hidden, dirs);
                    Tensor dgt = slot(dG, t, batch, g), dhgt = slot(dHG, t, batch, g);
                    switch (mode) {
                        case LSTM -> k.lstmCellBackward(slot(sv.gates, t, batch, g), slot(sv.cAll, prev, batch, hidden),
                                slot(sv.tanhC, t, batch, hidden), dh, dc, gOut, dgt, lengths, t);
                        case GRU -> k.gruCellBackward(slot(sv.cache, t, batch, 4 * hidden), slot(sv.hAll, prev, batch, hidden),
                                dh, gOut, dgt, dhgt, lengths, t);
                        default -> k.rnnCellBackward(mode == Mode.RNN_RELU, slot(sv.hAll, next, batch, hidden), dh, gOut, dgt, lengths, t);
                    }
                    // dh_prev += dG_t·W_hh; after the first step (s = 0) that is the initial state's gradient.
                    if (s > 0 || needH0) gemm(be, false, false, batch, hidden, g, dhgt, g, w[1], hidden, 1f, dh, hidden);
                }
            });
        }, c -> {
            int[] tr = times(c * chunk, Math.min(steps, (c + 1) * chunk), steps, !reverse);
            int r0 = tr[0] * batch, n = (tr[1] - tr[0]) * batch;
            Tensor dGr = rowsOf(dG, r0, n, g), dHGr = rowsOf(dHG, r0, n, g);
            if (gwIh != null) gemm(be, true, false, g, in, n, dGr, g, rowsOf(xc, r0, n, in), in, 1f, gwIh, in);
            // The states each step started from: slot t forward, slot t + 1 in reverse.
            if (gwHh != null) gemm(be, true, false, g, hidden, n, dHGr, g, rowsOf(sv.hAll, r0 + (reverse ? batch : 0), n, hidden), hidden, 1f, gwHh, hidden);
            if (gx != null) gemm(be, false, false, n, in, g, dGr, g, w[0], in, 0f, rowsOf(gx, r0, n, in), in);
        });
        grads[at] = p[0].requiresGrad() && gwIh != p[0].grad() ? gwIh : null;
        grads[at + 1] = p[1].requiresGrad() && gwHh != p[1].grad() ? gwHh : null;
        boolean gbi = p[2] != null && p[2].requiresGrad(), gbh = p[3] != null && p[3].requiresGrad();
        if (gbi) grads[at + 2] = dG.reshape(rows, g).sum(0, false);
        if (gbh) grads[at + 3] = gbi && dHG == dG ? grads[at + 2] : dHG.reshape(rows, g).sum(0, false);
        return dG;
    }

    /** Rows {@code [r0, r0 + n)} of a buffer seen as {@code [rows, width]}. */
    private static Tensor rowsOf(Tensor buf, int r0, int n, int width) {
        return Tensor.view(buf.storage(), buf.offset() + r0 * width, new int[] {n, width}, new int[] {width, 1});
    }

    /**
     * Where a weight's gradient accumulates (GEMMs with beta = 1, chunk after chunk): the leaf's existing
     * {@code .grad} when it has one (the node then hands back null for it, saving a pass), else a new zeroed
     * tensor; null when the weight needs no gradient.
     */
    private static Tensor gradTarget(Tensor weight) {
        if (!weight.requiresGrad()) return null;
        Tensor acc = weight.isLeaf() ? weight.grad() : null;
        return acc != null && acc.isContiguous() ? acc : Tensor.empty(weight.device(), DType.FLOAT32, weight.shape());
    }
}
