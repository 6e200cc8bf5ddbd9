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
 * edit while the panel is showing (a hidden panel waits until it is shown), its comments wrapped to the panel's width
 * ({@link CommentWrap}): a drawing with errors opens with a comment that names them.
 */
public final class CodeView extends VBox {
    private final EditorModel model;
    private final TextArea text = new TextArea();
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private Analysis shown;
    /** The code as {@link PyTorchSource} writes it, before its comments are wrapped. */
    private String code = "";

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
        // Comments rewrap when the panel changes width (or its font arrives with the stylesheet).
        text.widthProperty().addListener(o -> show());
        text.fontProperty().addListener(o -> show());
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
        code = PyTorchSource.of(a.graph(), a);
        show();
    }

    /** The code with its comments wrapped to the panel's width (the code lines as they are). */
    private void show() {
        int columns = columns();
        String wrapped = CommentWrap.wrap(code, columns);
        if (wrapped.equals(text.getText())) return;
        double scroll = text.getScrollTop();
        text.setText(wrapped);
        text.setScrollTop(scroll);
    }

    /** How many characters of the code font a line of the panel shows (all of them before it is laid out). */
    private int columns() {
        double width = text.getWidth() - TEXT_INSETS;
        if (width <= 0) return Integer.MAX_VALUE;
        javafx.scene.text.Text probe = new javafx.scene.text.Text("0123456789");
        probe.setFont(text.getFont());
        return Math.max(1, (int) (width / (probe.getLayoutBounds().getWidth() / 10)));
    }

    /** The text area's padding and its vertical scroll bar: what of its width the text does not get. */
    private static final double TEXT_INSETS = 30;

    /** The code as the panel shows it (comments wrapped to its width). */
    public String text() {
        return text.getText();
    }
}
