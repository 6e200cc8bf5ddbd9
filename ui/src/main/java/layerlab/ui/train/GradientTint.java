package layerlab.ui.train;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.stage.PopupWindow;
import javafx.util.Duration;
import layerlab.train.TrainingEvent.ParameterStat;
import layerlab.train.TrainingEvent.ParameterStats;

/**
 * Tints each node card on the canvas by the gradient magnitude of its parameters (blue: small, red: large, on a log
 * scale between the smallest and the largest layer of the last statistics), or by its share of a profiled step's
 * time. The tint is a coloured glow set as the
 * card's inline style, so it needs nothing from the canvas but a way to find a card by node name. Hue is not its only
 * cue (a projector washes colours out; some students do not tell red from green): the border is thicker the larger the
 * value, {@link #legend()} says what the colours and widths stand for, with the smallest and largest values, and each
 * tinted card says its own value in a tooltip (above the card) and to a screen reader.
 */
public final class GradientTint {
    private final Function<String, Node> card;
    private final Map<String, Node> tinted = new HashMap<>();
    /** The border's width at the smallest and the largest value (px). */
    static final double THIN = 1, THICK = 5;
    private final TintLegend legend = new TintLegend();
    /** Where a tinted card keeps the tooltip that says its value. */
    private static final String TIP = "layerlab.tintTip", TIP_OFF = "layerlab.tintTipOff";
    /** Between a card's top and the bottom of its tooltip (px). */
    private static final double GAP = 4;

    /** @param card the canvas card of a node by its name, or null */
    public GradientTint(Function<String, Node> card) {
        this.card = card;
    }

    /** What the tint stands for, shown while nodes are tinted: the scale's colours and widths and its two ends' values. */
    public TintLegend legend() {
        return legend;
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
        Map<String, Double> all = nodeGradNorms(stats);
        Map<String, Double> norms = shown(all);
        // A log scale has no place for 0 (a layer behind a dead ReLU): such a card has no glow, and the legend says why.
        List<String> zero = all.entrySet().stream().filter(e -> e.getValue() == 0 && card.apply(e.getKey()) != null).map(Map.Entry::getKey).toList();
        // Between the smallest and the largest drawn (the largest had started from 1, so that gradients all under 1 never
        // reached red).
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : norms.values()) {
            lo = Math.min(lo, Math.log10(v));
            hi = Math.max(hi, Math.log10(v));
        }
        double l = lo, h = hi;
        paint(norms, v -> h > l ? (Math.log10(v) - l) / (h - l) : 0.5, "layerlab.gradNorm",
                v -> "gradient norm " + layerlab.ui.inspect.Numbers.compact(v));
        if (!tinted.isEmpty()) legend.show("Node glow: gradient norm (log scale)", layerlab.ui.inspect.Numbers.compact(Math.pow(10, l)),
                layerlab.ui.inspect.Numbers.compact(Math.pow(10, h)));
        else if (!zero.isEmpty()) legend.show("Node glow: gradient norm (log scale)", null, null);
        legend.note(zero.isEmpty() ? "" : "No glow: " + String.join(", ", zero) + " (gradient norm 0, not on a log scale)");
    }

    /**
     * Tints each node by its share of a training step's time ({@code shares}: top-level node name → 0..1, a block's
     * placement holding its nodes'), blue for the smallest, red for the largest: where the time goes, on the drawing.
     */
    public void showShares(Map<String, Double> shares) {
        Map<String, Double> shown = shown(shares);
        double hi = 0;
        for (double v : shown.values()) hi = Math.max(hi, v);
        double h = hi;
        paint(shown, v -> h > 0 ? v / h : 0, "layerlab.timeShare", v -> String.format(Locale.ROOT, "%.1f %% of a step's time", 100 * v));
        if (!tinted.isEmpty()) legend.show("Node glow: share of a step's time", "0 %", String.format(Locale.ROOT, "%.0f %%", 100 * h));
        legend.note("");
    }

    /** The values above 0 of the nodes that have a card to tint: the scale runs between what is drawn. */
    private Map<String, Double> shown(Map<String, Double> values) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() > 0 && Double.isFinite(e.getValue()) && card.apply(e.getKey()) != null) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * Replaces the tint: each node glows in the heat colour of {@code scale} of its value; the value kept under {@code key}
     * and said in words ({@code said}: "gradient norm 0.0123") by the card's tooltip and to a screen reader.
     */
    private void paint(Map<String, Double> values, java.util.function.DoubleUnaryOperator scale, String key,
            java.util.function.DoubleFunction<String> said) {
        // The cards tinted before keep their tooltip (one showing stays up as the numbers change); the others lose theirs.
        Map<String, Node> before = new HashMap<>(tinted);
        tinted.clear();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            Node n = card.apply(e.getKey());
            double t = Math.max(0, Math.min(1, scale.applyAsDouble(e.getValue())));
            Color c = heat(t);
            n.setStyle(String.format(Locale.ROOT, "-fx-effect: dropshadow(gaussian, rgba(%d,%d,%d,0.95), 22, 0.55, 0, 0); -fx-border-color: rgb(%d,%d,%d);"
                    + " -fx-border-width: %.1f;", (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255),
                    (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255), borderWidth(t)));
            n.getProperties().remove("layerlab.gradNorm");
            n.getProperties().remove("layerlab.timeShare");
            n.getProperties().put(key, e.getValue());
            String text = e.getKey() + ": " + said.apply(e.getValue());
            Tooltip tip = (Tooltip) n.getProperties().get(TIP);
            if (tip == null) {
                tip = tipFor(n);
                n.getProperties().put(TIP, tip);
            }
            tip.setText(text);
            n.setAccessibleHelp(text);
            tinted.put(e.getKey(), n);
        }
        for (Node n : before.values()) if (!tinted.containsValue(n)) untint(n);
        if (tinted.isEmpty()) legend.hide();
    }

    /**
     * The tooltip that says a card's value: shown above the card, so that over a card at the canvas's bottom edge it does
     * not cover the training panel under the canvas (its Start button), and hidden as soon as the pointer leaves the card
     * (a tooltip's usual 200 ms lets a quick move and click land on it rather than on what lies below).
     */
    private static Tooltip tipFor(Node n) {
        Tooltip tip = new Tooltip();
        tip.setShowDelay(Duration.millis(300));
        tip.setAnchorLocation(PopupWindow.AnchorLocation.CONTENT_BOTTOM_LEFT);
        tip.setOnShown(e -> {
            Bounds b = n.localToScreen(n.getLayoutBounds());
            if (b == null) return;
            tip.setAnchorX(b.getMinX());
            tip.setAnchorY(b.getMinY() - GAP);
        });
        Tooltip.install(n, tip);
        EventHandler<MouseEvent> off = e -> tip.hide();
        n.addEventHandler(MouseEvent.MOUSE_EXITED, off);
        n.getProperties().put(TIP_OFF, off);
        return tip;
    }

    /** The border's width for a value at {@code t} of the scale (0: the smallest, 1: the largest). */
    static double borderWidth(double t) {
        return THIN + (THICK - THIN) * t;
    }

    /** Removes every tint. */
    public void clear() {
        legend.hide();
        for (Node n : tinted.values()) untint(n);
        tinted.clear();
    }

    private static void untint(Node n) {
        n.setStyle("");
        n.getProperties().remove("layerlab.gradNorm");
        n.getProperties().remove("layerlab.timeShare");
        if (n.getProperties().remove(TIP) instanceof Tooltip tip) {
            tip.hide();
            Tooltip.uninstall(n, tip);
        }
        @SuppressWarnings("unchecked")
        EventHandler<MouseEvent> off = (EventHandler<MouseEvent>) n.getProperties().remove(TIP_OFF);
        if (off != null) n.removeEventHandler(MouseEvent.MOUSE_EXITED, off);
        n.setAccessibleHelp(null);
    }

    /** Names of the nodes tinted now (tests). */
    public List<String> tintedNodes() {
        return List.copyOf(tinted.keySet());
    }
}
