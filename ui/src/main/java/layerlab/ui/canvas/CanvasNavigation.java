package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;

/**
 * Alt+arrows move the selection from card to card without the mouse (plain arrows nudge it): Alt+→ goes to a layer the
 * selected one feeds and Alt+← to one that feeds it, following the wires as data flows, so a chain wrapped into rows is
 * walked in its order; where no wire leads that way, and for Alt+↑ and Alt+↓, the nearest card in that direction is
 * chosen. With nothing selected, the first card (top left) is. Shift adds the card reached to the selection. The card
 * reached is panned into view, and the canvas's accessible text names it, so a screen reader says where the keys went.
 */
final class CanvasNavigation {
    /** Which way an arrow points. */
    enum Direction { LEFT, RIGHT, UP, DOWN }

    private final CanvasView cv;
    /** The card the keys went to last: Shift+Alt+arrows go on from it, not from the first of the selection. */
    private String anchor;

    CanvasNavigation(CanvasView cv) {
        this.cv = cv;
    }

    /** Alt+arrow (Shift too: extend); true when the key was one of these and was used. */
    boolean keyPressed(KeyEvent e) {
        if (!e.isAltDown() || e.isShortcutDown() || e.isControlDown()) return false;
        Direction d = direction(e.getCode());
        if (d == null) return false;
        go(d, e.isShiftDown());
        return true;
    }

    static Direction direction(KeyCode code) {
        return switch (code) {
            case LEFT, KP_LEFT -> Direction.LEFT;
            case RIGHT, KP_RIGHT -> Direction.RIGHT;
            case UP, KP_UP -> Direction.UP;
            case DOWN, KP_DOWN -> Direction.DOWN;
            default -> null;
        };
    }

    /** Selects the card {@code d} of the present one (adds it with {@code extend}); nothing happens where none is. */
    void go(Direction d, boolean extend) {
        Graph g = cv.model.viewGraph();
        String from = from(g);
        String to = from == null ? first(g) : next(g, from, d);
        if (to == null) return;
        anchor = to;
        if (extend) {
            Set<String> ids = new LinkedHashSet<>(cv.model.selection());
            ids.add(to);
            cv.model.select(ids);
        } else {
            cv.model.select(List.of(to));
        }
        cv.showCard(to);
    }

    /** Where the keys start from: the card they went to last while still selected, else the first selected card. */
    private String from(Graph g) {
        if (anchor != null && cv.model.selection().contains(anchor) && g.node(anchor) != null) return anchor;
        for (String id : cv.model.selection()) if (g.node(id) != null) return id;
        return null;
    }

    /** The card nearest the top left corner of the drawing (rows first, then columns), or null for an empty canvas. */
    static String first(Graph g) {
        return g.nodes().stream()
                .min(Comparator.comparingDouble((Node n) -> n.position().y()).thenComparingDouble(n -> n.position().x()))
                .map(Node::id).orElse(null);
    }

    /**
     * The card to go to from {@code fromId}: along a wire for ← and → (the neighbour nearest on the canvas where several
     * are), else the nearest card whose centre lies that way, one straight ahead preferred to one off to the side.
     */
    static String next(Graph g, String fromId, Direction d) {
        Node from = g.node(fromId);
        if (from == null) return null;
        if (d == Direction.LEFT || d == Direction.RIGHT) {
            List<Node> wired = new ArrayList<>();
            for (Edge e : g.edges()) {
                String other = d == Direction.RIGHT ? (e.fromNode().equals(fromId) ? e.toNode() : null)
                        : (e.toNode().equals(fromId) ? e.fromNode() : null);
                if (other != null && !other.equals(fromId) && g.node(other) != null && !wired.contains(g.node(other))) wired.add(g.node(other));
            }
            if (!wired.isEmpty()) return wired.stream().min(Comparator.comparingDouble(n -> distance(from, n))).map(Node::id).orElse(null);
        }
        Node best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (Node n : g.nodes()) {
            if (n == from) continue;
            double dx = n.position().x() - from.position().x(), dy = n.position().y() - from.position().y();
            double ahead = switch (d) {
                case LEFT -> -dx;
                case RIGHT -> dx;
                case UP -> -dy;
                case DOWN -> dy;
            };
            double aside = d == Direction.LEFT || d == Direction.RIGHT ? Math.abs(dy) : Math.abs(dx);
            // A card level with this one (a row's neighbour for ↑ and ↓) is not that way.
            if (ahead <= 1) continue;
            double score = ahead + 2 * aside;
            if (score < bestScore) {
                bestScore = score;
                best = n;
            }
        }
        return best == null ? null : best.id();
    }

    private static double distance(Node a, Node b) {
        return Math.hypot(a.position().x() - b.position().x(), a.position().y() - b.position().y());
    }
}
