package layerlab.graph.spec;

/** How a param's value is written and edited (the property sheet picks its field from this). */
public enum ParamType {
    /** A whole number ({@code out_features}). */
    INT,
    /** A number ({@code p}, {@code eps}, {@code momentum}). */
    FLOAT,
    BOOL,
    /** One string of a fixed list ({@code padding_mode}, {@code reduction}). */
    CHOICE,
    /** A free string (the block a Block instance places). */
    STRING,
    /** A whole number or a tuple of {@code arity} of them ({@code kernel_size=3} or {@code (3, 5)}). */
    SIZE,
    /** A {@link #SIZE} or one of the strings {@code 'same'} / {@code 'valid'} (convolution padding). */
    PADDING,
    /** A list of whole numbers of any length (an input's shape, a {@code Reshape} target, {@code normalized_shape}). */
    SHAPE,
    /** A list of finite numbers, one per class or column (a loss's {@code weight}, {@code pos_weight}); written {@code [1.0, 9.0]}. */
    FLOATS
}
