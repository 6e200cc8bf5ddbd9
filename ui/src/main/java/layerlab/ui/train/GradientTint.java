package layerlab.ui.train;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.paint.Color;
import layerlab.train.TrainingEvent.ParameterStat;
import layerlab.train.TrainingEvent.ParameterStats;

/**
 * Tints each node card on the canvas by the gradient magnitude of its parameters (blue: small, red: large, on a log
 * scale between the smallest and the largest layer of the last statistics), or by its share of a profiled step's
 * time. The tint is a coloured glow set as the
 * card's inline style, so it needs nothing from the canvas but a way to find a card by node name.
 */
public final class GradientTint {
    private final Function<String, Node> card;
    private final Map<String, Node> tinted = new HashMap<>();

    /** @param card the canvas card of a node by its name, or null */
    public GradientTint(Function<String, Node> card) {
        this.card = card;
    }

    /** The gradient 2-norm of each node (its parameters' norms combined), by node name. */
    public static Map<String, Double> nodeGradNorms(ParameterStats stats) {
        // In the parameters' order (the model's): the inspector's chart lists its layers as the model has them.
        Map<String, Double> sq = new java.util.LinkedHashMap<>();
        for (ParameterStat p : stats.parameters()) {
            if (p.grad() == null) continue;
            String node = nodeOf(p.name());
            sq.merge(node, p.grad().norm() * p.grad().norm(), Double::sum);
        }
        sq.replaceAll((k, v) -> Math.sqrt(v));
        return sq;
    }

    /** {@code fc1.weight} → {@code fc1}; {@code res1.conv1.weight} → {@code res1} (the placed block). */
    public static String nodeOf(String parameter) {
        int dot = parameter.indexOf('.');
        return dot < 0 ? parameter : parameter.substring(0, dot);
    }

    /** The heat colour of {@code t} in [0, 1]. */
    public static Color heat(double t) {
        t = Math.max(0, Math.min(1, t));
        return Color.hsb(240 - 240 * t, 0.85, 0.95);
    }

    public void apply(ParameterStats stats) {
        Map<String, Double> norms = nodeGradNorms(stats);
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (double v : norms.values()) {
            if (v <= 0) continue;
            lo = Math.min(lo, Math.log10(v));
            hi = Math.max(hi, Math.log10(v));
        }
        double l = lo, h = hi;
        paint(norms, v -> h > l ? (Math.log10(v) - l) / (h - l) : 0.5, "layerlab.gradNorm");
    }

    /**
     * Tints each node by its share of a training step's time ({@code shares}: top-level node name → 0..1, a block's
     * placement holding its nodes'), blue for the smallest, red for the largest: where the time goes, on the drawing.
     */
    public void showShares(Map<String, Double> shares) {
        double hi = 0;
        for (double v : shares.values()) hi = Math.max(hi, v);
        double h = hi;
        paint(shares, v -> h > 0 ? v / h : 0, "layerlab.timeShare");
    }

    /** Replaces the tint: each node with a value above 0 glows in the heat colour of {@code scale} of it; the value kept under {@code key}. */
    private void paint(Map<String, Double> values, java.util.function.DoubleUnaryOperator scale, String key) {
        clear();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            Node n = card.apply(e.getKey());
            if (n == null || e.getValue() <= 0) continue;
            Color c = heat(scale.applyAsDouble(e.getValue()));
            n.setStyle(String.format(Locale.ROOT, "-fx-effect: dropshadow(gaussian, rgba(%d,%d,%d,0.95), 22, 0.55, 0, 0); -fx-border-color: rgb(%d,%d,%d);",
                    (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255),
                    (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255)));
            n.getProperties().put(key, e.getValue());
            tinted.put(e.getKey(), n);
        }
    }

    /** Removes every tint. */
    public void clear() {
        for (Node n : tinted.values()) {
            n.setStyle("");
            n.getProperties().remove("layerlab.gradNorm");
            n.getProperties().remove("layerlab.timeShare");
        }
        tinted.clear();
    }

    /** Names of the nodes tinted now (tests). */
    public List<String> tintedNodes() {
        return List.copyOf(tinted.keySet());
    }
}
