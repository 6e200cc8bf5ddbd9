package layerlab.nn;

import java.util.HashMap;
import java.util.Map;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * The sinusoidal positional encoding of "Attention Is All You Need", as PyTorch's Transformer tutorial writes its
 * {@code PositionalEncoding} module, batch first: {@code x [N, T, d_model]} plus {@code pe[:T]}, then dropout, where
 * {@code pe[p, 2i] = sin(p·e^(−2i·ln(10000)/d_model))} and {@code pe[p, 2i+1]} the cosine. Attention alone does not know
 * where a token stands; this gives each position its own pattern. No parameters; {@code pe} is computed, not saved
 * (the tutorial's buffer, here {@code persistent=False}), up to {@code max_len} positions.
 */
public final class PositionalEncoding extends Module {
    private final int dModel;
    private final double dropout;
    private final int maxLen;
    /** {@code pe [max_len, d_model]} on each device it was asked for. */
    private final Map<Device, Tensor> pe = new HashMap<>();

    public PositionalEncoding(int dModel, double dropout, int maxLen) {
        if (dModel <= 0 || maxLen <= 0) throw new IllegalArgumentException("PositionalEncoding: d_model and max_len must be positive, got " + dModel + " and " + maxLen);
        if (dropout < 0 || dropout > 1) throw new IllegalArgumentException("PositionalEncoding: dropout must be within 0 … 1, got " + dropout);
        this.dModel = dModel;
        this.dropout = dropout;
        this.maxLen = maxLen;
    }

    /**
     * {@code pe [length, d_model]} in float32 as the tutorial computes it: {@code div_term = exp(arange(0, d, 2)·(−ln(10000)/d))},
     * then the sine and cosine of {@code position·div_term}, each product rounded to float first.
     */
    public static Tensor table(int length, int dModel) {
        float[] v = new float[length * dModel];
        float scale = (float) (-Math.log(10000.0) / dModel);
        for (int i = 0; 2 * i < dModel; i++) {
            float div = (float) Math.exp((float) (2 * i) * scale);
            for (int p = 0; p < length; p++) {
                float angle = (float) p * div;
                v[p * dModel + 2 * i] = (float) Math.sin(angle);
                if (2 * i + 1 < dModel) v[p * dModel + 2 * i + 1] = (float) Math.cos(angle);
            }
        }
        return Tensor.of(v, length, dModel);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 || x.size(2) != dModel) {
            throw new IllegalArgumentException("PositionalEncoding: expects [N, T, " + dModel + "] (batch first, d_model " + dModel + "), got " + x.shapeString());
        }
        if (x.size(1) > maxLen) {
            throw new IllegalArgumentException("PositionalEncoding: a sequence of " + x.size(1) + " positions is longer than max_len " + maxLen);
        }
        Tensor table = pe.computeIfAbsent(x.device(), d -> table(maxLen, dModel).to(d));
        return layerlab.nn.functional.Dropout.dropout(x.add(table.narrow(0, 0, x.size(1))), dropout, isTraining());
    }

    public int dModel() {
        return dModel;
    }

    public double dropout() {
        return dropout;
    }

    public int maxLen() {
        return maxLen;
    }

    @Override
    protected String extraRepr() {
        return "d_model=" + dModel + ", dropout=" + PyRepr.pyFloat((float) dropout) + ", max_len=" + maxLen;
    }
}
