package layerlab.ui.canvas;

import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import layerlab.ui.editor.QuickAddModel;
import layerlab.ui.editor.QuickAddModel.Choice;

/**
 * The quick-add popup: type to search (fuzzy), ↑/↓ to choose, Enter to place, Esc to close; works from the keyboard alone.
 * Find (Ctrl+F) lists the drawing's nodes in it the same way.
 */
final class QuickAdd extends VBox {
    private final TextField search = new TextField();
    private static final double ROW = 24;
    private final ListView<Choice> list = new ListView<>();
    private final Label title = new Label();
    private List<Choice> choices = List.of();
    /** What a query naming a kind exactly may still find when {@link #choices} left it out (see QuickAddModel.filter). */
    private List<Choice> named = List.of();
    private Consumer<Choice> onPick;

    QuickAdd() {
        setId("quickAdd");
        getStyleClass().add("quick-add");
        setManaged(false);
        setVisible(false);
        search.setId("quickAddSearch");
        search.setPromptText("Add a layer…");
        list.setId("quickAddList");
        list.setFixedCellSize(ROW);
        list.setPrefWidth(280);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Choice c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.label() + (c.block() != null ? "  (block)" : ""));
            }
        });
        title.getStyleClass().add("panel-title");
        getChildren().addAll(title, search, list);
        search.textProperty().addListener((o, a, b) -> refresh());
        search.setOnKeyPressed(e -> {
            switch (e.getCode()) {
                case DOWN -> {
                    list.getSelectionModel().selectNext();
                    list.scrollTo(list.getSelectionModel().getSelectedIndex());
                    e.consume();
                }
                case UP -> {
                    list.getSelectionModel().selectPrevious();
                    list.scrollTo(list.getSelectionModel().getSelectedIndex());
                    e.consume();
                }
                case ENTER -> {
                    pick();
                    e.consume();
                }
                case ESCAPE -> {
                    close();
                    e.consume();
                }
                default -> { }
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) pick();
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) pick();
            if (e.getCode() == KeyCode.ESCAPE) close();
        });
    }

    void open(String heading, List<Choice> all, double x, double y, Consumer<Choice> onPick) {
        open(heading, "Add a layer…", all, x, y, onPick);
    }

    /** Quick add offering {@code all}, and any of {@code named} whose name is typed in full. */
    void open(String heading, List<Choice> all, List<Choice> named, double x, double y, Consumer<Choice> onPick) {
        open(heading, "Add a layer…", all, x, y, onPick);
        this.named = named;
    }

    /** Opens with {@code prompt} in the empty search field (quick add's list of layers, or Find's list of nodes). */
    void open(String heading, String prompt, List<Choice> all, double x, double y, Consumer<Choice> onPick) {
        this.choices = all;
        this.named = all;
        this.onPick = onPick;
        search.setPromptText(prompt);
        title.setText(heading);
        search.clear();
        refresh();
        relocate(x, y);
        setVisible(true);
        toFront();
        search.requestFocus();
    }

    boolean isOpen() {
        return isVisible();
    }

    void close() {
        setVisible(false);
        onPick = null;
        // Back to the canvas (the popup's nearest ancestor that takes the focus), so its keys and focus ring work again.
        for (javafx.scene.Parent p = getParent(); p != null; p = p.getParent()) {
            if (p.isFocusTraversable()) {
                p.requestFocus();
                return;
            }
        }
    }

    private void refresh() {
        list.getItems().setAll(QuickAddModel.filter(choices, named, search.getText()));
        if (!list.getItems().isEmpty()) list.getSelectionModel().select(0);
        // As tall as its matches (up to ten rows), not a fixed box of empty rows.
        list.setPrefHeight(Math.max(1, Math.min(10, list.getItems().size())) * ROW + 4);
        autosize();
    }

    private void pick() {
        Choice c = list.getSelectionModel().getSelectedItem();
        Consumer<Choice> then = onPick;
        close();
        if (c != null && then != null) then.accept(c);
    }

    List<Choice> shown() {
        return list.getItems();
    }
}
