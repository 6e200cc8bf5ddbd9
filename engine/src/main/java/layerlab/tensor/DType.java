package layerlab.tensor;

/** Element types: float32 for values, int64 for class labels and token ids (never differentiable). */
public enum DType {
    FLOAT32(4, "float32"),
    INT64(8, "int64");

    public final int bytes;
    public final String pyName;

    DType(int bytes, String pyName) {
        this.bytes = bytes;
        this.pyName = pyName;
    }
}
