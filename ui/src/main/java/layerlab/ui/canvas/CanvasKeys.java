package layerlab.ui.canvas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.scene.control.ContextMenu;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.editor.Commands;

/**
 * The canvas's own keys (Tab and Shift+A quick add, Delete, F fit, arrows nudge, Alt+arrows go from card to card, L
 * layout…; the shortcut combinations are the menus' accelerators) and its context menus, from a right click or from the
 * keyboard.
 */
final class CanvasKeys {
    private final CanvasView cv;
    // The window's menus for a node and for the canvas, and the one showing.
    CanvasView.ContextMenus contextMenus;
    private ContextMenu shownMenu;

    /** What a screen reader offers as the canvas's help: the keys that work it without the mouse. */
    static final String HELP = "Alt+arrows select the next card, along the wires; Tab adds a layer by name; C connects the selected node, "
            + "Shift+C disconnects one of its wires; Enter edits its settings, Esc comes back; Delete deletes; the Menu key opens its menu; "
            + "Shift+Tab or F6 leaves the canvas.";

    CanvasKeys(CanvasView cv) {
        this.cv = cv;
        cv.setAccessibleHelp(HELP);
    }

    void keyFilter(KeyEvent e) {
        if (cv.quickAdd.isOpen() || e.getTarget() instanceof javafx.scene.control.TextInputControl) return;
        // Tab alone: Shift+Tab and Ctrl+Tab go on to the window's other controls, so the canvas is no trap for the keyboard.
        if (e.getCode() == KeyCode.TAB && !e.isShiftDown() && !e.isShortcutDown() && !e.isControlDown() && !e.isAltDown()) {
            cv.adding.openQuickAdd();
            e.consume();
        }
    }

    /**
     * The letters that open a popup (Shift+A quick add, C Connect To…, Shift+C Disconnect…) act on the typed character, not the key press: the
     * popup's search field takes the focus, and the press's character would be typed into it ("Ac" for "c").
     */
    void keyTyped(KeyEvent e) {
        if (cv.quickAdd.isOpen() || e.getTarget() instanceof javafx.scene.control.TextInputControl || e.isShortcutDown() || e.isAltDown()) return;
        switch (e.getCharacter()) {
            case "A" -> cv.adding.openQuickAdd();
            case "c" -> cv.wiring.openConnect();
            case "C" -> cv.wiring.openDisconnect();
            default -> {
                return;
            }
        }
        e.consume();
    }

    void keyPressed(KeyEvent e) {
        if (cv.quickAdd.isOpen() || e.getTarget() instanceof javafx.scene.control.TextInputControl) return;
        if (cv.navigation.keyPressed(e)) {
            e.consume();
            return;
        }
        boolean plain = !e.isShortcutDown() && !e.isAltDown();
        // Shortcut combinations are the menus' accelerators; only Ctrl+Delete is the canvas's own.
        if (!plain && e.getCode() != KeyCode.DELETE && e.getCode() != KeyCode.BACK_SPACE) return;
        switch (e.getCode()) {
            case DELETE, BACK_SPACE -> {
                if (e.isShortcutDown() && cv.model.selectedNode() != null) cv.model.execute(Commands.deleteAndBridge(cv.model.viewGraph(), cv.model.selectedNode().id()));
                else cv.deleteSelection();
            }
            case SPACE -> cv.gestures.spaceDown = true;
            case F, HOME -> {
                if (!plain) return;
                if (e.isShiftDown() && e.getCode() == KeyCode.F) cv.fitSelection();
                else cv.fit();
            }
            case PLUS, EQUALS, ADD -> {
                if (plain) cv.zoomBy(1.25);
            }
            case MINUS, SUBTRACT -> {
                if (plain) cv.zoomBy(1 / 1.25);
            }
            case L -> {
                if (plain) cv.autoLayout();
            }
            case N -> {
                if (plain) cv.addNote();
            }
            case M -> {
                if (plain) cv.minimap.setVisible(!cv.minimap.isVisible());
            }
            case ESCAPE -> cv.model.selection().clear();
            case CONTEXT_MENU -> keyboardMenu();
            case F10 -> {
                if (!e.isShiftDown()) return;
                keyboardMenu();
            }
            case LEFT, RIGHT, UP, DOWN -> {
                if (!plain) return;
                // The selection moves a grid step (Shift: five); with nothing selected the view pans.
                double step = (e.isShiftDown() ? 5 : 1) * CanvasView.GRID;
                double dx = e.getCode() == KeyCode.LEFT ? -step : e.getCode() == KeyCode.RIGHT ? step : 0;
                double dy = e.getCode() == KeyCode.UP ? -step : e.getCode() == KeyCode.DOWN ? step : 0;
                if (!nudge(dx, dy)) cv.vp.pan(-dx * 3, -dy * 3);
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** Moves the selected cards and notes by (dx, dy) world units as one undoable step; false with nothing selected. */
    boolean nudge(double dx, double dy) {
        Graph g = cv.model.viewGraph();
        Map<String, Position> to = new LinkedHashMap<>();
        for (String id : cv.model.selection()) {
            Position p = g.node(id) != null ? g.node(id).position() : g.note(id) != null ? g.note(id).position() : null;
            if (p != null) to.put(id, new Position(p.x() + dx, p.y() + dy));
        }
        if (to.isEmpty()) return false;
        cv.model.execute(Commands.move(g, to));
        return true;
    }

    /**
     * A right click at (x, y) on the canvas (screen point sx, sy): on a card, the card is selected (unless it already is,
     * with others) and its menu shows; elsewhere the canvas's, its "here" being that point. Returns the menu shown.
     */
    ContextMenu showContextMenu(double x, double y, double sx, double sy) {
        if (contextMenus == null) return null;
        if (shownMenu != null) shownMenu.hide();
        cv.lastMouseWorld = cv.vp.toWorld(x, y);
        Object hit = cv.gestures.thingAt(cv.lastMouseWorld);
        if (hit instanceof NodeCard c) {
            if (!cv.model.selection().contains(c.nodeId())) cv.model.select(List.of(c.nodeId()));
            shownMenu = contextMenus.forNode(c.nodeId());
        } else {
            shownMenu = contextMenus.forCanvas();
        }
        if (shownMenu != null) shownMenu.show(cv.surface, sx, sy);
        return shownMenu;
    }

    /**
     * The menu asked for from the keyboard (the Menu key, Shift+F10; not every platform turns them into a request): the
     * selected node's at its card, else the canvas's in the middle.
     */
    void keyboardMenu() {
        Point2D at = keyboardMenuPoint(), screen = cv.surface.localToScreen(at);
        if (screen != null) showContextMenu(at.getX(), at.getY(), screen.getX(), screen.getY());
    }

    Point2D keyboardMenuPoint() {
        Node n = cv.model.selectedNode();
        NodeCard c = n == null ? null : cv.cards.get(n.id());
        if (c != null) {
            Point2D p = cv.vp.toScreen(c.getLayoutX() + NodeCard.W / 2, c.getLayoutY() + NodeCard.H / 2);
            if (p.getX() >= 0 && p.getY() >= 0 && p.getX() <= cv.surface.getWidth() && p.getY() <= cv.surface.getHeight()) return p;
        }
        return new Point2D(cv.surface.getWidth() / 2, cv.surface.getHeight() / 2);
    }
}
