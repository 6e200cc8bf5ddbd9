package layerlab.io;

import static layerlab.io.PyLiterals.num;
import static layerlab.io.PyLiterals.py;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.Registry;
import layerlab.train.Losses;
import layerlab.train.TrainingConfig;

/**
 * The exported script's training for a network of several loss nodes (or one with a weight): {@link PyTorchTraining}'s
 * block rewritten to train on their weighted sum ({@code LOSSES}, {@code weighted_loss}), each loss reading its own
 * target's columns of {@code y} where the data set has several targets, with what early stopping and ReduceLROnPlateau
 * watch of one loss node or one head.
 */
final class PyTorchWeightedLoss {
    private PyTorchWeightedLoss() {
    }

    /**
     * The training block of a network of several loss nodes (or one with a weight): each batch's loss is their weighted
     * sum, in document order, as LayerLab's run adds them ({@code 1.0 * ce + 0.3 * aux}); the first one's Output is still
     * {@code out}, what the scores count. Every line that computed {@code LOSS(out, t)} computes {@code weighted_loss(outs, y)}.
     */
    static String block(Graph g, Analysis a, TrainingConfig config, List<Node> lossNodes, List<String> outputs, int inputs, String text) {
        String problem = Losses.weightsProblem(config.lossWeights(), lossNodes.stream().map(Node::name).toList());
        if (problem != null) return "\n\n# No train(): the project's training settings are refused (" + problem + ").\n";
        // With several targets (the data set's "targets"), y holds each target Input's columns in turn: each loss reads its own.
        Map<String, String> columns;
        try {
            columns = targetColumns(g);
        } catch (IllegalArgumentException e) {
            return "\n\n# No train(): the project's data set settings are refused (" + e.getMessage() + ").\n";
        }
        boolean heads = !columns.isEmpty();
        StringBuilder terms = new StringBuilder();
        List<String> sum = new ArrayList<>();
        for (Node n : lossNodes) {
            int index = PyTorchTraining.outputIndex(g, n, outputs);
            if (index < 0) {
                return "\n\n# No train(): the loss node \"" + n.name() + "\" compares what no Output returns; add an Output after the layer it reads.\n";
            }
            String torch;
            try {
                torch = Registry.get(n.kind()).torch(a.params(n.id()));
            } catch (RuntimeException e) {
                return "\n\n# No train(): the loss node \"" + n.name() + "\" has problems to fix first.\n";
            }
            String weight = num(config.lossWeights().getOrDefault(n.name(), 1.0));
            String cols = "";
            if (heads) {
                Node t = targetOf(g, n);
                cols = t == null ? null : columns.get(t.name());
                if (cols == null)
                    return "\n\n# No train(): the loss node \"" + n.name() + "\" reads a target that the data set's targets give no column.\n";
                cols = ", " + cols;
            }
            terms.append("    (").append(index).append(", ").append(torch).append(", ").append(weight).append(", ").append(py(PyTorchTraining.classIndices(n.kind())))
                    .append(cols).append("),  # ").append(n.name()).append('\n');
            sum.add(weight + " * " + n.name());
        }
        String node = config.earlyStopping() == null ? null : config.earlyStopping().lossNode();
        String watched = "";
        if (node != null) {
            int at = lossNodes.stream().map(Node::name).toList().indexOf(node);
            watched = "\nWATCHED = " + at + "  # early stopping watches loss node \"" + node + "\"'s own loss: LOSSES[" + at + "], unweighted\n"
                    + "\n\ndef watched_loss(outs, y):\n"
                    + "    \"\"\"The loss of the loss node early stopping watches, unweighted, as LayerLab's " + config.earlyStopping().metric() + " counts it.\"\"\"\n"
                    + "    i, loss_fn, _, class_indices" + (heads ? ", cols" : "") + " = LOSSES[WATCHED]\n"
                    + "    out = outs[i]\n"
                    + "    loss = loss_fn(out, target(" + (heads ? "y[:, cols]" : "y") + ", out, class_indices))\n"
                    + "    return loss if loss.dim() == 0 else loss.mean()\n";
        }
        String head = config.earlyStopping() == null ? null : config.earlyStopping().headNode();
        if (head != null) {
            if (!heads) return "\n\n# No train(): early stopping watches a head's own score, but the data set's targets give no head its columns.\n";
            int at = lossNodes.stream().map(Node::name).toList().indexOf(head);
            String score = config.earlyStopping().metric().contains("_accuracy_") ? "accuracy" : "mae";
            watched = "\nWATCHED = " + at + "  # early stopping watches head \"" + head + "\"'s own " + score + ": LOSSES[" + at + "]'s Output against its target\n"
                    + PyTorchEarlyStopping.scoreFunction(score, lossNodes.get(at).kind()).replace("def score(out, t):", "def head_score(out, t):")
                    + "\n\ndef watched_score(outs, y):\n"
                    + "    \"\"\"The watched head's score of a batch and its count, as LayerLab's " + config.earlyStopping().metric() + " counts it.\"\"\"\n"
                    + "    i, _, _, class_indices, cols = LOSSES[WATCHED]\n"
                    + "    out = outs[i].detach()\n"
                    + "    return head_score(out, target(y[:, cols], out, class_indices))\n";
        }
        String forward = inputs == 1 ? "model(x)" : "model(*x)";
        String outs = outputs.size() > 1 ? forward : "(" + forward + ",)";
        String plateauHead = TrainingConfig.headNodeOf(config.plateauMetric());
        if (plateauHead != null) {
            if (!heads) return "\n\n# No train(): ReduceLROnPlateau steps on a head's own score, but the data set's targets give no head its columns.\n";
            int at = lossNodes.stream().map(Node::name).toList().indexOf(plateauHead);
            watched += PyTorchPlateau.headFunction(config.plateauMetric(), at, lossNodes.get(at).kind(), outs);
        }
        String plateauNode = TrainingConfig.lossNodeOf(config.plateauMetric());
        if (plateauNode != null) {
            int at = lossNodes.stream().map(Node::name).toList().indexOf(plateauNode);
            watched += PyTorchPlateau.lossNodeFunction(config.plateauMetric(), at, outs, heads);
        }
        String pick = outputs.size() > 1 ? "[" + PyTorchTraining.outputIndex(g, lossNodes.get(0), outputs) + "]" : "";
        String top = text.substring(0, text.indexOf("\n\ndef ")), rest = text.substring(text.indexOf("\n\ndef "));
        rest = rest.replaceAll("(?m)^( *)out = " + java.util.regex.Pattern.quote(forward + pick) + "$",
                        "$1outs = " + java.util.regex.Matcher.quoteReplacement(outs) + "\n$1out = outs[" + (outputs.size() > 1 ? pick.substring(1, pick.length() - 1) : "0") + "]")
                .replaceAll("LOSS\\(out, (t|target\\(y, out, (True|False)\\))\\)", "weighted_loss(outs, y)")
                // LBFGS's closure keeps the first evaluation's outputs, all of them
                .replace("first.append((out, t))", "first.append((out, t, outs))").replace("out, t = first[0]", "out, t, outs = first[0]");
        // The first loss node's own target is what its Output is scored against (accuracy, MAE).
        if (heads) rest = rest.replaceAll("(?<!def )target\\(y, out, ", "target(y[:, " + lossColumns(g, lossNodes.get(0), columns) + "], out, ");
        return top + "\nLOSSES = [  # each loss node: (its Output's index in the model's outputs, the loss, its weight, class indices"
                + (heads ? ", its target's columns of y" : "") + ")\n" + terms + "]\n"
                + "\n\ndef weighted_loss(outs, y):\n"
                + "    \"\"\"The loss LayerLab trains with: " + String.join(" + ", sum) + ", each the mean where it keeps elements, in this order.\"\"\"\n"
                + "    total = None\n"
                + "    for i, loss_fn, weight, class_indices" + (heads ? ", cols" : "") + " in LOSSES:\n"
                + "        out = outs[i]\n"
                + "        loss = loss_fn(out, target(" + (heads ? "y[:, cols]" : "y") + ", out, class_indices))\n"
                + "        loss = weight * (loss if loss.dim() == 0 else loss.mean())\n"
                + "        total = loss if total is None else total + loss\n"
                + "    return total\n" + watched + rest;
    }

    /**
     * With several targets, each target Input's columns of {@code y} as a Python slice ({@code slice(0, 1)}), by the
     * Input's name: the data set's {@code "targets"} in order, each as wide as its columns; empty for one target.
     */
    private static Map<String, String> targetColumns(Graph g) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (g.dataset() == null || g.dataset().get("targets") == null) return out;
        int at = 0;
        for (var e : layerlab.data.DataSources.targets(g.dataset()).entrySet()) {
            out.put(e.getKey(), "slice(" + at + ", " + (at + e.getValue().size()) + ")");
            at += e.getValue().size();
        }
        return out;
    }

    /** {@code a:b}, the columns of {@code y} loss node {@code n}'s target takes. */
    private static String lossColumns(Graph g, Node n, Map<String, String> columns) {
        Node t = targetOf(g, n);
        String slice = t == null ? null : columns.get(t.name());
        return slice == null ? ":" : slice.substring("slice(".length(), slice.length() - 1).replace(", ", ":");
    }

    /** The Input that feeds loss node {@code n}'s {@code target}, or null. */
    private static Node targetOf(Graph g, Node n) {
        for (Edge e : g.edges()) {
            if (!e.toNode().equals(n.id()) || !e.toPort().equals("target")) continue;
            Node from = g.node(e.fromNode());
            return from != null && from.kind().equals("Input") ? from : null;
        }
        return null;
    }
}
