package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.GELU}: {@code x·Φ(x)} exactly ({@code approximate='none'}) or by the tanh formula ({@code 'tanh'}). */
public final class GELU extends Module {
    private final String approximate;

    /** {@code GELU(approximate='none')}. */
    public GELU() {
        this("none");
    }

    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("approximate argument must be either 'none' or 'tanh', got '" + approximate + "'");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.gelu(input, approximate);
    }

    public String approximate() {
        return approximate;
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
