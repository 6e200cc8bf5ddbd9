package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.Parent;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import layerlab.graph.AutoLayout;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Node;
import layerlab.graph.Note;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.TensorType;
import layerlab.ui.editor.Blocks;
import layerlab.ui.editor.ClipboardJson;
import layerlab.ui.editor.Command;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.Connections;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.editor.Placement;
import layerlab.ui.editor.Ports;
import layerlab.ui.editor.QuickAddModel;
import layerlab.ui.editor.QuickAddModel.Choice;

/**
 * The editing surface: node cards and labelled edges in a pannable, zoomable world over the dotted grid. It turns
 * mouse and keys into {@link Command}s on the {@link EditorModel} and redraws only what each command's changes
 * touch; its own state is only what a gesture in progress needs (a wire being dragged, nodes being moved).
 */
public final class CanvasView extends StackPane {
    static final double GRID = DotGrid.SPACING;
    /** Below this zoom a card's text cannot be read: the {@link FarView} paints boxes and curves instead. */
    static final double FAR_ZOOM = 0.4;
    /**
     * Cards and edges join the scene within {@code CULL_IN} screen pixels of the visible area and leave it beyond
     * {@code CULL_OUT}: a pan back and forth does not add and remove the same cards on every frame.
     */
    static final double CULL_IN = 60, CULL_OUT = 400;
    /** The spatial index's cell (world units): a few cards wide, so that a view at 100% touches a dozen cells. */
    private static final double CELL = 512;

    private final EditorModel model;
    private final Viewport vp = new Viewport();
    private final Pane surface = new Pane();
    private final Group world = new Group();
    private final Group edgeLayer = new Group(), noteLayer = new Group(), cardLayer = new Group();
    private final Map<String, NodeCard> cards = new HashMap<>();
    private final Map<Edge, EdgeView> edges = new HashMap<>();
    private final Map<String, NoteView> notes = new HashMap<>();
    // Where every card and edge is, so that culling looks only at what is near the view.
    private final SpatialGrid<NodeCard> cardIndex = new SpatialGrid<>(CELL);
    private final SpatialGrid<EdgeView> edgeIndex = new SpatialGrid<>(CELL);
    private final WireRoutes routes = new WireRoutes(cardIndex, CELL);
    private final Label hint = new Label("Drag layers here from the palette, or press Tab to add one by name");
    // Inside a block: where the canvas is ("Project › ResBlock") and the way back.
    private final HBox breadcrumb = new HBox();
    private final Hyperlink crumbProject = new Hyperlink();
    private final Label crumbBlock = new Label(), crumbUses = new Label();
    private final Label zoomLabel = new Label("100%");
    private final Rectangle rubber = new Rectangle();
    private final Path wire = new Path();
    // A layer being dragged from the palette: where its card would land, and the wire it would go into.
    private final Rectangle ghost = new Rectangle(NodeCard.W, NodeCard.H);
    private final Label ghostName = new Label();
    private final Group ghostCard = new Group(ghost, ghostName);
    private EdgeView dropTarget;
    private final QuickAdd quickAdd = new QuickAdd();
    private final Tooltip refusal = new Tooltip();
    private final Minimap minimap;
    private final PerfOverlay perf = new PerfOverlay();
    private final FarView far;
    private boolean farMode;

    private enum Mode { NONE, PAN, WIRE, MOVE, RUBBER }

    private Mode mode = Mode.NONE;
    private double pressX, pressY;
    private boolean spaceDown, moved;
    // A wire being dragged: from this output; replacing {@code reconnecting} when an input's end was picked up.
    private String wireNode, wirePort;
    private Edge reconnecting;
    private final List<PortDot> lit = new ArrayList<>();
    // Nodes being moved: where each started (world units), and the edges that follow them.
    private final Map<String, Point2D> moveStart = new LinkedHashMap<>();
    private final Set<Edge> moveEdges = new HashSet<>();
    private Point2D lastMouseWorld = new Point2D(0, 0);
    private String internalClipboard;

    public CanvasView(EditorModel model) {
        this.model = model;
        setId("canvas");
        getStyleClass().add("editor-canvas");
        setMinSize(0, 0);
        setFocusTraversable(true);

        // The world sits on whole pixels: at a fractional offset every cached card picture is resampled on every
        // frame, several times the cost of a copy. The view's own arithmetic stays exact; the two differ by under
        // half a pixel.
        Translate t = new Translate();
        t.xProperty().bind(Bindings.createDoubleBinding(() -> (double) Math.round(vp.xProperty().get()), vp.xProperty()));
        t.yProperty().bind(Bindings.createDoubleBinding(() -> (double) Math.round(vp.yProperty().get()), vp.yProperty()));
        Scale s = new Scale();
        s.xProperty().bind(vp.zoomProperty());
        s.yProperty().bind(vp.zoomProperty());
        world.getTransforms().addAll(t, s);
        wire.getStyleClass().addAll("edge-curve", "wire");
        wire.setFill(null);
        wire.setVisible(false);
        wire.setMouseTransparent(true);
        ghost.getStyleClass().add("drop-ghost");
        ghost.setArcWidth(12);
        ghost.setArcHeight(12);
        ghostName.getStyleClass().add("drop-ghost-name");
        ghostName.relocate(14, 12);
        ghostCard.setId("dropGhost");
        ghostCard.setMouseTransparent(true);
        ghostCard.setVisible(false);
        world.getChildren().addAll(noteLayer, edgeLayer, cardLayer, wire, ghostCard);
        rubber.getStyleClass().add("rubber-band");
        rubber.setVisible(false);
        rubber.setManaged(false);
        rubber.setMouseTransparent(true);
        surface.setId("canvasSurface");
        surface.getChildren().addAll(world, rubber, quickAdd);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(surface.widthProperty());
        clip.heightProperty().bind(surface.heightProperty());
        surface.setClip(clip);

        hint.setId("canvasHint");
        hint.getStyleClass().add("canvas-hint");
        hint.setMouseTransparent(true);

        zoomLabel.setId("zoomLabel");
        Button minus = new Button("−"), plus = new Button("+");
        minus.setId("zoomOut");
        plus.setId("zoomIn");
        // A sign alone says little to a screen reader, and nothing of the key that does the same.
        minus.setAccessibleText("Zoom out");
        plus.setAccessibleText("Zoom in");
        minus.setTooltip(new Tooltip("Zoom out (−, Ctrl+−)"));
        plus.setTooltip(new Tooltip("Zoom in (+, Ctrl+=)"));
        minus.setOnAction(e -> zoomBy(1 / 1.25));
        plus.setOnAction(e -> zoomBy(1.25));
        minus.setFocusTraversable(false);
        plus.setFocusTraversable(false);
        HBox zoomBar = new HBox(4, minus, zoomLabel, plus);
        zoomBar.getStyleClass().add("zoom-bar");
        zoomBar.setAlignment(Pos.CENTER);
        zoomBar.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        StackPane.setAlignment(zoomBar, Pos.BOTTOM_RIGHT);
        vp.zoomProperty().addListener((o, a, b) -> zoomLabel.setText(Math.round(b.doubleValue() * 100) + "%"));

        minimap = new Minimap(this);
        StackPane.setAlignment(minimap, Pos.TOP_RIGHT);
        far = new FarView(this);
        far.setVisible(false);
        StackPane.setAlignment(perf, Pos.BOTTOM_LEFT);
        StackPane.setMargin(perf, new Insets(8));
        crumbProject.setId("breadcrumbProject");
        crumbProject.setFocusTraversable(false);
        crumbProject.setTooltip(new Tooltip("Back to the project (Ctrl+Shift+E)"));
        crumbProject.setOnAction(e -> closeBlock());
        crumbBlock.setId("breadcrumbBlock");
        crumbBlock.getStyleClass().add("breadcrumb-current");
        crumbUses.setId("breadcrumbUses");
        crumbUses.getStyleClass().add("breadcrumb-uses");
        // A long list of placements gives way (…, the whole list in the tooltip); the names before it never do.
        crumbProject.setMinWidth(USE_PREF_SIZE);
        crumbBlock.setMinWidth(USE_PREF_SIZE);
        crumbUses.setMinWidth(0);
        breadcrumb.getChildren().addAll(crumbProject, new Label("›"), crumbBlock, crumbUses);
        breadcrumb.setId("breadcrumb");
        breadcrumb.getStyleClass().add("breadcrumb");
        breadcrumb.setAlignment(Pos.CENTER_LEFT);
        breadcrumb.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        breadcrumb.setVisible(false);
        StackPane.setAlignment(breadcrumb, Pos.TOP_LEFT);
        StackPane.setMargin(breadcrumb, new Insets(8));
        // Where the keys go: the canvas has no caret or field, so a ring round it shows that it has the focus.
        Region focusRing = new Region();
        focusRing.getStyleClass().add("canvas-focus-ring");
        focusRing.setMouseTransparent(true);
        focusRing.visibleProperty().bind(focusedProperty());
        getChildren().addAll(new DotGrid(), far, surface, hint, zoomBar, minimap, perf, breadcrumb, focusRing);

        refusal.setId("refusalTooltip");
        refusal.setWrapText(true);
        refusal.setMaxWidth(420);

        surface.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        surface.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        surface.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        surface.addEventHandler(MouseEvent.MOUSE_MOVED, e -> lastMouseWorld = vp.toWorld(e.getX(), e.getY()));
        surface.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
            if (e.isKeyboardTrigger()) {
                keyboardMenu();
            } else {
                // Placed by its screen point: the request's own x and y are not always the surface's (under Monocle they are not).
                Point2D at = surface.screenToLocal(e.getScreenX(), e.getScreenY());
                if (at != null) showContextMenu(at.getX(), at.getY(), e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
        surface.addEventHandler(ZoomEvent.ZOOM, e -> {
            vp.zoomAt(e.getX(), e.getY(), e.getZoomFactor());
            e.consume();
        });
        addEventFilter(KeyEvent.KEY_PRESSED, this::keyFilter);
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventHandler(KeyEvent.KEY_TYPED, this::keyTyped);
        addEventHandler(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) spaceDown = false;
        });

        model.addListener(this::changed);
        model.analysisProperty().addListener((o, a, b) -> refreshInfos());
        model.dataFitsProperty().addListener((o, a, b) -> refreshInfos());
        model.selection().addListener((SetChangeListener<String>) c -> {
            if (c.wasRemoved()) mark(c.getElementRemoved(), false);
            if (c.wasAdded()) mark(c.getElementAdded(), true);
            if (farMode) far.invalidate();
            describe();
        });
        model.graphProperty().addListener(o -> describe());
        describe();
        vp.changesProperty().addListener(o -> {
            updateView();
            minimap.redraw();
        });
        // A fitted view stays fitted while the canvas changes size (the window settling after it opens, the dashboard
        // opening) until the user pans or zooms.
        surface.widthProperty().addListener(o -> refitOrUpdate());
        surface.heightProperty().addListener(o -> refitOrUpdate());
        rebuild();
    }

    public Viewport viewport() {
        return vp;
    }

    public EditorModel model() {
        return model;
    }

    // ---- drawing the document ----

    private void changed(List<GraphChange> cs) {
        if (cs == null) {
            rebuild();
            return;
        }
        // Once the user edits, the view is theirs: the canvas changing size (the Problems list unfolding under a new
        // node's first problem) no longer fits it again, which would move the card being worked on.
        vp.hold();
        Graph g = model.viewGraph();
        Set<String> touched = new HashSet<>();
        // Where cards came, went or moved: the wires that were routed round (or straight through) there route again.
        List<Position> cardsChanged = new ArrayList<>();
        boolean notesChanged = false, blocksChanged = false;
        for (GraphChange c : cs) {
            if (c instanceof GraphChange.NodeAdded x) {
                if (g.node(x.node().id()) != null && !cards.containsKey(x.node().id())) addCard(g.node(x.node().id()));
                cardsChanged.add(x.node().position());
            } else if (c instanceof GraphChange.NodeRemoved x) {
                NodeCard card = cards.remove(x.node().id());
                if (card != null) {
                    cardLayer.getChildren().remove(card);
                    cardIndex.remove(card);
                    cardsChanged.add(new Position(card.getLayoutX(), card.getLayoutY()));
                }
                cardsChanged.add(x.node().position());
            } else if (c instanceof GraphChange.NodeMoved x) {
                touched.add(x.nodeId());
                NodeCard card = cards.get(x.nodeId());
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
                if (g.edges().contains(x.edge()) && !edges.containsKey(x.edge())) addEdge(x.edge());
            } else if (c instanceof GraphChange.EdgeRemoved x) {
                EdgeView v = edges.remove(x.edge());
                if (v != null) {
                    edgeLayer.getChildren().remove(v);
                    edgeIndex.remove(v);
                    routes.remove(v);
                }
            } else if (c instanceof GraphChange.NoteAdded || c instanceof GraphChange.NoteRemoved || c instanceof GraphChange.NoteChanged) {
                notesChanged = true;
            } else if (c instanceof GraphChange.BlockAdded || c instanceof GraphChange.BlockRemoved || c instanceof GraphChange.BlockChanged) {
                blocksChanged = true;
            }
        }
        for (String id : touched) {
            NodeCard card = cards.get(id);
            Node n = g.node(id);
            if (card == null || n == null) continue;
            card.setNode(n);
            index(card);
            layoutEdgesOf(id);
        }
        Set<EdgeView> reroute = new LinkedHashSet<>();
        for (Position p : cardsChanged) reroute.addAll(routes.lookingAt(p.x(), p.y(), p.x() + NodeCard.W, p.y() + NodeCard.H));
        for (EdgeView v : reroute) if (edges.get(v.edge) == v) layoutEdge(v);
        if (notesChanged) rebuildNotes();
        if (blocksChanged) for (NodeCard c : cards.values()) c.forgetInfo();
        cull();
        refreshInfos();
        updateHint();
        minimap.redraw();
    }

    private void rebuild() {
        cancelGesture();
        cards.clear();
        edges.clear();
        cardIndex.clear();
        edgeIndex.clear();
        routes.clear();
        cardLayer.getChildren().clear();
        edgeLayer.getChildren().clear();
        Graph g = model.viewGraph();
        for (Node n : g.nodes()) addCard(n);
        for (Edge e : g.edges()) addEdge(e);
        cull();
        refreshInfos();
        rebuildNotes();
        for (String id : model.selection()) mark(id, true);
        updateHint();
        updateBreadcrumb();
        minimap.redraw();
    }

    private void addCard(Node n) {
        String scope = model.scopeProperty().get();
        NodeCard c = new NodeCard(n, scope != null && model.graph().nodes().stream().anyMatch(p -> scope.equals(p.param("block"))));
        cards.put(n.id(), c);
        index(c);
    }

    private void index(NodeCard c) {
        cardIndex.put(c, c.getLayoutX(), c.getLayoutY(), c.getLayoutX() + NodeCard.W, c.getLayoutY() + NodeCard.H);
    }

    private void addEdge(Edge e) {
        EdgeView v = new EdgeView(e);
        edges.put(e, v);
        layoutEdge(v);
    }

    // ---- what is in view ----

    /** After a pan, zoom or resize: near or far drawing, and which cards and edges are in the scene. */
    private void updateView() {
        boolean nowFar = vp.zoom() < FAR_ZOOM;
        if (nowFar != farMode) {
            farMode = nowFar;
            world.setVisible(!farMode);
            far.setVisible(farMode);
        }
        cull();
        if (farMode) far.viewChanged();
    }

    /**
     * Keeps in the scene only the cards and edges near the visible area (none when zoomed out): a node outside the
     * scene costs no CSS, layout or rendering, so a large graph pans and redraws like a small one. A card that
     * comes into view is brought up to date with the analysis first.
     */
    private void cull() {
        if (farMode) {
            // The far view paints everything itself.
            if (!cardLayer.getChildren().isEmpty()) cardLayer.getChildren().clear();
            if (!edgeLayer.getChildren().isEmpty()) edgeLayer.getChildren().clear();
            return;
        }
        Point2D a = vp.toWorld(0, 0), b = vp.toWorld(surface.getWidth(), surface.getHeight());
        double m = CULL_IN / vp.zoom(), k = CULL_OUT / vp.zoom();
        double x0 = a.getX() - m, y0 = a.getY() - m, x1 = b.getX() + m, y1 = b.getY() + m;
        double kx0 = a.getX() - k, ky0 = a.getY() - k, kx1 = b.getX() + k, ky1 = b.getY() + k;
        boolean sized = surface.getWidth() > 0 && surface.getHeight() > 0;
        // Leaving: only what is in the scene is looked at; coming in: only what the index finds near the view.
        Set<javafx.scene.Node> out = new HashSet<>();
        for (javafx.scene.Node n : cardLayer.getChildren()) {
            NodeCard c = (NodeCard) n;
            double cx = c.getLayoutX(), cy = c.getLayoutY();
            boolean keep = !sized || moveStart.containsKey(c.nodeId()) || cx + NodeCard.W >= kx0 && cx <= kx1 && cy + NodeCard.H >= ky0 && cy <= ky1;
            if (!keep) out.add(c);
        }
        Set<NodeCard> in = new LinkedHashSet<>();
        for (NodeCard c : sized ? cardIndex.query(x0, y0, x1, y1) : cards.values()) if (c.getParent() == null) in.add(c);
        for (String id : moveStart.keySet()) {
            NodeCard c = cards.get(id);
            if (c != null && c.getParent() == null) in.add(c);
        }
        if (!out.isEmpty()) cardLayer.getChildren().removeAll(out);
        if (!in.isEmpty()) {
            Graph g = model.viewGraph();
            Analysis an = model.viewAnalysis();
            for (NodeCard c : in) {
                if (an.graph() == g && g.node(c.nodeId()) != null && show(c, g, an)) layoutEdgesOf(c.nodeId());
                c.setSelected(model.selection().contains(c.nodeId()));
            }
            cardLayer.getChildren().addAll(in);
        }
        out.clear();
        for (javafx.scene.Node n : edgeLayer.getChildren()) {
            EdgeView v = (EdgeView) n;
            if (sized && !moveEdges.contains(v.edge) && !v.within(kx0, ky0, kx1, ky1)) out.add(v);
        }
        Set<EdgeView> inEdges = new LinkedHashSet<>();
        for (EdgeView v : sized ? edgeIndex.query(x0, y0, x1, y1) : edges.values()) if (v.getParent() == null) inEdges.add(v);
        for (Edge e : moveEdges) {
            EdgeView v = edges.get(e);
            if (v != null && v.getParent() == null) inEdges.add(v);
        }
        if (!out.isEmpty()) edgeLayer.getChildren().removeAll(out);
        if (!inEdges.isEmpty()) {
            Analysis an = model.viewAnalysis();
            for (EdgeView v : inEdges) refreshEdgeLabel(v, an);
            edgeLayer.getChildren().addAll(inEdges);
        }
    }

    /** The nodes and notes being dragged (empty when none), which the far view paints apart from the rest. */
    Set<String> moving() {
        return moveStart.keySet();
    }

    /** The edges that follow the nodes being dragged. */
    Set<Edge> movingEdges() {
        return moveEdges;
    }

    Collection<EdgeView> edgeViews() {
        return edges.values();
    }

    Collection<NoteView> noteViews() {
        return notes.values();
    }

    /** How many cards and edges are in the scene (the rest are culled). */
    int inScene() {
        return cardLayer.getChildren().size() + edgeLayer.getChildren().size();
    }

    /** Whether the canvas is zoomed out far enough to paint boxes instead of cards. */
    boolean isFar() {
        return farMode;
    }

    private void rebuildNotes() {
        noteLayer.getChildren().clear();
        notes.clear();
        for (Note n : model.viewGraph().notes()) {
            NoteView v = new NoteView(n);
            v.editor.focusedProperty().addListener((o, was, now) -> {
                if (!now) {
                    String text = v.stopEditing();
                    if (text != null && !text.equals(v.note().text())) model.execute(Commands.editNote(model.viewGraph(), v.noteId, text));
                }
            });
            notes.put(n.id(), v);
            noteLayer.getChildren().add(v);
            if (model.selection().contains(n.id())) v.setSelected(true);
        }
    }

    /** Brings card {@code c} up to date with analysis {@code a} of {@code g} and its problems; true when its ports were rebuilt. */
    private boolean show(NodeCard c, Graph g, Analysis a) {
        return c.setInfo(g, a, model.viewProblemsOf(c.nodeId(), a.info(c.nodeId())));
    }

    private void refreshInfos() {
        Analysis a = model.viewAnalysis();
        Graph g = model.viewGraph();
        if (a.graph() != g) return; // a background analysis of an older document; the newer one follows
        // Only what is in the scene; a card or edge brings itself up to date when it comes into view (cull).
        for (javafx.scene.Node n : List.copyOf(cardLayer.getChildren())) {
            NodeCard c = (NodeCard) n;
            if (g.node(c.nodeId()) == null) continue;
            if (show(c, g, a)) layoutEdgesOf(c.nodeId());
        }
        for (javafx.scene.Node n : edgeLayer.getChildren()) refreshEdgeLabel((EdgeView) n, a);
        if (farMode) far.invalidate();
    }

    private void refreshEdgeLabel(EdgeView v, Analysis a) {
        if (a.graph() != model.viewGraph()) return;
        TensorType t = a.graph().node(v.edge.fromNode()) == null ? null : a.edgeType(v.edge);
        // A label of another width may fit elsewhere along the wire.
        if (v.setText(t == null ? "?" : t.describe())) layoutEdge(v);
    }

    private void layoutEdgesOf(String id) {
        Graph g = model.viewGraph();
        for (Edge e : g.incoming(id)) layoutEdge(edges.get(e));
        for (Edge e : g.outgoing(id)) layoutEdge(edges.get(e));
    }

    private void layoutEdge(EdgeView v) {
        if (v == null) return;
        NodeCard a = cards.get(v.edge.fromNode()), b = cards.get(v.edge.toNode());
        if (a == null || b == null) return;
        v.setRoute(routes.route(v, a.anchor(v.edge.fromPort(), false), b.anchor(v.edge.toPort(), true)));
        v.setEnds(a.node().name() + "." + v.edge.fromPort(), b.node().name() + "." + v.edge.toPort());
        edgeIndex.put(v, v.minX, v.minY, v.maxX, v.maxY);
    }

    private void mark(String id, boolean on) {
        NodeCard c = cards.get(id);
        if (c != null) c.setSelected(on);
        NoteView n = notes.get(id);
        if (n != null) n.setSelected(on);
    }

    /** What a screen reader says of the canvas: how many nodes, and which are selected (the cards take no focus). */
    private void describe() {
        Graph g = model.viewGraph();
        List<String> names = new ArrayList<>();
        for (String id : model.selection()) {
            Node n = g.node(id);
            if (n != null) names.add(n.name() + " (" + n.kind() + ")");
        }
        setAccessibleText("Canvas, " + g.nodes().size() + (g.nodes().size() == 1 ? " node" : " nodes")
                + (names.isEmpty() ? ", nothing selected" : ", selected: " + String.join(", ", names)));
    }

    private void updateHint() {
        hint.setVisible(cards.isEmpty() && notes.isEmpty());
    }

    /** Inside a block: the project's name (a link back), the block's, and the placements an edit here changes. */
    private void updateBreadcrumb() {
        String scope = model.scopeProperty().get();
        breadcrumb.setVisible(scope != null);
        if (scope == null) return;
        Graph top = model.graph();
        crumbProject.setText(top.name() == null || top.name().isBlank() ? "Project" : top.name());
        crumbBlock.setText(scope);
        List<String> uses = top.nodes().stream().filter(n -> scope.equals(n.param("block"))).map(Node::name).toList();
        crumbUses.setText(uses.isEmpty() ? "· not placed yet"
                : "· changes " + (uses.size() == 1 ? "its placement " : "all " + uses.size() + " placements: ") + String.join(", ", uses));
        crumbUses.setTooltip(uses.size() > 1 ? new Tooltip(crumbUses.getText().substring(2)) : null);
    }

    /**
     * Edits the definition of the block that node {@code nodeId} places (double-click, Edit › Open Block); false when
     * the node places no block or the canvas is inside a block already.
     */
    public boolean openBlock(String nodeId) {
        Node n = model.viewGraph().node(nodeId);
        return n != null && model.scopeProperty().get() == null && n.param("block") instanceof String b && open(b, n.name());
    }

    /** Edits the definition of block {@code name} (the palette's "Edit"); false when the project has no such block. */
    public boolean openDefinition(String name) {
        return open(name, null);
    }

    /** Shows block {@code name}'s definition, opened from placement {@code from} (null: from none in particular). */
    private boolean open(String name, String from) {
        if (model.graph().block(name) == null) return false;
        model.setOpenedFrom(from);
        model.scopeProperty().set(name);
        Platform.runLater(this::fit);
        return true;
    }

    /** Back from a block's definition to the project (the breadcrumb's link, Edit › Back to Project). */
    public void closeBlock() {
        if (model.scopeProperty().get() == null) return;
        model.scopeProperty().set(null);
        Platform.runLater(this::fit);
    }

    // ---- mouse ----

    private void pressed(MouseEvent e) {
        requestFocus();
        if (quickAdd.isOpen() && !inside(quickAdd, e)) quickAdd.close();
        if (inside(quickAdd, e)) return;
        refusal.hide();
        pressX = e.getX();
        pressY = e.getY();
        moved = false;
        Point2D w = vp.toWorld(e.getX(), e.getY());
        lastMouseWorld = w;
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
            if (hit instanceof NodeCard && e.getClickCount() == 2 && openBlock(id)) return;
            if (e.isShiftDown() || e.isShortcutDown()) {
                if (!model.selection().remove(id)) model.selection().add(id);
            } else if (!model.selection().contains(id)) {
                model.select(List.of(id));
            }
            if (!model.selection().contains(id)) return;
            mode = Mode.MOVE;
            moveStart.clear();
            moveEdges.clear();
            Graph g = model.viewGraph();
            for (String s : model.selection()) {
                NodeCard c = cards.get(s);
                if (c != null) {
                    moveStart.put(s, new Point2D(c.getLayoutX(), c.getLayoutY()));
                    moveEdges.addAll(g.incoming(s));
                    moveEdges.addAll(g.outgoing(s));
                }
                NoteView n = notes.get(s);
                if (n != null) moveStart.put(s, new Point2D(n.getLayoutX(), n.getLayoutY()));
            }
            return;
        }
        if (e.getClickCount() == 2) {
            openQuickAdd(w, null, false);
            return;
        }
        if (!e.isShiftDown() && !e.isShortcutDown()) model.selection().clear();
        mode = Mode.RUBBER;
        rubber.setX(e.getX());
        rubber.setY(e.getY());
        rubber.setWidth(0);
        rubber.setHeight(0);
        rubber.setVisible(true);
    }

    private void dragged(MouseEvent e) {
        double dx = e.getX() - pressX, dy = e.getY() - pressY;
        if (Math.abs(dx) + Math.abs(dy) > 2) moved = true;
        Point2D w = vp.toWorld(e.getX(), e.getY());
        lastMouseWorld = w;
        switch (mode) {
            case PAN -> {
                vp.pan(dx, dy);
                pressX = e.getX();
                pressY = e.getY();
            }
            case WIRE -> {
                NodeCard from = cards.get(wireNode);
                EdgeView.draw(wire, routes.dragged(from.anchor(wirePort, false), w));
            }
            case MOVE -> {
                moveTo(dx / vp.zoom(), dy / vp.zoom(), false);
                showDropTarget(moveTarget(dx / vp.zoom(), dy / vp.zoom()));
            }
            case RUBBER -> {
                rubber.setX(Math.min(pressX, e.getX()));
                rubber.setY(Math.min(pressY, e.getY()));
                rubber.setWidth(Math.abs(dx));
                rubber.setHeight(Math.abs(dy));
            }
            default -> { }
        }
        e.consume();
    }

    /** Shows the moving nodes displaced by (dx, dy) world units; the document changes only on release. */
    private void moveTo(double dx, double dy, boolean snap) {
        Map<String, Point2D> to = new HashMap<>();
        for (Map.Entry<String, Point2D> m : moveStart.entrySet()) to.put(m.getKey(), target(m.getValue(), dx, dy, snap));
        relocate(to);
        if (farMode) far.moved();
    }

    /**
     * Shows the moving nodes at {@code to}, with the wires they take with them and, near, those they pass over or leave
     * (zoomed out these wait for the drop: the far view repaints only what is dragged while a drag lasts).
     */
    private void relocate(Map<String, Point2D> to) {
        Set<EdgeView> passing = new LinkedHashSet<>();
        for (Map.Entry<String, Point2D> m : to.entrySet()) {
            Point2D p = m.getValue();
            NodeCard c = cards.get(m.getKey());
            if (c != null) {
                if (!farMode) {
                    passing.addAll(routes.lookingAt(c.getLayoutX(), c.getLayoutY(), c.getLayoutX() + NodeCard.W, c.getLayoutY() + NodeCard.H));
                    passing.addAll(routes.lookingAt(p.getX(), p.getY(), p.getX() + NodeCard.W, p.getY() + NodeCard.H));
                }
                c.relocate(p.getX(), p.getY());
                index(c);
            }
            NoteView n = notes.get(m.getKey());
            if (n != null) n.relocate(p.getX(), p.getY());
        }
        for (Edge x : moveEdges) {
            EdgeView v = edges.get(x);
            if (v != null) passing.add(v);
        }
        for (EdgeView v : passing) layoutEdge(v);
    }

    /** A drag the document refused: the cards go back to where they started. */
    private void putBack() {
        relocate(moveStart);
    }

    /**
     * Where a dragged node goes: on the grid when dropped with snapping on, else on whole world units, so that at
     * 100% a card being dragged is copied to the screen, not resampled, on every frame.
     */
    private Point2D target(Point2D start, double dx, double dy, boolean snap) {
        double x = start.getX() + dx, y = start.getY() + dy;
        if (snap && model.snapToGridProperty().get()) return new Point2D(Math.round(x / GRID) * GRID, Math.round(y / GRID) * GRID);
        return new Point2D(Math.round(x), Math.round(y));
    }

    private void released(MouseEvent e) {
        Mode was = mode;
        mode = Mode.NONE;
        Point2D w = vp.toWorld(e.getX(), e.getY());
        switch (was) {
            case WIRE -> finishWire(w, e.getScreenX(), e.getScreenY());
            case MOVE -> {
                showDropTarget(null);
                finishMove(e);
                moveStart.clear();
                moveEdges.clear();
                if (farMode) far.invalidate();
            }
            case RUBBER -> {
                rubber.setVisible(false);
                if (!moved) break;
                Point2D a = vp.toWorld(rubber.getX(), rubber.getY());
                Point2D b = vp.toWorld(rubber.getX() + rubber.getWidth(), rubber.getY() + rubber.getHeight());
                Rectangle2D box = new Rectangle2D(a.getX(), a.getY(), b.getX() - a.getX(), b.getY() - a.getY());
                List<String> hits = new ArrayList<>();
                for (NodeCard c : cards.values()) {
                    if (box.intersects(c.getLayoutX(), c.getLayoutY(), NodeCard.W, NodeCard.H)) hits.add(c.nodeId());
                }
                for (NoteView n : notes.values()) {
                    if (box.intersects(n.getLayoutX(), n.getLayoutY(), n.getWidth(), n.getHeight())) hits.add(n.noteId);
                }
                model.selection().addAll(hits);
            }
            default -> { }
        }
    }

    private void finishMove(MouseEvent e) {
        if (!moved) {
            if (!e.isShiftDown() && !e.isShortcutDown()) {
                Object hit = hit(e);
                if (hit instanceof NodeCard c) model.select(List.of(c.nodeId()));
            }
            return;
        }
        double dx = (e.getX() - pressX) / vp.zoom(), dy = (e.getY() - pressY) / vp.zoom();
        Map<String, Position> to = new LinkedHashMap<>();
        for (Map.Entry<String, Point2D> m : moveStart.entrySet()) {
            Point2D p = target(m.getValue(), dx, dy, true);
            to.put(m.getKey(), new Position(p.getX(), p.getY()));
        }
        moveTo(dx, dy, true);
        Graph g = model.viewGraph();
        Command move = Commands.move(g, to);
        // One free node dropped onto an edge goes into it (move and insert are one step).
        if (to.size() == 1) {
            String id = to.keySet().iterator().next();
            if (g.node(id) != null && g.incoming(id).isEmpty() && g.outgoing(id).isEmpty()) {
                EdgeView target = edgeUnder(to.get(id));
                if (target != null) {
                    Command insert = Commands.insertOnEdge(g, model.viewAnalysis(), id, target.edge);
                    if (insert != null) move = new Command(insert.name(), x -> move(x, to).then(insert::execute));
                }
            }
        }
        // Dropped where it started (no change) or refused: the cards go back to where the document has them.
        if (!model.execute(move)) putBack();
    }

    private static layerlab.graph.Edit move(Graph g, Map<String, Position> to) {
        return Commands.move(g, to).execute(g);
    }

    private EdgeView edgeUnder(Position cardAt) {
        double cx = cardAt.x() + NodeCard.W / 2, cy = cardAt.y() + NodeCard.H / 2;
        EdgeView best = null;
        double bestD = 60;
        for (EdgeView v : edges.values()) {
            Point2D m = v.mid();
            double d = Math.hypot(m.getX() - cx, m.getY() - cy);
            if (d < bestD) {
                bestD = d;
                best = v;
            }
        }
        return best;
    }

    private void scrolled(ScrollEvent e) {
        if (e.getTouchCount() > 0 && !e.isShortcutDown()) {
            vp.pan(e.getDeltaX(), e.getDeltaY()); // two fingers on a trackpad: pan
        } else if (e.getDeltaY() != 0) {
            vp.zoomAt(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()));
        }
        e.consume();
    }

    // ---- wires ----

    private void startWire(String node, String port, Edge picked) {
        mode = Mode.WIRE;
        wireNode = node;
        wirePort = port;
        reconnecting = picked;
        Graph g = model.viewGraph();
        if (picked != null) {
            // The picked-up end leaves its port at once; the document changes only on release.
            EdgeView v = edges.get(picked);
            if (v != null) v.setVisible(false);
            g = g.disconnect(picked).after();
        }
        Analysis a = model.viewAnalysis();
        // Cards out of view are not in the scene; their ports need no colour.
        for (javafx.scene.Node n : cardLayer.getChildren()) {
            NodeCard c = (NodeCard) n;
            for (PortDot d : c.inputs) {
                boolean ok = Connections.refusal(g, a, new Edge(node, port, c.nodeId(), d.spec.name())) == null;
                d.getStyleClass().add(ok ? "port-ok" : "port-no");
                lit.add(d);
            }
        }
        NodeCard from = cards.get(node);
        EdgeView.draw(wire, routes.dragged(from.anchor(port, false), lastMouseWorld));
        wire.setVisible(true);
    }

    private void finishWire(Point2D w, double screenX, double screenY) {
        wire.setVisible(false);
        for (PortDot d : lit) d.getStyleClass().removeAll("port-ok", "port-no");
        lit.clear();
        Edge old = reconnecting;
        reconnecting = null;
        if (old != null && edges.get(old) != null) edges.get(old).setVisible(true);
        PortDot target = inputNear(w);
        Graph g = model.viewGraph();
        if (target == null) {
            if (old != null) model.execute(Commands.disconnect(g, old));
            else if (moved) openQuickAdd(w, new String[] {wireNode, wirePort}, false);
            return;
        }
        Edge now = new Edge(wireNode, wirePort, target.card.nodeId(), target.spec.name());
        if (now.equals(old)) return;
        Graph without = old == null ? g : g.disconnect(old).after();
        String why = Connections.refusal(without, model.viewAnalysis(), now);
        if (why != null) {
            String text = "Cannot connect " + g.describe(now) + ": " + why + ".";
            model.messageProperty().set(text);
            refusal.setText(text);
            if (getScene() != null && getScene().getWindow() != null) refusal.show(this, screenX + 12, screenY + 12);
            return;
        }
        model.execute(old == null ? Commands.connect(g, now) : Commands.reconnect(old, now));
    }

    private PortDot inputNear(Point2D w) {
        PortDot best = null;
        double bestD = 14;
        for (NodeCard c : cards.values()) {
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

    private Edge feeding(String node, String port) {
        for (Edge x : model.viewGraph().incoming(node)) if (x.toPort().equals(port)) return x;
        return null;
    }

    // ---- quick add ----

    /**
     * Opens quick-add (Tab, Shift+A): with one node selected that has an output, the new node comes after it, one
     * column to its right and connected from it, so that Tab, a name and Enter again and again draw a chain from the
     * keyboard; otherwise at the mouse, unconnected.
     */
    public void openQuickAdd() {
        String[] from = chainFrom();
        if (from == null) {
            openQuickAdd(lastMouseWorld, null, false);
            return;
        }
        Node n = model.viewGraph().node(from[0]);
        Position at = Placement.freeBelow(model.viewGraph(), n.position().x() + AutoLayout.COLUMN, n.position().y());
        openQuickAdd(new Point2D(at.x(), at.y() + NodeCard.H / 2), from, true);
    }

    /** The selected node and its first free output (else its first), when exactly one node with an output is selected. */
    private String[] chainFrom() {
        if (model.selection().size() != 1) return null;
        Graph g = model.viewGraph();
        Node n = g.node(model.selection().iterator().next());
        Analysis a = model.viewAnalysis();
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
    private void openQuickAdd(Point2D at, String[] from, boolean after) {
        List<Choice> all = QuickAddModel.choices(model.graph());
        String heading = "Add layer";
        if (from != null) {
            Analysis a = model.viewAnalysis();
            TensorType t = a.graph() == model.viewGraph() ? a.info(from[0]).output(from[1]) : null;
            all = QuickAddModel.accepting(all, t == null ? null : t.dtype());
            heading = (after ? "Add after " + model.viewGraph().node(from[0]).name() : "Add and connect")
                    + (t == null ? "" : " (" + t.describe() + ")");
        }
        Point2D p = popupAt(at.getX(), at.getY());
        quickAdd.open(heading, all, p.getX(), p.getY(), c -> place(c, at, from));
    }

    /** Where the quick-add popup opens for world point (wx, wy): there, kept within the canvas and above the zoom bar. */
    private Point2D popupAt(double wx, double wy) {
        Point2D s = vp.toScreen(wx, wy);
        // Above the zoom bar in the bottom corner: drawn over the canvas, it would cover the list.
        return new Point2D(Math.max(4, Math.min(s.getX(), surface.getWidth() - 310)), Math.max(4, Math.min(s.getY(), surface.getHeight() - 330 - 40)));
    }

    private void place(Choice c, Point2D at, String[] from) {
        String[] id = {null};
        Position pos = snapped(at.getX(), at.getY() - NodeCard.H / 2);
        Command add = Commands.addNode(c.kind(), c.block(), pos, id);
        if (from == null) {
            if (model.execute(add)) model.select(List.of(id[0]));
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
        if (model.execute(both)) {
            model.select(List.of(id[0]));
            showCard(id[0]);
        }
    }

    /** Pans the least that brings a node's card wholly into view (with a margin), when it is not. */
    private void showCard(String nodeId) {
        Node n = model.viewGraph().node(nodeId);
        if (n == null) return;
        Point2D a = vp.toScreen(n.position().x(), n.position().y()), b = vp.toScreen(n.position().x() + NodeCard.W, n.position().y() + NodeCard.H);
        double m = 40, w = surface.getWidth(), h = surface.getHeight();
        double dx = b.getX() > w - m ? w - m - b.getX() : a.getX() < m ? m - a.getX() : 0;
        double dy = b.getY() > h - m ? h - m - b.getY() : a.getY() < m ? m - a.getY() : 0;
        if (dx != 0 || dy != 0) vp.pan(dx, dy);
    }

    boolean quickAddOpen() {
        return quickAdd.isOpen();
    }

    List<Choice> quickAddShown() {
        return quickAdd.shown();
    }

    // ---- keys ----

    private void keyFilter(KeyEvent e) {
        if (quickAdd.isOpen() || e.getTarget() instanceof javafx.scene.control.TextInputControl) return;
        // Tab alone: Shift+Tab and Ctrl+Tab go on to the window's other controls, so the canvas is no trap for the keyboard.
        if (e.getCode() == KeyCode.TAB && !e.isShiftDown() && !e.isShortcutDown() && !e.isControlDown() && !e.isAltDown()) {
            openQuickAdd();
            e.consume();
        }
    }

    /**
     * The letters that open a popup (Shift+A quick add, C Connect To…) act on the typed character, not the key press: the
     * popup's search field takes the focus, and the press's character would be typed into it ("Ac" for "c").
     */
    private void keyTyped(KeyEvent e) {
        if (quickAdd.isOpen() || e.getTarget() instanceof javafx.scene.control.TextInputControl || e.isShortcutDown() || e.isAltDown()) return;
        switch (e.getCharacter()) {
            case "A" -> openQuickAdd();
            case "c" -> openConnect();
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void keyPressed(KeyEvent e) {
        if (quickAdd.isOpen() || e.getTarget() instanceof javafx.scene.control.TextInputControl) return;
        boolean plain = !e.isShortcutDown() && !e.isAltDown();
        // Shortcut combinations are the menus' accelerators; only Ctrl+Delete is the canvas's own.
        if (!plain && e.getCode() != KeyCode.DELETE && e.getCode() != KeyCode.BACK_SPACE) return;
        switch (e.getCode()) {
            case DELETE, BACK_SPACE -> {
                if (e.isShortcutDown() && model.selectedNode() != null) model.execute(Commands.deleteAndBridge(model.viewGraph(), model.selectedNode().id()));
                else deleteSelection();
            }
            case SPACE -> spaceDown = true;
            case F, HOME -> {
                if (!plain) return;
                if (e.isShiftDown() && e.getCode() == KeyCode.F) fitSelection();
                else fit();
            }
            case PLUS, EQUALS, ADD -> {
                if (plain) zoomBy(1.25);
            }
            case MINUS, SUBTRACT -> {
                if (plain) zoomBy(1 / 1.25);
            }
            case L -> {
                if (plain) autoLayout();
            }
            case N -> {
                if (plain) addNote();
            }
            case M -> {
                if (plain) minimap.setVisible(!minimap.isVisible());
            }
            case ESCAPE -> model.selection().clear();
            case CONTEXT_MENU -> keyboardMenu();
            case F10 -> {
                if (!e.isShiftDown()) return;
                keyboardMenu();
            }
            case LEFT, RIGHT, UP, DOWN -> {
                if (!plain) return;
                // The selection moves a grid step (Shift: five); with nothing selected the view pans.
                double step = (e.isShiftDown() ? 5 : 1) * GRID;
                double dx = e.getCode() == KeyCode.LEFT ? -step : e.getCode() == KeyCode.RIGHT ? step : 0;
                double dy = e.getCode() == KeyCode.UP ? -step : e.getCode() == KeyCode.DOWN ? step : 0;
                if (!nudge(dx, dy)) vp.pan(-dx * 3, -dy * 3);
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** Moves the selected cards and notes by (dx, dy) world units as one undoable step; false with nothing selected. */
    private boolean nudge(double dx, double dy) {
        Graph g = model.viewGraph();
        Map<String, Position> to = new LinkedHashMap<>();
        for (String id : model.selection()) {
            Position p = g.node(id) != null ? g.node(id).position() : g.note(id) != null ? g.note(id).position() : null;
            if (p != null) to.put(id, new Position(p.x() + dx, p.y() + dy));
        }
        if (to.isEmpty()) return false;
        model.execute(Commands.move(g, to));
        return true;
    }

    // ---- actions (menus and keys) ----

    public void deleteSelection() {
        if (!model.selection().isEmpty()) model.execute(Commands.delete(model.viewGraph(), List.copyOf(model.selection())));
    }

    public void selectAll() {
        List<String> all = new ArrayList<>(cards.keySet());
        all.addAll(notes.keySet());
        model.select(all);
    }

    /** Copies the selection (as project JSON) to the system clipboard, and keeps it for this window's Paste. */
    public void copy() {
        String json = ClipboardJson.copy(model.viewGraph(), model.selection(), model.graph());
        if (json == null) return;
        internalClipboard = json;
        try {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(json);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        } catch (RuntimeException ignored) {
            // No system clipboard (headless): this window's copy still pastes.
        }
        model.messageProperty().set("Copied " + model.selection().size() + " item(s)");
    }

    public void paste() {
        String text = null;
        try {
            String s = javafx.scene.input.Clipboard.getSystemClipboard().getString();
            if (ClipboardJson.looksLikeProject(s)) text = s;
        } catch (RuntimeException ignored) {
            // fall back to this window's copy
        }
        if (text == null) text = internalClipboard;
        pasteText(text, "Paste");
    }

    public void duplicate() {
        String json = ClipboardJson.copy(model.viewGraph(), model.selection(), model.graph());
        pasteText(json, "Duplicate");
    }

    private void pasteText(String text, String name) {
        if (text == null) return;
        List<String> ids = new ArrayList<>();
        try {
            // Inside a block, the pasted nodes go to its body and the blocks they place to the project's library.
            String scope = model.scopeProperty().get();
            ClipboardJson.Where where = pasteWhere(name.equals("Paste") && surface.isHover());
            boolean done = scope == null ? model.execute(ClipboardJson.paste(text, name, ids, null, where))
                    : model.executeOnProject(ClipboardJson.paste(text, name, ids, scope, where));
            if (done) {
                model.select(ids);
                showItems(ids);
            }
        } catch (layerlab.graph.json.ProjectFormatException e) {
            model.messageProperty().set("Cannot paste: " + e.getMessage());
        }
    }

    /**
     * Where a paste lands: at the pointer when it is over the canvas ({@code atPointer}), else beside the copied items when
     * that is in view (a copy in this window), else in the middle of the view (a copy from another window, whose places
     * mean nothing here); from there, the nearest place in view where no card or note lies.
     */
    private ClipboardJson.Where pasteWhere(boolean atPointer) {
        double[] view = visibleWorld();
        return (into, part) -> {
            List<double[]> rects = ClipboardJson.rects(part);
            double[] box = Placement.bounds(rects);
            if (box == null) return new Position(ClipboardJson.OFFSET, ClipboardJson.OFFSET);
            double dx = ClipboardJson.OFFSET, dy = ClipboardJson.OFFSET;
            if (atPointer) {
                Position p = snapped(lastMouseWorld.getX(), lastMouseWorld.getY());
                dx = p.x() - box[0];
                dy = p.y() - box[1];
            } else if (box[0] + dx < view[0] || box[1] + dy < view[1] || box[2] + dx > view[2] || box[3] + dy > view[3]) {
                Position p = snapped((view[0] + view[2] - (box[2] - box[0])) / 2, (view[1] + view[3] - (box[3] - box[1])) / 2);
                dx = p.x() - box[0];
                dy = p.y() - box[1];
            }
            return Placement.freeOffset(into, Set.of(), rects, dx, dy, view);
        };
    }

    /** The world rectangle the canvas shows, {x0, y0, x1, y1}, less a margin. */
    private double[] visibleWorld() {
        Point2D a = vp.toWorld(0, 0), b = vp.toWorld(surface.getWidth(), surface.getHeight());
        double m = GRID;
        return new double[] {a.getX() + m, a.getY() + m, Math.max(a.getX() + m, b.getX() - m), Math.max(a.getY() + m, b.getY() - m)};
    }

    /** Pans the least that brings the items {@code ids} wholly into view; zooms out to them when they do not fit. */
    private void showItems(Collection<String> ids) {
        double[] box = Placement.bounds(Placement.rects(model.viewGraph(), ids));
        if (box == null) return;
        Point2D a = vp.toScreen(box[0], box[1]), b = vp.toScreen(box[2], box[3]);
        double m = 40, w = surface.getWidth(), h = surface.getHeight();
        if (b.getX() - a.getX() > w - 2 * m || b.getY() - a.getY() > h - 2 * m) {
            fitSelection();
            return;
        }
        double dx = b.getX() > w - m ? w - m - b.getX() : a.getX() < m ? m - a.getX() : 0;
        double dy = b.getY() > h - m ? h - m - b.getY() : a.getY() < m ? m - a.getY() : 0;
        if (dx != 0 || dy != 0) vp.pan(dx, dy);
    }

    public void autoLayout() {
        Collection<String> sel = model.selection().size() > 1 ? List.copyOf(model.selection()) : List.of();
        model.execute(Commands.autoLayout(model.viewGraph(), sel));
        if (sel.isEmpty()) fit();
    }

    public void addNote() {
        String[] id = {null};
        Position at = snapped(lastMouseWorld.getX(), lastMouseWorld.getY());
        if (model.execute(Commands.addNote("# Note\nDouble-click to edit; **Markdown** works.", at, id))) model.select(List.of(id[0]));
    }

    public void groupSelection() {
        String[] id = {null};
        Command c = Blocks.group(model.viewGraph(), model.selection(), id);
        if (c != null && model.scopeProperty().get() == null && model.execute(c)) model.select(List.of(id[0]));
    }

    /** Ungroup Block (Ctrl+Shift+G): the selected placement becomes its block's layers again, selected. */
    public void ungroupSelection() {
        Node n = model.selectedNode();
        List<String> ids = new ArrayList<>();
        Command c = n == null || model.scopeProperty().get() != null ? null : Blocks.ungroup(model.viewGraph(), n.id(), ids);
        if (c == null) {
            model.messageProperty().set("Select a placed block to ungroup it.");
            return;
        }
        // A drawing wholly in view stays so (Auto-layout makes room for the layers, moving the cards after them); the
        // layers come into view in any case.
        boolean whole = inView(worldBounds());
        if (!model.execute(c)) return;
        model.select(ids);
        if (whole && !inView(worldBounds())) fit();
        else showItems(ids);
    }

    /** Whether the world rectangle {@code r} is wholly in view (null: nothing to show, so yes). */
    private boolean inView(Rectangle2D r) {
        if (r == null) return true;
        Point2D a = vp.toScreen(r.getMinX(), r.getMinY()), b = vp.toScreen(r.getMaxX(), r.getMaxY());
        return a.getX() >= 0 && a.getY() >= 0 && b.getX() <= surface.getWidth() && b.getY() <= surface.getHeight();
    }

    /**
     * Adds a layer chosen in the palette by Enter or a double-click, where no drop point says where: after the one
     * selected node and connected from it when the layer has an input for its tensor (as quick add chains), else in the middle of
     * the view, moved down below any card already there, so that layers added one after another do not pile up.
     */
    public void addFromPalette(String kind, String block) {
        String[] from = chainFrom();
        if (from != null) {
            Analysis a = model.viewAnalysis();
            TensorType t = a.info(from[0]).output(from[1]);
            List<Choice> one = List.of(new Choice(kind, block, kind, ""));
            if (!QuickAddModel.accepting(one, t == null ? null : t.dtype()).isEmpty()) {
                Node n = model.viewGraph().node(from[0]);
                Position at = Placement.freeBelow(model.viewGraph(), n.position().x() + AutoLayout.COLUMN, n.position().y());
                place(one.get(0), new Point2D(at.x(), at.y() + NodeCard.H / 2), from);
                requestFocus();
                return;
            }
        }
        Point2D mid = vp.toWorld(surface.getWidth() / 2, surface.getHeight() / 2);
        Position centre = snapped(mid.getX() - NodeCard.W / 2, mid.getY() - NodeCard.H / 2);
        Position at = Placement.freeBelow(model.viewGraph(), centre.x(), centre.y());
        String[] id = {null};
        if (model.execute(Commands.addNode(kind, block, at, id))) {
            model.select(List.of(id[0]));
            showCard(id[0]);
        }
        requestFocus();
    }

    /** Adds a layer dragged from the palette and dropped at this screen point; false when the point is not on the canvas. */
    public boolean dropKind(String kind, String block, double screenX, double screenY) {
        dragKindOver(null, screenX, screenY);
        Position at = dropPosition(screenX, screenY);
        if (at == null) return false;
        String[] id = {null};
        // Dropped onto a wire: the layer goes into it, in the same step.
        EdgeView target = edgeUnder(at);
        Command into = target == null ? null : Commands.addOnEdge(model.viewGraph(), model.viewAnalysis(), kind, block, at, target.edge, id);
        if (model.execute(into != null ? into : Commands.addNode(kind, block, at, id))) model.select(List.of(id[0]));
        requestFocus();
        return true;
    }

    /**
     * A layer dragged from the palette is over this screen point: a ghost card shows where it would land and the wire
     * it would go into lights up. A null {@code name} (the drag ended) or a point off the canvas hides both.
     */
    public void dragKindOver(String name, double screenX, double screenY) {
        Position at = name == null ? null : dropPosition(screenX, screenY);
        ghostCard.setVisible(at != null);
        if (at == null) {
            showDropTarget(null);
            return;
        }
        ghostName.setText(name);
        ghostCard.relocate(at.x(), at.y());
        ghostCard.toFront();
        showDropTarget(edgeUnder(at));
    }

    /** Where a card dropped at this screen point lands (its middle under the pointer, on the grid); null off the canvas. */
    private Position dropPosition(double screenX, double screenY) {
        Point2D local = surface.screenToLocal(screenX, screenY);
        if (local == null || !surface.getLayoutBounds().contains(local)) return null;
        Point2D w = vp.toWorld(local.getX(), local.getY());
        return snapped(w.getX() - NodeCard.W / 2, w.getY() - NodeCard.H / 2);
    }

    private void showDropTarget(EdgeView v) {
        if (v == dropTarget) return;
        if (dropTarget != null) dropTarget.setDropTarget(false);
        dropTarget = v;
        if (v != null) v.setDropTarget(true);
    }

    /** The wire a free card is being dragged onto, lit; null when it is no free single card or over no wire. */
    private EdgeView moveTarget(double dx, double dy) {
        if (moveStart.size() != 1) return null;
        String id = moveStart.keySet().iterator().next();
        Graph g = model.viewGraph();
        if (g.node(id) == null || !g.incoming(id).isEmpty() || !g.outgoing(id).isEmpty()) return null;
        Point2D p = target(moveStart.get(id), dx, dy, true);
        return edgeUnder(new Position(p.getX(), p.getY()));
    }

    private Position snapped(double x, double y) {
        if (!model.snapToGridProperty().get()) return new Position(x, y);
        return new Position(Math.round(x / GRID) * GRID, Math.round(y / GRID) * GRID);
    }

    public void zoomBy(double factor) {
        vp.zoomAt(surface.getWidth() / 2, surface.getHeight() / 2, factor);
    }

    /** View > Performance: shows or hides the frame times in the canvas's corner. */
    public void togglePerformance() {
        perf.setVisible(!perf.isVisible());
    }

    PerfOverlay performance() {
        return perf;
    }

    private void refitOrUpdate() {
        if (vp.isFitted() && !cards.isEmpty()) fit();
        updateView();
    }

    /**
     * Fits the whole drawing in view (F, Home, Ctrl+0, and every project opened): every card and wire on screen, whatever
     * the canvas's size. Below {@link #READABLE_ZOOM} the margin gives way first, so that cards keep their text where
     * they can; a small canvas (the dashboard open, a small window) may still take the view below {@link #FAR_ZOOM},
     * where cards become boxes, and zooming in (wheel, +) or Shift+F on a selection brings their text back. (A floor
     * that kept small graphs readable left parts of them off-screen with no sign of it.)
     */
    public void fit() {
        vp.fit(worldBounds(), surface.getWidth(), surface.getHeight(), fitMargin(), 4, READABLE_ZOOM);
    }

    /** The zoom a fit would rather not go below while the margin can give way: cards with their text. */
    static final double READABLE_ZOOM = 0.6;

    /** 40 px around the drawing, less on a small canvas, where every pixel is wanted for the drawing. */
    private double fitMargin() {
        return Math.max(12, Math.min(40, Math.min(surface.getWidth(), surface.getHeight()) * 0.06));
    }

    /** Fits the selected cards and notes in view, never above 100 % (Shift+F); with nothing selected, the whole drawing. */
    public void fitSelection() {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (String id : model.selection()) {
            NodeCard c = cards.get(id);
            NoteView n = notes.get(id);
            if (c == null && n == null) continue;
            double x = c != null ? c.getLayoutX() : n.getLayoutX(), y = c != null ? c.getLayoutY() : n.getLayoutY();
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x + (c != null ? NodeCard.W : n.getPrefWidth()));
            y1 = Math.max(y1, y + (c != null ? NodeCard.H : n.getPrefHeight()));
        }
        if (x0 > x1) {
            fit();
            return;
        }
        vp.fit(new Rectangle2D(x0, y0, x1 - x0, y1 - y0), surface.getWidth(), surface.getHeight(), fitMargin());
        // A view fitted to a selection is the user's: it does not fit the whole drawing again when the window resizes.
        vp.hold();
    }

    /** The menus a right click on the canvas shows, made by the window (which holds the actions): a node's, or the canvas's. */
    public interface ContextMenus {
        ContextMenu forNode(String nodeId);

        ContextMenu forCanvas();
    }

    private ContextMenus contextMenus;
    private ContextMenu shownMenu;

    public void setContextMenus(ContextMenus menus) {
        contextMenus = menus;
    }

    /**
     * A right click at (x, y) on the canvas (screen point sx, sy): on a card, the card is selected (unless it already is,
     * with others) and its menu shows; elsewhere the canvas's, its "here" being that point. Returns the menu shown.
     */
    ContextMenu showContextMenu(double x, double y, double sx, double sy) {
        if (contextMenus == null) return null;
        if (shownMenu != null) shownMenu.hide();
        lastMouseWorld = vp.toWorld(x, y);
        Object hit = thingAt(lastMouseWorld);
        if (hit instanceof NodeCard c) {
            if (!model.selection().contains(c.nodeId())) model.select(List.of(c.nodeId()));
            shownMenu = contextMenus.forNode(c.nodeId());
        } else {
            shownMenu = contextMenus.forCanvas();
        }
        if (shownMenu != null) shownMenu.show(surface, sx, sy);
        return shownMenu;
    }

    /**
     * The menu asked for from the keyboard (the Menu key, Shift+F10; not every platform turns them into a request): the
     * selected node's at its card, else the canvas's in the middle.
     */
    private void keyboardMenu() {
        Point2D at = keyboardMenuPoint(), screen = surface.localToScreen(at);
        if (screen != null) showContextMenu(at.getX(), at.getY(), screen.getX(), screen.getY());
    }

    private Point2D keyboardMenuPoint() {
        Node n = model.selectedNode();
        NodeCard c = n == null ? null : cards.get(n.id());
        if (c != null) {
            Point2D p = vp.toScreen(c.getLayoutX() + NodeCard.W / 2, c.getLayoutY() + NodeCard.H / 2);
            if (p.getX() >= 0 && p.getY() >= 0 && p.getX() <= surface.getWidth() && p.getY() <= surface.getHeight()) return p;
        }
        return new Point2D(surface.getWidth() / 2, surface.getHeight() / 2);
    }

    /** Quick add at the last point the pointer (or a right click) was on the canvas, adding after nothing. */
    public void openQuickAddHere() {
        openQuickAdd(lastMouseWorld, null, false);
    }

    /**
     * Replace with… : the layers (and blocks) that take what arrives at the node's first input, in the quick-add popup;
     * the one chosen takes the node's place, wires and shared params ({@link Commands#replace}).
     */
    public void openReplace(String nodeId) {
        Node n = model.viewGraph().node(nodeId);
        if (n == null) return;
        Analysis a = model.viewAnalysis();
        List<TensorType> arriving = a.graph() == model.viewGraph() ? a.info(nodeId).inputTypes() : List.of();
        TensorType in = arriving.isEmpty() ? null : arriving.get(0);
        String block = n.param("block") instanceof String b ? b : null;
        List<Choice> all = QuickAddModel.forReplacing(QuickAddModel.accepting(QuickAddModel.choices(model.graph()), in == null ? null : in.dtype()).stream()
                .filter(c -> !(c.kind().equals(n.kind()) && Objects.equals(c.block(), block))).toList(), n.kind());
        Point2D p = popupAt(n.position().x(), n.position().y() + NodeCard.H);
        quickAdd.open("Replace " + n.name() + " (" + (block != null ? block : n.kind()) + ") with", "Replace with a layer…", all, p.getX(), p.getY(), c -> {
            if (model.execute(Commands.replace(model.viewGraph(), nodeId, c.kind(), c.block()))) model.select(List.of(nodeId));
        });
    }

    /**
     * Find (Ctrl+F): the drawing's nodes by name (with their kind) in the quick-add popup; the one chosen is selected and
     * brought to the middle of the view.
     */
    public void openFind() {
        Graph g = model.viewGraph();
        if (g.nodes().isEmpty()) {
            model.messageProperty().set("The canvas is empty: there is nothing to find yet.");
            return;
        }
        List<Choice> nodes = new ArrayList<>();
        for (Node n : g.nodes()) nodes.add(new Choice(n.kind(), null, n.name() + FIND_KIND + n.kind() + ")", n.kind()));
        quickAdd.open("Find a node (" + nodes.size() + ")", "Find a node by name or kind…", nodes, 12, 12, c -> {
            Node n = model.viewGraph().nodeByName(c.label().substring(0, c.label().indexOf(FIND_KIND)));
            if (n == null) return;
            model.select(List.of(n.id()));
            reveal(n.id());
        });
    }

    private static final String FIND_KIND = "  (";

    /**
     * Connect To… (C, the node's menu): the inputs the selected node's first free output may feed, in the quick-add
     * popup; the one chosen gets the wire. The keyboard's way to draw a wire between two nodes already on the canvas.
     */
    public void openConnect() {
        String[] from = chainFrom();
        if (from == null) {
            model.messageProperty().set("Select one node with an output to connect it (Ctrl+F finds one by name).");
            return;
        }
        Graph g = model.viewGraph();
        Analysis a = model.viewAnalysis();
        List<Edge> targets = a.graph() == g ? Connections.targets(g, a, from[0], from[1]) : List.of();
        String fromName = g.node(from[0]).name() + "." + from[1];
        if (targets.isEmpty()) {
            model.messageProperty().set("No input can take " + fromName + ": every one is fed, or would make a loop.");
            return;
        }
        List<Choice> choices = new ArrayList<>();
        for (Edge t : targets) {
            Node n = g.node(t.toNode());
            choices.add(new Choice(n.kind(), null, n.name() + "." + t.toPort() + FIND_KIND + n.kind() + ")", n.name() + " " + n.kind()));
        }
        Point2D p = popupAt(g.node(from[0]).position().x() + NodeCard.W, g.node(from[0]).position().y());
        quickAdd.open("Connect " + fromName + " to", "An input, by node name or kind…", choices, p.getX(), p.getY(), c -> {
            Edge edge = targets.get(choices.indexOf(c));
            model.execute(Commands.connect(model.viewGraph(), edge));
        });
    }

    /** Brings a node to the middle of the view (a problem clicked in the list). */
    public void reveal(String nodeId) {
        NodeCard c = cards.get(nodeId);
        if (c == null) return;
        Point2D s = vp.toScreen(c.getLayoutX() + NodeCard.W / 2, c.getLayoutY() + NodeCard.H / 2);
        vp.pan(surface.getWidth() / 2 - s.getX(), surface.getHeight() / 2 - s.getY());
    }

    /** The longest side a picture of the drawing may have, in pixels (a texture's limit on many graphics cards). */
    static final double MAX_PICTURE = 8000;
    /** The most pixels a picture of the drawing may have (24 M: about 100 MB for each of the images it is made of). */
    static final double MAX_PICTURE_PIXELS = 24e6;

    /**
     * The whole drawing as a picture, {@code scale} pixels per world unit (2: twice the canvas at 100 %), on the canvas's
     * background: every card, wire and note as the canvas draws them, whatever part of it is in view, no selection
     * marked (File › Export › Picture of the network). Null for an empty canvas; a drawing too large for that scale is
     * drawn smaller: at most {@link #MAX_PICTURE} pixels on its longer side and {@link #MAX_PICTURE_PIXELS} in all.
     */
    public WritableImage picture(double scale) {
        Rectangle2D b = worldBounds();
        if (b == null) return null;
        double margin = 40, w = b.getWidth() + 2 * margin, h = b.getHeight() + 2 * margin;
        // Within a texture's side and a memory budget: each layer is drawn to its own image before they are put together.
        double s = Math.min(scale, Math.min(MAX_PICTURE / Math.max(w, h), Math.sqrt(MAX_PICTURE_PIXELS / (w * h))));
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.TRANSPARENT);
        p.setTransform(new Scale(s, s));
        p.setViewport(new Rectangle2D((b.getMinX() - margin) * s, (b.getMinY() - margin) * s, w * s, h * s));
        List<WritableImage> layers = new ArrayList<>();
        whole(() -> {
            for (Group layer : List.of(noteLayer, edgeLayer, cardLayer)) layers.add(layer.snapshot(p, null));
        });
        Canvas picture = new Canvas(Math.ceil(w * s), Math.ceil(h * s));
        GraphicsContext gc = picture.getGraphicsContext2D();
        gc.setFill(background());
        gc.fillRect(0, 0, picture.getWidth(), picture.getHeight());
        for (WritableImage layer : layers) gc.drawImage(layer, 0, 0);
        return picture.snapshot(null, null);
    }

    /**
     * The whole drawing as an SVG document, one unit per world unit (the canvas at 100 %), with the margin and
     * background of {@link #picture}: every card, wire and note as the canvas draws them, as shapes and text that stay
     * sharp at any size and that a drawing program can edit (File › Export › Picture of the network (SVG)). Null for an
     * empty canvas.
     */
    public String svg(String title) {
        Rectangle2D b = worldBounds();
        if (b == null) return null;
        double margin = 40;
        Rectangle2D box = new Rectangle2D(b.getMinX() - margin, b.getMinY() - margin, b.getWidth() + 2 * margin, b.getHeight() + 2 * margin);
        String[] svg = new String[1];
        whole(() -> {
            for (Group layer : List.of(noteLayer, edgeLayer, cardLayer)) {
                layer.applyCss();
                layer.layout();
            }
            svg[0] = SvgPicture.of(List.of(noteLayer, edgeLayer, cardLayer), box, background(), title);
        });
        return svg[0];
    }

    private Paint background() {
        return getBackground() != null && !getBackground().getFills().isEmpty() ? getBackground().getFills().get(0).getFill() : Color.WHITE;
    }

    /**
     * Runs {@code draw} with everything in the scene for the moment (culling keeps only what is near the view), drawn
     * afresh rather than from the cached picture of each card, which would blur when scaled, and nothing marked as
     * selected; then puts the view back as it was.
     */
    private void whole(Runnable draw) {
        Graph g = model.viewGraph();
        Analysis an = model.viewAnalysis();
        for (NodeCard c : cards.values()) {
            if (an.graph() == g && g.node(c.nodeId()) != null && show(c, g, an)) layoutEdgesOf(c.nodeId());
            c.setSelected(false);
            c.setCache(false);
        }
        cardLayer.getChildren().setAll(cards.values());
        edgeLayer.getChildren().setAll(edges.values());
        for (NoteView n : notes.values()) n.setSelected(false);
        try {
            draw.run();
        } finally {
            for (NodeCard c : cards.values()) c.setCache(true);
            for (String id : model.selection()) mark(id, true);
            cull();
        }
    }

    /** The drawing's extent in world units: its cards, notes and wires (a wire to the next row loops out past its cards); null when empty. */
    public Rectangle2D worldBounds() {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (NodeCard c : cards.values()) {
            x0 = Math.min(x0, c.getLayoutX());
            y0 = Math.min(y0, c.getLayoutY());
            x1 = Math.max(x1, c.getLayoutX() + NodeCard.W);
            y1 = Math.max(y1, c.getLayoutY() + NodeCard.H);
        }
        // A wire back to the next row loops out past its cards: the fit keeps the loop in view (its hull, kept as plain
        // numbers: the curve's exact bounds cost a 1,000-node graph's first fit tens of milliseconds).
        for (EdgeView v : edges.values()) {
            x0 = Math.min(x0, v.minX);
            y0 = Math.min(y0, v.minY);
            x1 = Math.max(x1, v.maxX);
            y1 = Math.max(y1, v.maxY);
        }
        for (NoteView n : notes.values()) {
            x0 = Math.min(x0, n.getLayoutX());
            y0 = Math.min(y0, n.getLayoutY());
            x1 = Math.max(x1, n.getLayoutX() + n.getPrefWidth());
            y1 = Math.max(y1, n.getLayoutY() + n.getPrefHeight());
        }
        return x0 > x1 ? null : new Rectangle2D(x0, y0, x1 - x0, y1 - y0);
    }

    Map<String, NodeCard> cards() {
        return cards;
    }

    Pane surface() {
        return surface;
    }

    // ---- helpers ----

    private void cancelGesture() {
        mode = Mode.NONE;
        wire.setVisible(false);
        rubber.setVisible(false);
        lit.clear();
    }

    private Object hit(MouseEvent e) {
        if (farMode) return thingAt(vp.toWorld(e.getX(), e.getY()));
        for (javafx.scene.Node n = e.getPickResult().getIntersectedNode(); n != null && n != surface; n = n.getParent()) {
            if (n instanceof PortDot || n instanceof NodeCard || n instanceof NoteView) return n;
        }
        return null;
    }

    /** The note or card at a world point, topmost first (zoomed out, where nothing is picked from the scene). */
    private Object thingAt(Point2D w) {
        for (NoteView n : notes.values()) {
            if (n.getBoundsInParent().contains(w)) return n;
        }
        NodeCard hit = null;
        for (NodeCard c : cards.values()) {
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

    /** The text of the last refused connection's tooltip. */
    public String refusalText() {
        return refusal.getText();
    }

    Parent world() {
        return world;
    }
}
