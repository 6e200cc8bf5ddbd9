package layerlab.graph.spec;

/** Palette groups, in palette order, named as in the capability catalog. */
public enum Category {
    DATA("Input & output"),
    LINEAR("Linear"),
    CONVOLUTION("Convolution"),
    POOLING("Pooling"),
    NORMALISATION("Normalisation"),
    REGULARISATION("Regularisation"),
    EMBEDDING("Embedding"),
    RECURRENT("Recurrent"),
    ATTENTION("Attention"),
    ACTIVATION("Activations"),
    GRAPH_OPS("Graph ops"),
    BLOCKS("Blocks"),
    LOSS("Losses");

    private final String displayName;

    Category(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
