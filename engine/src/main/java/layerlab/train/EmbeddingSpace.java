package layerlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import layerlab.data.Vocabulary;
import layerlab.graph.Block;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.spec.Registry;

/**
 * An Embedding layer's rows as tokens in a space: each row of its {@code [num_embeddings, embedding_dim]} weight labelled
 * with the token it stands for (the vocabulary's, in its order: the most frequent tokens first), projected onto its first
 * two principal components ({@link Pca}), and each row's nearest rows by cosine similarity — TensorBoard's embedding
 * projector, with PCA. Training puts tokens that play the same part near each other; this is where one sees it.
 * <p>
 * Where the vocabulary is unknown (token ids generated as numbers, not text that LayerLab cut into tokens) the rows are
 * labelled by their number and {@link #note} says why.
 *
 * @param layer   the Embedding node's name
 * @param rows    {@code num_embeddings}
 * @param dim     {@code embedding_dim}
 * @param weight  the weight, {@code [rows, dim]} row-major (a copy)
 * @param labels  each row's label, readable: its token ({@link #show}), or its number where no token is known for it
 * @param tokens  each row's token as the vocabulary spells it, or null where none is known
 * @param padding the padding row ({@code padding_idx}, else the vocabulary's {@code <pad>}), or -1
 * @param note    what the labels are when they are not all tokens, else null
 * @param pca     the rows projected ({@code pca.points()}, row {@code i}'s coordinates at {@code i·k})
 */
public record EmbeddingSpace(String layer, int rows, int dim, float[] weight, List<String> labels, List<String> tokens, int padding,
                             String note, Pca pca) {
    /** As {@code torch.nn.functional.cosine_similarity}'s default: a norm below it counts as it. */
    public static final double EPS = 1e-8;

    /** One neighbour: its row, label and cosine similarity to the row asked about. */
    public record Neighbour(int row, String label, double similarity) {
    }

    /**
     * The space of the Embedding node {@code embedding}, the layer {@code layer} of {@code graph} (its dotted name:
     * {@code enc.emb} for the {@code emb} of a block placed as {@code enc}), its weight {@code [rows, dim]}: its rows named
     * by {@code vocabulary} where it reads the data's token ids ({@link #readsTokens}), its {@code padding_idx} marked.
     */
    public static EmbeddingSpace of(Graph graph, Node embedding, String layer, float[] weight, int[] shape, Vocabulary vocabulary) {
        if (shape.length != 2) throw new IllegalArgumentException(layer + ".weight has shape " + java.util.Arrays.toString(shape) + ", not [rows, dim]");
        Integer pad = embedding.param("padding_idx") instanceof Number p ? p.intValue() : null;
        return of(layer, weight, shape[0], shape[1], readsTokens(graph, layer) ? vocabulary : null, pad);
    }

    /**
     * Whether the Embedding {@code layer} (a dotted name, through the blocks it is placed in) reads the data's token ids:
     * its input comes straight from an {@code int64} Input of one dimension (a text's ids), so that row {@code i} is the
     * vocabulary's token {@code i}; inside a block, from the block's input port that such an Input feeds where the block
     * is placed. An Embedding of something else (a second Input's categories, positions) has rows the vocabulary does
     * not name.
     */
    public static boolean readsTokens(Graph graph, String layer) {
        // The graphs from the top one down to the Embedding's, and the placement each inner one is run as.
        List<Graph> graphs = new ArrayList<>(List.of(graph));
        List<Node> placements = new ArrayList<>();
        String[] path = layer.split("\\.");
        Node node = null;
        for (int i = 0; i < path.length; i++) {
            Graph g = graphs.get(graphs.size() - 1);
            node = g.nodeByName(path[i]);
            if (node == null) return false;
            if (i == path.length - 1) break;
            Block b = Registry.BLOCK.equals(node.kind()) && node.param("block") instanceof String name ? graph.block(name) : null;
            if (b == null) return false;
            placements.add(node);
            graphs.add(b.body());
        }
        for (Edge e : graphs.get(graphs.size() - 1).incoming(node.id())) {
            if (tokenIds(graphs, placements, graphs.size() - 1, e)) return true;
        }
        return false;
    }

    /** Whether edge {@code e} of {@code graphs[depth]} carries the data's token ids: from the top's token Input, through block ports. */
    private static boolean tokenIds(List<Graph> graphs, List<Node> placements, int depth, Edge e) {
        Node from = graphs.get(depth).node(e.fromNode());
        if (from == null || !from.kind().equals("Input")) return false;
        if (depth == 0) return "int64".equals(from.param("dtype")) && from.param("shape") instanceof List<?> shape && shape.size() == 1;
        // A block's Input is its input port of that name: what comes into the placement there.
        Node placement = placements.get(depth - 1);
        for (Edge in : graphs.get(depth - 1).incoming(placement.id())) {
            if (in.toPort().equals(from.name())) return tokenIds(graphs, placements, depth - 1, in);
        }
        return false;
    }

    /**
     * Every Embedding of {@code graph} by its dotted layer name, in drawing order: the top graph's, and those inside the
     * blocks placed in it ({@code enc.emb}), as the model's parameters are named.
     */
    public static java.util.Map<String, Node> embeddings(Graph graph) {
        java.util.Map<String, Node> all = new java.util.LinkedHashMap<>();
        collect(graph, graph, "", all, 0);
        return all;
    }

    private static void collect(Graph top, Graph g, String prefix, java.util.Map<String, Node> all, int depth) {
        for (Node n : g.nodes()) {
            if (n.kind().equals("Embedding")) all.put(prefix + n.name(), n);
            // A block placing itself (refused by the checks) must not loop here.
            else if (Registry.BLOCK.equals(n.kind()) && n.param("block") instanceof String name && top.block(name) != null && depth < 16)
                collect(top, top.block(name).body(), prefix + n.name() + ".", all, depth + 1);
        }
    }

    /**
     * The space of an Embedding's weight.
     *
     * @param vocabulary the data's vocabulary (row {@code i} stands for its token {@code i}), or null when unknown
     * @param paddingIdx the layer's {@code padding_idx}, or null
     * @throws IllegalArgumentException when the weight is not {@code rows × dim} values
     */
    public static EmbeddingSpace of(String layer, float[] weight, int rows, int dim, Vocabulary vocabulary, Integer paddingIdx) {
        if (rows < 1 || dim < 1 || weight.length != (long) rows * dim)
            throw new IllegalArgumentException(layer + ".weight: " + weight.length + " values are not " + rows + " rows of " + dim);
        List<String> labels = new ArrayList<>(rows), tokens = new ArrayList<>(rows);
        int known = vocabulary == null ? 0 : Math.min(rows, vocabulary.size());
        for (int i = 0; i < rows; i++) {
            String t = i < known ? vocabulary.tokens().get(i) : null;
            tokens.add(t);
            labels.add(t != null ? show(t) : "#" + i);
        }
        String note = null;
        if (vocabulary == null) {
            note = "The vocabulary is unknown (the data's token ids are numbers, not text LayerLab cut into tokens): rows are labelled by their number.";
        } else if (vocabulary.size() < rows) {
            note = "Rows " + vocabulary.size() + "–" + (rows - 1) + " stand for no token of the vocabulary (" + vocabulary.size()
                    + " tokens for " + rows + " rows): they are labelled by their number.";
        }
        int pad = paddingIdx != null && paddingIdx >= 0 && paddingIdx < rows ? paddingIdx
                : paddingIdx != null && paddingIdx < 0 && paddingIdx >= -rows ? rows + paddingIdx
                : known > Vocabulary.PAD_ID ? Vocabulary.PAD_ID : -1;
        Pca pca = Pca.of(weight, rows, dim, 2);
        return new EmbeddingSpace(layer, rows, dim, weight.clone(), List.copyOf(labels), java.util.Collections.unmodifiableList(tokens), pad, note, pca);
    }

    /**
     * A token as a label one can read: a space, tab or line break (a character vocabulary's) as a visible sign or escape,
     * rather than as nothing.
     */
    public static String show(String token) {
        StringBuilder s = new StringBuilder();
        token.codePoints().forEach(c -> {
            if (c == ' ') s.append('␣');
            else if (c == '\t') s.append("\\t");
            else if (c == '\n') s.append("\\n");
            else if (c == '\r') s.append("\\r");
            else if (c == '\\' && token.length() > 1) s.append("\\\\");
            else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.isWhitespace(c))
                s.append(String.format(Locale.ROOT, "\\u%04x", c));
            else s.appendCodePoint(c);
        });
        return s.toString();
    }

    /**
     * The row a person means by {@code query}: the token spelt so, else the label shown so ("␣"), else, with no token of
     * that spelling, a row number ("12" or "#12"); -1 when none.
     */
    public int find(String query) {
        if (query == null || query.isEmpty()) return -1;
        int i = tokens.indexOf(query);
        if (i >= 0) return i;
        i = labels.indexOf(query);
        if (i >= 0) return i;
        String q = query.startsWith("#") ? query.substring(1) : query;
        if (!q.isEmpty() && q.chars().allMatch(Character::isDigit) && q.length() < 10) {
            int row = Integer.parseInt(q);
            if (row < rows && (query.startsWith("#") || tokens.get(row) == null)) return row;
        }
        return -1;
    }

    /** Row {@code i}'s coordinate along the first ({@code c = 0}) or second principal component. */
    public float point(int i, int c) {
        return c < pca.k() ? pca.point(i, c) : 0f;
    }

    /**
     * Whether row {@code i} is a spare one: the vocabulary is known and has no token for it (an Embedding with more rows than
     * tokens). No text's ids reach it, so training leaves it as it was initialised.
     */
    public boolean spare(int i) {
        return tokens.get(i) == null && tokens.get(0) != null;
    }

    /**
     * The {@code k} rows most like {@code row} by cosine similarity, the most alike first (ties by row): every row but
     * itself, the padding row and the {@link #spare} ones (which stand for no token).
     */
    public List<Neighbour> neighbours(int row, int k) {
        if (row < 0 || row >= rows) throw new IllegalArgumentException(layer + " has rows 0–" + (rows - 1) + ", not " + row);
        double n = norm(row);
        List<Neighbour> all = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            if (i == row || i == padding || spare(i)) continue;
            all.add(new Neighbour(i, labels.get(i), cosine(row, i, n, norm(i))));
        }
        all.sort((a, b) -> a.similarity() != b.similarity() ? Double.compare(b.similarity(), a.similarity()) : Integer.compare(a.row(), b.row()));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** Rows {@code a} and {@code b}'s cosine similarity, as PyTorch 1.13 computes it: each row divided by its norm (at least {@link #EPS}). */
    public double cosine(int a, int b) {
        return cosine(a, b, norm(a), norm(b));
    }

    private double norm(int i) {
        double s = 0;
        for (int j = 0; j < dim; j++) s += (double) weight[i * dim + j] * weight[i * dim + j];
        return Math.max(Math.sqrt(s), EPS);
    }

    private double cosine(int a, int b, double na, double nb) {
        double dot = 0;
        for (int j = 0; j < dim; j++) dot += (double) weight[a * dim + j] * weight[b * dim + j];
        return dot / (na * nb);
    }
}
