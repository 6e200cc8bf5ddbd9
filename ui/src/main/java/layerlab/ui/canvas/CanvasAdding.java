package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javafx.geometry.Point2D;
import layerlab.graph.AutoLayout;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.TensorType;
import layerlab.ui.editor.Command;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.Connections;
import layerlab.ui.editor.Placement;
import layerlab.ui.editor.Ports;
import layerlab.ui.editor.QuickAddModel;
import layerlab.ui.editor.QuickAddModel.Choice;

/**
 * Adding nodes on the canvas: the quick-add popup (Tab, a double-click, a wire dropped on nothing), layers from the
 * palette (Enter, or dragged and dropped, onto a wire too), and the popup's other uses: Replace with…, Find and Connect To….
 */
final class CanvasAdding {
    /** What parts a node's name from its kind in the Find and Connect To… lists: "fc1  (Linear)". */
    static final String FIND_KIND = "  (";
    private final CanvasView cv;

    CanvasAdding(CanvasView cv) {
        this.cv = cv;
    }

    /**
     * Opens quick-add (Tab, Shift+A): with one node selected that has an output, the new node comes after it, one
     * column to its right and connected from it, so that Tab, a name and Enter again and again draw a chain from the
     * keyboard; otherwise at the mouse, unconnected.
     */
    void openQuickAdd() {
        String[] from = chainFrom();
        if (from == null) {
            openQuickAdd(cv.lastMouseWorld, null, false);
            return;
        }
        Node n = cv.model.viewGraph().node(from[0]);
        Position at = Placement.freeBelow(cv.model.viewGraph(), n.position().x() + AutoLayout.COLUMN, n.position().y());
        openQuickAdd(new Point2D(at.x(), at.y() + NodeCard.H / 2), from, true);
    }

    /** The selected node and its first free output (else its first), when exactly one node with an output is selected. */
    String[] chainFrom() {
        if (cv.model.selection().size() != 1) return null;
        Graph g = cv.model.viewGraph();
        Node n = g.node(cv.model.selection().iterator().next());
        Analysis a = cv.model.viewAnalysis();
        if (n == null || a.graph() != g) return null;
        List<PortSpec> outs = Ports.outputs(g, a, n);
        if (outs.isEmpty()) return null;
        for (PortSpec p : outs) {
            if (g.outgoing(n.id()).stream().noneMatch(e -> e.fromPort().equals(p.name()))) return new String[] {n.id(), p.name()};
        }
        return new String[] {n.id(), outs.get(0).name()};
    }

    /**
     * {@code from} (node id, port) when a wire was dropped here or the new node comes after the selected one
     * ({@code after}): only kinds that accept its tensor, and the new node is connected.
     */
    void openQuickAdd(Point2D at, String[] from, boolean after) {
        List<Choice> everything = QuickAddModel.choices(cv.model.graph()), all = everything;
        String heading = "Add layer";
        if (from != null) {
            Analysis a = cv.model.viewAnalysis();
            TensorType t = a.graph() == cv.model.viewGraph() ? a.info(from[0]).output(from[1]) : null;
            all = QuickAddModel.accepting(all, t == null ? null : t.dtype());
            heading = (after ? "Add after " + cv.model.viewGraph().node(from[0]).name() : "Add and connect")
                    + (t == null ? "" : " (" + t.describe() + ")");
        }
        Point2D p = popupAt(at.getX(), at.getY());
        cv.quickAdd.open(heading, all, everything, p.getX(), p.getY(), c -> place(c, at, from));
    }

    /** Where the quick-add popup opens for world point (wx, wy): there, kept within the canvas and above the zoom bar. */
    Point2D popupAt(double wx, double wy) {
        Point2D s = cv.vp.toScreen(wx, wy);
        // Above the zoom bar in the bottom corner: drawn over the canvas, it would cover the list.
        return new Point2D(Math.max(4, Math.min(s.getX(), cv.surface.getWidth() - 310)), Math.max(4, Math.min(s.getY(), cv.surface.getHeight() - 330 - 40)));
    }

    void place(Choice c, Point2D at, String[] from) {
        String[] id = {null};
        Position pos = cv.snapped(at.getX(), at.getY() - NodeCard.H / 2);
        Command add = Commands.addNode(c.kind(), c.block(), pos, id);
        if (from == null) {
            if (cv.model.execute(add)) cv.model.select(List.of(id[0]));
            return;
        }
        Command both = new Command(add.name() + " and connect", g -> {
            layerlab.graph.Edit e = add.execute(g);
            Node n = e.after().node(id[0]);
            var ins = layerlab.ui.editor.Ports.inputs(e.after(), Analysis.of(e.after()), n);
            if (ins.isEmpty()) return e;
            Edge edge = new Edge(from[0], from[1], id[0], ins.get(0).name());
            return e.then(x -> x.connect(edge));
        });
        if (cv.model.execute(both)) {
            cv.model.select(List.of(id[0]));
            showCard(id[0]);
        }
    }

    /** Pans the least that brings a node's card wholly into view (with a margin), when it is not. */
    void showCard(String nodeId) {
        Node n = cv.model.viewGraph().node(nodeId);
        if (n == null) return;
        Point2D a = cv.vp.toScreen(n.position().x(), n.position().y()), b = cv.vp.toScreen(n.position().x() + NodeCard.W, n.position().y() + NodeCard.H);
        double m = 40, w = cv.surface.getWidth(), h = cv.surface.getHeight();
        double dx = b.getX() > w - m ? w - m - b.getX() : a.getX() < m ? m - a.getX() : 0;
        double dy = b.getY() > h - m ? h - m - b.getY() : a.getY() < m ? m - a.getY() : 0;
        if (dx != 0 || dy != 0) cv.vp.pan(dx, dy);
    }

    boolean quickAddOpen() {
        return cv.quickAdd.isOpen();
    }

    List<Choice> quickAddShown() {
        return cv.quickAdd.shown();
    }

    /**
     * Adds a layer chosen in the palette by Enter or a double-click, where no drop point says where: after the one
     * selected node and connected from it when the layer has an input for its tensor (as quick add chains), else in the middle of
     * the view, moved down below any card already there, so that layers added one after another do not pile up.
     */
    void addFromPalette(String kind, String block) {
        String[] from = chainFrom();
        if (from != null) {
            Analysis a = cv.model.viewAnalysis();
            TensorType t = a.info(from[0]).output(from[1]);
            List<Choice> one = List.of(new Choice(kind, block, kind, ""));
            if (!QuickAddModel.accepting(one, t == null ? null : t.dtype()).isEmpty()) {
                Node n = cv.model.viewGraph().node(from[0]);
                Position at = Placement.freeBelow(cv.model.viewGraph(), n.position().x() + AutoLayout.COLUMN, n.position().y());
                place(one.get(0), new Point2D(at.x(), at.y() + NodeCard.H / 2), from);
                cv.requestFocus();
                return;
            }
        }
        Point2D mid = cv.vp.toWorld(cv.surface.getWidth() / 2, cv.surface.getHeight() / 2);
        Position centre = cv.snapped(mid.getX() - NodeCard.W / 2, mid.getY() - NodeCard.H / 2);
        Position at = Placement.freeBelow(cv.model.viewGraph(), centre.x(), centre.y());
        String[] id = {null};
        if (cv.model.execute(Commands.addNode(kind, block, at, id))) {
            cv.model.select(List.of(id[0]));
            showCard(id[0]);
        }
        cv.requestFocus();
    }

    /** Adds a layer dragged from the palette and dropped at this screen point; false when the point is not on the canvas. */
    boolean dropKind(String kind, String block, double screenX, double screenY) {
        dragKindOver(null, screenX, screenY);
        Position at = dropPosition(screenX, screenY);
        if (at == null) return false;
        String[] id = {null};
        // Dropped onto a wire: the layer goes into it, in the same step.
        EdgeView target = cv.gestures.edgeUnder(at);
        Command into = target == null ? null : Commands.addOnEdge(cv.model.viewGraph(), cv.model.viewAnalysis(), kind, block, at, target.edge, id);
        if (cv.model.execute(into != null ? into : Commands.addNode(kind, block, at, id))) cv.model.select(List.of(id[0]));
        cv.requestFocus();
        return true;
    }

    /**
     * A layer dragged from the palette is over this screen point: a ghost card shows where it would land and the wire
     * it would go into lights up. A null {@code name} (the drag ended) or a point off the canvas hides both.
     */
    void dragKindOver(String name, double screenX, double screenY) {
        Position at = name == null ? null : dropPosition(screenX, screenY);
        cv.ghostCard.setVisible(at != null);
        if (at == null) {
            cv.gestures.showDropTarget(null);
            return;
        }
        cv.ghostName.setText(name);
        cv.ghostCard.relocate(at.x(), at.y());
        cv.ghostCard.toFront();
        cv.gestures.showDropTarget(cv.gestures.edgeUnder(at));
    }

    /**
     * Where a card dropped at this screen point lands (its middle under the pointer, on the grid; onto a wire there, into
     * it), moved to the nearest free place when it would cover a card (dropped just beside the last layer, it lands
     * beside it, not on it); null off the canvas.
     */
    Position dropPosition(double screenX, double screenY) {
        Point2D local = cv.surface.screenToLocal(screenX, screenY);
        if (local == null || !cv.surface.getLayoutBounds().contains(local)) return null;
        Point2D w = cv.vp.toWorld(local.getX(), local.getY());
        Position at = inView(cv.snapped(w.getX() - NodeCard.W / 2, w.getY() - NodeCard.H / 2));
        if (cv.gestures.edgeUnder(at) != null) return at;
        Graph g = cv.model.viewGraph();
        double[] card = {at.x(), at.y(), at.x() + Placement.CARD_W, at.y() + Placement.CARD_H};
        // Beside a card it would cover, in view too where there is a free place in view.
        Position off = Placement.freeOffset(g, Set.of(), List.of(card), 0, 0, shownWorld());
        return new Position(at.x() + off.x(), at.y() + off.y());
    }

    /**
     * A card at {@code at} moved the least that puts it wholly in the visible canvas, its ports too (dropped near an edge,
     * its middle under the pointer, it stuck out past it; dropped flush with the left edge, its input port was cut in half
     * and hard to wire), staying on the grid; where the view is smaller than a card, its top-left shows.
     */
    private Position inView(Position at) {
        double[] v = shownWorld();
        boolean grid = cv.model.snapToGridProperty().get();
        double ports = PortDot.RADIUS + 2;
        double x = clamp(at.x(), v[0] + ports, v[2] - NodeCard.W - ports, grid), y = clamp(at.y(), v[1], v[3] - NodeCard.H, grid);
        return x == at.x() && y == at.y() ? at : new Position(x, y);
    }

    /** The part of the world the canvas shows, {x0, y0, x1, y1}. */
    private double[] shownWorld() {
        Point2D a = cv.vp.toWorld(0, 0), b = cv.vp.toWorld(cv.surface.getWidth(), cv.surface.getHeight());
        return new double[] {a.getX(), a.getY(), b.getX(), b.getY()};
    }

    /** {@code v} within [lo, hi] (lo where they cross), on the grid's lines inside them when {@code grid}. */
    private static double clamp(double v, double lo, double hi, boolean grid) {
        if (grid) {
            lo = Math.ceil(lo / CanvasView.GRID) * CanvasView.GRID;
            hi = Math.floor(hi / CanvasView.GRID) * CanvasView.GRID;
        }
        return Math.max(lo, Math.min(hi, v));
    }

    /** Quick add at the last point the pointer (or a right click) was on the canvas, adding after nothing. */
    void openQuickAddHere() {
        openQuickAdd(cv.lastMouseWorld, null, false);
    }

    /**
     * Replace with… : the layers (and blocks) that take what arrives at the node's first input, in the quick-add popup;
     * the one chosen takes the node's place, wires and shared params ({@link Commands#replace}).
     */
    void openReplace(String nodeId) {
        Node n = cv.model.viewGraph().node(nodeId);
        if (n == null) return;
        Analysis a = cv.model.viewAnalysis();
        List<TensorType> arriving = a.graph() == cv.model.viewGraph() ? a.info(nodeId).inputTypes() : List.of();
        TensorType in = arriving.isEmpty() ? null : arriving.get(0);
        String block = n.param("block") instanceof String b ? b : null;
        List<Choice> all = QuickAddModel.forReplacing(QuickAddModel.accepting(QuickAddModel.choices(cv.model.graph()), in == null ? null : in.dtype()).stream()
                .filter(c -> !(c.kind().equals(n.kind()) && Objects.equals(c.block(), block))).toList(), n.kind());
        Point2D p = popupAt(n.position().x(), n.position().y() + NodeCard.H);
        cv.quickAdd.open("Replace " + n.name() + " (" + (block != null ? block : n.kind()) + ") with", "Replace with a layer…", all, p.getX(), p.getY(), c -> {
            if (cv.model.execute(Commands.replace(cv.model.viewGraph(), nodeId, c.kind(), c.block()))) cv.model.select(List.of(nodeId));
        });
    }

    /**
     * Find (Ctrl+F): the drawing's nodes by name (with their kind) in the quick-add popup; the one chosen is selected and
     * brought to the middle of the view.
     */
    void openFind() {
        Graph g = cv.model.viewGraph();
        if (g.nodes().isEmpty()) {
            cv.model.messageProperty().set("The canvas is empty: there is nothing to find yet.");
            return;
        }
        List<Choice> nodes = new ArrayList<>();
        for (Node n : g.nodes()) nodes.add(new Choice(n.kind(), null, n.name() + FIND_KIND + n.kind() + ")", n.kind()));
        cv.quickAdd.open("Find a node (" + nodes.size() + ")", "Find a node by name or kind…", nodes, 12, 12, c -> {
            Node n = cv.model.viewGraph().nodeByName(c.label().substring(0, c.label().indexOf(FIND_KIND)));
            if (n == null) return;
            cv.model.select(List.of(n.id()));
            cv.reveal(n.id());
        });
    }
}
