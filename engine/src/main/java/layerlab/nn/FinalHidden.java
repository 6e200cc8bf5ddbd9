package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * Picks one layer's and direction's final hidden state out of a recurrent layer's {@code h_n}
 * {@code [num_layers·D, B, H]}: row {@code layer·D + direction}, giving {@code [B, H]} (PyTorch's
 * {@code h_n.view(num_layers, D, B, H)[layer, direction]}). A negative layer counts from the last.
 */
public final class FinalHidden extends Module {
    private final int layer;
    private final int direction;
    private final int numDirections;

    /**
     * @param layer         the layer, 0-based; -1 is the top layer
     * @param direction     0 forward, 1 reverse
     * @param numDirections the recurrent layer's: 2 when bidirectional, else 1
     */
    public FinalHidden(int layer, int direction, int numDirections) {
        if (numDirections != 1 && numDirections != 2) throw new IllegalArgumentException("FinalHidden: numDirections must be 1 or 2, got " + numDirections);
        if (direction < 0 || direction >= numDirections) {
            throw new IllegalArgumentException("FinalHidden: direction must be in 0.." + (numDirections - 1) + ", got " + direction);
        }
        this.layer = layer;
        this.direction = direction;
        this.numDirections = numDirections;
    }

    @Override
    public Tensor forward(Tensor hN) {
        if (hN.dim() != 3 || hN.size(0) % numDirections != 0) {
            throw new IllegalArgumentException("FinalHidden expects h_n of shape [num_layers·" + numDirections + ", B, H], got " + hN.shapeString());
        }
        int layers = hN.size(0) / numDirections;
        int l = layer < 0 ? layer + layers : layer;
        if (l < 0 || l >= layers) throw new IllegalArgumentException("FinalHidden: layer " + layer + " is out of range for " + layers + " layers");
        return hN.select(0, l * numDirections + direction);
    }

    public int layer() {
        return layer;
    }

    public int direction() {
        return direction;
    }

    public int numDirections() {
        return numDirections;
    }

    @Override
    protected String extraRepr() {
        return "layer=" + layer + ", direction=" + direction + ", num_directions=" + numDirections;
    }
}
