package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.graph.AutoLayout;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.AutoFill;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.analysis.ShapeOnly;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.LossTarget;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.TensorType;
import layerlab.tensor.DType;
import layerlab.train.DataFit;

/**
 * One-click fixes for the problems a beginner meets first, offered beside them in the Problems list: a loss whose
 * target is not connected gets an Input of the right kind (class indices for CrossEntropyLoss and NLLLoss, floats
 * shaped like the prediction for the others), and a layer whose output goes nowhere, or whose scores a loss reads in a
 * network without an Output, gets an Output. Each is one undoable
 * command; so is setting the param the data set asks for ({@link DataFit}: out_features to the number of classes, an Input's
 * shape to the samples', num_embeddings to the vocabulary's size) or the input's shape gives (in_features set to 5 on 2
 * features: what Auto-fill writes), the padding that keeps sizes where a residual Add or a Concat meets paths of other sizes
 * ({@link ShapeFixes}, or a 1×1 projection on a residual shortcut), putting a Transpose between a sequence and a Conv1d that reads its features as
 * channels, putting a Flatten between an image and a Linear that would read only its rows, renaming a node whose name nn.Module uses itself (forward → forward_1), a Softmax before CrossEntropyLoss
 * (the loss connected to the raw scores) or before NLLLoss (a LogSoftmax in its place), and turning off the normalization of an autoencoder's pictures that its Sigmoid cannot reach. The rest of the problems say in words what to do.
 */
public final class QuickFixes {
    /** What the link says, and what it does. */
    public record Fix(String label, Command command) {}

    private QuickFixes() {
    }

    /** The fix for {@code p} in the graph {@code editor} shows, the data set's findings included, or null where none is offered. */
    public static Fix of(EditorModel editor, Problem p) {
        if (p.code() != ProblemCode.DATA) return of(editor.viewGraph(), editor.viewAnalysis(), p);
        for (DataFit.Fit f : editor.viewDataFits()) if (f.problem().equals(p)) return data(editor.viewGraph(), f);
        return null;
    }

    /** The data set's value for the param its finding names: "Set out_features to 8". */
    private static Fix data(Graph g, DataFit.Fit f) {
        Problem p = f.problem();
        if (f.value() == null || p.param() == null || g.node(p.nodeId()) == null) return null;
        return setParam(g, p.nodeId(), p.param(), f.value());
    }

    /** The fix for {@code p} in the shown graph {@code g} (analysed as {@code a}), or null where none is offered. */
    public static Fix of(Graph g, Analysis a, Problem p) {
        if (p.nodeId() == null || g.node(p.nodeId()) == null || a.graph() != g) return null;
        Node n = g.node(p.nodeId());
        LayerSpec spec = Registry.find(n.kind());
        if (spec == null) return null;
        if (p.code() == ProblemCode.MISSING_INPUT && spec.category() == Category.LOSS && "target".equals(p.port())) return target(g, a, n);
        if (p.code() == ProblemCode.DANGLING_OUTPUT && spec.category() != Category.LOSS) return output(g, a, n);
        // A loss and no Output: the Output goes after the layer whose scores the loss reads.
        if (p.code() == ProblemCode.NO_PREDICTION) {
            Edge scores = g.incoming(n.id()).stream().filter(e -> e.toPort().equals("input")).findFirst().orElse(null);
            return scores == null ? null : output(g, a, g.node(scores.fromNode()));
        }
        // A Conv1d after a sequence: its features as channels (a Transpose) or nothing, since taking its steps as channels
        // (what the shape gives) is rarely what was meant.
        if (p.code() == ProblemCode.SHAPE_MISMATCH && n.kind().equals("Conv1d") && "in_channels".equals(p.param())) return transpose(g, a, n);
        // A Linear after an image, set to (or left to take) the image's last dimension: a Flatten is what was meant, not
        // in_features set to a row's width.
        if ((p.code() == ProblemCode.SHAPE_MISMATCH || p.code() == ProblemCode.LAYER_WARNING) && n.kind().equals("Linear")
                && "in_features".equals(p.param())) {
            Fix f = flatten(g, a, n);
            if (f != null) return f;
        }
        // Paths that meet at other sizes: the fix lies upstream (ShapeFixes says what it sets).
        if (p.code() == ProblemCode.SHAPE && List.of("Add", "Multiply", "Concat").contains(n.kind())) return ShapeFixes.of(g, a, n);
        if (p.code() == ProblemCode.SHAPE_MISMATCH && p.param() != null) return fromShape(g, a, n, p.param());
        if (p.code() == ProblemCode.RESERVED_NAME) return rename(g, n);
        if (p.code() == ProblemCode.RECONSTRUCTION_RANGE) return normalizationOff(g);
        if (p.code() == ProblemCode.LOSS_INPUT && (n.kind().equals("Softmax") || n.kind().equals("Sigmoid"))) {
            Fix f = rawScores(g, n);
            return f != null || !n.kind().equals("Softmax") ? f : logSoftmax(g, n);
        }
        return null;
    }

    /**
     * A Softmax before NLLLoss, which takes log-probabilities: a LogSoftmax in its place, with its wires and its dim, in one
     * step ({@link Commands#replace}). Rewiring the loss to the raw scores, CrossEntropyLoss's fix, would be wrong here. Offered
     * where the Softmax feeds the loss, directly or through layers that only reshape ({@link ShapeOnly}), as the warning looks.
     */
    private static Fix logSoftmax(Graph g, Node softmax) {
        if (ShapeOnly.wayTo(g, softmax, n -> n.kind().equals("NLLLoss"), "input") == null) return null;
        String label = "Replace Softmax with LogSoftmax";
        return new Fix(label, Commands.replace(g, softmax.id(), "LogSoftmax", null));
    }

    /**
     * A Softmax before CrossEntropyLoss, a Sigmoid before BCEWithLogitsLoss: the loss reads the layer before it instead,
     * raw scores, in one step; the squashing layer stays for whatever else it feeds (an Output's probabilities). Where layers
     * that only reshape stand between (Softmax → Flatten → loss), the first of them reads the raw scores instead, so that the
     * loss gets them shaped as before; offered only where those layers lead nowhere but to the loss (rewired, whatever else
     * they fed would get raw scores too).
     */
    private static Fix rawScores(Graph g, Node squash) {
        Edge into = g.incoming(squash.id()).stream().filter(e -> e.toPort().equals("in")).findFirst().orElse(null);
        if (into == null) return null;
        List<Edge> way = ShapeOnly.wayTo(g, squash, n -> List.of("CrossEntropyLoss", "BCEWithLogitsLoss").contains(n.kind()), "input");
        if (way == null) return null;
        for (Edge e : way.subList(1, way.size())) if (g.outgoing(e.fromNode()).size() > 1) return null;
        Edge first = way.get(0);
        Node before = g.node(into.fromNode()), reader = g.node(first.toNode());
        String label = "Connect " + reader.name() + " to " + before.name();
        return new Fix(label, new Command(label, x -> x.disconnect(first)
                .then(y -> y.connect(new Edge(into.fromNode(), into.fromPort(), reader.id(), first.toPort())))));
    }

    /**
     * An autoencoder's standardized pictures that its Sigmoid (or BCELoss) cannot reach: the data as it is, pixels 0..1,
     * which is what the Sigmoid was drawn for (deleting it, the other way, the message says in words).
     */
    private static Fix normalizationOff(Graph g) {
        Map<String, Object> data = new java.util.LinkedHashMap<>(g.dataset());
        data.put("normalize", "none");
        String label = "Turn the data's normalization off";
        return new Fix(label, new Command(label, x -> x.set(layerlab.graph.GraphChange.Setting.DATASET, data)));
    }

    /** A name nn.Module uses itself (an older file's "forward"): the first of forward_1, forward_2, … no node has. */
    private static Fix rename(Graph g, Node n) {
        String to = g.freshName(n.name() + "_");
        return new Fix("Rename to " + to, Commands.rename(g, n.id(), to));
    }

    /**
     * A shape-determined param set to something its input does not give (in_features 5 on 2 features): set to what the
     * input gives, the value Auto-fill writes ({@link AutoFill#changes}).
     */
    private static Fix fromShape(Graph g, Analysis a, Node n, String param) {
        Object v = AutoFill.changes(a, n.id()).get(param);
        return v == null ? null : setParam(g, n.id(), param, v);
    }

    /** "Set out_features to 8", one undoable step. */
    private static Fix setParam(Graph g, String nodeId, String param, Object value) {
        String label = "Set " + param + " to " + ParamText.format(value);
        return new Fix(label, new Command(label + " on " + g.requireNode(nodeId).name(), x -> x.setParam(nodeId, param, value)));
    }

    /**
     * A Conv1d fed a sequence [N, steps, features] (an Embedding's) whose features are the in_channels it was set to:
     * a Transpose of dims 1 and 2 put into the wire, so that they become the channels.
     */
    private static Fix transpose(Graph g, Analysis a, Node conv) {
        Edge in = input(g, conv);
        TensorType t = in == null || a.info(in.fromNode()) == null ? null : a.info(in.fromNode()).output(in.fromPort());
        if (t == null || t.rank() != 3 || !(conv.param("in_channels") instanceof Number c) || t.dim(2) != c.intValue()) return null;
        return insert(g, a, in, "Transpose", "Insert a Transpose (dims 1 and 2)");
    }

    /**
     * A Linear fed an image [N, 1, 28, 28] whose in_features is all its values (784) or left empty (it would take 28,
     * a row's width): a Flatten put into the wire, after which in_features fits (or fills with) 784. Set to another
     * number (100: neither a row nor the image), the Flatten comes with in_features set to 784, in one undo step: the
     * row's width it offered before is what a Linear after an image is almost never meant to read.
     */
    private static Fix flatten(Graph g, Analysis a, Node linear) {
        Edge in = input(g, linear);
        TensorType t = in == null || a.info(in.fromNode()) == null ? null : a.info(in.fromNode()).output(in.fromPort());
        if (t == null || t.rank() < 3) return null;
        Object set = linear.param("in_features");
        if (set == null || set instanceof Number f && f.longValue() == t.perSample()) return insert(g, a, in, "Flatten", "Insert a Flatten before " + linear.name());
        if (t.rank() < 4 || set instanceof Number f && f.longValue() == t.dim(-1)) return null;
        Fix flatten = insert(g, a, in, "Flatten", "Insert a Flatten before " + linear.name());
        if (flatten == null || t.perSample() > Integer.MAX_VALUE) return null;
        int all = (int) t.perSample();
        String label = "Insert a Flatten and set in_features to " + all;
        return new Fix(label, new Command(label + " on " + linear.name(),
                x -> flatten.command().execute(x).then(y -> y.setParam(linear.id(), "in_features", all))));
    }

    private static Edge input(Graph g, Node n) {
        for (Edge e : g.incoming(n.id())) if (e.toPort().equals("in")) return e;
        return null;
    }

    /** A layer of {@code kind} put into the wire {@code in}, one undoable step. */
    private static Fix insert(Graph g, Analysis a, Edge in, String kind, String label) {
        // A column after the wire's source where no card is (along a row, the insertion makes room itself).
        Node from = g.node(in.fromNode());
        Position at = Placement.freeBelow(g, from.position().x() + AutoLayout.COLUMN, from.position().y());
        Command add = Commands.addOnEdge(g, a, kind, null, at, in, null);
        return add == null ? null : new Fix(label, add);
    }

    private static Fix target(Graph g, Analysis a, Node loss) {
        boolean classes = Registry.find(loss.kind()) != null && Registry.find(loss.kind()).lossTarget() == LossTarget.CLASS_INDICES;
        List<Integer> shape = new ArrayList<>();
        if (!classes) {
            // Shaped like what the loss compares it with, per sample.
            TensorType in = null;
            for (Edge e : g.incoming(loss.id())) if (e.toPort().equals("input")) in = a.info(e.fromNode()).output(e.fromPort());
            if (in == null) return null;
            for (int d : in.sampleDims()) shape.add(d);
        }
        String name = plain(g, classes ? "labels" : "target");
        Map<String, Object> params = classes ? Map.of("shape", shape, "dtype", DType.INT64.name().toLowerCase(java.util.Locale.ROOT)) : Map.of("shape", shape);
        Position at = Placement.freeBelow(g, loss.position().x() - AutoLayout.COLUMN, loss.position().y() + AutoLayout.ROW);
        String label = classes ? "Add a labels Input (class indices)" : "Add a target Input " + shape;
        return new Fix(label, new Command(label.replace("Add a", "Add"), x -> {
            String id = x.freshId();
            return x.addNode(new Node(id, name, "Input", params, at)).then(y -> y.connect(new Edge(id, "out", loss.id(), "target")));
        }));
    }

    private static Fix output(Graph g, Analysis a, Node n) {
        var outs = Ports.outputs(g, a, n);
        if (outs.isEmpty()) return null;
        String port = outs.get(0).name();
        Position at = Placement.freeBelow(g, n.position().x() + AutoLayout.COLUMN, n.position().y());
        return new Fix("Add an Output", new Command("Add an Output after " + n.name(), x -> {
            String id = x.freshId();
            return x.addNode(new Node(id, plain(x, "out"), "Output", Map.of(), at)).then(y -> y.connect(new Edge(n.id(), port, id, "in")));
        }));
    }

    /** {@code base} if no node has that name yet, else base1, base2, … */
    private static String plain(Graph g, String base) {
        return g.nodeByName(base) == null ? base : g.freshName(base);
    }
}
