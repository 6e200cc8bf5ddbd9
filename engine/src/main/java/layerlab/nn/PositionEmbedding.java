package layerlab.nn;

import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/**
 * A learned vector for each position of a sequence, added: {@code x [N, L, D] + pos_embedding [1, L, D]}, as a Vision
 * Transformer's encoder (torchvision's {@code Encoder.pos_embedding}) and BERT learn where each token stands, where
 * {@link PositionalEncoding} adds fixed sines and cosines. The sequence must have exactly {@code num_positions} positions.
 * Initialised as torchvision's: normal with standard deviation 0.02.
 */
public final class PositionEmbedding extends Module {
    private final int numPositions;
    private final int embedDim;
    private final Parameter embedding;

    public PositionEmbedding(int numPositions, int embedDim) {
        if (numPositions <= 0 || embedDim <= 0) {
            throw new IllegalArgumentException("PositionEmbedding: num_positions and embed_dim must be positive, got " + numPositions + " and " + embedDim);
        }
        this.numPositions = numPositions;
        this.embedDim = embedDim;
        this.embedding = registerParameter("pos_embedding", Tensor.zeros(1, numPositions, embedDim));
        resetParameters();
    }

    /** torchvision's: N(0, 0.02²), from {@link Generator#global()}. */
    public void resetParameters() {
        embedding.data().normal_(0f, 0.02f, Generator.global());
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 || x.size(1) != numPositions || x.size(2) != embedDim) {
            throw new IllegalArgumentException("PositionEmbedding: expects [N, " + numPositions + ", " + embedDim + "], got " + x.shapeString());
        }
        return x.add(embedding.data());
    }

    public Parameter posEmbedding() {
        return embedding;
    }

    @Override
    protected String extraRepr() {
        return "num_positions=" + numPositions + ", embed_dim=" + embedDim;
    }
}
