package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.ui.editor.Blocks;
import layerlab.ui.editor.Command;

/**
 * Blocks on the canvas: opening a block's definition and coming back (the breadcrumb "Project › ResBlock" and the
 * placements an edit there changes), and grouping the selection into a block or a placement back into its layers.
 */
final class CanvasBlocks {
    private final CanvasView cv;
    // Inside a block: where the canvas is ("Project › ResBlock") and the way back.
    final HBox breadcrumb = new HBox();
    final Hyperlink crumbProject = new Hyperlink();
    final Label crumbBlock = new Label(), crumbUses = new Label();

    CanvasBlocks(CanvasView cv) {
        this.cv = cv;
        crumbProject.setId("breadcrumbProject");
        crumbProject.setFocusTraversable(false);
        crumbProject.setTooltip(new Tooltip("Back to the project (Ctrl+Shift+E)"));
        crumbProject.setOnAction(e -> closeBlock());
        crumbBlock.setId("breadcrumbBlock");
        crumbBlock.getStyleClass().add("breadcrumb-current");
        crumbUses.setId("breadcrumbUses");
        crumbUses.getStyleClass().add("breadcrumb-uses");
        // A long list of placements gives way (…, the whole list in the tooltip); the names before it never do.
        crumbProject.setMinWidth(Region.USE_PREF_SIZE);
        crumbBlock.setMinWidth(Region.USE_PREF_SIZE);
        crumbUses.setMinWidth(0);
        breadcrumb.getChildren().addAll(crumbProject, new Label("›"), crumbBlock, crumbUses);
        breadcrumb.setId("breadcrumb");
        breadcrumb.getStyleClass().add("breadcrumb");
        breadcrumb.setAlignment(Pos.CENTER_LEFT);
        breadcrumb.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        breadcrumb.setVisible(false);
        StackPane.setAlignment(breadcrumb, Pos.TOP_LEFT);
        StackPane.setMargin(breadcrumb, new Insets(8));
    }

    /** Inside a block: the project's name (a link back), the block's, and the placements an edit here changes. */
    void updateBreadcrumb() {
        String scope = cv.model.scopeProperty().get();
        breadcrumb.setVisible(scope != null);
        if (scope == null) return;
        Graph top = cv.model.graph();
        crumbProject.setText(top.name() == null || top.name().isBlank() ? "Project" : top.name());
        crumbBlock.setText(scope);
        List<String> uses = top.nodes().stream().filter(n -> scope.equals(n.param("block"))).map(Node::name).toList();
        crumbUses.setText(uses.isEmpty() ? "· not placed yet"
                : "· changes " + (uses.size() == 1 ? "its placement " : "all " + uses.size() + " placements: ") + String.join(", ", uses));
        crumbUses.setTooltip(uses.size() > 1 ? new Tooltip(crumbUses.getText().substring(2)) : null);
    }

    /** {@link CanvasView#openBlock}. */
    boolean openBlock(String nodeId) {
        Node n = cv.model.viewGraph().node(nodeId);
        return n != null && cv.model.scopeProperty().get() == null && n.param("block") instanceof String b && open(b, n.name());
    }

    /** Shows block {@code name}'s definition, opened from placement {@code from} (null: from none in particular). */
    boolean open(String name, String from) {
        if (cv.model.graph().block(name) == null) return false;
        cv.model.setOpenedFrom(from);
        cv.model.scopeProperty().set(name);
        Platform.runLater(cv::fit);
        return true;
    }

    /** {@link CanvasView#closeBlock}. */
    void closeBlock() {
        if (cv.model.scopeProperty().get() == null) return;
        cv.model.scopeProperty().set(null);
        Platform.runLater(cv::fit);
    }

    /** {@link CanvasView#groupSelection}. */
    void groupSelection() {
        String[] id = {null};
        List<String> out = Blocks.leftOut(cv.model.viewGraph(), cv.model.selection());
        Command c = Blocks.group(cv.model.viewGraph(), cv.model.selection(), id);
        if (cv.model.scopeProperty().get() != null) return;
        if (c == null) {
            if (!out.isEmpty()) cv.model.messageProperty().set("Nothing to group: " + Blocks.outsideNote(out));
            return;
        }
        if (!cv.model.execute(c)) return;
        cv.model.select(List.of(id[0]));
        if (!out.isEmpty()) cv.model.messageProperty().set(c.name() + "; " + Blocks.outsideNote(out));
    }

    /** {@link CanvasView#ungroupSelection}. */
    void ungroupSelection() {
        Node n = cv.model.selectedNode();
        List<String> ids = new ArrayList<>();
        Command c = n == null || cv.model.scopeProperty().get() != null ? null : Blocks.ungroup(cv.model.viewGraph(), n.id(), ids);
        if (c == null) {
            cv.model.messageProperty().set("Select a placed block to ungroup it.");
            return;
        }
        // A drawing wholly in view stays so (Auto-layout makes room for the layers, moving the cards after them); the
        // layers come into view in any case.
        boolean whole = cv.fitting.inView(cv.scene.worldBounds());
        if (!cv.model.execute(c)) return;
        cv.model.select(ids);
        if (whole && !cv.fitting.inView(cv.scene.worldBounds())) cv.fit();
        else cv.fitting.showItems(ids);
    }
}
