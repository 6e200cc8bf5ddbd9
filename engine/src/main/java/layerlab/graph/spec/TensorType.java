package layerlab.graph.spec;

import java.util.Arrays;
import layerlab.tensor.DType;

/**
 * The shape and dtype of the tensor on an edge, with the batch size symbolic: {@link #N} marks the batch
 * dimension, usually first ({@code [N, 32, 14, 14]}), but an RNN's {@code h_n} is {@code [2, N, 50]}. A loss
 * with a mean reduction gives a scalar, {@code []}.
 */
public final class TensorType {
    /** The symbolic batch dimension in {@link #dims}. */
    public static final int N = -1;

    private final int[] dims;
    private final DType dtype;

    private TensorType(int[] dims, DType dtype) {
        this.dims = dims;
        this.dtype = dtype;
    }

    /** {@code [N, perSample...]}, float32. */
    public static TensorType batch(int... perSample) {
        return batch(DType.FLOAT32, perSample);
    }

    /** {@code [N, perSample...]}. */
    public static TensorType batch(DType dtype, int... perSample) {
        int[] d = new int[perSample.length + 1];
        d[0] = N;
        System.arraycopy(perSample, 0, d, 1, perSample.length);
        return of(dtype, d);
    }

    /** Exactly these dims ({@link #N} for the batch). */
    public static TensorType of(DType dtype, int... dims) {
        for (int d : dims) if (d < 0 && d != N) throw new IllegalArgumentException("negative size " + d + " in " + Arrays.toString(dims));
        return new TensorType(dims.clone(), dtype);
    }

    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code i} ({@link #N} for the batch); negative {@code i} counts from the end. */
    public int dim(int i) {
        return dims[i < 0 ? dims.length + i : i];
    }

    public DType dtype() {
        return dtype;
    }

    /** Whether the batch dimension comes first, as most layers expect. */
    public boolean batchFirst() {
        return dims.length > 0 && dims[0] == N;
    }

    /** Values per sample: the product of every dimension but the batch. */
    public long perSample() {
        long n = 1;
        for (int d : dims) if (d != N) n *= d;
        return n;
    }

    /** The dims after the batch ({@code [32, 14, 14]} for {@code [N, 32, 14, 14]}); requires {@link #batchFirst()}. */
    public int[] sampleDims() {
        return Arrays.copyOfRange(dims, 1, dims.length);
    }

    public TensorType withDims(int... newDims) {
        return of(dtype, newDims);
    }

    public TensorType withDtype(DType d) {
        return new TensorType(dims, d);
    }

    /** This shape with dimension {@code i} replaced. */
    public TensorType withDim(int i, int size) {
        int[] d = dims.clone();
        d[i < 0 ? d.length + i : i] = size;
        return new TensorType(d, dtype);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorType t && t.dtype == dtype && Arrays.equals(t.dims, dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + dtype.hashCode();
    }

    /** {@code [N, 32, 14, 14]} (dims only). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i] == N ? "N" : Integer.toString(dims[i]));
        }
        return sb.append(']').toString();
    }

    /** {@code [N, 35] int64}: the dims, and the dtype when it is not float32. */
    public String describe() {
        return dtype == DType.FLOAT32 ? toString() : toString() + " " + dtype.pyName;
    }
}
