package layerlab.graph.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.spec.Registry;

/**
 * What a network must be for a run to train it, said on the drawing rather than only when Start or {@code layerlab train}
 * refuses it: a data set gives one target per sample, fed to the one Input that no Output depends on (a second such
 * Input cannot be fed). Several loss nodes may read that one target; a run trains with their weighted sum.
 */
final class TrainingChecks {
    private TrainingChecks() {
    }

    static void check(Graph g, List<Problem> out) {
        targetInputs(g, out);
    }

    /** The Inputs no Output depends on take the targets (Feeds): more than one cannot all be fed. */
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
        for (int i = 1; i < targets.size(); i++) {
            Node n = targets.get(i);
            boolean unused = g.outgoing(n.id()).isEmpty();
            out.add(new Problem(Severity.ERROR, ProblemCode.SECOND_TARGET, n.id(), n.name(), Registry.shownKind(n), null, null,
                    (unused ? "no Output depends on it" : "no Output depends on it, only a loss")
                            + ", so it would take the data set's targets, but a data set gives one target per sample, and \""
                            + targets.get(0).name() + "\" takes them; "
                            + (unused ? "connect it to the layers an Output depends on, or delete it"
                                    : "several targets (a head per target, each with its loss) are not supported yet: delete it and its loss")));
        }
    }
}
