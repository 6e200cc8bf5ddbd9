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
    private final java.util.Map<String, PaletteCatalog.Entry> entries = new java.util.HashMap<>();
    private DropTarget dropTarget = (entry, x, y, click) -> false;

    /**
     * Where a layer dragged out of the palette lands: given the entry and the screen point of the release (or of a
     * double-click, with {@code click} true), adds it and answers whether the point was on the canvas.
     */
    public interface DropTarget {
        boolean drop(PaletteCatalog.Entry entry, double screenX, double screenY, boolean click);

        /** The entry is being dragged over this screen point (null: the drag ended), to show where it would land. */
        default void hover(PaletteCatalog.Entry entry, double screenX, double screenY) {
        }
    }

    public void setDropTarget(DropTarget t) {
        dropTarget = t;
    }

    /** What the context menu of one of the project's blocks ("My blocks") does. */
    public interface BlockActions {
        void edit(String block);

        void delete(String block);

        /** Whether anything places the block (it cannot be deleted then). */
        boolean placed(String block);
    }

    private BlockActions blockActions = new BlockActions() {
        @Override
        public void edit(String block) {
        }

        @Override
        public void delete(String block) {
        }

        @Override
        public boolean placed(String block) {
            return true;
        }
    };

    public void setBlockActions(BlockActions actions) {
        blockActions = actions;
    }

    /** What "Help" on a layer does (its context menu, or F1 on the selected one): given the layer's kind. */
    public void setHelpAction(java.util.function.Consumer<String> action) {
        helpAction = action;
    }

    private java.util.function.Consumer<String> helpAction = kind -> {};
    private final Label empty = new Label();

    public PaletteView(PaletteModel model) {
        this.model = model;
        setId("palettePanel");
        getStyleClass().add("side-panel");

        Label title = new Label("Layers");
        title.getStyleClass().add("panel-title");

        TextField search = new TextField();
        search.setId("paletteSearch");
        // A caption that stays (the prompt goes with the first letter typed) and names the field to a screen reader.
        Label caption = layerlab.ui.Captions.of("Find a layer", search);
        caption.setId("paletteSearchCaption");
        caption.setWrapText(true);
        // Its help, not its accessible text: that would be read in place of what is typed in it.
        search.setAccessibleHelp("Type part of a layer's name or a keyword; Down goes to the first layer found, Enter adds it");
        // Short, to read whole in the palette's column at 200 % text.
        search.setPromptText("e.g. conv");
        search.textProperty().bindBidirectional(model.queryProperty());
        // ↓ goes to the first layer that matches, Enter adds it: "gelu", Enter, and it is on the canvas.
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) search.clear();
            TreeItem<String> first = firstLayer();
            if (e.getCode() == KeyCode.DOWN) {
                tree.requestFocus();
                if (first != null) tree.getSelectionModel().select(first);
            }
            // Ctrl+Enter is Train › Start's, not an add.
            if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown() && first != null) dropTarget.drop(entries.get(first.getValue()), 0, 0, true);
        });

        tree.setId("palette");
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new PaletteCell());
        // F1 on a layer opens its help; the filter runs before the menu's F1 (Shortcuts) gets the key. Enter adds the
        // layer to the canvas, as a double click does: the palette works from the keyboard too.
        tree.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            TreeItem<String> item = tree.getSelectionModel().getSelectedItem();
            if (item == null || !entries.containsKey(item.getValue()) || item.getParent() == root) return;
            if (e.getCode() == KeyCode.F1) {
                helpAction.accept(entries.get(item.getValue()).kind());
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown()) {
                dropTarget.drop(entries.get(item.getValue()), 0, 0, true);
                e.consume();
            }
        });

        empty.getStyleClass().add("muted");
        empty.setWrapText(true);
        StackPane body = new StackPane(tree, empty);
        VBox.setVgrow(body, Priority.ALWAYS);

        getChildren().addAll(title, caption, search, body);
        show(model.visibleProperty().get());
        model.visibleProperty().addListener((obs, old, now) -> show(now));
    }

    /** The layer row named as searched ("tanh": Tanh, not Hardtanh), else the first shown; null when nothing matches. */
    private TreeItem<String> firstLayer() {
        String q = model.queryProperty().get().trim();
        TreeItem<String> first = null;
        for (TreeItem<String> g : root.getChildren()) {
            for (TreeItem<String> layer : g.getChildren()) {
                if (layer.getValue().equalsIgnoreCase(q)) return layer;
                if (first == null) first = layer;
            }
        }
        return first;
    }

    private void show(List<PaletteCatalog.Group> groups) {
        root.getChildren().clear();
        for (PaletteCatalog.Group g : groups) {
            TreeItem<String> group = new TreeItem<>(g.name());
            for (PaletteCatalog.Entry e : g.entries()) {
                entries.put(e.name(), e);
                group.getChildren().add(new TreeItem<>(e.name()));
            }
            group.setExpanded(true);
            root.getChildren().add(group);
        }
        boolean none = groups.isEmpty();
        empty.setText(none ? "No layer matches “" + model.queryProperty().get().trim() + "”" : "");
        empty.setVisible(none);
        tree.setVisible(!none);
    }

    /**
     * Group rows read as headings, layer rows as entries with their category's colour. A layer row is dragged onto
     * the canvas with plain mouse events (press, drag, release), not the platform's drag-and-drop, so the same
     * gesture works in every window system and under the headless test toolkit.
     */
    private final class PaletteCell extends TreeCell<String> {
        private final javafx.scene.shape.Rectangle swatch = new javafx.scene.shape.Rectangle(10, 10);

        PaletteCell() {
            swatch.getStyleClass().add("palette-swatch");
            setOnMouseDragged(e -> {
                if (entry() == null) return;
                setCursor(javafx.scene.Cursor.CLOSED_HAND);
                dropTarget.hover(entry(), e.getScreenX(), e.getScreenY());
            });
            setOnMouseReleased(e -> {
                setCursor(null);
                dropTarget.hover(null, e.getScreenX(), e.getScreenY());
                PaletteCatalog.Entry en = entry();
                if (en != null && !contains(e.getX(), e.getY())) dropTarget.drop(en, e.getScreenX(), e.getScreenY(), false);
            });
            setOnMouseClicked(e -> {
                PaletteCatalog.Entry en = entry();
                if (en != null && e.getClickCount() == 2) dropTarget.drop(en, e.getScreenX(), e.getScreenY(), true);
            });
        }

        private javafx.scene.control.ContextMenu helpMenu(PaletteCatalog.Entry en) {
            javafx.scene.control.MenuItem help = new javafx.scene.control.MenuItem("Help for " + en.name());
            help.setMnemonicParsing(false);
            // F1 is the palette's own key here (its filter runs before Help › Shortcuts'): the item shows it, right-aligned.
            help.setAccelerator(layerlab.ui.ShownKey.of("F1"));
            help.setId("paletteHelp");
            help.setOnAction(e -> helpAction.accept(en.kind()));
            javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(help);
            if (en.block() != null) {
                // One of the project's blocks: its definition can be edited, and deleted once nothing places it.
                javafx.scene.control.MenuItem edit = new javafx.scene.control.MenuItem("Edit " + en.block());
                edit.setMnemonicParsing(false);
                edit.setId("paletteEditBlock");
                edit.setOnAction(e -> blockActions.edit(en.block()));
                javafx.scene.control.MenuItem delete = new javafx.scene.control.MenuItem();
                delete.setMnemonicParsing(false);
                delete.setId("paletteDeleteBlock");
                delete.setOnAction(e -> blockActions.delete(en.block()));
                menu.setOnShowing(e -> {
                    boolean placed = blockActions.placed(en.block());
                    delete.setText(placed ? "Delete " + en.block() + " (placed: delete or ungroup its placements first)" : "Delete " + en.block());
                    delete.setDisable(placed);
                });
                menu.getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), edit, delete);
            }
            return menu;
        }

        private PaletteCatalog.Entry entry() {
            if (isEmpty() || getTreeItem() == null || getTreeItem().getParent() == root) return null;
            return entries.get(getItem());
        }

        @Override
        protected void updateItem(String item, boolean isEmpty) {
            super.updateItem(item, isEmpty);
            setText(isEmpty ? null : item);
            boolean group = !isEmpty && getTreeItem() != null && getTreeItem().getParent() == root;
            pseudoClassStateChanged(GROUP, group);
            PaletteCatalog.Entry en = isEmpty || group ? null : entries.get(item);
            swatch.getStyleClass().removeIf(c -> c.startsWith("cat-"));
            setContextMenu(en == null ? null : helpMenu(en));
            if (en != null) {
                swatch.getStyleClass().add(en.category() == null ? "cat-blocks" : "cat-" + en.category().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                setGraphic(swatch);
            } else {
                setGraphic(null);
            }
        }
    }
}
