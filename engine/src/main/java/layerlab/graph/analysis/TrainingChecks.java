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
        targetInputs(g, out);
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
