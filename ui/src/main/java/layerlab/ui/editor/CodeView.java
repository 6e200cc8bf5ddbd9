package layerlab.ui.editor;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import layerlab.graph.PyTorchSource;
import layerlab.graph.analysis.Analysis;

/**
 * The drawing as PyTorch code ({@link PyTorchSource}): the nn.Module a student would write, rewritten after every
 * edit while the panel is showing (a hidden panel waits until it is shown).
 */
public final class CodeView extends VBox {
    private final EditorModel model;
    private final TextArea text = new TextArea();
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private Analysis shown;

    public CodeView(EditorModel model) {
        this.model = model;
        setId("codePanel");
        getStyleClass().add("side-panel");
        Label title = new Label("PyTorch");
        title.getStyleClass().add("panel-title");
        text.setId("codeView");
        text.setEditable(false);
        text.getStyleClass().add("code-view");
        VBox.setVgrow(text, Priority.ALWAYS);
        getChildren().addAll(title, text);
        model.analysisProperty().addListener((o, a, b) -> refresh());
        active.addListener((o, a, b) -> refresh());
        refresh();
    }

    public BooleanProperty activeProperty() {
        return active;
    }

    private void refresh() {
        Analysis a = model.analysis();
        if (!active.get() || a == shown || a.graph() != model.graph()) return;
        shown = a;
        double scroll = text.getScrollTop();
        text.setText(PyTorchSource.of(a.graph(), a));
        text.setScrollTop(scroll);
    }

    public String text() {
        return text.getText();
    }
}
