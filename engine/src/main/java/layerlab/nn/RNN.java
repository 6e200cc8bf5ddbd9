package layerlab.nn;

import layerlab.nn.functional.Recurrent;

/**
 * PyTorch's {@code nn.RNN} (Elman): {@code h' = act(W_ih·x + b_ih + W_hh·h + b_hh)} with act = tanh or relu.
 * Its printed form, like PyTorch's, does not show the nonlinearity.
 */
public final class RNN extends RNNBase {
    private final String nonlinearity;

    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, "tanh", true, false, 0f, false);
    }

    /** {@code nonlinearity} is {@code "tanh"} or {@code "relu"}; the arguments follow PyTorch's order. */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
               double dropout, boolean bidirectional) {
        super(mode(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
        this.nonlinearity = nonlinearity;
    }

    private static Recurrent.Mode mode(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> Recurrent.Mode.RNN_TANH;
            case "relu" -> Recurrent.Mode.RNN_RELU;
            default -> throw new IllegalArgumentException("RNN: Unknown nonlinearity '" + nonlinearity + "'. Select from 'tanh' or 'relu'.");
        };
    }

    public String nonlinearity() {
        return nonlinearity;
    }
}
