package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Node;
import layerlab.graph.Note;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.TensorType;
import layerlab.ui.editor.Commands;

/**
 * The canvas's drawing of the document: a card per node, an {@link EdgeView} per edge and the notes, brought up to date
 * from each command's changes (only what they touch is redrawn and re-routed), and culled to what is near the view.
 */
final class CanvasScene {
    private final CanvasView cv;

    CanvasScene(CanvasView cv) {
        this.cv = cv;
    }

    void changed(List<GraphChange> cs) {
        if (cs == null) {
            rebuild();
            return;
        }
        // Once the user edits, the view is theirs: the canvas changing size (the Problems list unfolding under a new
        // node's first problem) no longer fits it again, which would move the card being worked on.
        cv.vp.hold();
        Graph g = cv.model.viewGraph();
        Set<String> touched = new HashSet<>();
        // Where cards came, went or moved: the wires that were routed round (or straight through) there route again.
        List<Position> cardsChanged = new ArrayList<>();
        boolean notesChanged = false, blocksChanged = false;
        for (GraphChange c : cs) {
            if (c instanceof GraphChange.NodeAdded x) {
                if (g.node(x.node().id()) != null && !cv.cards.containsKey(x.node().id())) addCard(g.node(x.node().id()));
                cardsChanged.add(x.node().position());
            } else if (c instanceof GraphChange.NodeRemoved x) {
                NodeCard card = cv.cards.remove(x.node().id());
                if (card != null) {
                    cv.cardLayer.getChildren().remove(card);
                    cv.cardIndex.remove(card);
                    cardsChanged.add(new Position(card.getLayoutX(), card.getLayoutY()));
                }
                cardsChanged.add(x.node().position());
            } else if (c instanceof GraphChange.NodeMoved x) {
                touched.add(x.nodeId());
                NodeCard card = cv.cards.get(x.nodeId());
                // Where it was shown (a drag shows it moved before the document moves it), was, and goes.
                if (card != null) cardsChanged.add(new Position(card.getLayoutX(), card.getLayoutY()));
                cardsChanged.add(x.from());
                cardsChanged.add(x.to());
            } else if (c instanceof GraphChange.ParamChanged x) {
                touched.add(x.nodeId());
            } else if (c instanceof GraphChange.NodeRenamed x) {
                touched.add(x.nodeId());
            } else if (c instanceof GraphChange.NodeFrozen x) {
                touched.add(x.nodeId());
            } else if (c instanceof GraphChange.InitChanged x) {
                touched.add(x.nodeId());
            } else if (c instanceof GraphChange.EdgeAdded x) {
                if (g.edges().contains(x.edge()) && !cv.edges.containsKey(x.edge())) addEdge(x.edge());
            } else if (c instanceof GraphChange.EdgeRemoved x) {
                EdgeView v = cv.edges.remove(x.edge());
                if (v != null) {
                    cv.edgeLayer.getChildren().remove(v);
                    cv.edgeIndex.remove(v);
                    cv.routes.remove(v);
                }
            } else if (c instanceof GraphChange.NoteAdded || c instanceof GraphChange.NoteRemoved || c instanceof GraphChange.NoteChanged) {
                notesChanged = true;
            } else if (c instanceof GraphChange.BlockAdded || c instanceof GraphChange.BlockRemoved || c instanceof GraphChange.BlockChanged) {
                blocksChanged = true;
            }
        }
        for (String id : touched) {
            NodeCard card = cv.cards.get(id);
            Node n = g.node(id);
            if (card == null || n == null) continue;
            card.setNode(n);
            index(card);
            layoutEdgesOf(id);
        }
        Set<EdgeView> reroute = new LinkedHashSet<>();
        for (Position p : cardsChanged) reroute.addAll(cv.routes.lookingAt(p.x(), p.y(), p.x() + NodeCard.W, p.y() + NodeCard.H));
        for (EdgeView v : reroute) if (cv.edges.get(v.edge) == v) layoutEdge(v);
        if (notesChanged) rebuildNotes();
        if (blocksChanged) for (NodeCard c : cv.cards.values()) c.forgetInfo();
        cull();
        refreshInfos();
        updateHint();
        cv.minimap.redraw();
    }

    void rebuild() {
        cv.gestures.cancelGesture();
        cv.cards.clear();
        cv.edges.clear();
        cv.cardIndex.clear();
        cv.edgeIndex.clear();
        cv.routes.clear();
        cv.cardLayer.getChildren().clear();
        cv.edgeLayer.getChildren().clear();
        Graph g = cv.model.viewGraph();
        for (Node n : g.nodes()) addCard(n);
        for (Edge e : g.edges()) addEdge(e);
        cull();
        refreshInfos();
        rebuildNotes();
        for (String id : cv.model.selection()) mark(id, true);
        updateHint();
        cv.blocks.updateBreadcrumb();
        cv.minimap.redraw();
    }

    void addCard(Node n) {
        String scope = cv.model.scopeProperty().get();
        NodeCard c = new NodeCard(n, scope != null && cv.model.graph().nodes().stream().anyMatch(p -> scope.equals(p.param("block"))));
        cv.cards.put(n.id(), c);
        index(c);
    }

    void index(NodeCard c) {
        cv.cardIndex.put(c, c.getLayoutX(), c.getLayoutY(), c.getLayoutX() + NodeCard.W, c.getLayoutY() + NodeCard.H);
    }

    void addEdge(Edge e) {
        EdgeView v = new EdgeView(e);
        cv.edges.put(e, v);
        layoutEdge(v);
    }

    /** After a pan, zoom or resize: near or far drawing, and which cards and edges are in the scene. */
    void updateView() {
        boolean nowFar = cv.vp.zoom() < CanvasView.FAR_ZOOM;
        if (nowFar != cv.farMode) {
            cv.farMode = nowFar;
            cv.world.setVisible(!cv.farMode);
            cv.far.setVisible(cv.farMode);
        }
        cull();
        if (cv.farMode) cv.far.viewChanged();
    }

    /**
     * Keeps in the scene only the cards and edges near the visible area (none when zoomed out): a node outside the
     * scene costs no CSS, layout or rendering, so a large graph pans and redraws like a small one. A card that
     * comes into view is brought up to date with the analysis first.
     */
    void cull() {
        if (cv.farMode) {
            // The far view paints everything itself.
            if (!cv.cardLayer.getChildren().isEmpty()) cv.cardLayer.getChildren().clear();
            if (!cv.edgeLayer.getChildren().isEmpty()) cv.edgeLayer.getChildren().clear();
            return;
        }
        Point2D a = cv.vp.toWorld(0, 0), b = cv.vp.toWorld(cv.surface.getWidth(), cv.surface.getHeight());
        double m = CanvasView.CULL_IN / cv.vp.zoom(), k = CanvasView.CULL_OUT / cv.vp.zoom();
        double x0 = a.getX() - m, y0 = a.getY() - m, x1 = b.getX() + m, y1 = b.getY() + m;
        double kx0 = a.getX() - k, ky0 = a.getY() - k, kx1 = b.getX() + k, ky1 = b.getY() + k;
        boolean sized = cv.surface.getWidth() > 0 && cv.surface.getHeight() > 0;
        // Leaving: only what is in the scene is looked at; coming in: only what the index finds near the view.
        Set<javafx.scene.Node> out = new HashSet<>();
        for (javafx.scene.Node n : cv.cardLayer.getChildren()) {
            NodeCard c = (NodeCard) n;
            double cx = c.getLayoutX(), cy = c.getLayoutY();
            boolean keep = !sized || cv.gestures.moveStart.containsKey(c.nodeId()) || cx + NodeCard.W >= kx0 && cx <= kx1 && cy + NodeCard.H >= ky0 && cy <= ky1;
            if (!keep) out.add(c);
        }
        Set<NodeCard> in = new LinkedHashSet<>();
        for (NodeCard c : sized ? cv.cardIndex.query(x0, y0, x1, y1) : cv.cards.values()) if (c.getParent() == null) in.add(c);
        for (String id : cv.gestures.moveStart.keySet()) {
            NodeCard c = cv.cards.get(id);
            if (c != null && c.getParent() == null) in.add(c);
        }
        if (!out.isEmpty()) cv.cardLayer.getChildren().removeAll(out);
        if (!in.isEmpty()) {
            Graph g = cv.model.viewGraph();
            Analysis an = cv.model.viewAnalysis();
            for (NodeCard c : in) {
                if (an.graph() == g && g.node(c.nodeId()) != null && show(c, g, an)) layoutEdgesOf(c.nodeId());
                c.setSelected(cv.model.selection().contains(c.nodeId()));
            }
            cv.cardLayer.getChildren().addAll(in);
        }
        out.clear();
        for (javafx.scene.Node n : cv.edgeLayer.getChildren()) {
            EdgeView v = (EdgeView) n;
            if (sized && !cv.gestures.moveEdges.contains(v.edge) && !v.within(kx0, ky0, kx1, ky1)) out.add(v);
        }
        Set<EdgeView> inEdges = new LinkedHashSet<>();
        for (EdgeView v : sized ? cv.edgeIndex.query(x0, y0, x1, y1) : cv.edges.values()) if (v.getParent() == null) inEdges.add(v);
        for (Edge e : cv.gestures.moveEdges) {
            EdgeView v = cv.edges.get(e);
            if (v != null && v.getParent() == null) inEdges.add(v);
        }
        if (!out.isEmpty()) cv.edgeLayer.getChildren().removeAll(out);
        if (!inEdges.isEmpty()) {
            Analysis an = cv.model.viewAnalysis();
            for (EdgeView v : inEdges) refreshEdgeLabel(v, an);
            cv.edgeLayer.getChildren().addAll(inEdges);
        }
    }

    void rebuildNotes() {
        cv.noteLayer.getChildren().clear();
        cv.notes.clear();
        for (Note n : cv.model.viewGraph().notes()) {
            NoteView v = new NoteView(n);
            v.editor.focusedProperty().addListener((o, was, now) -> {
                if (!now) {
                    String text = v.stopEditing();
                    if (text != null && !text.equals(v.note().text())) cv.model.execute(Commands.editNote(cv.model.viewGraph(), v.noteId, text));
                }
            });
            cv.notes.put(n.id(), v);
            cv.noteLayer.getChildren().add(v);
            if (cv.model.selection().contains(n.id())) v.setSelected(true);
        }
    }

    /** Brings card {@code c} up to date with analysis {@code a} of {@code g} and its problems; true when its ports were rebuilt. */
    boolean show(NodeCard c, Graph g, Analysis a) {
        return c.setInfo(g, a, cv.model.viewProblemsOf(c.nodeId(), a.info(c.nodeId())));
    }

    void refreshInfos() {
        Analysis a = cv.model.viewAnalysis();
        Graph g = cv.model.viewGraph();
        if (a.graph() != g) return; // a background analysis of an older document; the newer one follows
        // Only what is in the scene; a card or edge brings itself up to date when it comes into view (cull).
        for (javafx.scene.Node n : List.copyOf(cv.cardLayer.getChildren())) {
            NodeCard c = (NodeCard) n;
            if (g.node(c.nodeId()) == null) continue;
            if (show(c, g, a)) layoutEdgesOf(c.nodeId());
        }
        for (javafx.scene.Node n : cv.edgeLayer.getChildren()) refreshEdgeLabel((EdgeView) n, a);
        if (cv.farMode) cv.far.invalidate();
    }

    void refreshEdgeLabel(EdgeView v, Analysis a) {
        if (a.graph() != cv.model.viewGraph()) return;
        TensorType t = a.graph().node(v.edge.fromNode()) == null ? null : a.edgeType(v.edge);
        // A label of another width may fit elsewhere along the wire.
        if (v.setText(t == null ? "?" : t.describe())) layoutEdge(v);
    }

    void layoutEdgesOf(String id) {
        Graph g = cv.model.viewGraph();
        for (Edge e : g.incoming(id)) layoutEdge(cv.edges.get(e));
        for (Edge e : g.outgoing(id)) layoutEdge(cv.edges.get(e));
    }

    /**
     * Routes {@code v}; where its label found no free place and took another's, or its route runs through another's,
     * that wire's label is placed again once, elsewhere on its route: labels are placed wire by
     * wire, and the first come may hold the only place a later one has.
     */
    void layoutEdge(EdgeView v) {
        if (v == null) return;
        NodeCard a = cv.cards.get(v.edge.fromNode()), b = cv.cards.get(v.edge.toNode());
        if (a == null || b == null) return;
        Wire.Route r = cv.routes.route(v, a.anchor(v.edge.fromPort(), false), b.anchor(v.edge.toPort(), true));
        v.setRoute(r);
        v.setEnds(a.node().name() + "." + v.edge.fromPort(), b.node().name() + "." + v.edge.toPort());
        cv.edgeIndex.put(v, v.minX, v.minY, v.maxX, v.maxY);
        for (EdgeView o : cv.routes.labelsOn(v, r)) if (cv.edges.get(o.edge) == o) relabel(o);
    }

    /** Places the label of {@code o} again, its route as it was: another wire's label or route came onto it. */
    private void relabel(EdgeView o) {
        Wire.Route r = cv.routes.relabel(o);
        if (r == null) return;
        o.setRoute(r);
        cv.edgeIndex.put(o, o.minX, o.minY, o.maxX, o.maxY);
    }

    void mark(String id, boolean on) {
        NodeCard c = cv.cards.get(id);
        if (c != null) c.setSelected(on);
        NoteView n = cv.notes.get(id);
        if (n != null) n.setSelected(on);
    }

    /** What a screen reader says of the canvas: how many nodes, and which are selected (the cards take no focus). */
    void describe() {
        Graph g = cv.model.viewGraph();
        List<String> names = new ArrayList<>();
        for (String id : cv.model.selection()) {
            Node n = g.node(id);
            if (n != null) names.add(n.name() + " (" + n.kind() + ")");
        }
        cv.setAccessibleText("Canvas, " + g.nodes().size() + (g.nodes().size() == 1 ? " node" : " nodes")
                + (names.isEmpty() ? ", nothing selected" : ", selected: " + String.join(", ", names)));
    }

    void updateHint() {
        cv.hint.setVisible(cv.cards.isEmpty() && cv.notes.isEmpty());
    }

    /** The drawing's extent in world units: its cards, notes and wires (a wire to the next row loops out past its cards); null when empty. */
    Rectangle2D worldBounds() {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (NodeCard c : cv.cards.values()) {
            x0 = Math.min(x0, c.getLayoutX());
            y0 = Math.min(y0, c.getLayoutY());
            x1 = Math.max(x1, c.getLayoutX() + NodeCard.W);
            y1 = Math.max(y1, c.getLayoutY() + NodeCard.H);
        }
        // A wire back to the next row loops out past its cards: the fit keeps the loop in view (its hull, kept as plain
        // numbers: the curve's exact bounds cost a 1,000-node graph's first fit tens of milliseconds).
        for (EdgeView v : cv.edges.values()) {
            x0 = Math.min(x0, v.minX);
            y0 = Math.min(y0, v.minY);
            x1 = Math.max(x1, v.maxX);
            y1 = Math.max(y1, v.maxY);
        }
        for (NoteView n : cv.notes.values()) {
            x0 = Math.min(x0, n.getLayoutX());
            y0 = Math.min(y0, n.getLayoutY());
            x1 = Math.max(x1, n.getLayoutX() + n.getPrefWidth());
            y1 = Math.max(y1, n.getLayoutY() + n.getPrefHeight());
        }
        return x0 > x1 ? null : new Rectangle2D(x0, y0, x1 - x0, y1 - y0);
    }
}
