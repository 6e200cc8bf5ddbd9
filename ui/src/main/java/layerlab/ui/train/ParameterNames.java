package layerlab.ui.train;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.compile.GraphCompiler;

/**
 * The parameter names of the model a graph compiles to ({@code fc1.weight}, {@code res.conv1.bias}), what the training
 * settings' parameter groups are matched against. Making the model takes its weights, so the names are found off the
 * JavaFX thread, once per drawing (a training edit or a moved card keeps them), and only for a model of at most
 * {@link #MAX_PARAMS} parameters.
 */
final class ParameterNames {
    /** Above this, no names (making the weights to read their names would take a large share of the heap). */
    static final long MAX_PARAMS = 20_000_000;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parameter-names");
        t.setDaemon(true);
        return t;
    });
    private Object key;
    private List<String> names;

    /**
     * Hands {@code show} (on the JavaFX thread) the parameter names of {@code g}'s model, at once when they are known,
     * else once found; null when the graph does not compile (a shape error, a missing input) or is too large.
     */
    void of(Graph g, Consumer<List<String>> show) {
        Object k = List.of(g.nodes().stream().map(n -> List.of(n.id(), n.name(), n.kind(), n.params())).toList(), g.edges(), g.blocks());
        if (Objects.equals(k, key)) {
            show.accept(names);
            return;
        }
        worker.execute(() -> {
            List<String> found;
            try {
                Analysis a = Analysis.of(g);
                found = a.totalParams() > MAX_PARAMS ? null : List.copyOf(GraphCompiler.compile(a).namedParameters().keySet());
            } catch (RuntimeException | OutOfMemoryError e) {
                found = null;
            }
            List<String> result = found;
            Platform.runLater(() -> {
                key = k;
                names = result;
                show.accept(result);
            });
        });
    }
}
