package layerlab.ui.shell;

import javafx.animation.PauseTransition;
import javafx.geometry.Orientation;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.util.Duration;
import layerlab.graph.Node;
import layerlab.graph.spec.Registry;
import layerlab.ui.canvas.CanvasView;
import layerlab.ui.editor.CodeView;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.editor.ProblemsView;
import layerlab.ui.palette.PaletteCatalog;
import layerlab.ui.palette.PaletteModel;
import layerlab.ui.palette.PaletteView;
import layerlab.ui.properties.PropertiesView;
import layerlab.ui.train.Dashboard;

/**
 * The main window's workspace: palette | canvas over problems | properties and code, wired to one editor, with each
 * layer's help a key or a click away; and the split that shows the training dashboard under it.
 */
final class Workspace {
    final PaletteModel paletteModel = new PaletteModel(PaletteCatalog.groups());
    final PaletteView palette = new PaletteView(paletteModel);
    final CanvasView canvas;
    final TabPane side;
    final ProblemsView problems;
    final PropertiesView properties;
    /** Palette, centre and side, left to right; the centre alone while the side panels are hidden. */
    final SplitPane middle;
    /** The canvas over the problems. */
    private final SplitPane centre;
    /** The side panels' widths when they were hidden, given back when they show again. */
    private double paletteWidth, sideWidth;
    /** Whether the side panels are shown ({@link #sidePanels}); null until then. */
    private javafx.beans.property.BooleanProperty sidePanelsShown;

    Workspace(MainWindow window, EditorModel editor) {
        palette.setMinWidth(160);
        canvas = new CanvasView(editor);
        PaletteLinks.connect(palette, canvas, editor);
        properties = new PropertiesView(editor);
        palette.setHelpAction(window::showLayerHelp);
        // F1 on the canvas with one layer selected opens its help page (as in the palette and the node's menu); with none,
        // it is Help › Shortcuts' key.
        canvas.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            Node one = editor.selectedNode();
            if (e.getCode() == KeyCode.F1 && !e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown() && one != null
                    && editor.selection().size() == 1 && Registry.find(one.kind()) != null) {
                window.showLayerHelp(one.kind());
                e.consume();
            }
        });
        CanvasMenus menus = new CanvasMenus(window, editor, canvas);
        canvas.setContextMenus(new CanvasView.ContextMenus() {
            @Override
            public ContextMenu forNode(String nodeId) {
                return menus.nodeMenu(nodeId);
            }

            @Override
            public ContextMenu forCanvas() {
                return menus.canvasMenu();
            }
        });
        properties.setHelpAction(window::showLayerHelp);
        CodeView code = new CodeView(editor);
        side = new TabPane(new Tab("Properties", properties), new Tab("Code", code));
        side.setId("sideTabs");
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setMinWidth(180);
        SheetKeys.connect(canvas, properties, side, editor, () -> {
            if (sidePanelsShown != null) sidePanelsShown.set(true);
        });
        code.activeProperty().bind(side.getSelectionModel().selectedIndexProperty().isEqualTo(1));
        problems = new ProblemsView(editor, canvas::reveal);
        centre = new SplitPane(canvas, problems);
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.8);
        SplitPane.setResizableWithParent(problems, false);
        WorkspaceSplits.foldWhenEmpty(centre, problems);
        middle = new SplitPane(palette, centre, side);
        middle.setId("workspace");
        SplitPane.setResizableWithParent(palette, false);
        SplitPane.setResizableWithParent(side, false);
    }

    /**
     * Shows or hides the palette and the Properties/Code panels as {@code shown} says (View › Show Side Panels): hidden,
     * the canvas takes the window's width, and a drawing fitted to the canvas fits again; shown again, they come back at
     * the widths they had. The focus in a panel that hides goes to the canvas; Enter on a selected card (its settings)
     * shows them.
     */
    void sidePanels(javafx.beans.property.BooleanProperty shown) {
        sidePanelsShown = shown;
        shown.addListener((o, was, on) -> {
            if (!on && middle.getItems().size() == 3) {
                paletteWidth = palette.getWidth();
                sideWidth = side.getWidth();
                javafx.scene.Node focus = middle.getScene() == null ? null : middle.getScene().getFocusOwner();
                boolean inPanel = focus != null && (PaneCycle.within(focus, palette) || PaneCycle.within(focus, side));
                middle.getItems().setAll(centre);
                if (inPanel) canvas.requestFocus();
            } else if (on && middle.getItems().size() == 1) {
                middle.getItems().setAll(palette, centre, side);
                double w = middle.getWidth();
                if (w > paletteWidth + sideWidth && paletteWidth > 0) middle.setDividerPositions(paletteWidth / w, 1 - sideWidth / w);
            }
        });
    }

    /** The workspace over {@code dashboard} while it is shown (Train › Show Dashboard, or on Start); the canvas fits anew then. */
    SplitPane withDashboard(Dashboard dashboard) {
        SplitPane split = new SplitPane(middle);
        split.setId("workspaceAndDashboard");
        split.setOrientation(Orientation.VERTICAL);
        dashboard.shownProperty().addListener((o, was, on) -> {
            if (on && !split.getItems().contains(dashboard)) {
                split.getItems().add(dashboard);
                split.setDividerPositions(0.52);
                // Fit once the split has given the canvas its new height.
                PauseTransition later = new PauseTransition(Duration.millis(120));
                later.setOnFinished(x -> canvas.fit());
                later.play();
            } else if (!on) {
                split.getItems().remove(dashboard);
            }
        });
        return split;
    }
}
