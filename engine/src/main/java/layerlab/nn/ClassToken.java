package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * A learned token put before each sequence, as a Vision Transformer (torchvision's {@code VisionTransformer}) puts its
 * {@code class_token}: {@code [N, L, D]} → {@code [N, L + 1, D]}, position 0 the same {@code class_token [1, 1, D]} for every
 * sample, {@code torch.cat([class_token.expand(N, -1, -1), x], dim=1)}. After the encoder, position 0 (a {@link Select}) is
 * what the classifier reads. Initialised to zeros, as torchvision's.
 */
public final class ClassToken extends Module {
    private final int embedDim;
    private final Parameter token;

    public ClassToken(int embedDim) {
        if (embedDim <= 0) throw new IllegalArgumentException("ClassToken: embed_dim must be positive, got " + embedDim);
        this.embedDim = embedDim;
        this.token = registerParameter("class_token", Tensor.zeros(1, 1, embedDim));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 || x.size(2) != embedDim) {
            throw new IllegalArgumentException("ClassToken: expects [N, L, " + embedDim + "] (batch first, embed_dim " + embedDim + "), got " + x.shapeString());
        }
        return Tensor.cat(1, token.data().expand(x.size(0), 1, embedDim), x);
    }

    public Parameter classToken() {
        return token;
    }

    @Override
    protected String extraRepr() {
        return "embed_dim=" + embedDim;
    }
}
