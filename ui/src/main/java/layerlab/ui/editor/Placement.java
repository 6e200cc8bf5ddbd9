package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.AutoLayout;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Note;
import layerlab.graph.Position;

/**
 * Where a card goes when the editor places it itself (quick add after a node, a problem's fix, a selection's layout, a
 * paste, an ungroup).
 */
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
     * wire does not run left to right along one row, or when it skips cards of that row (a residual connection, drawn
     * round the layers it skips: a column after {@code from} is the first of them): the node then stays where it was dropped.
     */
    public static Map<String, Position> roomInRow(Graph g, String from, String to, String inserted) {
        Position a = g.requireNode(from).position(), b = g.requireNode(to).position();
        Map<String, Position> moves = new LinkedHashMap<>();
        if (Math.abs(a.y() - b.y()) >= CARD_H / 2 || b.x() <= a.x()) return moves;
        for (Node m : g.nodes()) {
            Position p = m.position();
            boolean between = p.x() > a.x() && p.x() < b.x() && Math.abs(p.y() - a.y()) < CARD_H;
            if (between && !m.id().equals(inserted) && !m.id().equals(from) && !m.id().equals(to)) return moves;
        }
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

    /** Node {@code id} moved to the nearest place where it covers no other card; empty where it covers none already. */
    public static Map<String, Position> clearOf(Graph g, String id) {
        Position p = g.requireNode(id).position();
        Position off = freeOffset(g, Set.of(id), List.of(rect(p, CARD_W, CARD_H)), 0, 0, null);
        if (off.x() == 0 && off.y() == 0) return Map.of();
        return Map.of(id, new Position(p.x() + off.x(), p.y() + off.y()));
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

    /** How far apart cards set down by {@link #freeOffset} keep from the others (a grid step: room to see a wire between). */
    public static final double APART = 20;
    /** The canvas's grid (world units): a place found is a whole number of its steps from where it was meant to be. */
    static final double GRID = 20;
    /** How far from where they were meant to go {@link #freeOffset} looks for a free place, at most (world units). */
    static final double SEARCH = 2000;
    /** The grid steps within {@link #SEARCH}, nearest first (rings of equal distance in a fixed order). */
    private static final List<int[]> AROUND = around((int) (SEARCH / GRID));

    private static List<int[]> around(int steps) {
        List<int[]> around = new ArrayList<>();
        for (int i = -steps; i <= steps; i++) for (int j = -steps; j <= steps; j++) if (i * i + j * j <= steps * steps) around.add(new int[] {i, j});
        around.sort((a, b) -> Integer.compare(a[0] * a[0] + a[1] * a[1], b[0] * b[0] + b[1] * b[1]));
        return List.copyOf(around);
    }

    /**
     * The translation nearest (dx, dy), in steps of the grid, that sets the rectangles {@code group} ({x0, y0, x1, y1} each)
     * down where none comes within {@link #APART} of a card or note of {@code g} other than those in {@code except}; within
     * {@code view} ({x0, y0, x1, y1}; null: anywhere) where a free place there holds them, else the nearest free place
     * anywhere. (dx, dy) itself when nothing is free within {@link #SEARCH}.
     */
    public static Position freeOffset(Graph g, Set<String> except, List<double[]> group, double dx, double dy, double[] view) {
        List<double[]> others = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!except.contains(n.id())) others.add(rect(n.position(), CARD_W, CARD_H));
        }
        for (Note n : g.notes()) if (!except.contains(n.id())) others.add(rect(n.position(), n.width(), n.height()));
        double[] box = bounds(group);
        if (box == null) return new Position(dx, dy);
        boolean fits = view != null && box[2] - box[0] <= view[2] - view[0] && box[3] - box[1] <= view[3] - view[1];
        RectIndex near = new RectIndex(others);
        Position anywhere = null;
        for (int[] k : AROUND) {
            double ox = dx + k[0] * GRID, oy = dy + k[1] * GRID;
            boolean inView = fits && box[0] + ox >= view[0] && box[1] + oy >= view[1] && box[2] + ox <= view[2] && box[3] + oy <= view[3];
            // Out of view, once a free place out of view is known, only one in view could do better.
            if (fits && !inView && anywhere != null) continue;
            if (!clear(group, ox, oy, near)) continue;
            if (inView || !fits) return new Position(ox, oy);
            anywhere = new Position(ox, oy);
        }
        return anywhere != null ? anywhere : new Position(dx, dy);
    }

    /** The rectangles of the nodes and notes of {@code g} whose ids are in {@code ids}, {x0, y0, x1, y1} each. */
    public static List<double[]> rects(Graph g, Collection<String> ids) {
        List<double[]> out = new ArrayList<>();
        for (String id : ids) {
            Node n = g.node(id);
            if (n != null) out.add(rect(n.position(), CARD_W, CARD_H));
            for (Note m : g.notes()) if (m.id().equals(id)) out.add(rect(m.position(), m.width(), m.height()));
        }
        return out;
    }

    /** The box round {@code rects}; null when there are none. */
    public static double[] bounds(List<double[]> rects) {
        if (rects.isEmpty()) return null;
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] r : rects) {
            b[0] = Math.min(b[0], r[0]);
            b[1] = Math.min(b[1], r[1]);
            b[2] = Math.max(b[2], r[2]);
            b[3] = Math.max(b[3], r[3]);
        }
        return b;
    }

    private static double[] rect(Position p, double w, double h) {
        return new double[] {p.x(), p.y(), p.x() + w, p.y() + h};
    }

    private static boolean clear(List<double[]> group, double ox, double oy, RectIndex others) {
        for (double[] r : group) {
            if (others.overlaps(r[0] + ox - APART, r[1] + oy - APART, r[2] + ox + APART, r[3] + oy + APART)) return false;
        }
        return true;
    }

    private static boolean covered(Graph g, double x, double y) {
        for (Node m : g.nodes()) {
            if (Math.abs(m.position().x() - x) < CARD_W && Math.abs(m.position().y() - y) < CARD_H) return true;
        }
        return false;
    }
}
