package layerlab.graph;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.BundledDatasets;
import layerlab.graph.json.ProjectJson;

/**
 * Writes the sample projects in {@code sample-projects/} (the capability catalog's seed examples). Run it after
 * changing a sample here: {@code java -cp ... layerlab.graph.SampleProjectsGenerator ../sample-projects}.
 * The files are also golden tests: {@code SampleProjectsTest} checks each reads, writes back byte for byte,
 * passes validation and compiles.
 */
public final class SampleProjectsGenerator {
    private SampleProjectsGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "sample-projects");
        for (Map.Entry<String, Graph> e : all().entrySet()) ProjectJson.save(e.getValue(), dir.resolve(e.getKey() + ".json"));
    }

    /** File name (without .json) → project. */
    public static Map<String, Graph> all() {
        Map<String, Graph> m = new LinkedHashMap<>();
        m.put("neural-network", neuralNetwork());
        m.put("simple-cnn", simpleCnn());
        m.put("net-with-resblock", netWithResBlock());
        m.put("embedding-gru", embeddingGru());
        m.put("lstm-text-classifier", lstmClassifier());
        m.put("surname-classifier", surnameClassifier());
        m.put("masked-surnames", maskedSurnames());
        m.put("surname-generator", surnameGenerator());
        m.put("attention-sentiment", attentionSentiment());
        m.put("conv-batchnorm-rgb", convBatchNorm());
        m.put("convnext-mini", convNextMini());
        m.put("vision-transformer", visionTransformer());
        m.put("bilinear-features", bilinear());
        m.put("regression", regression());
        m.put("mnist-autoencoder", mnistAutoencoder());
        m.put("mnist-denoising-conv", mnistDenoisingConv());
        m.put("sunspots-lstm", sunspotsLstm());
        m.put("binary-classifier", binaryClassifier());
        m.put("spirals", spirals());
        m.put("iris", iris());
        m.put("penguins", penguins());
        m.put("penguins-two-heads", penguinsTwoHeads());
        return m;
    }

    /** Builds a graph; {@link AutoLayout} places its nodes (as the editor's Auto-layout would) when it is built. */
    private static final class B {
        Graph g;

        B(String name, String description) {
            g = Graph.empty().set(GraphChange.Setting.NAME, name).after().set(GraphChange.Setting.DESCRIPTION, description).after();
        }

        /** A block body: no name or description of its own. */
        B() {
            g = Graph.empty();
        }

        B node(String name, String kind, Object... kv) {
            Map<String, Object> params = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) params.put((String) kv[i], kv[i + 1]);
            g = g.addNode(new Node(g.freshId(), name, kind, params, new Position(0, 0))).after();
            return this;
        }

        /** The labels or targets and the loss: nodes off the main path (the layout puts them under it). */
        B below(String name, String kind, Object... kv) {
            return node(name, kind, kv);
        }

        B edge(String from, String to) {
            int a = from.lastIndexOf('.'), b = to.lastIndexOf('.');
            g = g.connect(new Edge(g.nodeByName(from.substring(0, a)).id(), from.substring(a + 1), g.nodeByName(to.substring(0, b)).id(),
                    to.substring(b + 1))).after();
            return this;
        }

        /** Connects each node's {@code out} to the next node's {@code in}. */
        B chain(String... names) {
            for (int i = 0; i + 1 < names.length; i++) {
                edge(names[i] + ".out", names[i + 1] + ".in");
            }
            return this;
        }

        B note(String text) {
            g = g.addNote(new Note(g.freshId(), text, new Position(0, -160), 320, 100)).after();
            return this;
        }

        /** The project's "dataset" and "training" settings. */
        B settings(Map<String, Object> dataset, Map<String, Object> training) {
            g = g.set(GraphChange.Setting.DATASET, dataset).after().set(GraphChange.Setting.TRAINING, training).after();
            return this;
        }

        Graph build() {
            Map<String, Position> at = AutoLayout.layout(g, java.util.List.of());
            for (Node n : g.nodes()) g = g.moveNode(n.id(), at.get(n.id())).after();
            return g;
        }
    }

    /** A JSON object from name, value pairs, in order. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** The 10,000 bundled MNIST digits, 10% held out for validation. */
    private static Map<String, Object> mnist() {
        return map("source", "mnist", "normalize", "standardize", "validation_split", 0.1, "seed", 0);
    }

    private static Map<String, Object> adam(double lr, int epochs, int batchSize) {
        return map("optimizer", map("name", "Adam", "lr", lr), "epochs", epochs, "batch_size", batchSize, "seed", 0);
    }

    /** Adam with the learning rate annealed to 0 over the run (CosineAnnealingLR, T_max = epochs). */
    private static Map<String, Object> adamCosine(double lr, int epochs, int batchSize) {
        return map("optimizer", map("name", "Adam", "lr", lr), "scheduler", "CosineAnnealingLR", "epochs", epochs, "batch_size", batchSize, "seed", 0);
    }

    private static B classifierLoss(B b, String logits) {
        return b.below("labels", "Input", "shape", List.of(), "dtype", "int64")
                .below("loss", "CrossEntropyLoss")
                .edge(logits + ".out", "loss.input").edge("labels.out", "loss.target");
    }

    static Graph neuralNetwork() {
        B b = new B("NeuralNetwork", "PyTorch's quick-start network on 28×28 digits: Flatten → Linear(784, 512) → ReLU → "
                + "Linear(512, 512) → ReLU → Linear(512, 10).")
                .node("x", "Input", "shape", List.of(1, 28, 28))
                .node("flatten", "Flatten")
                .node("fc1", "Linear", "in_features", 784, "out_features", 512)
                .node("relu1", "ReLU")
                .node("fc2", "Linear", "in_features", 512, "out_features", 512)
                .node("relu2", "ReLU")
                .node("fc3", "Linear", "in_features", 512, "out_features", 10)
                .node("logits", "Output")
                .chain("x", "flatten", "fc1", "relu1", "fc2", "relu2", "fc3", "logits");
        classifierLoss(b, "fc3").settings(mnist(), adamCosine(0.001, 8, 64));
        return b.note("CrossEntropyLoss takes the raw scores (logits): no Softmax before it.").build();
    }

    static Graph simpleCnn() {
        B b = new B("SimpleCNN", "Two convolution blocks and a linear classifier on 1×28×28 digits.")
                .node("x", "Input", "shape", List.of(1, 28, 28))
                .node("conv1", "Conv2d", "in_channels", 1, "out_channels", 32, "kernel_size", 3, "padding", 1)
                .node("relu1", "ReLU")
                .node("pool1", "MaxPool2d", "kernel_size", 2)
                .node("conv2", "Conv2d", "in_channels", 32, "out_channels", 64, "kernel_size", 3, "padding", 1)
                .node("relu2", "ReLU")
                .node("pool2", "MaxPool2d", "kernel_size", 2)
                .node("flatten", "Flatten")
                .node("fc", "Linear", "in_features", 3136, "out_features", 10)
                .node("logits", "Output")
                .chain("x", "conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc", "logits");
        return classifierLoss(b, "fc").settings(mnist(), adamCosine(0.001, 5, 64)).build();
    }

    static Block resBlock() {
        B body = new B()
                .node("x", "Input")
                .node("conv1", "Conv2d", "in_channels", 16, "out_channels", 16, "kernel_size", 3, "padding", 1, "bias", false)
                .node("bn1", "BatchNorm2d", "num_features", 16)
                .node("relu1", "ReLU")
                .node("conv2", "Conv2d", "in_channels", 16, "out_channels", 16, "kernel_size", 3, "padding", 1, "bias", false)
                .node("bn2", "BatchNorm2d", "num_features", 16)
                .node("add", "Add")
                .node("relu2", "ReLU")
                .node("out", "Output")
                .chain("x", "conv1", "bn1", "relu1", "conv2", "bn2")
                .edge("bn2.out", "add.in1").edge("x.out", "add.in2")
                .chain("add", "relu2", "out");
        return new Block("ResBlock", "conv-BN-ReLU-conv-BN plus the input (identity shortcut), then ReLU; keeps [N, 16, H, W].", body.build());
    }

    static Graph netWithResBlock() {
        B b = new B("NetWithResBlock", "Conv2d(1, 16) → ResBlock(16) → AdaptiveAvgPool2d(1) → Flatten → Linear(16, 10). The ResBlock "
                + "is a block: double-click it to edit its definition; its parameters are named res1.conv1.weight, …");
        b.g = b.g.addBlock(resBlock()).after();
        b.node("x", "Input", "shape", List.of(1, 28, 28))
                .node("conv1", "Conv2d", "in_channels", 1, "out_channels", 16, "kernel_size", 3, "padding", 1)
                .node("res1", "Block", "block", "ResBlock")
                .node("pool", "AdaptiveAvgPool2d", "output_size", 1)
                .node("flatten", "Flatten")
                .node("fc", "Linear", "in_features", 16, "out_features", 10)
                .node("logits", "Output")
                .edge("x.out", "conv1.in").edge("conv1.out", "res1.x").edge("res1.out", "pool.in")
                .chain("pool", "flatten", "fc", "logits");
        return classifierLoss(b, "fc").settings(mnist(), adamCosine(0.01, 10, 64)).build();
    }

    static Graph embeddingGru() {
        B b = new B("EmbeddingGRU", "Token batches through Embedding(5, 20) → Dropout(0.5) → GRU(20, 50, num_layers=2, bidirectional): "
                + "out is [N, 10, 100], h_n is [4, N, 50]. The last step of out feeds a Linear(100, 2) that tells whether token 1 or "
                + "token 2 occurs more often.")
                .node("tokens", "Input", "shape", List.of(10), "dtype", "int64")
                .node("embedding", "Embedding", "num_embeddings", 5, "embedding_dim", 20)
                .node("dropout", "Dropout", "p", 0.5)
                .node("gru", "GRU", "input_size", 20, "hidden_size", 50, "num_layers", 2, "bidirectional", true)
                .node("last", "LastStep")
                .node("fc", "Linear", "in_features", 100, "out_features", 2)
                .node("logits", "Output")
                .below("h_n", "Output")
                .chain("tokens", "embedding", "dropout", "gru", "last", "fc", "logits")
                .edge("gru.h_n", "h_n.in");
        return classifierLoss(b, "fc")
                .settings(map("source", "tokens", "task", "majority", "n", 4000, "vocab", 5, "length", 10, "validation_split", 0.1, "seed", 0),
                        adam(0.003, 10, 64))
                .build();
    }

    /**
     * Text classification with Embedding → LSTM → Linear on real text: the bundled spam subjects, words a subject 20 (97% of
     * them whole). min_freq 2 keeps the words the training subjects hold twice or more; the Embedding has a row for each of
     * the 2,750 ids of all the subjects at min_freq 2 (no split's training subjects hold more), so that another split fits
     * it too.
     */
    static Graph lstmClassifier() {
        B b = new B("LSTMTextClassifier", "Is an e-mail spam, from its subject line alone? Embedding → LSTM → the last step → Linear to 2 classes, "
                + "on 4,188 real subjects of the SpamAssassin corpus (ham or spam), a word a token. After training, select embedding in "
                + "the Inspector and type free into Embedding space › Nearest to; type a subject of your own into Results › Try a sample.")
                .node("subject", "Input", "shape", List.of(BundledDatasets.SPAM_SUBJECT_LENGTH), "dtype", "int64")
                .node("embedding", "Embedding", "num_embeddings", 2750, "embedding_dim", 64, "padding_idx", 0)
                .node("lstm", "LSTM", "input_size", 64, "hidden_size", 128)
                .node("last", "LastStep")
                .node("fc", "Linear", "in_features", 128, "out_features", 2)
                .node("logits", "Output")
                .chain("subject", "embedding", "lstm", "last", "fc", "logits");
        return classifierLoss(b, "fc")
                .settings(map("source", "spam_subjects", "min_freq", 2, "validation_split", 0.2, "seed", 0), adam(0.003, 5, 64))
                .build();
    }

    /**
     * PyTorch's "classifying names with a character-level RNN" on the bundled surnames: the 61 characters of the 2,860
     * training names, {@code <pad>} and {@code <unk>} (63 ids; "è" occurs only in two validation names), 24 a name (the
     * longest), eight languages. The Embedding has a row for each of the 64 ids of all the names, so that another
     * validation split (whose training names may hold "è") fits it too.
     */
    static Graph surnameClassifier() {
        B b = new B("SurnameClassifier", "Which language is a surname from? A character-level GRU reads it letter by letter (PyTorch's "
                + "\"classifying names with a character-level RNN\") on 3,575 real surnames of eight languages. After training, type a "
                + "name in Results › Try a sample.")
                .node("surname", "Input", "shape", List.of(24), "dtype", "int64")
                .node("embedding", "Embedding", "num_embeddings", 64, "embedding_dim", 32, "padding_idx", 0)
                .node("gru", "GRU", "input_size", 32, "hidden_size", 64)
                .node("last", "LastStep")
                .node("fc", "Linear", "in_features", 64, "out_features", 8)
                .node("logits", "Output")
                .chain("surname", "embedding", "gru", "last", "fc", "logits");
        return classifierLoss(b, "fc")
                .settings(map("source", "surnames", "validation_split", 0.2, "seed", 0), adam(0.003, 8, 32))
                .build();
    }

    /**
     * The surname classifier reading each name over its own letters alone: the names padded on the right, a Lengths node
     * counting each one's letters into the GRU's and LastStep's lengths (PyTorch's pack_padded_sequence and
     * {@code out[arange(N), lengths - 1]}), so the padding never reaches the GRU's state.
     */
    static Graph maskedSurnames() {
        B b = new B("MaskedSurnames", "The surname classifier, reading each name over its own letters alone: the names are padded on the "
                + "right and a Lengths node counts each one's letters; the GRU reads that many steps (PyTorch's pack_padded_sequence) and "
                + "LastStep takes each name's own last letter, so the padding never reaches the answer. After training, type a name in "
                + "Results › Try a sample: it gets the same scores however long the longest name is.")
                .node("surname", "Input", "shape", List.of(24), "dtype", "int64")
                .node("lengths", "Lengths")
                .node("embedding", "Embedding", "num_embeddings", 64, "embedding_dim", 32, "padding_idx", 0)
                .node("gru", "GRU", "input_size", 32, "hidden_size", 64)
                .node("last", "LastStep")
                .node("fc", "Linear", "in_features", 64, "out_features", 8)
                .node("logits", "Output")
                .chain("surname", "embedding", "gru", "last", "fc", "logits")
                .edge("surname.out", "lengths.in")
                .edge("lengths.out", "gru.lengths")
                .edge("lengths.out", "last.lengths");
        return classifierLoss(b, "fc")
                .settings(map("source", "surnames", "padding", "right", "validation_split", 0.2, "seed", 0), adam(0.003, 8, 32))
                .build();
    }

    /**
     * PyTorch's "generating names with a character-level RNN" (and Karpathy's char-rnn) on the bundled surnames read as
     * next-letter prediction: 63 ids of the 3,217 training names with {@code <bos>} and {@code <eos>} (65), 25 steps (the
     * longest name and {@code <bos>}). The loss scores every step; the Transpose puts the classes in dim 1 as PyTorch's
     * CrossEntropyLoss wants them. Seven epochs: validation loss is lowest about there (2.32 after 7, 2.36 after 10).
     */
    static Graph surnameGenerator() {
        B b = new B("SurnameGenerator", "PyTorch's \"generating names with a character-level RNN\": the surnames read as next-letter "
                + "prediction (the data set's \"next_token\": true). The GRU reads <bos> k o w a l … and at every step the loss scores its "
                + "guess of the letter that comes next (k, o, w, …, then <eos>); padded steps are ignored (ignore_index -100). The Transpose "
                + "puts the 65 letters' scores in dim 1, [N, 65, 25], as PyTorch's CrossEntropyLoss wants them. After training, Results › "
                + "Generate (or layerlab generate) draws new names letter by letter.")
                .node("chars", "Input", "shape", List.of(25), "dtype", "int64")
                .node("embedding", "Embedding", "num_embeddings", 65, "embedding_dim", 32)
                .node("gru", "GRU", "input_size", 32, "hidden_size", 128)
                .node("fc", "Linear", "in_features", 128, "out_features", 65)
                .node("to_classes", "Transpose", "dim0", 1, "dim1", 2)
                .node("logits", "Output")
                .chain("chars", "embedding", "gru", "fc", "to_classes", "logits")
                .below("next_chars", "Input", "shape", List.of(25), "dtype", "int64")
                .below("loss", "CrossEntropyLoss")
                .edge("to_classes.out", "loss.input").edge("next_chars.out", "loss.target");
        return b.settings(map("source", "surnames", "next_token", true, "validation_split", 0.1, "seed", 0), adam(0.005, 7, 64)).build();
    }

    /** A Transformer's encoder layer at 32 features, as {@code nn.TransformerEncoderLayer(32, 4, 64, dropout=0.1, batch_first=True)} computes it. */
    static Block encoderLayer() {
        B body = new B()
                .node("x", "Input")
                .node("attn", "MultiheadAttention", "embed_dim", 32, "num_heads", 4)
                .node("drop1", "Dropout", "p", 0.1)
                .node("add1", "Add")
                .node("norm1", "LayerNorm", "normalized_shape", List.of(32))
                .node("ff1", "Linear", "in_features", 32, "out_features", 64)
                .node("relu", "ReLU")
                .node("ff_drop", "Dropout", "p", 0.1)
                .node("ff2", "Linear", "in_features", 64, "out_features", 32)
                .node("drop2", "Dropout", "p", 0.1)
                .node("add2", "Add")
                .node("norm2", "LayerNorm", "normalized_shape", List.of(32))
                .node("out", "Output")
                .edge("x.out", "attn.query")
                .edge("attn.out", "drop1.in")
                .edge("drop1.out", "add1.in1").edge("x.out", "add1.in2")
                .chain("add1", "norm1", "ff1", "relu", "ff_drop", "ff2", "drop2")
                .edge("drop2.out", "add2.in1").edge("norm1.out", "add2.in2")
                .chain("add2", "norm2", "out");
        return new Block("EncoderLayer", "A Transformer's encoder layer (nn.TransformerEncoderLayer): self-attention with 4 heads, plus the "
                + "input, LayerNorm; then a feed-forward network at each position (Linear 32 → 64, ReLU, Linear 64 → 32), plus its input, "
                + "LayerNorm; keeps [N, T, 32].", body.build());
    }

    /**
     * Self-attention on the toy reviews of the tokens source's sentiment task: a sentiment word anywhere decides the class,
     * so a layer that lets every position look at every other one finds them (its attention map shows where).
     */
    static Graph attentionSentiment() {
        B b = new B("AttentionSentiment", "A small Transformer encoder reads toy reviews: positive and negative words hidden among neutral "
                + "ones decide the class. The words' vectors get their positions added (PositionalEncoding: attention alone does not know "
                + "word order), then two EncoderLayers (double-click one: multi-head self-attention, then a feed-forward network, each "
                + "with a residual connection and LayerNorm), the mean over the words, a Linear classifier. After training, select attn "
                + "inside a layer in the Inspector: its weights show which words each word looked at.");
        b.g = b.g.addBlock(encoderLayer()).after();
        b.node("tokens", "Input", "shape", List.of(50), "dtype", "int64")
                .node("embedding", "Embedding", "num_embeddings", 1000, "embedding_dim", 32, "padding_idx", 0)
                .node("positions", "PositionalEncoding", "d_model", 32, "dropout", 0.1)
                .node("layer1", "Block", "block", "EncoderLayer")
                .node("layer2", "Block", "block", "EncoderLayer")
                .node("mean", "MeanOverTime")
                .node("fc", "Linear", "in_features", 32, "out_features", 2)
                .node("logits", "Output")
                .chain("tokens", "embedding", "positions")
                .edge("positions.out", "layer1.x").edge("layer1.out", "layer2.x").edge("layer2.out", "mean.in")
                .chain("mean", "fc", "logits");
        return classifierLoss(b, "fc")
                .settings(map("source", "tokens", "task", "sentiment", "n", 8000, "vocab", 1000, "length", 50, "validation_split", 0.1, "seed", 0),
                        adam(0.001, 5, 64))
                .build();
    }

    static Graph convBatchNorm() {
        B b = new B("ConvBatchNormRGB", "Convolutions with batch normalisation and pooling on 3-channel 28×28 images.")
                .node("images", "Input", "shape", List.of(3, 28, 28))
                .node("conv1", "Conv2d", "in_channels", 3, "out_channels", 16, "kernel_size", 3, "padding", 1)
                .node("bn1", "BatchNorm2d", "num_features", 16)
                .node("relu1", "ReLU")
                .node("pool1", "MaxPool2d", "kernel_size", 2)
                .node("conv2", "Conv2d", "in_channels", 16, "out_channels", 32, "kernel_size", 3, "padding", 1)
                .node("bn2", "BatchNorm2d", "num_features", 32)
                .node("relu2", "ReLU")
                .node("pool2", "AvgPool2d", "kernel_size", 2)
                .node("flatten", "Flatten")
                .node("dropout", "Dropout", "p", 0.25)
                .node("fc", "Linear", "in_features", 1568, "out_features", 10)
                .node("logits", "Output")
                .chain("images", "conv1", "bn1", "relu1", "pool1", "conv2", "bn2", "relu2", "pool2", "flatten", "dropout", "fc", "logits");
        return classifierLoss(b, "fc")
                .settings(map("source", "color_mnist", "normalize", "standardize", "validation_split", 0.1, "seed", 0), adamCosine(0.001, 3, 64))
                .build();
    }

    /** ConvNeXt's block at 32 channels, as torchvision's CNBlock (without its layer scale). */
    static Block cnBlock() {
        B body = new B()
                .node("x", "Input")
                .node("dwconv", "Conv2d", "in_channels", 32, "out_channels", 32, "kernel_size", 7, "padding", 3, "groups", 32)
                .node("last", "Permute", "dims", List.of(0, 2, 3, 1))
                .node("norm", "LayerNorm", "normalized_shape", List.of(32), "eps", 1e-6)
                .node("up", "Linear", "in_features", 32, "out_features", 128)
                .node("gelu", "GELU")
                .node("down", "Linear", "in_features", 128, "out_features", 32)
                .node("first", "Permute", "dims", List.of(0, 3, 1, 2))
                .node("add", "Add")
                .node("out", "Output")
                .chain("x", "dwconv", "last", "norm", "up", "gelu", "down", "first")
                .edge("first.out", "add.in1").edge("x.out", "add.in2")
                .chain("add", "out");
        return new Block("CNBlock", "ConvNeXt's block: a depthwise 7×7 convolution (a filter per channel), the channels last for a LayerNorm "
                + "and an inverted bottleneck of two Linear layers (32 → 128 → 32) with GELU at each position, channels first again, plus the "
                + "input; keeps [N, 32, H, W].", body.build());
    }

    static Graph convNextMini() {
        B b = new B("ConvNeXtMini", "A modern CNN in the ConvNeXt style, on 3-channel 28×28 images. A 4×4 stride-4 \"patchify\" stem, a "
                + "LayerNorm over the channels (Permute to channels last and back), three CNBlocks (double-click one: depthwise 7×7, "
                + "LayerNorm, Linear 32 → 128, GELU, Linear 128 → 32, plus the input), global average pooling, LayerNorm and a Linear "
                + "classifier. Compare it with ConvBatchNormRGB: no BatchNorm, no ReLU, no pooling inside.");
        b.g = b.g.addBlock(cnBlock()).after();
        b.node("images", "Input", "shape", List.of(3, 28, 28))
                .node("stem", "Conv2d", "in_channels", 3, "out_channels", 32, "kernel_size", 4, "stride", 4)
                .node("stem_last", "Permute", "dims", List.of(0, 2, 3, 1))
                .node("stem_norm", "LayerNorm", "normalized_shape", List.of(32), "eps", 1e-6)
                .node("stem_first", "Permute", "dims", List.of(0, 3, 1, 2))
                .node("block1", "Block", "block", "CNBlock")
                .node("block2", "Block", "block", "CNBlock")
                .node("block3", "Block", "block", "CNBlock")
                .node("pool", "AdaptiveAvgPool2d", "output_size", 1)
                .node("flatten", "Flatten")
                .node("norm", "LayerNorm", "normalized_shape", List.of(32), "eps", 1e-6)
                .node("fc", "Linear", "in_features", 32, "out_features", 10)
                .node("logits", "Output")
                .chain("images", "stem", "stem_last", "stem_norm", "stem_first")
                .edge("stem_first.out", "block1.x").edge("block1.out", "block2.x").edge("block2.out", "block3.x").edge("block3.out", "pool.in")
                .chain("pool", "flatten", "norm", "fc", "logits");
        return classifierLoss(b, "fc")
                .settings(map("source", "color_mnist", "normalize", "standardize", "validation_split", 0.1, "seed", 0), adamCosine(0.003, 5, 64))
                .build();
    }

    /** A Vision Transformer's encoder block at width 32, as torchvision's EncoderBlock: LayerNorm first (pre-norm), GELU. */
    static Block vitBlock() {
        B body = new B()
                .node("x", "Input")
                .node("ln_1", "LayerNorm", "normalized_shape", List.of(32), "eps", 1e-6)
                .node("self_attention", "MultiheadAttention", "embed_dim", 32, "num_heads", 4)
                .node("add1", "Add")
                .node("ln_2", "LayerNorm", "normalized_shape", List.of(32), "eps", 1e-6)
                .node("mlp_0", "Linear", "in_features", 32, "out_features", 64)
                .node("gelu", "GELU")
                .node("mlp_3", "Linear", "in_features", 64, "out_features", 32)
                .node("add2", "Add")
                .node("out", "Output")
                .chain("x", "ln_1")
                .edge("ln_1.out", "self_attention.query")
                .edge("self_attention.out", "add1.in1").edge("x.out", "add1.in2")
                .chain("add1", "ln_2", "mlp_0", "gelu", "mlp_3")
                .edge("mlp_3.out", "add2.in1").edge("add1.out", "add2.in2")
                .chain("add2", "out");
        return new Block("ViTBlock", "A Vision Transformer's encoder block (torchvision's EncoderBlock): LayerNorm, self-attention with 4 "
                + "heads over the patches, plus the input; LayerNorm, a feed-forward network at each patch (Linear 32 → 64, GELU, Linear "
                + "64 → 32), plus its input; keeps [N, 17, 32].", body.build());
    }

    /** A Vision Transformer on MNIST: 7×7 patches as words, a class token, learned positions, two pre-norm encoder blocks. */
    static Graph visionTransformer() {
        B b = new B("VisionTransformer", "A Vision Transformer (ViT) reads a 28×28 digit as 16 patches of 7×7, each a \"word\": a 7×7 stride-7 "
                + "Conv2d makes each patch a vector of 32, Flatten and Transpose make them a sequence [N, 16, 32], a learned class token goes "
                + "first (ClassToken) and a learned vector is added to each of the 17 positions (PositionEmbedding). Two ViTBlocks (double-click "
                + "one: LayerNorm, self-attention, plus; LayerNorm, Linear, GELU, Linear, plus) let every patch look at every other; the class "
                + "token's vector (Select position 0) then feeds a Linear classifier. No convolution beyond the first, no pooling.");
        b.g = b.g.addBlock(vitBlock()).after();
        b.node("images", "Input", "shape", List.of(1, 28, 28))
                .node("conv_proj", "Conv2d", "in_channels", 1, "out_channels", 32, "kernel_size", 7, "stride", 7)
                .node("patches", "Flatten", "start_dim", 2)
                .node("sequence", "Transpose", "dim0", 1, "dim1", 2)
                .node("class_token", "ClassToken", "embed_dim", 32)
                .node("positions", "PositionEmbedding", "num_positions", 17, "embed_dim", 32)
                .node("block1", "Block", "block", "ViTBlock")
                .node("block2", "Block", "block", "ViTBlock")
                .node("ln", "LayerNorm", "normalized_shape", List.of(32), "eps", 1e-6)
                .node("first", "Select", "dim", 1, "index", 0)
                .node("head", "Linear", "in_features", 32, "out_features", 10)
                .node("logits", "Output")
                .chain("images", "conv_proj", "patches", "sequence", "class_token", "positions")
                .edge("positions.out", "block1.x").edge("block1.out", "block2.x").edge("block2.out", "ln.in")
                .chain("ln", "first", "head", "logits");
        return classifierLoss(b, "head")
                .settings(map("source", "mnist", "normalize", "standardize", "validation_split", 0.1, "seed", 0), adamCosine(0.003, 5, 64))
                .build();
    }

    static Graph bilinear() {
        B b = new B("BilinearFeatures", "Linear and Bilinear on feature vectors, on Fisher's Iris: the sepal's two measurements are mapped by "
                + "Linear(2, 16), then combined with the petal's two by Bilinear(16, 2, 3) into scores for the three species. A data set "
                + "gives one feature vector per sample; the Inputs take it in turn (sepal the first 2 values, petal the next 2).")
                .node("sepal", "Input", "shape", List.of(2))
                .below("petal", "Input", "shape", List.of(2))
                .node("fc", "Linear", "in_features", 2, "out_features", 16)
                .node("relu", "ReLU")
                .node("bilinear", "Bilinear", "in1_features", 16, "in2_features", 2, "out_features", 3)
                .node("logits", "Output")
                .chain("sepal", "fc", "relu")
                .edge("relu.out", "bilinear.in1").edge("petal.out", "bilinear.in2")
                .chain("bilinear", "logits");
        return classifierLoss(b, "bilinear")
                .settings(map("source", "iris", "normalize", "standardize", "validation_split", 0.2, "seed", 0), adam(0.01, 100, 16))
                .build();
    }

    static Graph regression() {
        return new B("Regression", "A small regression: learn y = sin(x) from noisy samples, one value in, one out, with MSELoss (try L1Loss "
                + "or SmoothL1Loss for robustness to outliers). The target's shape is [1], like the prediction's.")
                .node("x", "Input", "shape", List.of(1))
                .node("fc1", "Linear", "in_features", 1, "out_features", 64)
                .node("tanh", "Tanh")
                .node("fc2", "Linear", "in_features", 64, "out_features", 1)
                .node("prediction", "Output")
                .below("target", "Input", "shape", List.of(1))
                .below("loss", "MSELoss")
                .chain("x", "fc1", "tanh", "fc2", "prediction")
                .edge("fc2.out", "loss.input").edge("target.out", "loss.target")
                .settings(map("source", "sine", "n", 1000, "noise", 0.1, "validation_split", 0.2, "seed", 0), adam(0.01, 100, 32))
                .build();
    }

    /**
     * An autoencoder: the digits squeezed through 32 numbers and remade, its MSELoss comparing the Output with the Input
     * itself (no labels); pixels kept in [0, 1], unnormalized, for the Sigmoid to reach them.
     */
    static Graph mnistAutoencoder() {
        return new B("MNIST autoencoder", "An autoencoder: each 28×28 digit squeezed through 32 numbers (the code) and remade from them. "
                + "The loss compares the reconstruction with the input picture itself, so the labels play no part; the Results tab "
                + "shows pictures over their reconstructions, and layerlab predict --reconstructions FOLDER writes them.")
                .node("x", "Input", "shape", List.of(1, 28, 28))
                .node("flatten", "Flatten")
                .node("encoder", "Linear", "in_features", 784, "out_features", 32)
                .node("code", "ReLU")
                .node("decoder", "Linear", "in_features", 32, "out_features", 784)
                .node("pixels", "Sigmoid")
                .node("picture", "Reshape", "shape", List.of(1, 28, 28))
                .node("reconstruction", "Output")
                .below("loss", "MSELoss")
                .chain("x", "flatten", "encoder", "code", "decoder", "pixels", "picture", "reconstruction")
                .edge("picture.out", "loss.input").edge("x.out", "loss.target")
                .settings(map("source", "mnist", "validation_split", 0.1, "seed", 0), adam(0.003, 5, 64))
                .build();
    }

    /**
     * A convolutional denoising autoencoder: each training digit gets a patch of noise (RandomErasing in the augmentation),
     * two strided Conv2d squeeze it to 8 maps of 7×7, two ConvTranspose2d remake it, and the loss compares the result with
     * the digit before the erasing. Pixels kept in [0, 1] for the Sigmoid, as in {@link #mnistAutoencoder()}.
     */
    static Graph mnistDenoisingConv() {
        return new B("MNIST denoising conv autoencoder", "A denoising autoencoder: each training digit has a patch filled with noise "
                + "(RandomErasing in the data's augmentation), two strided Conv2d squeeze it to 8 maps of 7×7 (392 numbers, fewer than the "
                + "784 pixels) and two ConvTranspose2d remake it. The loss compares the reconstruction with the digit before the erasing, "
                + "so the network learns to clean the patch away. In the Results tab, tick \"Show the training's corruption\" to see what "
                + "it had to undo.")
                .node("x", "Input", "shape", List.of(1, 28, 28))
                .node("enc1", "Conv2d", "in_channels", 1, "out_channels", 16, "kernel_size", 3, "stride", 2, "padding", 1)
                .node("relu1", "ReLU")
                .node("enc2", "Conv2d", "in_channels", 16, "out_channels", 8, "kernel_size", 3, "stride", 2, "padding", 1)
                .node("code", "ReLU")
                .node("dec1", "ConvTranspose2d", "in_channels", 8, "out_channels", 16, "kernel_size", 3, "stride", 2, "padding", 1,
                        "output_padding", 1)
                .node("relu2", "ReLU")
                .node("dec2", "ConvTranspose2d", "in_channels", 16, "out_channels", 1, "kernel_size", 3, "stride", 2, "padding", 1,
                        "output_padding", 1)
                .node("pixels", "Sigmoid")
                .node("reconstruction", "Output")
                .below("loss", "MSELoss")
                .chain("x", "enc1", "relu1", "enc2", "code", "dec1", "relu2", "dec2", "pixels", "reconstruction")
                .edge("pixels.out", "loss.input").edge("x.out", "loss.target")
                .settings(map("source", "mnist", "validation_split", 0.1, "seed", 0, "augment",
                        List.of(map("name", "RandomErasing", "p", 1.0, "scale", List.of(0.1, 0.2), "value", "random"))), adam(0.003, 3, 64))
                .build();
    }

    /**
     * "Given the last 12 years, predict the next": the bundled yearly sunspots as windows [12, 1], split in time. Its
     * description's yardsticks are measured: repeating a window's last value scores MAE 25.45 and RMSE 33.18 on the 59
     * validation windows (targets 1950–2008); 150 epochs of this LSTM score about 16.8 and 21.5.
     */
    static Graph sunspotsLstm() {
        return new B("SunspotsLSTM", "Time-series forecasting: the yearly sunspot numbers 1700–2008 (public domain, NOAA) cut into windows of "
                + "12 years [12, 1], the next year's number the target; LSTM → its last step → Linear to one value, MSELoss. The split is in time: "
                + "the last 20% of the windows (targets 1950–2008) validate. To beat: repeating the last value scores MAE 25.5 and RMSE 33.2 "
                + "there. Predict from a CSV of the years: each 12 rows give the next year's number.")
                .node("window", "Input", "shape", List.of(12, 1))
                .node("lstm", "LSTM", "input_size", 1, "hidden_size", 32)
                .node("last", "LastStep")
                .node("fc", "Linear", "in_features", 32, "out_features", 1)
                .node("forecast", "Output")
                .below("next_year", "Input", "shape", List.of(1))
                .below("loss", "MSELoss")
                .chain("window", "lstm", "last", "fc", "forecast")
                .edge("fc.out", "loss.input").edge("next_year.out", "loss.target")
                .settings(map("source", "sunspots", "window", 12, "normalize", "standardize", "validation_split", 0.2, "seed", 0), adam(0.01, 150, 16))
                .build();
    }

    static Graph binaryClassifier() {
        return new B("BinaryClassifier", "A binary classifier on 2-D points: the Sigmoid gives a probability, BCELoss compares it with "
                + "float 0/1 targets of shape [1].")
                .node("points", "Input", "shape", List.of(2))
                .node("fc1", "Linear", "in_features", 2, "out_features", 16)
                .node("tanh", "Tanh")
                .node("fc2", "Linear", "in_features", 16, "out_features", 1)
                .node("sigmoid", "Sigmoid")
                .node("probability", "Output")
                .below("target", "Input", "shape", List.of(1))
                .below("loss", "BCELoss")
                .chain("points", "fc1", "tanh", "fc2", "sigmoid", "probability")
                .edge("sigmoid.out", "loss.input").edge("target.out", "loss.target")
                .settings(map("source", "moons", "n", 1000, "noise", 0.1, "validation_split", 0.2, "seed", 0), adam(0.01, 50, 32))
                .build();
    }

    static Graph spirals() {
        B b = new B("Spirals", "Two interleaved spirals, told apart by a small MLP: 2 → 32 → 32 → 2 with ReLU. A straight line cannot "
                + "separate them; two hidden layers bend the boundary around the arms.")
                .node("points", "Input", "shape", List.of(2))
                .node("fc1", "Linear", "in_features", 2, "out_features", 32)
                .node("relu1", "ReLU")
                .node("fc2", "Linear", "in_features", 32, "out_features", 32)
                .node("relu2", "ReLU")
                .node("fc3", "Linear", "in_features", 32, "out_features", 2)
                .node("logits", "Output")
                .chain("points", "fc1", "relu1", "fc2", "relu2", "fc3", "logits");
        return classifierLoss(b, "fc3")
                .settings(map("source", "spirals", "n", 2000, "noise", 0.02, "validation_split", 0.2, "seed", 0), adamCosine(0.01, 100, 32))
                .build();
    }

    static Graph penguins() {
        return tableClassifier("Penguins", "Which species is a penguin (Adelie, Chinstrap, Gentoo)? The Palmer penguins as a real table has them: "
                + "the island and sex are words, each one-hot encoded into a feature per word (island=Biscoe, …, sex=male), beside four "
                + "measurements (bill length and depth, flipper length, body mass); 11 penguins with a value missing (NA) are left out. "
                + "9 features → one hidden layer of 16 → the three species; standardized first.", "penguin", 9, "penguins", 60);
    }

    /**
     * Two answers from one trunk, each head with a target of its own: the species (CrossEntropyLoss) and the bill depth
     * (MSELoss), the data set's "targets" giving each target Input its column.
     */
    static Graph penguinsTwoHeads() {
        Map<String, Object> training = adam(0.01, 60, 16);
        training.put("loss_weights", map("bill_loss", 0.5));
        return new B("Penguins: Species and Bill Depth", "Two answers from one network: a penguin's species (a class) and its bill depth in mm "
                + "(an amount), each head with a target of its own. The data set's targets give each target Input its column (species ← species, "
                + "bill ← bill_depth_mm), so the features are the other five columns (island and sex one-hot, bill length, flipper length, body "
                + "mass): 8 features → a shared hidden layer of 32 → a classifier head (CrossEntropyLoss) and a regression head (MSELoss). The run "
                + "trains with 1.0 × species_loss + 0.5 × bill_loss and reports each head's own accuracy and MAE.")
                .node("penguin", "Input", "shape", List.of(8))
                .node("trunk", "Linear", "in_features", 8, "out_features", 32)
                .node("relu", "ReLU")
                .node("classify", "Linear", "in_features", 32, "out_features", 3)
                .node("species_logits", "Output")
                .below("species", "Input", "shape", List.of(), "dtype", "int64")
                .below("species_loss", "CrossEntropyLoss")
                .node("measure", "Linear", "in_features", 32, "out_features", 1)
                .node("bill_depth_mm", "Output")
                .below("bill", "Input", "shape", List.of(1))
                .below("bill_loss", "MSELoss")
                .chain("penguin", "trunk", "relu", "classify", "species_logits")
                .edge("relu.out", "measure.in").chain("measure", "bill_depth_mm")
                .edge("classify.out", "species_loss.input").edge("species.out", "species_loss.target")
                .edge("measure.out", "bill_loss.input").edge("bill.out", "bill_loss.target")
                .settings(map("source", "penguins", "targets", map("species", "species", "bill", "bill_depth_mm"), "normalize", "standardize",
                        "validation_split", 0.2, "seed", 0), training)
                .build();
    }

    static Graph iris() {
        return tableClassifier("Iris", "Fisher's Iris: four measurements of a flower (sepal and petal, length and width, in cm) → one hidden layer "
                + "of 16 → the three species. The measurements are standardized first (the dataset's \"normalize\").", "measurements", 4, "iris", 100);
    }

    /**
     * A bundled table's classifier: Input({@code features}) → Linear(16) → ReLU → Linear(3) → Output, standardized, 20%
     * for validation, Adam(0.01) for {@code epochs} epochs of batches of 16.
     */
    private static Graph tableClassifier(String name, String description, String input, int features, String source, int epochs) {
        B b = new B(name, description)
                .node(input, "Input", "shape", List.of(features))
                .node("fc1", "Linear", "in_features", features, "out_features", 16)
                .node("relu", "ReLU")
                .node("fc2", "Linear", "in_features", 16, "out_features", 3)
                .node("logits", "Output")
                .chain(input, "fc1", "relu", "fc2", "logits");
        return classifierLoss(b, "fc2")
                .settings(map("source", source, "normalize", "standardize", "validation_split", 0.2, "seed", 0), adam(0.01, epochs, 16))
                .build();
    }
}
