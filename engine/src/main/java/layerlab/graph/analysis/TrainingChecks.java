package layerlab.graph.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.spec.Registry;

/**
 * What a network must be for a run to train it, said on the drawing rather than only when Start or {@code layerlab train}
 * refuses it: a data set gives one target per sample, fed to the one Input that no Output depends on, unless its
 * {@code "targets"} names a column for each such Input (a head per target: a species and a body mass). Several loss nodes
 * may read one target; a run trains with their weighted sum.
 */
final class TrainingChecks {
    private TrainingChecks() {
    }

    static void check(Graph g, List<Problem> out) {
        lossWithoutOutput(g, out);
        targetInputs(g, out);
        reconstructionRange(g, out);
        LossInputChecks.check(g, out);
    }

    /**
     * A loss with no Output beside it: the drawing computes something (no {@link ProblemCode#NO_OUTPUT}), but a run reads
     * its predictions, their accuracy and Try a sample's answers from an Output, so Start refused it ("the model has no
     * Output node") while the Problems list said 0 errors. Said once, on the first loss, naming the layer it reads.
     */
    private static void lossWithoutOutput(Graph g, List<Problem> out) {
        if (g.nodes().stream().anyMatch(n -> n.kind().equals("Output"))) return;
        Node loss = g.nodes().stream().filter(n -> {
            var spec = Registry.find(n.kind());
            return spec != null && spec.category() == layerlab.graph.spec.Category.LOSS;
        }).findFirst().orElse(null);
        if (loss == null) return;
        Node scores = source(g, loss, "input");
        out.add(new Problem(Severity.ERROR, ProblemCode.NO_PREDICTION, loss.id(), loss.name(), Registry.shownKind(loss), null, null,
                "the network has no Output, and training reads its predictions from one (accuracy, Try a sample): add an Output after "
                        + (scores == null ? "the layer that makes the predictions" : "\"" + scores.name() + "\", the layer this loss reads")));
    }

    /**
     * An autoencoder (its first loss's target is the network's own data Input) whose pictures the data set standardizes
     * ({@code "normalize": "standardize"}: each value less the mean over the standard deviation, MNIST's from about −0.4 to
     * 2.8) cannot reach them with a reconstruction squashed by a Sigmoid (0..1) or a Tanh (−1..1): it trains, its loss
     * stalls above what the network could do, and nothing says why. BCELoss likewise takes targets in [0, 1] (PyTorch
     * refuses others). Said on the squashing layer or the loss, with the fix: the data as it is, or no squashing.
     */
    private static void reconstructionRange(Graph g, List<Problem> out) {
        if (g.dataset() == null || !"standardize".equals(g.dataset().get("normalize"))) return;
        Node loss = null;
        for (Node n : g.nodes()) {
            var spec = Registry.find(n.kind());
            if (spec != null && spec.category() == layerlab.graph.spec.Category.LOSS) {
                loss = n;
                break;
            }
        }
        if (loss == null) return;
        Node target = source(g, loss, "target");
        if (target == null || !target.kind().equals("Input") || !g.neededByOutputs().contains(target.id())) return;
        String standardized = "the data set standardizes the pictures (\"normalize\": \"standardize\"), so the values to remake range beyond 0..1 "
                + "(MNIST's from about -0.4 to 2.8)";
        if (loss.kind().equals("BCELoss") || loss.kind().equals("BCEWithLogitsLoss")) {
            out.add(new Problem(Severity.WARNING, ProblemCode.RECONSTRUCTION_RANGE, loss.id(), loss.name(), Registry.shownKind(loss), null, null,
                    "takes targets in [0, 1], but " + standardized + ": turn the normalization off (\"none\", pixels as 0..1) or \"scale\" to 0..1, "
                            + "or use MSELoss"));
            return;
        }
        Node last = feeding(g, loss, "input");
        if (last == null || !last.kind().equals("Sigmoid") && !last.kind().equals("Tanh")) return;
        String range = last.kind().equals("Sigmoid") ? "0..1" : "-1..1";
        out.add(new Problem(Severity.WARNING, ProblemCode.RECONSTRUCTION_RANGE, last.id(), last.name(), Registry.shownKind(last), null, null,
                "squashes the reconstruction into " + range + ", but " + standardized + ", which it can never reach: turn the normalization off "
                        + "(\"none\", pixels as 0..1), or delete the " + last.kind() + " to let the reconstruction take any value"));
    }

    /**
     * The node feeding {@code n}'s {@code port}, looked back through {@link ShapeOnly} layers (the reconstruction's range is that of the
     * layer before them); null when none, or when the
     * way back runs in a circle (a drawing being edited may hold a cycle, which the analysis reports on its own).
     */
    static Node feeding(Graph g, Node n, String port) {
        Node s = source(g, n, port);
        Set<String> seen = new HashSet<>();
        while (ShapeOnly.is(s)) {
            if (!seen.add(s.id())) return null;
            s = source(g, s, "in");
        }
        return s;
    }

    /** The node that feeds {@code n}'s {@code port}, or null. */
    static Node source(Graph g, Node n, String port) {
        for (Edge e : g.incoming(n.id())) if (e.toPort().equals(port)) return g.node(e.fromNode());
        return null;
    }

    /**
     * The Inputs no Output depends on take the targets (Feeds): more than one can all be fed only when the data set's
     * {@code "targets"} names a column for each.
     */
    private static void targetInputs(Graph g, List<Problem> out) {
        List<Node> outputs = g.nodes().stream().filter(n -> n.kind().equals("Output")).toList();
        if (outputs.isEmpty()) return;
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (Node o : outputs) todo.add(o.id());
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (!needed.add(id)) continue;
            for (Edge e : g.incoming(id)) todo.push(e.fromNode());
        }
        List<Node> targets = new ArrayList<>();
        for (Node n : g.nodes()) if (n.kind().equals("Input") && !needed.contains(n.id())) targets.add(n);
        Set<String> mapped = mappedInputs(g.dataset());
        for (int i = 0; i < targets.size(); i++) {
            Node n = targets.get(i);
            boolean unused = g.outgoing(n.id()).isEmpty();
            if (unused && i == 0 || !unused && mapped.contains(n.name())) continue;
            String why;
            if (unused) {
                why = "no Output depends on it, so it would take the data set's targets, but a data set gives one target per sample, and \""
                        + targets.get(0).name() + "\" takes them; connect it to the layers an Output depends on, or delete it";
            } else if (mapped.isEmpty()) {
                if (i == 0) continue;
                why = "no Output depends on it, only a loss, so it would take the data set's targets, but a data set gives one target per sample, and \""
                        + targets.get(0).name() + "\" takes them; for a target of its own, name each target Input's column in the data set's targets ("
                        + "\"targets\": {\"" + targets.get(0).name() + "\": …, \"" + n.name() + "\": …}), or delete it and its loss";
            } else {
                why = "no Output depends on it, only a loss, so it takes targets, but the data set's targets name no column for it (they name "
                        + String.join(", ", mapped.stream().map(m -> "\"" + m + "\"").toList()) + "): add \"" + n.name() + "\": the column it takes";
            }
            out.add(new Problem(Severity.ERROR, ProblemCode.SECOND_TARGET, n.id(), n.name(), Registry.shownKind(n), null, null, why));
        }
    }

    /**
     * The target Inputs a data set's {@code "targets"} names a column for: an object's keys, or the names before each
     * {@code =} of a line ({@code "species=species, mass=body_mass_g"}); empty when it has none. The data set refuses
     * a malformed one when it is read.
     */
    static Set<String> mappedInputs(Map<String, ?> dataset) {
        Object t = dataset == null ? null : dataset.get("targets");
        Set<String> names = new LinkedHashSet<>();
        if (t instanceof Map<?, ?> m) m.keySet().forEach(k -> names.add(String.valueOf(k)));
        else if (t instanceof String line)
            for (String part : line.split(",")) if (part.indexOf('=') > 0) names.add(part.substring(0, part.indexOf('=')).trim());
        return names;
    }
}
