package layerlab.ui.inspect;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.train.FeatureSpace;
import layerlab.train.Trainer;
import layerlab.ui.train.TrainingSession;

/**
 * The inspector's feature space kept up to date: where the inspected node (nothing selected: what the last layer sees)
 * puts the samples, projected during a run once an epoch at most, while the inspector is on screen, and never taking
 * more than a tenth of the training's time; after a run from the finished model, once the inspector is on screen.
 */
final class FeatureSpaceProbe {
    private final TrainingSession session;
    private final FeatureSpacePane features;
    /** The node the inspector shows now (its dotted name), or null. */
    private final Supplier<String> inspected;
    /** Whether the inspector is on screen. */
    private final BooleanSupplier onScreen;
    /** The epoch ({@code "epoch 3"}) and the layer the feature space was last projected for during a run, and what it cost. */
    private volatile String at;
    private volatile long costNanos, takenNanos;
    /** Whether the inspector is on screen, as the training thread reads it. */
    volatile boolean shown;
    /** A finished model's feature space is still to be computed: when the inspector comes on screen. */
    boolean stale;

    FeatureSpaceProbe(TrainingSession session, FeatureSpacePane features, Supplier<String> inspected, BooleanSupplier onScreen) {
        this.session = session;
        this.features = features;
        this.inspected = inspected;
        this.onScreen = onScreen;
    }

    /** Asks for the feature space of the node inspected now: live through a probe during a run, else from the finished model. */
    void probe() {
        String name = inspected.get();
        DataSplit data = session.data();
        stale = false;
        if (data == null) {
            session.setProbe("features", null);
            features.clear("Train a model (or select a node during a run) to see where a layer puts the samples.");
            return;
        }
        if (!session.state().active() && !onScreen.getAsBoolean()) {
            // After a run, computed when the inspector comes on screen, not for every run whether looked at or not.
            stale = true;
            return;
        }
        Dataset ds = data.validation() != null ? data.validation() : data.trainSamples();
        at = null;
        // live: on the training thread between batches, titled with the epoch; else from the finished model.
        BiFunction<Trainer, Boolean, Runnable> project = (t, live) -> {
            String layer = name != null ? name : FeatureSpace.defaultLayer(t.evaluator());
            if (layer == null) return () -> features.clear("The model has no Output to follow back to a layer.");
            String epoch = live ? "epoch " + t.epoch() : null;
            try {
                FeatureSpace f = FeatureSpace.of(t.evaluator(), ds, layer, FeatureSpace.SAMPLES);
                return () -> {
                    if (Objects.equals(name, inspected.get())) features.show(f, epoch);
                };
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                return () -> {
                    if (Objects.equals(name, inspected.get())) features.clear(layer + " cannot be projected: " + why);
                };
            }
        };
        TrainingSession.Probe p = t -> {
            String when = (name == null ? "" : name) + "@" + t.epoch();
            long now = System.nanoTime();
            if (!shown || when.equals(at) || now - takenNanos < 10 * costNanos) return null;
            at = when;
            Runnable show = project.apply(t, true);
            takenNanos = System.nanoTime();
            costNanos = takenNanos - now;
            return show;
        };
        if (session.state().active()) session.setProbe("features", p);
        else {
            session.setProbe("features", null);
            session.afterRun("features", t -> project.apply(t, false), Runnable::run);
        }
    }
}
