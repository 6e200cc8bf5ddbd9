package layerlab.nn;

import layerlab.nn.functional.Recurrent;

/**
 * PyTorch's {@code nn.LSTM}: gates in the order i, f, g, o ({@code weight_ih_l0} is {@code [4·hidden, input]});
 * {@code c' = f·c + i·g}, {@code h' = o·tanh(c')}. {@link #forwardFull} takes {@code h0}, {@code c0} and lengths and
 * returns the final {@code (h_n, c_n)} as well. With {@code proj_size > 0} (PyTorch 1.8+), {@code h' = W_hr·(o·tanh(c'))}:
 * the output and h_n have proj_size features, c_n keeps hidden_size.
 */
public final class LSTM extends RNNBase {
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0f, false);
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional,
                int projSize) {
        super(Recurrent.Mode.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize);
    }
}
