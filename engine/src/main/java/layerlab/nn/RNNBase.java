package layerlab.nn;

import java.util.ArrayList;
import java.util.List;
import layerlab.nn.functional.Recurrent;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/**
 * The shared body of {@link RNN}, {@link LSTM} and {@link GRU}, PyTorch's {@code nn.RNNBase}: the
 * hyper-parameters, the weights under PyTorch's names and in its registration order (per layer, per
 * direction: {@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, then the
 * same with {@code _reverse}), so {@link #stateDict()} matches {@code state_dict()} key for key. An LSTM with
 * {@code proj_size > 0} also has {@code weight_hr_l0} {@code [proj_size, hidden_size]} after its biases: its h is
 * projected to proj_size values, which is what the output, h_n and the next step's recurrent product see.
 *
 * <p>{@link #forward(Tensor)} returns the output sequence only, as a one-tensor module must;
 * {@link #forwardFull} takes the optional initial states and sequence lengths and returns the final states
 * too ({@link RNNOutput}).
 */
public abstract class RNNBase extends Module {
    private final Recurrent.Mode mode;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final double dropout;
    private final boolean bidirectional;
    private final int projSize;
    private final List<Parameter> flatWeights = new ArrayList<>();

    protected RNNBase(Recurrent.Mode mode, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
                      double dropout, boolean bidirectional) {
        this(mode, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
    }

    protected RNNBase(Recurrent.Mode mode, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
                      double dropout, boolean bidirectional, int projSize) {
        String name = mode.layerName();
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(name + ": input_size and hidden_size must be positive, got " + inputSize + " and " + hiddenSize);
        }
        if (numLayers < 1) throw new IllegalArgumentException(name + ": num_layers must be at least 1, got " + numLayers);
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException(name + ": dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got " + dropout);
        }
        // PyTorch's own checks and words (torch/nn/modules/rnn.py).
        if (projSize < 0) throw new IllegalArgumentException(name + ": proj_size should be a positive integer or zero to disable projections, got " + projSize);
        if (projSize >= hiddenSize && projSize > 0) {
            throw new IllegalArgumentException(name + ": proj_size has to be smaller than hidden_size, got proj_size " + projSize + " and hidden_size " + hiddenSize);
        }
        if (projSize > 0 && mode != Recurrent.Mode.LSTM) throw new IllegalArgumentException(name + ": proj_size argument is only supported for LSTM, not RNN or GRU");
        this.mode = mode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        this.projSize = projSize;
        int g = mode.gates * hiddenSize, dirs = bidirectional ? 2 : 1, real = projSize > 0 ? projSize : hiddenSize;
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : real * dirs;
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                flatWeights.add(registerParameter("weight_ih" + suffix, Tensor.zeros(g, in)));
                flatWeights.add(registerParameter("weight_hh" + suffix, Tensor.zeros(g, real)));
                if (bias) {
                    flatWeights.add(registerParameter("bias_ih" + suffix, Tensor.zeros(g)));
                    flatWeights.add(registerParameter("bias_hh" + suffix, Tensor.zeros(g)));
                }
                if (projSize > 0) flatWeights.add(registerParameter("weight_hr" + suffix, Tensor.zeros(projSize, hiddenSize)));
            }
        }
        resetParameters();
    }

    /** PyTorch's default: every weight and bias (weight_hr too) from U(−1/√hidden_size, 1/√hidden_size), drawn from {@link Generator#global()} in registration order. */
    public void resetParameters() {
        float bound = (float) (1 / Math.sqrt(hiddenSize));
        for (Parameter p : flatWeights) p.data().uniform_(-bound, bound, Generator.global());
    }

    /** The output sequence for input {@code [T, B, input_size]} ({@code [B, T, input_size]} with batch_first, or unbatched {@code [T, input_size]}), zero initial states. */
    @Override
    public Tensor forward(Tensor input) {
        return forwardFull(input, null, null, null).output();
    }

    /**
     * The full forward pass.
     *
     * @param input   {@code [T, B, input_size]}, {@code [B, T, input_size]} with batch_first, or unbatched {@code [T, input_size]}
     * @param h0      initial hidden state {@code [num_layers·D, B, hidden_size]} (proj_size in place of hidden_size when
     *                an LSTM projects; unbatched: without B), or null for zeros
     * @param c0      an LSTM's initial cell state {@code [num_layers·D, B, hidden_size]}, or null for zeros; must be null for RNN and GRU
     * @param lengths int64 {@code [B]}: each sequence's valid length (1..T), or null when all use every step. Like
     *                PyTorch's {@code pack_padded_sequence} (in any order, {@code enforce_sorted=False}): padded steps
     *                neither update a sequence's state nor reach the output, where they read 0 (the output keeps all
     *                T steps, like {@code pad_packed_sequence(total_length=T)}); {@code hN} holds each sequence's state
     *                at its own last step.
     */
    public RNNOutput forwardFull(Tensor input, Tensor h0, Tensor c0, Tensor lengths) {
        List<Tensor> w = new ArrayList<>(flatWeights.size());
        for (Parameter p : flatWeights) w.add(p.data());
        Tensor[] r = Recurrent.rnn(mode, input, h0, c0, w, bias, numLayers, dropout, isTraining(), bidirectional, batchFirst, lengths, projSize);
        return new RNNOutput(r[0], r[1], r[2]);
    }

    public Recurrent.Mode mode() {
        return mode;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int numLayers() {
        return numLayers;
    }

    public boolean bias() {
        return bias;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public double dropout() {
        return dropout;
    }

    public boolean bidirectional() {
        return bidirectional;
    }

    /** An LSTM's proj_size: the size h is projected to (0: no projection, h has hidden_size values). */
    public int projSize() {
        return projSize;
    }

    /** 2 when bidirectional, else 1. */
    public int numDirections() {
        return bidirectional ? 2 : 1;
    }

    /** The weights in PyTorch's flat order ({@code _flat_weights}). */
    public List<Parameter> flatWeights() {
        return List.copyOf(flatWeights);
    }

    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (projSize != 0) s.append(", proj_size=").append(projSize);
        if (numLayers != 1) s.append(", num_layers=").append(numLayers);
        if (!bias) s.append(", bias=False");
        if (batchFirst) s.append(", batch_first=True");
        if (dropout != 0) s.append(", dropout=").append(PyRepr.pyFloat((float) dropout));
        if (bidirectional) s.append(", bidirectional=True");
        return s.toString();
    }
}
