package layerlab.graph.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One migration step per file version: step {@code i} turns a version {@code i + 1} project (as a JSON tree)
 * into version {@code i + 2}. Version 1 is the first, so there is no step yet; when version 2 comes, its step
 * goes here and old files keep opening.
 */
public final class Migrations {
    /** The version this LayerLab writes. */
    public static final int CURRENT = 1;

    /** The steps from version 1 onwards (empty while 1 is current). */
    static final Migrations STANDARD = new Migrations(CURRENT, List.of());

    private final int current;
    private final List<UnaryOperator<ObjectNode>> steps;

    /** @param steps steps.get(i) migrates version i+1 to i+2; there must be {@code current - 1} of them */
    Migrations(int current, List<UnaryOperator<ObjectNode>> steps) {
        if (steps.size() != current - 1) throw new IllegalArgumentException("need " + (current - 1) + " steps for version " + current);
        this.current = current;
        this.steps = List.copyOf(steps);
    }

    int current() {
        return current;
    }

    /** The tree brought from {@code version} to the current version, {@code "version"} updated at each step. */
    ObjectNode migrate(ObjectNode root, int version) {
        ObjectNode r = root;
        for (int v = version; v < current; v++) {
            r = steps.get(v - 1).apply(r);
            r.put("version", v + 1);
        }
        return r;
    }
}
