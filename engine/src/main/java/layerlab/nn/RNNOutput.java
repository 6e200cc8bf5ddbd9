package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * What a recurrent layer returns from {@link RNNBase#forwardFull}: PyTorch's {@code (output, h_n)} or
 * {@code (output, (h_n, c_n))}.
 *
 * @param output the top layer's hidden state at every step, {@code [T, B, D·H]} ({@code [B, T, D·H]} with
 *               {@code batch_first}); 0 at padded steps when lengths were given
 * @param hN     the final hidden state of every layer and direction, {@code [L·D, B, H]} (never batch-first),
 *               row {@code l·D + d} for layer {@code l}, direction {@code d}
 * @param cN     an LSTM's final cell state, like {@code hN}; null for RNN and GRU
 */
public record RNNOutput(Tensor output, Tensor hN, Tensor cN) {}
