package layerlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.data.CsvLoader;
import layerlab.data.Dataset;
import layerlab.data.NextTokens;
import layerlab.data.TargetHead;
import layerlab.data.TensorDataset;
import layerlab.data.Vocabulary;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.analysis.Severity;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.LossTarget;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.TensorType;
import layerlab.tensor.DType;

/**
 * Whether a data set fits a drawn graph, said on the node to change: the data Input's shape against the samples, the
 * class scores a classifier gives against the data set's classes, an Embedding's {@code num_embeddings} against the token
 * ids, the loss against the kind of targets, the target Input against the targets. Each finding says what to set, and
 * carries the value ({@link Fit#value}) so that the editor can offer it as a one-click fix.
 *
 * <p>Shape inference ({@link Analysis}) knows only the graph; these are the mistakes that show only against data, which
 * otherwise surfaced when training started, deep in a batch ({@code Target 5 is out of bounds (4 classes)}), or never
 * (a classifier with more outputs than classes trains, and some of its answers can never be right). The trainer refuses
 * to start on an error found here ({@link Trainer}); {@code layerlab check} and the editor's Problems list show them all.
 */
public final class DataFit {
    private DataFit() {}

    /**
     * What a data set is, as far as fitting a graph goes; small enough for the editor to keep while the data set itself is
     * dropped.
     *
     * @param largestId the largest feature value when every value is a whole number from 0 (token ids), else -1
     * @param padding   the side id 0 pads token sequences on ({@link Dataset#padding()}): the vocabulary's for texts, a
     *                  generator's; null when nothing says
     */
    public record Data(String name, int[] sampleShape, int[] targetShape, List<String> classes, Vocabulary vocabulary, long largestId,
                       Vocabulary.Padding padding, List<TargetHead> heads) {
        public Data {
            sampleShape = sampleShape.clone();
            targetShape = targetShape.clone();
            classes = List.copyOf(classes);
            heads = List.copyOf(heads);
            if (vocabulary != null) padding = vocabulary.padding();
        }

        /** A set of one target. */
        public Data(String name, int[] sampleShape, int[] targetShape, List<String> classes, Vocabulary vocabulary, long largestId,
                    Vocabulary.Padding padding) {
            this(name, sampleShape, targetShape, classes, vocabulary, largestId, padding, List.of());
        }

        /** Texts padded as {@code vocabulary} says, or ids that nothing says the padding of. */
        public Data(String name, int[] sampleShape, int[] targetShape, List<String> classes, Vocabulary vocabulary, long largestId) {
            this(name, sampleShape, targetShape, classes, vocabulary, largestId, null);
        }

        public static Data of(Dataset d) {
            String name = d instanceof TensorDataset t ? t.name() : d.describe();
            return new Data(name, d.sampleShape(), d.targetShape(), d.classNames(), d.vocabulary(), DataFit.largestId(d), d.padding(), d.targetHeads());
        }

        /** The facts {@link layerlab.data.DataSources#scan} worked out of a set's training samples without holding them. */
        public static Data of(layerlab.data.DataFacts f) {
            return new Data(f.name(), f.sampleShape(), f.targetShape(), f.classes(), null, f.largestId(), null, List.of());
        }

        public boolean classification() {
            return !classes.isEmpty();
        }

        int sampleSize() {
            return Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
        }

        int targetSize() {
            return Arrays.stream(targetShape).reduce(1, (a, b) -> a * b);
        }
    }

    /** A finding, and the value of its problem's param that would fix it (null when the fix is not one param). */
    public record Fit(Problem problem, Object value) {}

    /** What the loss of kind {@code kind} compares its input with (its spec says), or null for no loss or an unknown kind. */
    private static LossTarget target(String kind) {
        LayerSpec spec = kind == null ? null : Registry.find(kind);
        return spec == null ? null : spec.lossTarget();
    }

    /**
     * Refuses {@code data} for the drawing {@code a} when it does not fit: the first error, on its node, in the words the
     * editor and {@code layerlab check} use (how training and evaluation meet a data set; warnings do not stop them).
     */
    public static void require(Analysis a, Dataset data) {
        List<Problem> errors = problems(a, Data.of(data)).stream().filter(Problem::isError).toList();
        if (!errors.isEmpty())
            throw new IllegalArgumentException("the data does not fit the model: " + errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
    }

    /** The problems only, errors first then warnings, in graph order. */
    public static List<Problem> problems(Analysis a, Data data) {
        List<Problem> ps = new ArrayList<>();
        for (Fit f : check(a, data)) ps.add(f.problem());
        ps.sort((x, y) -> Boolean.compare(!x.isError(), !y.isError()));
        return ps;
    }

    /** What does not fit between {@code data} and the top-level graph {@code a} analysed; empty when it fits (or when it cannot tell). */
    public static List<Fit> check(Analysis a, Data data) {
        Graph g = a.graph();
        List<Fit> fits = new ArrayList<>();
        // A data Input is one the Outputs depend on; a target Input feeds only losses.
        Set<String> needed = g.neededByOutputs();
        List<Node> dataInputs = new ArrayList<>(), targetInputs = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!n.kind().equals("Input")) continue;
            if (needed.contains(n.id())) dataInputs.add(n);
            else if (!g.outgoing(n.id()).isEmpty()) targetInputs.add(n);
        }
        if (dataInputs.isEmpty()) return fits;
        samples(a, data, dataInputs, fits);
        embeddings(a, data, dataInputs, fits);
        padding(a, data, fits);
        if (!data.heads().isEmpty()) {
            heads(a, g, data, fits);
            return fits;
        }
        Node lossNode = Losses.firstNode(g);
        String lossKind = lossNode != null ? lossNode.kind() : configLoss(g);
        if (lossKind == null) return fits;
        // An autoencoder's loss compares with the data Input itself: the data set's labels play no part.
        if (Losses.reconstructs(g)) return fits;
        TensorType scores = lossNode != null ? into(a, g, lossNode, "input") : firstOutput(a, g);
        Node scorer = lossNode != null ? producer(a, g, lossNode, "input") : producer(a, g, firstOutputNode(g), "in");
        if (NextTokens.isNextToken(data.vocabulary()) && target(lossKind) == LossTarget.CLASS_INDICES) nextTokens(data, lossNode, scores,
                scorer != null && scorer.kind().equals("Transpose") ? producer(a, g, scorer, "in") : scorer, fits);
        else if (data.classification()) classes(data, lossNode, lossKind, scores, scorer, fits);
        else if (target(lossKind) == LossTarget.CLASS_INDICES && lossNode != null) {
            // Soft targets (probabilities, one per class) are fine for CrossEntropyLoss; anything else is no class index.
            boolean probabilities = lossKind.equals("CrossEntropyLoss") && scores != null && scores.rank() >= 2 && data.targetSize() == scores.dim(1);
            if (!probabilities)
                fits.add(new Fit(problem(lossNode, Severity.ERROR, null, "takes class indices, but the data set's targets are numbers (" + shape(data.targetShape())
                        + " per sample): use MSELoss, L1Loss or SmoothL1Loss for them"
                        // Labels 0, 1, 2 saved as floats are the usual way here; the loss is then the wrong fix.
                        + (data.targetSize() == 1 ? ", or if they are classes, read them so (a table's or text set's \"task\": \"classification\"; "
                                + "NumPy labels saved as integers, y.astype(np.int64))" : "")), null));
        } else if (lossNode == null && scores != null && scores.perSample() != data.targetSize() && scorer != null) {
            // The config's loss compares the first Output with the targets directly.
            fits.add(fitCount(scorer, "gives " + scores.perSample() + " value" + (scores.perSample() == 1 ? "" : "s") + " per sample but the data set's targets have "
                    + data.targetSize() + " (" + shape(data.targetShape()) + ")", data.targetSize()));
        }
        if (targetInputs.size() == 1) target(a, data, targetInputs.get(0), fits);
        return fits;
    }

    /**
     * Next-token targets ({@link NextTokens}) are token ids, one per step: the loss's scores {@code [N, C, steps]} need a
     * class per token of the vocabulary ({@code <bos>} and {@code <eos>} included), as many as its Embedding has rows. The
     * fix goes to the layer that sets C, behind the Transpose that puts the classes in dim 1 ({@code scorer}).
     */
    private static void nextTokens(Data data, Node lossNode, TensorType scores, Node scorer, List<Fit> fits) {
        if (scores == null || scores.rank() < 2 || lossNode == null) return;
        int tokens = data.vocabulary().size(), classes = scores.dim(1);
        if (classes == tokens || classes == TensorType.N) return;
        String what = "gives " + classes + " scores per step where the next token is one of the vocabulary's " + tokens + " (<bos> and <eos> included)";
        fits.add(scorer != null ? fitCount(scorer, what, tokens) : new Fit(problem(lossNode, Severity.ERROR, null, what), null));
    }

    /** The data Inputs' shapes against the samples: their values per sample must add up to a sample's. */
    private static void samples(Analysis a, Data data, List<Node> inputs, List<Fit> fits) {
        int have = data.sampleSize();
        long want = 0;
        for (Node n : inputs) {
            TensorType t = a.info(n.id()).output("out");
            if (t == null) return;
            want += t.perSample();
        }
        Node first = inputs.get(0);
        if (want != have) {
            if (inputs.size() > 1) {
                StringBuilder each = new StringBuilder();
                for (Node n : inputs) each.append(each.length() == 0 ? "" : ", ").append('"').append(n.name()).append("\" ").append(shape(a.info(n.id()).output("out").sampleDims()));
                fits.add(new Fit(problem(first, Severity.ERROR, "shape", "the data Inputs take " + want + " values per sample together (" + each
                        + ") but the data set's samples have " + have + " (" + shape(data.sampleShape()) + ")"), null));
            } else if (data.vocabulary() != null) {
                // Only a text file's set (source text) has a "length"; the bundled surnames have none. Next-token steps are
                // <bos> and the text's tokens, one more than the length.
                boolean next = layerlab.data.NextTokens.isNextToken(data.vocabulary());
                long length = next ? want - 1 : want;
                fits.add(new Fit(problem(first, Severity.ERROR, "shape", "takes " + want + " token ids per sample but the data set reads each text as "
                        + have + (next ? " steps (<bos>, then the longest text's tokens)" : "") + ": set the shape to [" + have + "]"
                        + (length > 0 ? " (a text file's data set, source text, cuts its texts to " + length + " tokens with \"length\": " + length
                        + (next ? ", for " + want + " steps" : "") + ")" : "")), List.of(have)));
            } else {
                int[] takes = a.info(first.id()).output("out").sampleDims(), got = data.sampleShape();
                // Grey pictures (MNIST as PNG files) are read as RGB unless the folder's settings say grey, as ImageFolder's loader does.
                boolean grey = takes.length == 3 && got.length == 3 && takes[0] == 1 && got[0] == 3 && takes[1] == got[1] && takes[2] == got[2];
                int[] picture = squarePicture(takes, got);
                int[] fix = picture == null ? got : picture;
                fits.add(new Fit(problem(first, Severity.ERROR, "shape", "takes " + shape(takes) + " per sample ("
                        + values(want) + ") but the data set's samples are " + shape(got) + " (" + values(have)
                        + (picture == null ? "" : ", which make a " + picture[0] + "×" + picture[1] + "×" + picture[2] + " picture row by row")
                        + "): set the shape to " + shape(fix) + (grey ? ", or read a folder of pictures grey (its \"grayscale\": true)" : "")), boxed(fix)));
            }
            return;
        }
        if (inputs.size() == 1) {
            String scrambled = reordered(a.info(first.id()).output("out").sampleDims(), data.sampleShape());
            if (scrambled != null) fits.add(new Fit(problem(first, Severity.ERROR, "shape", scrambled), null));
        }
        for (Node n : inputs) {
            TensorType t = a.info(n.id()).output("out");
            if (t.dtype() == DType.INT64 && data.largestId() < 0)
                fits.add(new Fit(problem(n, Severity.ERROR, "dtype", "takes int64 (whole numbers: class or token ids) but the data set's values are not whole numbers"
                        + " from 0: set dtype to float32"), "float32"));
        }
    }

    /**
     * The picture a flat sample makes for an Input that takes pictures ([C, H, W]): the Input's channels, each a square
     * (the bundled digits, [64], as [1, 8, 8]), or null where the values make no such square. Set to the sample's own
     * shape, [64], the Input would hand the convolutions after it a flat vector (an error on the first Conv2d, which
     * asked for a Reshape); a sample is read into the Input's shape in its order, as {@code x.view} would.
     */
    private static int[] squarePicture(int[] takes, int[] got) {
        if (takes.length != 3 || got.length != 1 || takes[0] < 1 || got[0] % takes[0] != 0) return null;
        int area = got[0] / takes[0], side = (int) Math.round(Math.sqrt(area));
        return side > 1 && side * side == area ? new int[] {takes[0], side, side} : null;
    }

    /**
     * What is wrong when an Input takes {@code input} per sample and the samples are {@code sample}, the same sizes in
     * another order (size 1 aside): a sample is read in its order into the Input's shape, as {@code x.view} would, so
     * pictures stored channels last ([H, W, C], as NumPy, PIL and TensorFlow keep them) would reach a convolution as
     * scrambled pixels, where PyTorch's Conv2d would have refused them. Null when the shapes are alike or merely reshaped
     * ([784] or [28, 28] for [1, 28, 28]).
     */
    static String reordered(int[] input, int[] sample) {
        int[] in = Arrays.stream(input).filter(d -> d != 1).toArray(), s = Arrays.stream(sample).filter(d -> d != 1).toArray();
        if (Arrays.equals(in, s) || in.length != s.length || in.length < 2) return null;
        if (!Arrays.equals(Arrays.stream(in).sorted().toArray(), Arrays.stream(s).sorted().toArray())) return null;
        String what = "takes " + shape(input) + " per sample but the data set's samples are " + shape(sample)
                + ": the same sizes in another order, so each sample would reach the model scrambled";
        boolean channelsLast = input.length == 3 && sample.length == 3 && input[0] == sample[2] && input[1] == sample[0] && input[2] == sample[1];
        return channelsLast
                ? what + "; pictures stored channels last ([H, W, C], as NumPy and PIL keep them) go channels first for PyTorch: save X.transpose(0, 3, 1, 2)"
                : what + "; transpose the data to the Input's order";
    }

    /** How many rows of an Embedding past its texts' vocabulary (and more than the vocabulary again) it takes to say so. */
    static final int UNUSED_ROWS = 100;

    /**
     * An Embedding fed straight from a data Input needs a row for every id the data holds; one with far more rows than its
     * texts' vocabulary (a dropped Embedding's 1,000 against 64 letters) is said, as rows that never train.
     */
    private static void embeddings(Analysis a, Data data, List<Node> inputs, List<Fit> fits) {
        if (inputs.size() != 1) return;
        Graph g = a.graph();
        String input = inputs.get(0).id();
        for (Edge e : g.outgoing(input)) {
            Node n = g.node(e.toNode());
            if (n == null || !n.kind().equals("Embedding")) continue;
            Object p = a.params(n.id()) == null ? null : a.params(n.id()).value("num_embeddings");
            if (!(p instanceof Number num)) continue;
            long rows = num.longValue();
            Vocabulary v = data.vocabulary();
            if (v != null && rows < v.size()) {
                fits.add(new Fit(problem(n, Severity.ERROR, "num_embeddings", "num_embeddings is " + rows + " but the texts' vocabulary has " + v.size()
                        + " tokens (ids 0.." + (v.size() - 1) + "): set num_embeddings to " + v.size() + ", or the data set's \"vocab\" to " + rows), v.size()));
            } else if (v != null && rows > 2L * v.size() && rows - v.size() >= UNUSED_ROWS) {
                // Ids past the vocabulary never come, so those rows keep their random start: parameters that train nothing.
                long unused = rows - v.size();
                Object dim = a.params(n.id()).value("embedding_dim");
                String weights = dim instanceof Number d ? " (" + String.format(java.util.Locale.ROOT, "%,d", unused * d.longValue()) + " weights)" : "";
                fits.add(new Fit(problem(n, Severity.WARNING, "num_embeddings", "num_embeddings is " + rows + " but the texts' vocabulary has only " + v.size()
                        + " tokens: its other " + unused + " rows" + weights + " are never looked up, never trained: set num_embeddings to " + v.size()), v.size()));
            } else if (v == null && data.largestId() >= rows) {
                fits.add(new Fit(problem(n, Severity.ERROR, "num_embeddings", "num_embeddings is " + rows + " (ids 0.." + (rows - 1) + ") but the data set's ids go up to "
                        + data.largestId() + ": set num_embeddings to " + (data.largestId() + 1)), (int) Math.min(Integer.MAX_VALUE, data.largestId() + 1)));
            }
        }
    }

    /**
     * A Lengths node against the sequences' padding: its lengths count a sequence's tokens from step 0, which fits
     * sequences padded on the right only (padded on the left, every masked layer would read the padding and drop the
     * sequence's end). Sequences padded on the right into a LastStep without lengths: it reads a short one's padding.
     * A text set's vocabulary says its side, a token generator its own ({@link Data#padding()}).
     */
    private static void padding(Analysis a, Data data, List<Fit> fits) {
        Vocabulary v = data.vocabulary();
        Vocabulary.Padding side = data.padding();
        String what = v != null ? "text" : "sequence", set = v != null ? "the text data set" : "the data set (" + data.name() + ")";
        for (Node n : a.graph().nodes()) {
            if (side == null) {
                // Token ids from an array: nothing says where their padding is, or whether 0 is one.
                if (n.kind().equals("Lengths"))
                    fits.add(new Fit(problem(n, Severity.WARNING, null, "counts the ids that are not " + (a.params(n.id()) == null ? 0
                            : a.params(n.id()).value("padding_idx")) + " as each sequence's tokens, from its first step, but the data set (" + data.name()
                            + ") is no text data set, so nothing says its sequences are padded so: a text data set with \"padding\": \"right\" is"), null));
                continue;
            }
            if (n.kind().equals("Lengths")) {
                if (side == Vocabulary.Padding.LEFT)
                    fits.add(new Fit(problem(n, Severity.ERROR, null, "counts each " + what + "'s tokens from its first step, but " + set + " pads on the left "
                            + "(the " + what + " at the end): set the data set's \"padding\" to \"right\""), null));
                Object pad = a.params(n.id()) == null ? null : a.params(n.id()).value("padding_idx");
                if (pad instanceof Number p && p.intValue() != Vocabulary.PAD_ID)
                    fits.add(new Fit(problem(n, Severity.ERROR, "padding_idx", "padding_idx is " + p + " but the " + what + "s are padded with id "
                            + Vocabulary.PAD_ID + (v != null ? " (" + Vocabulary.PAD + ")" : "") + ": set padding_idx to " + Vocabulary.PAD_ID),
                            Vocabulary.PAD_ID));
            } else if (n.kind().equals("LastStep") && side == Vocabulary.Padding.RIGHT
                    && a.graph().incoming(n.id()).stream().noneMatch(e -> e.toPort().equals("lengths"))) {
                fits.add(new Fit(problem(n, Severity.WARNING, null, "reads each sequence's last step, which is padding for a " + what + " shorter than "
                        + data.sampleShape()[data.sampleShape().length - 1] + " tokens (the data set pads on the right): connect a Lengths node to its lengths"),
                        null));
            }
        }
    }

    /**
     * With several targets ({@code "targets"}), each loss node against the column(s) its target Input takes: a class-index
     * loss needs a column of words or whole numbers, its scores one per class; a loss for amounts needs numbers, its input
     * one value per column. Said on the loss node, or on the layer whose count to change.
     */
    private static void heads(Analysis a, Graph g, Data data, List<Fit> fits) {
        for (Node l : g.nodes()) {
            LossTarget kind = target(l.kind());
            if (kind == null) continue;
            Node source = producer(a, g, l, "target");
            TargetHead h = source == null ? null : data.heads().stream().filter(t -> t.input().equals(source.name())).findFirst().orElse(null);
            if (h == null) continue;
            TensorType scores = into(a, g, l, "input");
            Node scorer = producer(a, g, l, "input");
            String column = "target Input \"" + h.input() + "\" takes column " + h.describeColumns();
            if (kind == LossTarget.CLASS_INDICES) {
                if (h.classes().isEmpty()) {
                    fits.add(new Fit(problem(l, Severity.ERROR, null, "takes class indices, but " + column + ", numbers that are not all whole: "
                            + "use MSELoss, L1Loss or SmoothL1Loss for them"), null));
                    continue;
                }
                Data one = new Data(data.name() + " (" + String.join(", ", h.columns()) + ")", data.sampleShape(), new int[0], h.classes(), null, -1);
                int before = fits.size();
                classes(one, l, l.kind(), scores, scorer, fits);
                // "the data set has 3 classes" is the column's: say which.
                for (int i = before; i < fits.size(); i++) {
                    Fit f = fits.get(i);
                    Problem p = f.problem();
                    fits.set(i, new Fit(new Problem(p.severity(), p.code(), p.nodeId(), p.nodeName(), p.kind(), p.param(), p.port(),
                            p.message().replace("the data set has", "column " + h.describeColumns() + " has")), f.value()));
                }
            } else if (kind == LossTarget.AMOUNTS || kind == LossTarget.DISTRIBUTION) {
                if (h.words()) {
                    fits.add(new Fit(problem(l, Severity.ERROR, null, "takes numbers, but " + column + ", words (" + h.classes().size() + " classes: "
                            + names(h.classes()) + "): use CrossEntropyLoss for classes, with a score per class"), null));
                } else if (scores != null && scorer != null && scores.perSample() != h.width()) {
                    fits.add(fitCount(scorer, "gives " + scores.perSample() + " value" + (scores.perSample() == 1 ? "" : "s") + " per sample but " + column
                            + " (" + h.width() + " value" + (h.width() == 1 ? "" : "s") + ")", h.width()));
                }
            } else if (kind == LossTarget.BINARY && h.words() && h.classes().size() > 2) {
                fits.add(new Fit(problem(l, Severity.ERROR, null, "takes 0/1 targets, but " + column + ", " + h.classes().size() + " classes ("
                        + names(h.classes()) + "): use CrossEntropyLoss, with a score per class"), null));
            }
        }
    }

    /** A classifier's scores against the data set's classes, and a loss that cannot take class labels. */
    private static void classes(Data data, Node lossNode, String lossKind, TensorType scores, Node scorer, List<Fit> fits) {
        int k = data.classes().size();
        if (target(lossKind) == LossTarget.BINARY) {
            if (k > 2 && lossNode != null)
                fits.add(new Fit(problem(lossNode, Severity.ERROR, null, "takes 0/1 targets, but the data set has " + k + " classes (" + names(data.classes())
                        + "): use CrossEntropyLoss, with a score per class"), null));
            return;
        }
        if (target(lossKind) == LossTarget.AMOUNTS) {
            regressionOnClasses(data, lossNode != null ? lossNode : scorer, lossKind, fits);
            return;
        }
        if (target(lossKind) != LossTarget.CLASS_INDICES) return;
        if (scores == null || scores.rank() < 2 || scores.dim(1) <= 0) return;
        int c = scores.dim(1);
        if (c == k) return;
        String what = "gives " + c + " class score" + (c == 1 ? "" : "s") + " per sample but the data set has " + k + " classes (" + names(data.classes()) + ")";
        Node at = scorer != null ? scorer : lossNode;
        if (at == null) return;
        if (c < k) {
            fits.add(fitCount(at, what + ": class" + (k - c == 1 ? " " + c : "es " + c + "–" + (k - 1)) + " could never be predicted", k));
        } else {
            Fit f = fitCount(at, what + ": scores " + k + (c - k == 1 ? "" : "–" + (c - 1)) + " are never a right answer", k);
            fits.add(new Fit(warning(f.problem()), f.value()));
        }
    }

    /**
     * A regression loss on a data set read as classes learns the class indices (0, 1, 2, …), which are the labels themselves
     * only when the labels are 0..k-1: star ratings 1–5 read as classes are learnt one too low, and words as arbitrary
     * numbers. Training does it, so it is a warning.
     */
    private static void regressionOnClasses(Data data, Node at, String lossKind, List<Fit> fits) {
        if (at == null) return;
        List<String> classes = data.classes();
        int k = classes.size();
        boolean numbers = classes.stream().allMatch(CsvLoader::isNumber);
        boolean indices = true;
        for (int i = 0; i < k && indices; i++) indices = CsvLoader.isNumber(classes.get(i)) && Double.parseDouble(classes.get(i)) == i;
        if (indices) return;
        String said = numbers
                ? "the data set reads its labels as " + k + " classes (" + names(classes) + "), so the targets are the class indices 0.." + (k - 1)
                + ", not the numbers: set the data set's \"task\" to \"regression\" to learn the numbers"
                : k > 2 ? "the data set's targets are " + k + " classes (" + names(classes) + "), given as class indices 0.." + (k - 1)
                + ", which " + lossKind + " treats as amounts: for classes use CrossEntropyLoss, with a score per class" : null;
        if (said != null) fits.add(new Fit(problem(at, Severity.WARNING, null, said), null));
    }

    /** The target Input against the targets: one class index per sample, or the targets' values. */
    private static void target(Analysis a, Data data, Node input, List<Fit> fits) {
        TensorType t = a.info(input.id()).output("out");
        if (t == null) return;
        if (data.classification()) {
            if (t.perSample() != 1)
                fits.add(new Fit(problem(input, Severity.ERROR, "shape", "takes " + shape(t.sampleDims()) + " per sample but the data set's targets are one class index per"
                        + " sample: set the shape to []"), List.of()));
        } else if (t.perSample() != data.targetSize()) {
            fits.add(new Fit(problem(input, Severity.ERROR, "shape", "takes " + shape(t.sampleDims()) + " per sample but the data set's targets are "
                    + shape(data.targetShape()) + ": set the shape to " + shape(data.targetShape())), boxed(data.targetShape())));
        }
    }

    /** A count {@code node} gives is wrong: its out_features to set when it is a Linear-like layer, else the words alone. */
    private static Fit fitCount(Node node, String what, int want) {
        LayerSpec spec = Registry.find(node.kind());
        if (spec == null || spec.param("out_features") == null) return new Fit(problem(node, Severity.ERROR, null, what), null);
        return new Fit(problem(node, Severity.ERROR, "out_features", what + (what.contains(": ") ? "; " : ": ") + "set out_features to " + want), want);
    }

    /**
     * The node whose output gives the scores arriving at {@code port} of {@code node}: back through Outputs and layers that
     * keep their input's shape (activations, Dropout, LogSoftmax), to the layer that set the count.
     */
    private static Node producer(Analysis a, Graph g, Node node, String port) {
        if (node == null) return null;
        Node at = source(g, node, port);
        Set<String> seen = new HashSet<>();
        while (at != null && seen.add(at.id())) {
            NodeInfo info = a.info(at.id());
            if (info == null) return null;
            boolean passThrough = at.kind().equals("Output")
                    || (info.inputTypes().size() == 1 && info.inputTypes().get(0) != null && info.mainOutput() != null
                    && info.inputTypes().get(0).equals(info.mainOutput()) && Registry.find(at.kind()) != null
                    && Registry.find(at.kind()).param("out_features") == null && !at.kind().equals(Registry.BLOCK));
            if (!passThrough) return at;
            List<Edge> in = g.incoming(at.id());
            if (in.size() != 1) return at;
            at = g.node(in.get(0).fromNode());
        }
        return at;
    }

    private static Node source(Graph g, Node node, String port) {
        for (Edge e : g.incoming(node.id())) if (e.toPort().equals(port)) return g.node(e.fromNode());
        return null;
    }

    /** The type arriving at {@code port} of {@code node}, or null. */
    private static TensorType into(Analysis a, Graph g, Node node, String port) {
        for (Edge e : g.incoming(node.id())) {
            if (!e.toPort().equals(port)) continue;
            NodeInfo src = a.info(e.fromNode());
            return src == null ? null : src.output(e.fromPort());
        }
        return null;
    }

    private static Node firstOutputNode(Graph g) {
        for (Node n : g.nodes()) if (n.kind().equals("Output")) return n;
        return null;
    }

    private static TensorType firstOutput(Analysis a, Graph g) {
        Node out = firstOutputNode(g);
        return out == null ? null : into(a, g, out, "in");
    }

    /** The training settings' loss name ({@code "loss": "MSELoss"} or {@code {"name": …}}), or null. */
    private static String configLoss(Graph g) {
        Object l = g.training() == null ? null : g.training().get("loss");
        if (l instanceof String s) return s;
        if (l instanceof Map<?, ?> m && m.get("name") instanceof String s) return s;
        return null;
    }

    private static long largestId(Dataset d) {
        if (d.vocabulary() != null) return d.vocabulary().size() - 1L;
        if (!(d instanceof TensorDataset t)) return -1;
        float max = 0;
        for (float v : t.features()) {
            if (!(v >= 0) || v != Math.rint(v)) return -1;
            if (v > max) max = v;
        }
        return (long) max;
    }

    private static Problem problem(Node n, Severity s, String param, String message) {
        return new Problem(s, ProblemCode.DATA, n.id(), n.name(), Registry.shownKind(n), param, null, message);
    }

    private static Problem warning(Problem p) {
        return new Problem(Severity.WARNING, p.code(), p.nodeId(), p.nodeName(), p.kind(), p.param(), p.port(), p.message());
    }

    private static String names(List<String> classes) {
        return layerlab.data.TensorDataset.names(classes);
    }

    private static String values(long n) {
        return n + " value" + (n == 1 ? "" : "s");
    }

    private static String shape(int[] dims) {
        return Arrays.toString(dims);
    }

    private static List<Integer> boxed(int[] dims) {
        return Arrays.stream(dims).boxed().toList();
    }
}
