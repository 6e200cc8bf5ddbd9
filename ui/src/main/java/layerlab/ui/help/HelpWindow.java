package layerlab.ui.help;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;

/**
 * The layer reference: every kind in a filterable list, the chosen one's page beside it. One window, reused: asking
 * for another layer's help brings it forward on that page. It wears its owner's theme.
 */
public final class HelpWindow {
    private static final String CSS = HelpWindow.class.getResource("/layerlab/ui/start.css").toExternalForm();

    private final Stage stage = new Stage();
    private final LayerHelpView page = new LayerHelpView();
    private final ListView<String> kinds;

    public HelpWindow(Window owner) {
        stage.initOwner(owner);
        stage.setTitle("LayerLab — Layer help");
        List<String> all = Registry.all().stream().map(LayerSpec::kind).filter(k -> !k.equals(Registry.BLOCK)).toList();
        FilteredList<String> shown = new FilteredList<>(FXCollections.observableArrayList(all));
        kinds = new ListView<>(shown);
        kinds.setId("helpKinds");
        TextField filter = new TextField();
        filter.setId("helpFilter");
        filter.setPromptText("Find a layer…");
        filter.textProperty().addListener((o, a, q) -> {
            String s = q.strip().toLowerCase(java.util.Locale.ROOT);
            shown.setPredicate(k -> s.isEmpty() || k.toLowerCase(java.util.Locale.ROOT).contains(s));
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
        SplitPane split = new SplitPane(left, scroll);
        split.setId("helpWindow");
        split.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(left, false);
        Scene scene = new Scene(split, 820, 600);
        stage.setScene(scene);
        stage.setOnShowing(e -> wearTheme(owner, scene));
    }

    private static void wearTheme(Window owner, Scene scene) {
        scene.getStylesheets().setAll(owner != null && owner.getScene() != null ? owner.getScene().getStylesheets() : List.of());
        scene.getStylesheets().add(CSS);
    }

    /** Shows {@code kind}'s page, opening the window or bringing it forward. */
    public void show(String kind) {
        kinds.getSelectionModel().select(kind);
        kinds.scrollTo(kind);
        page.show(LayerDoc.of(kind));
        if (stage.isShowing()) wearTheme(stage.getOwner(), stage.getScene());
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    /** The page (for tests and screenshots). */
    public LayerHelpView page() {
        return page;
    }
}
