package layerlab.ui.editor;

import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.graph.AutoLayout;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;

/** Where a card goes when the editor places it itself (quick add after a node, a problem's fix, a selection's layout). */
public final class Placement {
    /** A card's size on the canvas, in world units. */
    public static final double CARD_W = 180, CARD_H = 104;

    private Placement() {
    }

    /** (x, y), or the first place down from it, a row at a time, that no card of {@code g} covers. */
    public static Position freeBelow(Graph g, double x, double y) {
        for (int tries = 0; tries < 50; tries++) {
            double yy = y + tries * AutoLayout.ROW;
            if (!covered(g, x, yy)) return new Position(x, yy);
        }
        return new Position(x, y);
    }

    /**
     * Room for node {@code inserted} going into the wire from {@code from} to {@code to} when that wire runs along a row,
     * as Blender's auto-offset makes it: the node a column after {@code from}, and {@code to} with every card right of
     * it in its row moved right as far as the new card needs (nothing moves when there is room already). Empty when the
     * wire does not run left to right along one row: the node then stays where it was dropped.
     */
    public static Map<String, Position> roomInRow(Graph g, String from, String to, String inserted) {
        Position a = g.requireNode(from).position(), b = g.requireNode(to).position();
        Map<String, Position> moves = new LinkedHashMap<>();
        if (Math.abs(a.y() - b.y()) >= CARD_H / 2 || b.x() <= a.x()) return moves;
        double x = a.x() + AutoLayout.COLUMN;
        moves.put(inserted, new Position(x, a.y()));
        double shift = x + AutoLayout.COLUMN - b.x();
        if (shift <= 0) return moves;
        for (Node m : g.nodes()) {
            Position p = m.position();
            if (!m.id().equals(inserted) && Math.abs(p.y() - b.y()) < CARD_H && p.x() >= b.x()) moves.put(m.id(), new Position(p.x() + shift, p.y()));
        }
        return moves;
    }

    /**
     * {@code placed} (new positions for some of {@code g}'s nodes), moved down together a row at a time until none of them
     * lands on a card of {@code g} that is not among them: a selection laid out on its own keeps clear of the rest.
     */
    public static Map<String, Position> clearOfOthers(Graph g, Map<String, Position> placed) {
        for (int tries = 0; tries < 50; tries++) {
            double dy = tries * AutoLayout.ROW;
            boolean clear = true;
            for (Position p : placed.values()) {
                for (Node m : g.nodes()) {
                    if (placed.containsKey(m.id())) continue;
                    if (Math.abs(m.position().x() - p.x()) < CARD_W && Math.abs(m.position().y() - (p.y() + dy)) < CARD_H) clear = false;
                }
            }
            if (clear) {
                Map<String, Position> out = new LinkedHashMap<>();
                placed.forEach((id, p) -> out.put(id, new Position(p.x(), p.y() + dy)));
                return out;
            }
        }
        return placed;
    }

    private static boolean covered(Graph g, double x, double y) {
        for (Node m : g.nodes()) {
            if (Math.abs(m.position().x() - x) < CARD_W && Math.abs(m.position().y() - y) < CARD_H) return true;
        }
        return false;
    }
}
