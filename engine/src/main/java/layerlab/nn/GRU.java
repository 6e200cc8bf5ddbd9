package layerlab.nn;

import layerlab.nn.functional.Recurrent;

/**
 * PyTorch's {@code nn.GRU}: gates in the order r, z, n ({@code weight_ih_l0} is {@code [3·hidden, input]});
 * {@code n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn))} (the hidden bias of n inside the reset product),
 * {@code h' = (1 − z)·n + z·h}.
 */
public final class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0f, false);
    }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        super(Recurrent.Mode.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }
}
