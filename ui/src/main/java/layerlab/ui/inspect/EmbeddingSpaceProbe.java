package layerlab.ui.inspect;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.train.EmbeddingSpace;
import layerlab.train.TensorSnapshot;
import layerlab.train.Trainer;
import layerlab.ui.train.TrainingSession;

/**
 * The inspected Embedding's space ({@link EmbeddingSpacePane}) kept up to date: its weight copied and projected on the
 * training thread once an epoch at most while the inspector is on screen (as the feature space is), and from the finished
 * model after a run. Any other node hides the pane.
 */
final class EmbeddingSpaceProbe {
    private final TrainingSession session;
    private final EmbeddingSpacePane pane;
    /** The node the inspector shows now (its dotted name), or null. */
    private final Supplier<String> inspected;
    private final BooleanSupplier onScreen;
    /** The layer and epoch last projected during a run. */
    private volatile String at;

    EmbeddingSpaceProbe(TrainingSession session, EmbeddingSpacePane pane, Supplier<String> inspected, BooleanSupplier onScreen) {
        this.session = session;
        this.pane = pane;
        this.inspected = inspected;
        this.onScreen = onScreen;
    }

    /** Asks for the space of {@code node} (the selected node, in {@code graph}) when it is an Embedding; else hides the pane. */
    void probe(Graph graph, Node node) {
        String name = inspected.get();
        if (name == null || node == null || !node.kind().equals("Embedding")) {
            session.setProbe("embedding", null);
            pane.clear(null);
            return;
        }
        DataSplit data = session.data();
        if (data == null) {
            session.setProbe("embedding", null);
            pane.clear("Train the model (or open a trained one) to see where it puts its tokens.");
            return;
        }
        Dataset ds = data.validation() != null ? data.validation() : data.trainSamples();
        Vocabulary vocabulary = ds.vocabulary();
        at = null;
        BiFunction<Trainer, Boolean, Runnable> project = (t, live) -> {
            TensorSnapshot w = Probes.parameters(t, name).get("weight");
            String epoch = live ? "epoch " + t.epoch() : null;
            try {
                if (w == null) throw new IllegalArgumentException("the model has no " + name + ".weight");
                EmbeddingSpace s = EmbeddingSpace.of(graph, node, name, w.data(), w.shape(), vocabulary);
                return () -> {
                    if (Objects.equals(name, inspected.get())) pane.show(s, epoch);
                };
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                return () -> {
                    if (Objects.equals(name, inspected.get())) pane.clear(name + " cannot be projected: " + why);
                };
            }
        };
        TrainingSession.Probe p = t -> {
            String when = name + "@" + t.epoch();
            if (!onScreen.getAsBoolean() || when.equals(at)) return null;
            at = when;
            return project.apply(t, true);
        };
        if (session.state().active()) session.setProbe("embedding", p);
        else {
            session.setProbe("embedding", null);
            session.afterRun("embedding", t -> project.apply(t, false), Runnable::run);
        }
    }
}
