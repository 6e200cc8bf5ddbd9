package layerlab.ui.palette;

import java.util.List;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The layer palette: a search field over a tree of layer kinds grouped by category. */
public final class PaletteView extends VBox {
    private static final PseudoClass GROUP = PseudoClass.getPseudoClass("group");

    private final PaletteModel model;
    private final TreeItem<String> root = new TreeItem<>();
    private final TreeView<String> tree = new TreeView<>(root);
    private final Label empty = new Label();

    public PaletteView(PaletteModel model) {
        this.model = model;
        setId("palettePanel");
        getStyleClass().add("side-panel");

        Label title = new Label("Layers");
        title.getStyleClass().add("panel-title");

        TextField search = new TextField();
        search.setId("paletteSearch");
        search.setPromptText("Search layers…");
        search.textProperty().bindBidirectional(model.queryProperty());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) search.clear();
            if (e.getCode() == KeyCode.DOWN) tree.requestFocus();
        });

        tree.setId("palette");
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new PaletteCell());

        empty.getStyleClass().add("muted");
        empty.setWrapText(true);
        StackPane body = new StackPane(tree, empty);
        VBox.setVgrow(body, Priority.ALWAYS);

        getChildren().addAll(title, search, body);
        show(model.visibleProperty().get());
        model.visibleProperty().addListener((obs, old, now) -> show(now));
    }

    private void show(List<PaletteCatalog.Group> groups) {
        root.getChildren().clear();
        for (PaletteCatalog.Group g : groups) {
            TreeItem<String> group = new TreeItem<>(g.name());
            for (PaletteCatalog.Entry e : g.entries()) group.getChildren().add(new TreeItem<>(e.name()));
            group.setExpanded(true);
            root.getChildren().add(group);
        }
        boolean none = groups.isEmpty();
        empty.setText(none ? "No layer matches “" + model.queryProperty().get().trim() + "”" : "");
        empty.setVisible(none);
        tree.setVisible(!none);
    }

    /** Group rows read as headings, layer rows as entries. */
    private final class PaletteCell extends TreeCell<String> {
        @Override
        protected void updateItem(String item, boolean isEmpty) {
            super.updateItem(item, isEmpty);
            setText(isEmpty ? null : item);
            pseudoClassStateChanged(GROUP, !isEmpty && getTreeItem() != null && getTreeItem().getParent() == root);
        }
    }
}
