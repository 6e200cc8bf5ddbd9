package layerlab.ui.inspect;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import layerlab.tensor.Tensor;
import layerlab.train.Predictions;
import layerlab.ui.train.TrainingSession;

/**
 * The class probabilities of one prediction as a bar per class, likeliest first (in green and bold), so that the answer
 * is in view however many classes there are: what the drawing pad and "Try a sample" work out and show beside their
 * input.
 */
final class ProbabilityBars {
    private ProbabilityBars() {
    }

    /**
     * The finished model's class probabilities for {@code input} (one sample, normalized as in training), worked out
     * after the run and shown in {@code into}; {@code shown} then hears them (the pad and "Try a sample" alike).
     */
    static void predict(TrainingSession session, Tensor input, List<String> names, VBox into, Consumer<float[]> shown) {
        session.afterRun(t -> Predictions.probabilities(Probes.predict(t, input), t.evaluator().task()), p -> {
            show(into, p, names);
            shown.accept(p);
        });
    }

    /** Replaces what {@code into} holds with a row per class of {@code p}, likeliest first: its name (from {@code names}), percentage and bar. */
    static void show(VBox into, float[] p, List<String> names) {
        into.getChildren().clear();
        int best = Predictions.best(p);
        List<String> classes = Predictions.classNames(names, p.length);
        int width = nameWidth(classes);
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        // Likeliest first; equal ones in class order (a stable sort), the best of them first as Predictions.best says.
        java.util.Arrays.sort(order, (a, b) -> a.intValue() == b.intValue() ? 0 : a == best ? -1 : b == best ? 1 : Float.compare(p[b], p[a]));
        for (int i : order) {
            String text = String.format(Locale.ROOT, "%-" + width + "s %5.1f%%", classes.get(i), 100 * p[i]);
            into.getChildren().add(row(text, p[i], i == best ? Look.BEST : Look.OTHER));
        }
    }

    /**
     * Replaces what {@code into} holds with a row per class of {@code names}, in their order, without an answer yet: the
     * classes the model chooses among, taking the room their answer will, so that the answer moves nothing when it comes.
     */
    static void waiting(VBox into, List<String> names) {
        into.getChildren().clear();
        int width = nameWidth(names);
        for (String name : names) into.getChildren().add(row(String.format(Locale.ROOT, "%-" + width + "s %6s", name, ""), 0, Look.WAITING));
    }

    private enum Look { BEST, OTHER, WAITING }

    /** Names padded to the longest (in a monospace font), so that the bars line up and no name is cut. */
    private static int nameWidth(List<String> classes) {
        return Math.max(3, classes.stream().mapToInt(String::length).max().orElse(3));
    }

    private static HBox row(String text, float p, Look look) {
        ProgressBar bar = new ProgressBar(p);
        bar.setPrefWidth(100);
        if (look == Look.BEST) bar.setStyle("-fx-accent: #2ca02c");
        Label l = new Label(text);
        String more = look == Look.BEST ? "; -fx-font-weight: bold" : look == Look.WAITING ? "; -fx-text-fill: -ll-muted" : "";
        l.setStyle("-fx-font-family: monospace" + more);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return new HBox(6, l, bar);
    }
}
