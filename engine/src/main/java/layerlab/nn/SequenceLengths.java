package layerlab.nn;

import layerlab.tensor.Tensor;

/** Checks of the lengths input the sequence helpers share. */
final class SequenceLengths {
    private SequenceLengths() {}

    /** The lengths on the host, each checked to lie in 1..steps, with {@code batch} entries. */
    static long[] check(Tensor lengths, int batch, int steps, String who) {
        if (lengths.dim() != 1 || lengths.size(0) != batch) {
            throw new IllegalArgumentException(who + ": lengths must be a 1-D tensor of " + batch + " entries (one per sequence), got shape " + lengths.shapeString());
        }
        long[] len = lengths.toLongArray();
        for (int b = 0; b < len.length; b++) {
            if (len[b] < 1 || len[b] > steps) {
                throw new IllegalArgumentException(who + ": lengths[" + b + "] = " + len[b] + " is outside 1.." + steps);
            }
        }
        return len;
    }
}
