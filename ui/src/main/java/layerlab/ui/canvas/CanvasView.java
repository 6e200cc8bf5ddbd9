package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.Parent;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Position;
import layerlab.ui.ChartTheme;
import layerlab.ui.editor.Command;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.editor.Placement;
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

    final EditorModel model;
    final Viewport vp = new Viewport();
    final Pane surface = new Pane();
    final Group world = new Group();
    final Group edgeLayer = new Group(), noteLayer = new Group(), cardLayer = new Group();
    final Map<String, NodeCard> cards = new HashMap<>();
    final Map<Edge, EdgeView> edges = new HashMap<>();
    final Map<String, NoteView> notes = new HashMap<>();
    // Where every card and edge is, so that culling looks only at what is near the view.
    final SpatialGrid<NodeCard> cardIndex = new SpatialGrid<>(CELL);
    final SpatialGrid<EdgeView> edgeIndex = new SpatialGrid<>(CELL);
    final WireRoutes routes = new WireRoutes(cardIndex, CELL);
    final Label hint = new Label("Drag layers here from the palette, or press Tab to add one by name");
    final Rectangle rubber = new Rectangle();
    final Path wire = new Path();
    // A layer being dragged from the palette: where its card would land, and the wire it would go into.
    final Rectangle ghost = new Rectangle(NodeCard.W, NodeCard.H);
    final Label ghostName = new Label();
    final Group ghostCard = new Group(ghost, ghostName);
    final QuickAdd quickAdd = new QuickAdd();
    final Tooltip refusal = new Tooltip();
    final Minimap minimap;
    final PerfOverlay perf = new PerfOverlay();
    final FarView far;
    boolean farMode;

    Point2D lastMouseWorld = new Point2D(0, 0);

    final CanvasScene scene = new CanvasScene(this);
    final CanvasGestures gestures = new CanvasGestures(this);
    final CanvasKeys keys = new CanvasKeys(this);
    final CanvasClipboard clipboard = new CanvasClipboard(this);
    final CanvasAdding adding = new CanvasAdding(this);
    final CanvasPictures pictures = new CanvasPictures(this);
    final CanvasFitting fitting = new CanvasFitting(this);
    final CanvasBlocks blocks = new CanvasBlocks(this);
    final CanvasNavigation navigation = new CanvasNavigation(this);
    final KeyboardWiring wiring = new KeyboardWiring(this);

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

        minimap = new Minimap(this);
        StackPane.setAlignment(minimap, Pos.TOP_RIGHT);
        far = new FarView(this);
        far.setVisible(false);
        StackPane.setAlignment(perf, Pos.BOTTOM_LEFT);
        StackPane.setMargin(perf, new Insets(8));
        // Where the keys go: the canvas has no caret or field, so a ring round it shows that it has the focus.
        Region focusRing = new Region();
        focusRing.getStyleClass().add("canvas-focus-ring");
        focusRing.setMouseTransparent(true);
        focusRing.visibleProperty().bind(focusedProperty());
        getChildren().addAll(new DotGrid(), far, surface, hint, fitting.zoomBar(), minimap, perf, blocks.breadcrumb, focusRing);

        refusal.setId("refusalTooltip");
        refusal.setWrapText(true);
        refusal.setMaxWidth(420);

        surface.addEventHandler(MouseEvent.MOUSE_PRESSED, gestures::pressed);
        surface.addEventHandler(MouseEvent.MOUSE_DRAGGED, gestures::dragged);
        surface.addEventHandler(MouseEvent.MOUSE_RELEASED, gestures::released);
        surface.addEventHandler(MouseEvent.MOUSE_MOVED, e -> lastMouseWorld = vp.toWorld(e.getX(), e.getY()));
        surface.addEventHandler(ScrollEvent.SCROLL, gestures::scrolled);
        addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
            if (e.isKeyboardTrigger()) {
                keys.keyboardMenu();
            } else {
                // Placed by its screen point: the request's own x and y are not always the surface's (under Monocle they are not).
                Point2D at = surface.screenToLocal(e.getScreenX(), e.getScreenY());
                if (at != null) keys.showContextMenu(at.getX(), at.getY(), e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
        surface.addEventHandler(ZoomEvent.ZOOM, e -> {
            vp.zoomAt(e.getX(), e.getY(), e.getZoomFactor());
            e.consume();
        });
        addEventFilter(KeyEvent.KEY_PRESSED, keys::keyFilter);
        addEventHandler(KeyEvent.KEY_PRESSED, keys::keyPressed);
        addEventHandler(KeyEvent.KEY_TYPED, keys::keyTyped);
        addEventHandler(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) gestures.spaceDown = false;
        });

        model.addListener(scene::changed);
        // What an undo or redo selected comes into view, the view moving the least, and only when it is not in view already.
        model.addRevealListener(ids -> {
            double[] box = Placement.bounds(Placement.rects(model.viewGraph(), ids));
            if (box != null && !fitting.inView(new Rectangle2D(box[0], box[1], box[2] - box[0], box[3] - box[1]))) fitting.showItems(ids);
        });
        model.analysisProperty().addListener((o, a, b) -> scene.refreshInfos());
        model.dataFitsProperty().addListener((o, a, b) -> scene.refreshInfos());
        model.selection().addListener((SetChangeListener<String>) c -> {
            if (c.wasRemoved()) scene.mark(c.getElementRemoved(), false);
            if (c.wasAdded()) scene.mark(c.getElementAdded(), true);
            if (farMode) far.invalidate();
            scene.describe();
        });
        model.graphProperty().addListener(o -> scene.describe());
        scene.describe();
        vp.changesProperty().addListener(o -> {
            scene.updateView();
            minimap.redraw();
        });
        // A fitted view stays fitted while the canvas changes size (the window settling after it opens, the dashboard
        // opening) until the user pans or zooms.
        surface.widthProperty().addListener((o, was, now) -> fitting.resized(was.doubleValue(), surface.getHeight()));
        surface.heightProperty().addListener((o, was, now) -> fitting.resized(surface.getWidth(), was.doubleValue()));
        // View › Text Size: the drawing grows with the window's text, cards, ports, wires and their labels alike (the
        // cards' text was fixed in px and stayed small at 200 % while the wires' labels grew), about the view's middle; the
        // world's units, and so the positions saved and the layout's spacing, stay as they are.
        InvalidationListener sheets = o -> {
            double now = ChartTheme.textScale(getScene());
            if (now == vp.textScale()) return;
            vp.setTextScale(now, surface.getWidth() / 2, surface.getHeight() / 2);
            if (vp.isFitted() && !cards.isEmpty()) fit();
        };
        sceneProperty().addListener((o, was, now) -> {
            if (was != null) was.getStylesheets().removeListener(sheets);
            if (now != null) now.getStylesheets().addListener(sheets);
            sheets.invalidated(null);
        });
        scene.rebuild();
    }

    public Viewport viewport() {
        return vp;
    }

    public EditorModel model() {
        return model;
    }

    /** The nodes and notes being dragged (empty when none), which the far view paints apart from the rest. */
    Set<String> moving() {
        return gestures.moveStart.keySet();
    }

    /** The edges that follow the nodes being dragged. */
    Set<Edge> movingEdges() {
        return gestures.moveEdges;
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

    /**
     * Edits the definition of the block that node {@code nodeId} places (double-click, Edit › Open Block); false when
     * the node places no block or the canvas is inside a block already.
     */
    public boolean openBlock(String nodeId) {
        return blocks.openBlock(nodeId);
    }

    /** Edits the definition of block {@code name} (the palette's "Edit"); false when the project has no such block. */
    public boolean openDefinition(String name) {
        return blocks.open(name, null);
    }

    /** Back from a block's definition to the project (the breadcrumb's link, Edit › Back to Project). */
    public void closeBlock() {
        blocks.closeBlock();
    }

    /**
     * Opens quick-add (Tab, Shift+A): with one node selected that has an output, the new node comes after it, one
     * column to its right and connected from it, so that Tab, a name and Enter again and again draw a chain from the
     * keyboard; otherwise at the mouse, unconnected.
     */
    public void openQuickAdd() {
        adding.openQuickAdd();
    }

    boolean quickAddOpen() {
        return adding.quickAddOpen();
    }

    List<Choice> quickAddShown() {
        return adding.quickAddShown();
    }

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
        clipboard.copy();
    }

    public void paste() {
        clipboard.paste();
    }

    public void duplicate() {
        clipboard.duplicate();
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

    /** Group into Block (Ctrl+G): the selected layers become one placement; the status names what stayed outside. */
    public void groupSelection() {
        blocks.groupSelection();
    }

    /** Ungroup Block (Ctrl+Shift+G): the selected placement becomes its block's layers again, selected. */
    public void ungroupSelection() {
        blocks.ungroupSelection();
    }

    /**
     * Adds a layer chosen in the palette by Enter or a double-click, where no drop point says where: after the one
     * selected node and connected from it when the layer has an input for its tensor (as quick add chains), else in the middle of
     * the view, moved down below any card already there, so that layers added one after another do not pile up.
     */
    public void addFromPalette(String kind, String block) {
        adding.addFromPalette(kind, block);
    }

    /** Adds a layer dragged from the palette and dropped at this screen point; false when the point is not on the canvas. */
    public boolean dropKind(String kind, String block, double screenX, double screenY) {
        return adding.dropKind(kind, block, screenX, screenY);
    }

    /**
     * A layer dragged from the palette is over this screen point: a ghost card shows where it would land and the wire
     * it would go into lights up. A null {@code name} (the drag ended) or a point off the canvas hides both.
     */
    public void dragKindOver(String name, double screenX, double screenY) {
        adding.dragKindOver(name, screenX, screenY);
    }

    Position snapped(double x, double y) {
        if (!model.snapToGridProperty().get()) return new Position(x, y);
        return new Position(Math.round(x / GRID) * GRID, Math.round(y / GRID) * GRID);
    }

    public void zoomBy(double factor) {
        fitting.zoomBy(factor);
    }

    /** View > Performance: shows or hides the frame times in the canvas's corner. */
    public void togglePerformance() {
        perf.setVisible(!perf.isVisible());
    }

    PerfOverlay performance() {
        return perf;
    }

    /**
     * Fits the whole drawing in view (F, Home, Ctrl+0, and every project opened): every card and wire on screen, whatever
     * the canvas's size. Below {@link #READABLE_ZOOM} the margin gives way first, so that cards keep their text where
     * they can; a small canvas (the dashboard open, a small window) may still take the view below {@link #FAR_ZOOM},
     * where cards become boxes, and zooming in (wheel, +) or Shift+F on a selection brings their text back. (A floor
     * that kept small graphs readable left parts of them off-screen with no sign of it.)
     */
    public void fit() {
        fitting.fit();
    }

    /** Runs before a fitted view fits again for the canvas's new size (the window opening: a sample is laid out for it). */
    public void setOnFittedResize(Runnable r) {
        fitting.onFittedResize = r;
    }

    /** A sample {@code g} laid out to open readable in this canvas ({@link ReadableLayout}): fewer columns when it is narrow. */
    public Graph laidOutForView(Graph g) {
        // At 200 % text the cards take twice the room: the canvas holds half as many world units.
        return ReadableLayout.forCanvas(g, surface.getWidth() / vp.textScale(), surface.getHeight() / vp.textScale());
    }

    /** The zoom a fit would rather not go below while the margin can give way: cards with their text. */
    static final double READABLE_ZOOM = 0.6;

    /** Fits the selected cards and notes in view, never above 100 % (Shift+F); with nothing selected, the whole drawing. */
    public void fitSelection() {
        fitting.fitSelection();
    }

    /** The menus a right click on the canvas shows, made by the window (which holds the actions): a node's, or the canvas's. */
    public interface ContextMenus {
        ContextMenu forNode(String nodeId);

        ContextMenu forCanvas();
    }

    public void setContextMenus(ContextMenus menus) {
        keys.contextMenus = menus;
    }

    /**
     * A right click at (x, y) on the canvas (screen point sx, sy): on a card, the card is selected (unless it already is,
     * with others) and its menu shows; elsewhere the canvas's, its "here" being that point. Returns the menu shown.
     */
    ContextMenu showContextMenu(double x, double y, double sx, double sy) {
        return keys.showContextMenu(x, y, sx, sy);
    }

    /** Quick add at the last point the pointer (or a right click) was on the canvas, adding after nothing. */
    public void openQuickAddHere() {
        adding.openQuickAddHere();
    }

    /**
     * Replace with… : the layers (and blocks) that take what arrives at the node's first input, in the quick-add popup;
     * the one chosen takes the node's place, wires and shared params ({@link Commands#replace}).
     */
    public void openReplace(String nodeId) {
        adding.openReplace(nodeId);
    }

    /**
     * Find (Ctrl+F): the drawing's nodes by name (with their kind) in the quick-add popup; the one chosen is selected and
     * brought to the middle of the view.
     */
    public void openFind() {
        adding.openFind();
    }

    /**
     * Connect To… (C, the node's menu): the inputs the selected node's outputs may feed, in the quick-add popup; the one
     * chosen gets the wire. The keyboard's way to draw a wire between two nodes already on the canvas.
     */
    public void openConnect() {
        wiring.openConnect();
    }

    /** Disconnect… (Shift+C, the node's menu): the selected node's wires in the quick-add popup; the one chosen goes. */
    public void openDisconnect() {
        wiring.openDisconnect();
    }

    /** Pans the least that brings a node's card wholly into view, when it is not (a card a one-click fix added). */
    public void showCard(String nodeId) {
        adding.showCard(nodeId);
    }

    /** Brings a node to the middle of the view (a problem clicked in the list). */
    public void reveal(String nodeId) {
        fitting.reveal(nodeId);
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
        return pictures.picture(scale);
    }

    /**
     * The whole drawing as an SVG document, one unit per world unit (the canvas at 100 %), with the margin and
     * background of {@link #picture}: every card, wire and note as the canvas draws them, as shapes and text that stay
     * sharp at any size and that a drawing program can edit (File › Export › Picture of the network (SVG)). Null for an
     * empty canvas.
     */
    public String svg(String title) {
        return pictures.svg(title);
    }

    /** The drawing's extent in world units: its cards, notes and wires (a wire to the next row loops out past its cards); null when empty. */
    public Rectangle2D worldBounds() {
        return scene.worldBounds();
    }

    Map<String, NodeCard> cards() {
        return cards;
    }

    Pane surface() {
        return surface;
    }

    /** The text of the last refused connection's tooltip. */
    public String refusalText() {
        return refusal.getText();
    }

    Parent world() {
        return world;
    }
}
