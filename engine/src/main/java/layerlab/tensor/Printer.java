package layerlab.tensor;

import java.util.Locale;

/** {@code toString} in PyTorch's style: {@code tensor([[1.0000, 2.0000], ...], shape=(2, 2))}, elided past 6 per dim. */
final class Printer {
    private Printer() {}

    static String print(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.numel() <= 4096) {
            float[] data = t.toFloatArray();
            append(sb, data, t.shape(), 0, 0, t.dtype() == DType.INT64);
        } else {
            sb.append("...");
        }
        sb.append(", shape=").append(t.shapeString());
        if (t.dtype() != DType.FLOAT32) sb.append(", dtype=").append(t.dtype().pyName);
        if (!t.device().equals(Device.CPU)) sb.append(", device='").append(t.device()).append('\'');
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    private static int append(StringBuilder sb, float[] d, int[] shape, int dim, int pos, boolean ints) {
        if (dim == shape.length) {
            sb.append(ints ? String.valueOf((long) d[pos]) : String.format(Locale.ROOT, "%.4f", d[pos]));
            return pos + 1;
        }
        int inner = 1;
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        sb.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            if (i > 0) sb.append(", ");
            if (shape[dim] > 6 && i == 3) {
                sb.append("...");
                i = shape[dim] - 3;
                pos += (shape[dim] - 6) * inner;
                sb.append(", ");
            }
            pos = append(sb, d, shape, dim + 1, pos, ints);
        }
        sb.append(']');
        return pos;
    }
}
