package layerlab.ui.help;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import layerlab.ui.palette.PaletteCatalog;
import layerlab.ui.palette.PaletteModel;

/**
 * The layer reference: every kind in a filterable list, the chosen one's page beside it. One window, reused: asking
 * for another layer's help brings it forward on that page. It wears its owner's theme.
 */
public final class HelpWindow {
    private static final String CSS = HelpWindow.class.getResource("/layerlab/ui/start.css").toExternalForm();

    private final Stage stage = new Stage();
    private final LayerHelpView page = new LayerHelpView();
    private final ListView<String> kinds;
    private final TextField filter = new TextField();
    private final SplitPane split;

    public HelpWindow(Window owner) {
        stage.initOwner(owner);
        stage.setTitle("LayerLab — Layer help");
        List<PaletteCatalog.Group> groups = PaletteCatalog.groups();
        ObservableList<String> shown = FXCollections.observableArrayList(kinds(groups));
        kinds = new ListView<>(shown);
        kinds.setId("helpKinds");
        filter.setId("helpFilter");
        filter.setPromptText("Find a layer…");
        // The palette's search, word for word ("dense" finds Linear, "pool" the Pooling group); the page follows the
        // list: where the layer shown is filtered out, the first match is shown instead.
        filter.textProperty().addListener((o, a, q) -> {
            String was = kinds.getSelectionModel().getSelectedItem();
            shown.setAll(kinds(PaletteModel.filter(groups, q)));
            if (shown.isEmpty()) {
                kinds.getSelectionModel().clearSelection();
                page.showNone(q.strip());
            } else {
                kinds.getSelectionModel().select(shown.contains(was) ? was : shown.get(0));
            }
        });
        filter.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN) kinds.requestFocus();
        });
        kinds.getSelectionModel().selectedItemProperty().addListener((o, a, k) -> {
            if (k != null) page.show(LayerDoc.of(k));
        });
        VBox left = new VBox(8, filter, kinds);
        left.getStyleClass().add("side-panel");
        VBox.setVgrow(kinds, Priority.ALWAYS);
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("help-scroll");
        split = new SplitPane(left, scroll);
        split.setId("helpWindow");
        split.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(left, false);
        Scene scene = new Scene(split, 820, 600);
        // Esc and Ctrl+W close it, as a help window does.
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.W && e.isShortcutDown()) {
                stage.hide();
                e.consume();
            }
        });
        stage.setScene(scene);
        // The theme's sheets and its own (start.css) as one list, before keepOn measures the page with them.
        layerlab.ui.OwnerLook.follow(scene, owner, CSS);
        // Ctrl+S, Ctrl+Z, Ctrl+Shift+T… pressed here act in the main window, as over its palettes.
        layerlab.ui.OwnerKeys.forward(stage, owner);
        // Its first size is the screen's at 200 % text; centred on a smaller window it went past the screen's edges.
        layerlab.ui.Screens.keepOn(stage, owner);
    }

    /** The kinds of {@code groups}, in palette order (the project's blocks have no help page of their own). */
    private static List<String> kinds(List<PaletteCatalog.Group> groups) {
        return groups.stream().flatMap(g -> g.entries().stream()).filter(e -> e.block() == null).map(PaletteCatalog.Entry::kind).toList();
    }

    /** Shows {@code kind}'s page, opening the window or bringing it forward. */
    public void show(String kind) {
        // A layer the filter leaves out of the list: the whole list again, so that the page is the one selected there.
        if (!kinds.getItems().contains(kind) && !filter.getText().isEmpty()) filter.clear();
        kinds.getSelectionModel().select(kind);
        kinds.scrollTo(kind);
        page.show(LayerDoc.of(kind));
        if (!stage.isShowing() && !sized) fitTextSize();
        stage.show();
        stage.toFront();
    }

    private boolean sized;

    /**
     * The first showing: 820×600 at 100 % text, larger with View › Text Size (its list cut "ConvTranspose2d" and
     * "AdaptiveAvgPool2d" at 150 %), within the screen. Later showings keep the size the user left.
     */
    private void fitTextSize() {
        sized = true;
        Window owner = stage.getOwner();
        double scale = owner == null || owner.getScene() == null ? 1
                : layerlab.ui.shell.TextSize.in(owner.getScene().getStylesheets()).percent() / 100.0;
        javafx.geometry.Rectangle2D screen = layerlab.ui.Screens.of.apply(owner);
        stage.setWidth(Math.min(820 * scale, screen.getWidth()));
        stage.setHeight(Math.min(600 * scale, screen.getHeight()));
        // Once the split has the new width: the list does not resize with the window, and kept its 820-px share.
        double wide = stage.getWidth() - 40;
        javafx.beans.value.ChangeListener<Number> once = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number was, Number now) {
                if (now.doubleValue() < wide) return;
                split.widthProperty().removeListener(this);
                javafx.application.Platform.runLater(() -> split.setDividerPositions(0.26));
            }
        };
        if (scale > 1) split.widthProperty().addListener(once);
    }

    public Stage stage() {
        return stage;
    }

    /** The page (for tests and screenshots). */
    public LayerHelpView page() {
        return page;
    }
}
