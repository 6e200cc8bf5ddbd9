package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.ui.editor.Command;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.Connections;

/**
 * The canvas's mouse gestures: panning, box selection, dragging cards (a free card dropped onto a wire goes into it),
 * drawing and re-plugging wires, and the wheel's zoom. Its state is only what the gesture in progress needs; the
 * document changes once, when the gesture ends.
 */
final class CanvasGestures {
    private final CanvasView cv;
    EdgeView dropTarget;
    enum Mode { NONE, PAN, WIRE, MOVE, RUBBER }
    Mode mode = Mode.NONE;
    double pressX, pressY;
    boolean spaceDown, moved;
    // A wire being dragged: from this output; replacing {@code reconnecting} when an input's end was picked up.
    String wireNode, wirePort;
    Edge reconnecting;
    final List<PortDot> lit = new ArrayList<>();
    // Nodes being moved: where each started (world units), and the edges that follow them.
    final Map<String, Point2D> moveStart = new LinkedHashMap<>();
    final Set<Edge> moveEdges = new HashSet<>();

    CanvasGestures(CanvasView cv) {
        this.cv = cv;
    }

    void pressed(MouseEvent e) {
        cv.requestFocus();
        if (cv.quickAdd.isOpen() && !inside(cv.quickAdd, e)) cv.quickAdd.close();
        if (inside(cv.quickAdd, e)) return;
        cv.refusal.hide();
        pressX = e.getX();
        pressY = e.getY();
        moved = false;
        Point2D w = cv.vp.toWorld(e.getX(), e.getY());
        cv.lastMouseWorld = w;
        if (e.getButton() == MouseButton.MIDDLE || e.getButton() == MouseButton.PRIMARY && spaceDown) {
            mode = Mode.PAN;
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) return;
        Object hit = hit(e);
        if (hit instanceof PortDot p) {
            if (!p.input) startWire(p.card.nodeId(), p.spec.name(), null);
            else {
                Edge fed = feeding(p.card.nodeId(), p.spec.name());
                if (fed != null) startWire(fed.fromNode(), fed.fromPort(), fed);
            }
            return;
        }
        if (hit instanceof NodeCard || hit instanceof NoteView) {
            String id = hit instanceof NodeCard c ? c.nodeId() : ((NoteView) hit).noteId;
            if (hit instanceof NoteView nv && e.getClickCount() == 2) {
                nv.startEditing();
                return;
            }
            if (hit instanceof NodeCard && e.getClickCount() == 2 && cv.openBlock(id)) return;
            if (e.isShiftDown() || e.isShortcutDown()) {
                if (!cv.model.selection().remove(id)) cv.model.selection().add(id);
            } else if (!cv.model.selection().contains(id)) {
                cv.model.select(List.of(id));
            }
            if (!cv.model.selection().contains(id)) return;
            mode = Mode.MOVE;
            moveStart.clear();
            moveEdges.clear();
            Graph g = cv.model.viewGraph();
            for (String s : cv.model.selection()) {
                NodeCard c = cv.cards.get(s);
                if (c != null) {
                    moveStart.put(s, new Point2D(c.getLayoutX(), c.getLayoutY()));
                    moveEdges.addAll(g.incoming(s));
                    moveEdges.addAll(g.outgoing(s));
                }
                NoteView n = cv.notes.get(s);
                if (n != null) moveStart.put(s, new Point2D(n.getLayoutX(), n.getLayoutY()));
            }
            return;
        }
        if (e.getClickCount() == 2) {
            cv.adding.openQuickAdd(w, null, false);
            return;
        }
        if (!e.isShiftDown() && !e.isShortcutDown()) cv.model.selection().clear();
        mode = Mode.RUBBER;
        cv.rubber.setX(e.getX());
        cv.rubber.setY(e.getY());
        cv.rubber.setWidth(0);
        cv.rubber.setHeight(0);
        cv.rubber.setVisible(true);
    }

    void dragged(MouseEvent e) {
        double dx = e.getX() - pressX, dy = e.getY() - pressY;
        if (Math.abs(dx) + Math.abs(dy) > 2) moved = true;
        Point2D w = cv.vp.toWorld(e.getX(), e.getY());
        cv.lastMouseWorld = w;
        switch (mode) {
            case PAN -> {
                cv.vp.pan(dx, dy);
                pressX = e.getX();
                pressY = e.getY();
            }
            case WIRE -> {
                NodeCard from = cv.cards.get(wireNode);
                EdgeView.draw(cv.wire, cv.routes.dragged(from.anchor(wirePort, false), w));
            }
            case MOVE -> {
                moveTo(dx / cv.vp.zoom(), dy / cv.vp.zoom(), false);
                showDropTarget(moveTarget(dx / cv.vp.zoom(), dy / cv.vp.zoom()));
            }
            case RUBBER -> {
                cv.rubber.setX(Math.min(pressX, e.getX()));
                cv.rubber.setY(Math.min(pressY, e.getY()));
                cv.rubber.setWidth(Math.abs(dx));
                cv.rubber.setHeight(Math.abs(dy));
            }
            default -> { }
        }
        e.consume();
    }

    /** Shows the moving nodes displaced by (dx, dy) world units; the document changes only on release. */
    void moveTo(double dx, double dy, boolean snap) {
        Map<String, Point2D> to = new HashMap<>();
        for (Map.Entry<String, Point2D> m : moveStart.entrySet()) to.put(m.getKey(), target(m.getValue(), dx, dy, snap));
        relocate(to);
        if (cv.farMode) cv.far.moved();
    }

    /**
     * Shows the moving nodes at {@code to}, with the wires they take with them and, near, those they pass over or leave
     * (zoomed out these wait for the drop: the far view repaints only what is dragged while a drag lasts).
     */
    void relocate(Map<String, Point2D> to) {
        Set<EdgeView> passing = new LinkedHashSet<>();
        for (Map.Entry<String, Point2D> m : to.entrySet()) {
            Point2D p = m.getValue();
            NodeCard c = cv.cards.get(m.getKey());
            if (c != null) {
                if (!cv.farMode) {
                    passing.addAll(cv.routes.lookingAt(c.getLayoutX(), c.getLayoutY(), c.getLayoutX() + NodeCard.W, c.getLayoutY() + NodeCard.H));
                    passing.addAll(cv.routes.lookingAt(p.getX(), p.getY(), p.getX() + NodeCard.W, p.getY() + NodeCard.H));
                }
                c.relocate(p.getX(), p.getY());
                cv.scene.index(c);
            }
            NoteView n = cv.notes.get(m.getKey());
            if (n != null) n.relocate(p.getX(), p.getY());
        }
        for (Edge x : moveEdges) {
            EdgeView v = cv.edges.get(x);
            if (v != null) passing.add(v);
        }
        for (EdgeView v : passing) cv.scene.layoutEdge(v);
    }

    /** A drag the document refused: the cards go back to where they started. */
    void putBack() {
        relocate(moveStart);
    }

    /**
     * Where a dragged node goes: on the grid when dropped with snapping on, else on whole world units, so that at
     * 100% a card being dragged is copied to the screen, not resampled, on every frame.
     */
    Point2D target(Point2D start, double dx, double dy, boolean snap) {
        double x = start.getX() + dx, y = start.getY() + dy;
        if (snap && cv.model.snapToGridProperty().get()) return new Point2D(Math.round(x / CanvasView.GRID) * CanvasView.GRID, Math.round(y / CanvasView.GRID) * CanvasView.GRID);
        return new Point2D(Math.round(x), Math.round(y));
    }

    void released(MouseEvent e) {
        Mode was = mode;
        mode = Mode.NONE;
        Point2D w = cv.vp.toWorld(e.getX(), e.getY());
        switch (was) {
            case WIRE -> finishWire(w, e.getScreenX(), e.getScreenY());
            case MOVE -> {
                showDropTarget(null);
                finishMove(e);
                moveStart.clear();
                moveEdges.clear();
                if (cv.farMode) cv.far.invalidate();
            }
            case RUBBER -> {
                cv.rubber.setVisible(false);
                if (!moved) break;
                Point2D a = cv.vp.toWorld(cv.rubber.getX(), cv.rubber.getY());
                Point2D b = cv.vp.toWorld(cv.rubber.getX() + cv.rubber.getWidth(), cv.rubber.getY() + cv.rubber.getHeight());
                Rectangle2D box = new Rectangle2D(a.getX(), a.getY(), b.getX() - a.getX(), b.getY() - a.getY());
                List<String> hits = new ArrayList<>();
                for (NodeCard c : cv.cards.values()) {
                    if (box.intersects(c.getLayoutX(), c.getLayoutY(), NodeCard.W, NodeCard.H)) hits.add(c.nodeId());
                }
                for (NoteView n : cv.notes.values()) {
                    if (box.intersects(n.getLayoutX(), n.getLayoutY(), n.getWidth(), n.getHeight())) hits.add(n.noteId);
                }
                cv.model.selection().addAll(hits);
            }
            default -> { }
        }
    }

    void finishMove(MouseEvent e) {
        if (!moved) {
            if (!e.isShiftDown() && !e.isShortcutDown()) {
                Object hit = hit(e);
                if (hit instanceof NodeCard c) cv.model.select(List.of(c.nodeId()));
            }
            return;
        }
        double dx = (e.getX() - pressX) / cv.vp.zoom(), dy = (e.getY() - pressY) / cv.vp.zoom();
        Map<String, Position> to = new LinkedHashMap<>();
        for (Map.Entry<String, Point2D> m : moveStart.entrySet()) {
            Point2D p = target(m.getValue(), dx, dy, true);
            to.put(m.getKey(), new Position(p.getX(), p.getY()));
        }
        moveTo(dx, dy, true);
        Graph g = cv.model.viewGraph();
        Command move = Commands.move(g, to);
        // One free node dropped onto an edge goes into it (move and insert are one step).
        if (to.size() == 1) {
            String id = to.keySet().iterator().next();
            if (g.node(id) != null && g.incoming(id).isEmpty() && g.outgoing(id).isEmpty()) {
                EdgeView target = edgeUnder(to.get(id));
                if (target != null) {
                    Command insert = Commands.insertOnEdge(g, cv.model.viewAnalysis(), id, target.edge);
                    if (insert != null) move = new Command(insert.name(), x -> move(x, to).then(insert::execute));
                }
            }
        }
        // Dropped where it started (no change) or refused: the cards go back to where the document has them.
        if (!cv.model.execute(move)) putBack();
    }

    private static layerlab.graph.Edit move(Graph g, Map<String, Position> to) {
        return Commands.move(g, to).execute(g);
    }

    EdgeView edgeUnder(Position cardAt) {
        double cx = cardAt.x() + NodeCard.W / 2, cy = cardAt.y() + NodeCard.H / 2;
        EdgeView best = null;
        double bestD = 60;
        for (EdgeView v : cv.edges.values()) {
            Point2D m = v.mid();
            double d = Math.hypot(m.getX() - cx, m.getY() - cy);
            if (d < bestD) {
                bestD = d;
                best = v;
            }
        }
        return best;
    }

    void scrolled(ScrollEvent e) {
        if (e.getTouchCount() > 0 && !e.isShortcutDown()) {
            cv.vp.pan(e.getDeltaX(), e.getDeltaY()); // two fingers on a trackpad: pan
        } else if (e.getDeltaY() != 0) {
            cv.vp.zoomAt(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()));
        }
        e.consume();
    }

    void startWire(String node, String port, Edge picked) {
        mode = Mode.WIRE;
        wireNode = node;
        wirePort = port;
        reconnecting = picked;
        Graph g = cv.model.viewGraph();
        if (picked != null) {
            // The picked-up end leaves its port at once; the document changes only on release.
            EdgeView v = cv.edges.get(picked);
            if (v != null) v.setVisible(false);
            g = g.disconnect(picked).after();
        }
        Analysis a = cv.model.viewAnalysis();
        // Cards out of view are not in the scene; their ports need no colour.
        for (javafx.scene.Node n : cv.cardLayer.getChildren()) {
            NodeCard c = (NodeCard) n;
            for (PortDot d : c.inputs) {
                boolean ok = Connections.refusal(g, a, new Edge(node, port, c.nodeId(), d.spec.name())) == null;
                d.getStyleClass().add(ok ? "port-ok" : "port-no");
                lit.add(d);
            }
        }
        NodeCard from = cv.cards.get(node);
        EdgeView.draw(cv.wire, cv.routes.dragged(from.anchor(port, false), cv.lastMouseWorld));
        cv.wire.setVisible(true);
    }

    void finishWire(Point2D w, double screenX, double screenY) {
        cv.wire.setVisible(false);
        for (PortDot d : lit) d.getStyleClass().removeAll("port-ok", "port-no");
        lit.clear();
        Edge old = reconnecting;
        reconnecting = null;
        if (old != null && cv.edges.get(old) != null) cv.edges.get(old).setVisible(true);
        PortDot target = inputNear(w);
        Graph g = cv.model.viewGraph();
        if (target == null) {
            if (old != null) cv.model.execute(Commands.disconnect(g, old));
            else if (moved) cv.adding.openQuickAdd(w, new String[] {wireNode, wirePort}, false);
            return;
        }
        Edge now = new Edge(wireNode, wirePort, target.card.nodeId(), target.spec.name());
        if (now.equals(old)) return;
        Graph without = old == null ? g : g.disconnect(old).after();
        String why = Connections.refusal(without, cv.model.viewAnalysis(), now);
        if (why != null && old == null && onBody(target.card, w)) {
            Command grow = Commands.connectToAnotherInput(g, cv.model.viewAnalysis(), wireNode, wirePort, target.card.nodeId());
            if (grow != null) {
                cv.model.execute(grow);
                return;
            }
        }
        if (why != null) {
            String text = "Cannot connect " + g.describe(now) + ": " + why + ".";
            cv.model.messageProperty().set(text);
            cv.refusal.setText(text);
            if (cv.getScene() != null && cv.getScene().getWindow() != null) cv.refusal.show(cv, screenX + 12, screenY + 12);
            return;
        }
        cv.model.execute(old == null ? Commands.connect(g, now) : Commands.reconnect(old, now));
    }

    private static boolean onBody(NodeCard c, Point2D w) {
        return w.getX() >= c.getLayoutX() && w.getX() <= c.getLayoutX() + NodeCard.W && w.getY() >= c.getLayoutY()
                && w.getY() <= c.getLayoutY() + NodeCard.H;
    }

    PortDot inputNear(Point2D w) {
        PortDot best = null;
        double bestD = 14;
        for (NodeCard c : cv.cards.values()) {
            if (w.getX() < c.getLayoutX() - 20 || w.getX() > c.getLayoutX() + 20 || w.getY() < c.getLayoutY() - 20
                    || w.getY() > c.getLayoutY() + NodeCard.H + 20) {
                // Not near the card's input side; dropping on the card's body still picks its first free input.
                if (!(w.getX() >= c.getLayoutX() && w.getX() <= c.getLayoutX() + NodeCard.W && w.getY() >= c.getLayoutY()
                        && w.getY() <= c.getLayoutY() + NodeCard.H)) continue;
                for (PortDot d : c.inputs) if (feeding(c.nodeId(), d.spec.name()) == null) return d;
                if (!c.inputs.isEmpty()) return c.inputs.get(0);
                continue;
            }
            for (int i = 0; i < c.inputs.size(); i++) {
                double d = Math.hypot(w.getX() - c.getLayoutX(), w.getY() - (c.getLayoutY() + NodeCard.portY(i, c.inputs.size())));
                if (d < bestD) {
                    bestD = d;
                    best = c.inputs.get(i);
                }
            }
        }
        return best;
    }

    Edge feeding(String node, String port) {
        for (Edge x : cv.model.viewGraph().incoming(node)) if (x.toPort().equals(port)) return x;
        return null;
    }

    void showDropTarget(EdgeView v) {
        if (v == dropTarget) return;
        if (dropTarget != null) dropTarget.setDropTarget(false);
        dropTarget = v;
        if (v != null) v.setDropTarget(true);
    }

    /** The wire a free card is being dragged onto, lit; null when it is no free single card or over no wire. */
    EdgeView moveTarget(double dx, double dy) {
        if (moveStart.size() != 1) return null;
        String id = moveStart.keySet().iterator().next();
        Graph g = cv.model.viewGraph();
        if (g.node(id) == null || !g.incoming(id).isEmpty() || !g.outgoing(id).isEmpty()) return null;
        Point2D p = target(moveStart.get(id), dx, dy, true);
        return edgeUnder(new Position(p.getX(), p.getY()));
    }

    void cancelGesture() {
        mode = Mode.NONE;
        cv.wire.setVisible(false);
        cv.rubber.setVisible(false);
        lit.clear();
    }

    Object hit(MouseEvent e) {
        if (cv.farMode) return thingAt(cv.vp.toWorld(e.getX(), e.getY()));
        for (javafx.scene.Node n = e.getPickResult().getIntersectedNode(); n != null && n != cv.surface; n = n.getParent()) {
            if (n instanceof PortDot || n instanceof NodeCard || n instanceof NoteView) return n;
        }
        return null;
    }

    /** The note or card at a world point, topmost first (zoomed out, where nothing is picked from the scene). */
    Object thingAt(Point2D w) {
        for (NoteView n : cv.notes.values()) {
            if (n.getBoundsInParent().contains(w)) return n;
        }
        NodeCard hit = null;
        for (NodeCard c : cv.cards.values()) {
            if (w.getX() >= c.getLayoutX() && w.getX() <= c.getLayoutX() + NodeCard.W && w.getY() >= c.getLayoutY()
                    && w.getY() <= c.getLayoutY() + NodeCard.H) hit = c;
        }
        return hit;
    }

    private static boolean inside(javafx.scene.Node n, MouseEvent e) {
        if (!n.isVisible()) return false;
        for (javafx.scene.Node x = e.getPickResult().getIntersectedNode(); x != null; x = x.getParent()) if (x == n) return true;
        return false;
    }
}
