package layerlab.ui.shell;

import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Parent;

/**
 * View › Next Panel (F6) and Previous Panel (Shift+F6): the focus goes from panel to panel — palette, canvas, properties,
 * problems, the dashboard's settings and its tabs when shown — as in an IDE. Tab cannot do it: on the canvas it is quick
 * add, and inside a panel it walks every field.
 */
final class PaneCycle {
    private final Supplier<List<Node>> panes;

    /** @param panes the panels in order, asked each time (the dashboard comes and goes) */
    PaneCycle(Supplier<List<Node>> panes) {
        this.panes = panes;
    }

    /** Focuses the panel after (or before) the one holding {@code focused}; from outside every panel, the first (last). */
    void move(Node focused, boolean back) {
        // A panel with nothing to focus (the problems' title line when there are none) is passed over.
        List<Node> shown = panes.get().stream().filter(p -> p != null && target(p) != null).toList();
        if (shown.isEmpty()) return;
        int at = -1;
        for (int i = 0; i < shown.size(); i++) if (within(focused, shown.get(i))) at = i;
        int n = shown.size();
        int next = at < 0 ? (back ? n - 1 : 0) : (at + (back ? n - 1 : 1)) % n;
        target(shown.get(next)).requestFocus();
    }

    /** The panel itself where it takes the focus (the canvas), else its first control that does (the palette's search). */
    private static Node target(Node n) {
        if (!shown(n) || n.isDisabled()) return null;
        if (n.isFocusTraversable()) return n;
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                Node f = target(c);
                if (f != null) return f;
            }
        }
        return null;
    }

    private static boolean shown(Node n) {
        return n.isVisible() && n.getScene() != null;
    }

    /** Whether {@code n} is {@code pane} or lies inside it. */
    static boolean within(Node n, Node pane) {
        for (Node x = n; x != null; x = x.getParent()) if (x == pane) return true;
        return false;
    }
}
