package layerlab.graph.spec;

/**
 * A param set to PyTorch's {@code None} where {@code None} is not the param's default (BatchNorm's {@code momentum=None},
 * a cumulative average, against the default 0.1). A param whose default is already {@code None} is simply left unset.
 * The project file writes it as {@code null}; {@link Params#value} reads it as null.
 */
public enum PyNone {
    NONE;

    @Override
    public String toString() {
        return "None";
    }
}
