package layerlab.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The result of an operation on a {@link Graph}: the graph before and after, and the typed changes between
 * them in the order they were applied. An editor command keeps the edit; undo is {@link #undo()}.
 */
public record Edit(Graph before, Graph after, List<GraphChange> changes) {
    public Edit {
        changes = List.copyOf(changes);
    }

    /** Nothing changed. */
    public static Edit none(Graph g) {
        return new Edit(g, g, List.of());
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changes that take {@link #after} back to {@link #before}: the inverses, in reverse order. */
    public List<GraphChange> inverse() {
        List<GraphChange> inv = new ArrayList<>(changes.size());
        for (GraphChange c : changes) inv.add(c.inverse());
        Collections.reverse(inv);
        return inv;
    }

    /** The edit that undoes this one. */
    public Edit undo() {
        return new Edit(after, after.applyAll(inverse()), inverse());
    }

    /** This edit followed by {@code next} on its result, as one compound edit (paste, group, auto-layout). */
    public Edit then(Function<Graph, Edit> next) {
        Edit e = next.apply(after);
        if (e.before() != after) throw new IllegalArgumentException("the next edit must start from this edit's result");
        List<GraphChange> all = new ArrayList<>(changes);
        all.addAll(e.changes());
        return new Edit(before, e.after(), all);
    }
}
