package layerlab.ui.editor;

import java.util.Objects;
import java.util.function.Function;
import layerlab.graph.Edit;
import layerlab.graph.Graph;

/**
 * One user intent on the document, with the name the Edit menu shows ("Move 3 nodes"). Executing it runs the
 * graph operations and keeps their {@link Edit}; undo is that edit's inverse, so no command needs undo code of
 * its own and the whole graph is never snapshot-and-diffed.
 */
public record Command(String name, Function<Graph, Edit> operation) {
    public Command {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operation, "operation");
    }

    public Edit execute(Graph g) {
        return operation.apply(g);
    }
}
