package layerlab.graph.analysis;

import java.util.List;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.spec.Registry;

/**
 * The classic mistakes that still train, but badly, said on the node to change with the fix in one sentence: a loss fed
 * the wrong kind of values (PyTorch's losses that take raw scores apply the softmax or sigmoid themselves), and two Linear
 * layers with nothing nonlinear between. Layers that only reshape or drop values ({@link ShapeOnly}) are
 * looked through: a Softmax, a Flatten, then CrossEntropyLoss is the same mistake.
 */
final class LossInputChecks {
    private LossInputChecks() {
    }

    static void check(Graph g, List<Problem> out) {
        for (Node n : g.nodes()) {
            switch (n.kind()) {
                case "CrossEntropyLoss" -> crossEntropy(g, n, out);
                case "NLLLoss" -> {
                    Node last = last(g, n, "input");
                    if (is(last, "Softmax")) warn(out, last, "gives probabilities, but NLLLoss \"" + n.name() + "\" takes log-probabilities (it "
                            + "only picks the target's value and negates it, so the loss barely moves): replace this Softmax with LogSoftmax");
                }
                case "BCEWithLogitsLoss" -> {
                    Node last = last(g, n, "input");
                    if (is(last, "Sigmoid")) warn(out, last, "squashes the scores into 0..1, but BCEWithLogitsLoss \"" + n.name() + "\" applies "
                            + "the sigmoid itself, so it squashes them twice and the gradients shrink: delete this Sigmoid (or use BCELoss instead)");
                }
                case "BCELoss" -> {
                    Node last = last(g, n, "input");
                    if (last != null && unbounded(last)) warn(out, n, "takes probabilities in 0..1, but its input comes from " + label(last)
                            + ", whose values can be any number (PyTorch stops with an error on values outside 0..1): put a Sigmoid before it, "
                            + "or use BCEWithLogitsLoss on the raw scores");
                }
                case "MSELoss", "L1Loss", "SmoothL1Loss" -> {
                    Node last = last(g, n, "input");
                    if (is(last, "ReLU") && negativeTargets(g, n)) warn(out, last, "cannot give negative values, but the targets of " + n.kind()
                            + " \"" + n.name() + "\" go below 0, so those are never reached: delete this ReLU (the last layer of a regression "
                            + "is usually a Linear)");
                }
                case "Linear" -> collapse(g, n, out);
                default -> {
                }
            }
        }
    }

    private static void crossEntropy(Graph g, Node loss, List<Problem> out) {
        Node last = last(g, loss, "input");
        // A LogSoftmax before it is harmless (log-softmax of log-probabilities gives them back); a Softmax is not.
        if (is(last, "Softmax")) {
            Node before = last(g, last, "in");
            warn(out, last, "turns the scores into probabilities, but CrossEntropyLoss \"" + loss.name() + "\" takes raw scores (logits) "
                    + "and applies log-softmax itself, so the scores are squashed twice and training crawls: connect the loss to "
                    + (before == null ? "the layer before" : "\"" + before.name() + "\"") + " instead (keep the Softmax only on the way to "
                    + "an Output, for probabilities)");
        } else if (is(last, "ReLU")) {
            warn(out, last, "cannot give negative values, but CrossEntropyLoss \"" + loss.name() + "\" takes raw scores (logits), which must go "
                    + "below 0 to say \"not this class\" (and a class whose unit dies is never predicted): delete this ReLU");
        }
    }

    /** Linear → (only reshaping, dropout) → Linear: W₂(W₁x + b₁) + b₂ is one Linear, with more parameters and no more power. */
    private static void collapse(Graph g, Node second, List<Problem> out) {
        Node first = last(g, second, "in");
        if (!is(first, "Linear")) return;
        warn(out, second, "follows Linear \"" + first.name() + "\" with nothing nonlinear between, so the two compute what one Linear "
                + "could (more parameters, no more power): put an activation such as ReLU between them, or delete one");
    }

    /** The node feeding {@code n}'s {@code port}, looking back through reshaping and dropout; null when none. */
    private static Node last(Graph g, Node n, String port) {
        return TrainingChecks.feeding(g, n, port);
    }

    private static boolean is(Node n, String kind) {
        return n != null && n.kind().equals(kind);
    }

    /** Layers whose values surely leave 0..1: an affine map, a convolution, or an activation unbounded above. */
    private static boolean unbounded(Node n) {
        return switch (n.kind()) {
            case "Linear", "Bilinear", "Conv1d", "Conv2d", "ConvTranspose2d", "ReLU", "LeakyReLU", "ELU", "GELU", "SiLU", "Tanh", "LogSoftmax" -> true;
            default -> false;
        };
    }

    /**
     * Whether the loss's targets are known to go below 0: the sine generator's (sin x), or an autoencoder's own standardized
     * input. Elsewhere (a CSV's column, say) nothing is said: they may well be counts or prices.
     */
    private static boolean negativeTargets(Graph g, Node loss) {
        var ds = g.dataset();
        if (ds == null) return false;
        if ("sine".equals(ds.get("source"))) return true;
        Node target = TrainingChecks.source(g, loss, "target");
        return target != null && target.kind().equals("Input") && g.neededByOutputs().contains(target.id()) && "standardize".equals(ds.get("normalize"));
    }

    private static String label(Node n) {
        return Registry.shownKind(n) + " \"" + n.name() + "\"";
    }

    private static void warn(List<Problem> out, Node n, String message) {
        ProblemCode code = n.kind().equals("Linear") ? ProblemCode.LINEAR_COLLAPSE : ProblemCode.LOSS_INPUT;
        out.add(new Problem(Severity.WARNING, code, n.id(), n.name(), Registry.shownKind(n), null, null, message));
    }
}
