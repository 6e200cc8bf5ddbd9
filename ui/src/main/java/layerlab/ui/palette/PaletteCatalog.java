package layerlab.ui.palette;

import java.util.List;

/**
 * The layer kinds the palette offers, grouped as in the capability catalog, with extra search words.
 * It stands in for the engine's layer registry (one {@code LayerSpec} per kind) until that exists; then the
 * palette reads the registry and this list goes.
 */
public final class PaletteCatalog {
    /** A layer kind: its PyTorch name and words a user might search for instead. */
    public record Entry(String name, String keywords) {}

    /** A palette group and its layers, in display order. */
    public record Group(String name, List<Entry> entries) {}

    private PaletteCatalog() {}

    public static List<Group> groups() {
        return GROUPS;
    }

    private static final List<Group> GROUPS = List.of(
            group("Linear",
                    e("Linear", "dense fully connected fc matmul"),
                    e("Bilinear", "two inputs"),
                    e("Identity", "pass through"),
                    e("Flatten", "reshape")),
            group("Convolution",
                    e("Conv1d", "convolution"),
                    e("Conv2d", "convolution cnn image"),
                    e("Conv3d", "convolution volume"),
                    e("ConvTranspose2d", "deconvolution upsample transposed")),
            group("Pooling",
                    e("MaxPool1d", "max pooling"),
                    e("MaxPool2d", "max pooling downsample"),
                    e("AvgPool1d", "average pooling mean"),
                    e("AvgPool2d", "average pooling mean"),
                    e("AdaptiveAvgPool2d", "global average pooling gap"),
                    e("AdaptiveMaxPool2d", "global max pooling")),
            group("Normalisation",
                    e("BatchNorm1d", "batch normalization"),
                    e("BatchNorm2d", "batch normalization"),
                    e("LayerNorm", "layer normalization")),
            group("Regularisation",
                    e("Dropout", "regularization"),
                    e("Dropout2d", "regularization spatial channel")),
            group("Embedding",
                    e("Embedding", "lookup token word vector")),
            group("Recurrent",
                    e("RNN", "recurrent sequence"),
                    e("LSTM", "recurrent sequence long short-term memory"),
                    e("GRU", "recurrent sequence gated")),
            group("Activations",
                    e("ReLU", "rectifier"),
                    e("LeakyReLU", "rectifier negative_slope"),
                    e("ELU", "exponential"),
                    e("GELU", "gaussian transformer"),
                    e("Sigmoid", "logistic"),
                    e("Tanh", "hyperbolic tangent"),
                    e("Softmax", "probabilities"),
                    e("LogSoftmax", "log probabilities")),
            group("Graph ops",
                    e("Input", "data source"),
                    e("Output", "result sink"),
                    e("Add", "residual skip sum"),
                    e("Concat", "cat concatenate join"),
                    e("Multiply", "product elementwise gate"),
                    e("Reshape", "view")));

    private static Group group(String name, Entry... entries) {
        return new Group(name, List.of(entries));
    }

    private static Entry e(String name, String keywords) {
        return new Entry(name, keywords);
    }
}
