package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * Averages a sequence over time: {@code [T, B, F]} (or {@code [B, T, F]} with batch_first) to {@code [B, F]}.
 * With lengths (int64 {@code [B]}, the second input) only each sequence's valid steps count: the sum over its
 * first {@code lengths[b]} steps divided by {@code lengths[b]}.
 */
public final class MeanOverTime extends Module {
    private final boolean batchFirst;

    public MeanOverTime() {
        this(false);
    }

    public MeanOverTime(boolean batchFirst) {
        this.batchFirst = batchFirst;
    }

    @Override
    public Tensor forward(Tensor input) {
        requireSequence(input);
        return input.mean(batchFirst ? 1 : 0, false);
    }

    /** {@code forward(sequence)} or {@code forward(sequence, lengths)}. */
    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length == 1 || inputs.length == 2 && inputs[1] == null) return forward(inputs[0]);
        if (inputs.length != 2) throw new IllegalArgumentException("MeanOverTime takes a sequence and optional lengths, got " + inputs.length + " inputs");
        return forward(inputs[0], inputs[1]);
    }

    public Tensor forward(Tensor input, Tensor lengths) {
        if (lengths == null) return forward(input);
        requireSequence(input);
        int timeDim = batchFirst ? 1 : 0;
        int steps = input.size(timeDim), batch = input.size(1 - timeDim);
        long[] len = SequenceLengths.check(lengths, batch, steps, "MeanOverTime");
        // weight[t, b] = 1/len[b] on valid steps, 0 past the end: one multiply and one sum.
        float[] w = new float[steps * batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len[b]; t++) w[batchFirst ? b * steps + t : t * batch + b] = 1f / len[b];
        }
        int[] shape = batchFirst ? new int[] {batch, steps, 1} : new int[] {steps, batch, 1};
        return input.mul(Tensor.of(w, shape).to(input.device())).sum(timeDim, false);
    }

    private static void requireSequence(Tensor input) {
        if (input.dim() != 3) throw new IllegalArgumentException("MeanOverTime expects a 3-D sequence, got shape " + input.shapeString());
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    @Override
    protected String extraRepr() {
        return batchFirst ? "batch_first=True" : "";
    }
}
