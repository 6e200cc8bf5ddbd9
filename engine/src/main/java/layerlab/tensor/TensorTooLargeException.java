package layerlab.tensor;

/** A shape with more elements than one tensor (a Java array) holds: 2³¹ − 1. */
public final class TensorTooLargeException extends IllegalArgumentException {
    private final int[] shape;

    public TensorTooLargeException(int[] shape) {
        super("tensor too large: " + Shapes.str(shape));
        this.shape = shape.clone();
    }

    /** The shape asked for, as PyTorch writes it: {@code (100000, 100000)}. */
    public String shapeText() {
        return Shapes.str(shape);
    }
}
