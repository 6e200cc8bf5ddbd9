package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * Takes the last valid time step of a sequence: {@code [T, B, F]} (or {@code [B, T, F]} with batch_first) to
 * {@code [B, F]}, the node that sits between a recurrent layer and a classifier head (PyTorch's
 * {@code output[:, -1]}). With lengths (int64 {@code [B]}, the second input) each sequence's own last step
 * {@code lengths[b] − 1} is taken, as one gathers after {@code pad_packed_sequence}.
 */
public final class LastStep extends Module {
    private final boolean batchFirst;

    public LastStep() {
        this(false);
    }

    public LastStep(boolean batchFirst) {
        this.batchFirst = batchFirst;
    }

    @Override
    public Tensor forward(Tensor input) {
        requireSequence(input);
        int timeDim = batchFirst ? 1 : 0;
        return input.select(timeDim, input.size(timeDim) - 1);
    }

    /** {@code forward(sequence)} or {@code forward(sequence, lengths)}. */
    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length == 1 || inputs.length == 2 && inputs[1] == null) return forward(inputs[0]);
        if (inputs.length != 2) throw new IllegalArgumentException("LastStep takes a sequence and optional lengths, got " + inputs.length + " inputs");
        return forward(inputs[0], inputs[1]);
    }

    public Tensor forward(Tensor input, Tensor lengths) {
        if (lengths == null) return forward(input);
        requireSequence(input);
        int steps = input.size(batchFirst ? 1 : 0), batch = input.size(batchFirst ? 0 : 1), features = input.size(2);
        long[] len = SequenceLengths.check(lengths, batch, steps, "LastStep");
        long[] rows = new long[batch];
        for (int b = 0; b < batch; b++) rows[b] = batchFirst ? (long) b * steps + len[b] - 1 : (len[b] - 1) * batch + b;
        // The sequence seen as a [T·B, F] table of rows: an embedding lookup picks the rows and scatters the gradient back.
        return input.reshape(steps * batch, features).indexSelect(Tensor.ofLongs(rows).to(input.device()));
    }

    private static void requireSequence(Tensor input) {
        if (input.dim() != 3) throw new IllegalArgumentException("LastStep expects a 3-D sequence, got shape " + input.shapeString());
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    @Override
    protected String extraRepr() {
        return batchFirst ? "batch_first=True" : "";
    }
}
