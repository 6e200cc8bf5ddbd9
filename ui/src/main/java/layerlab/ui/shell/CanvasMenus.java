package layerlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import layerlab.graph.Node;
import layerlab.ui.ShownKey;
import layerlab.ui.canvas.CanvasView;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;

/**
 * The canvas's right-click menus: on a node, what can be done with it and the rest of the selection; on the empty
 * canvas, add, paste, arrange, see it all. Their items are the main window's Edit and View actions, in the menu bar's
 * words and with its shortcuts.
 */
final class CanvasMenus {
    private final MainWindow w;
    private final EditorModel editor;
    private final CanvasView canvas;

    CanvasMenus(MainWindow w, EditorModel editor, CanvasView canvas) {
        this.w = w;
        this.editor = editor;
        this.canvas = canvas;
    }

    /** A right click on a node: what can be done with it (and the rest of the selection), the Edit menu's words. */
    ContextMenu nodeMenu(String nodeId) {
        Node n = editor.viewGraph().node(nodeId);
        if (n == null) return null;
        boolean top = editor.scopeProperty().get() == null, placement = n.param("block") instanceof String;
        boolean one = editor.selection().size() == 1;
        List<MenuItem> items = new ArrayList<>();
        items.add(menuItem("ctxReplace", "Replace with…", () -> canvas.openReplace(nodeId)));
        if (one) items.add(MainMenu.keyed("ctxConnect", "Connect To…", ShownKey.of("C"), () -> {
            editor.select(List.of(nodeId));
            canvas.openConnect();
        }));
        if (one && (!editor.viewGraph().incoming(nodeId).isEmpty() || !editor.viewGraph().outgoing(nodeId).isEmpty())) {
            items.add(MainMenu.keyed("ctxDisconnect", "Disconnect…", ShownKey.of("Shift+C"), () -> {
                editor.select(List.of(nodeId));
                canvas.openDisconnect();
            }));
        }
        if (one) items.add(MainMenu.keyed("ctxHelp", "Help for " + (placement ? "Block" : n.kind()), ShownKey.of("F1"), () -> w.showLayerHelp(n.kind())));
        items.add(new SeparatorMenuItem());
        items.add(menuItem("ctxCut", "Cut", MainMenu.CUT, w::cut));
        items.add(menuItem("ctxCopy", "Copy", MainMenu.COPY, w::copy));
        items.add(menuItem("ctxDuplicate", "Duplicate", MainMenu.DUPLICATE, w::duplicate));
        // The canvas's own keys, shown as the menu bar shows its accelerators (ShownKey: a text field keeps them).
        items.add(MainMenu.keyed("ctxDelete", "Delete", ShownKey.of("Delete"), w::delete));
        if (one && !editor.viewGraph().incoming(nodeId).isEmpty() && !editor.viewGraph().outgoing(nodeId).isEmpty()) {
            items.add(MainMenu.keyed("ctxDeleteBridge", "Delete and Join Its Neighbours", ShownKey.of("Shortcut+Delete"),
                    () -> editor.execute(Commands.deleteAndBridge(editor.viewGraph(), nodeId))));
        }
        items.add(new SeparatorMenuItem());
        if (top) items.add(menuItem("ctxGroup", "Group into Block", MainMenu.GROUP, w::group));
        if (top && one && placement) {
            items.add(menuItem("ctxOpenBlock", "Open Block", MainMenu.OPEN_BLOCK, w::openBlock));
            items.add(menuItem("ctxUngroup", "Ungroup Block", MainMenu.UNGROUP, w::ungroup));
        }
        items.add(menuItem("ctxLayout", one ? "Auto-layout" : "Auto-layout Selection", MainMenu.AUTO_LAYOUT, w::autoLayout));
        // Freezing, offered on a node with weights: its state decides, for the selection's layers that have weights.
        List<String> weighted = withWeights(editor.selection().contains(nodeId) ? editor.selection() : List.of(nodeId));
        if (weighted.contains(nodeId)) {
            boolean freeze = !n.frozen();
            String what = weighted.size() == 1 ? "" : " of " + weighted.size() + " Layers";
            items.add(new SeparatorMenuItem());
            MenuItem item = menuItem("ctxFreeze", (freeze ? "Freeze Weights" : "Unfreeze Weights") + what,
                    () -> editor.execute(Commands.setFrozen(editor.viewGraph(), weighted, freeze)));
            items.add(item);
        }
        ContextMenu menu = new ContextMenu(items.toArray(MenuItem[]::new));
        menu.setId("nodeMenu");
        return menu;
    }

    /** Of {@code ids}, the nodes that have weights to freeze (a layer with parameters, a block placement holding some). */
    private List<String> withWeights(java.util.Collection<String> ids) {
        List<String> out = new ArrayList<>();
        var a = editor.viewAnalysis();
        for (String id : ids) {
            if (editor.viewGraph().node(id) == null) continue;
            try {
                if (a.info(id).params() > 0) out.add(id);
            } catch (IllegalArgumentException unknown) {
                // Not analysed yet: nothing to offer.
            }
        }
        return out;
    }

    /** A right click on the empty canvas: add there, paste, arrange, see it all. */
    ContextMenu canvasMenu() {
        List<MenuItem> items = new ArrayList<>(List.of(
                menuItem("ctxAdd", "Add Layer Here…", () -> {
                    editor.selection().clear();
                    canvas.openQuickAddHere();
                }),
                menuItem("ctxNote", "Add Note Here", canvas::addNote),
                menuItem("ctxPaste", "Paste", MainMenu.PASTE, w::paste),
                new SeparatorMenuItem(),
                menuItem("ctxSelectAll", "Select All", MainMenu.SELECT_ALL, w::selectAll),
                menuItem("ctxLayoutAll", "Auto-layout", MainMenu.AUTO_LAYOUT, () -> {
                    editor.selection().clear();
                    w.autoLayout();
                }),
                menuItem("ctxFit", "Fit to View", MainMenu.FIT, w::fit)));
        if (editor.scopeProperty().get() != null) {
            items.add(new SeparatorMenuItem());
            items.add(menuItem("ctxBack", "Back to Project", MainMenu.CLOSE_BLOCK, w::closeBlock));
        }
        ContextMenu menu = new ContextMenu(items.toArray(MenuItem[]::new));
        menu.setId("canvasMenu");
        return menu;
    }

    private static MenuItem menuItem(String id, String text, Runnable action) {
        return MainMenu.item(id, text, null, action);
    }

    /** A context menu's item that shows the shortcut the menu bar's item of the same words has. */
    private static MenuItem menuItem(String id, String text, String shortcut, Runnable action) {
        return MainMenu.item(id, text, shortcut, action);
    }
}
