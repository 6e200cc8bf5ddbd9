package layerlab.ui.help;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** One layer's help page: title and group, doc, shape formula, ports, a params table and a PyTorch example. */
public final class LayerHelpView extends VBox {
    public LayerHelpView() {
        super(10);
        setId("layerHelpPage");
        getStyleClass().add("help-page");
        setPadding(new Insets(18, 22, 22, 22));
    }

    /** Shows {@code d}, replacing the page shown before. */
    public void show(LayerDoc d) {
        getChildren().clear();
        Label title = new Label(d.displayName());
        title.setId("helpTitle");
        title.getStyleClass().add("help-title");
        Label group = new Label(d.category());
        var spec = layerlab.graph.spec.Registry.find(d.kind());
        group.getStyleClass().addAll("help-chip", spec == null ? "cat-unknown" : "cat-" + spec.category().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        HBox head = new HBox(10, title, group);
        head.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);
        getChildren().addAll(head, paragraph(d.doc(), "helpDoc"));

        if (!d.shape().isEmpty()) {
            getChildren().add(section("Shape"));
            Label shape = new Label(d.shape());
            shape.setId("helpShape");
            shape.setWrapText(true);
            shape.getStyleClass().add("help-code");
            getChildren().add(shape);
        }

        getChildren().add(section("Ports"));
        getChildren().add(paragraph(portsText(d), "helpPorts"));

        getChildren().add(section("Parameters"));
        if (d.params().isEmpty()) getChildren().add(paragraph("None: the layer has no settings.", "helpNoParams"));
        else getChildren().add(paramTable(d));

        getChildren().add(section("In PyTorch"));
        Label example = new Label(d.example());
        example.setId("helpExample");
        example.setWrapText(true);
        example.getStyleClass().add("help-code");
        getChildren().add(example);
    }

    /** The ports, each named once with its type, inputs before the arrow: {@code input: float, target: float → loss: float}. */
    static String portsText(LayerDoc d) {
        String in = String.join(", ", d.inputs().stream().map(p -> p.name() + ": " + p.type() + (p.optional() ? " (optional)" : "")).toList());
        String out = String.join(", ", d.outputs().stream().map(p -> p.name() + ": " + p.type()).toList());
        return (in.isEmpty() ? "(no inputs)" : in) + " → " + (out.isEmpty() ? "(no outputs)" : out);
    }

    /** No layer matches the help window's filter {@code query}: says so instead of a page the list no longer holds. */
    public void showNone(String query) {
        getChildren().setAll(paragraph("No layer matches \u201c" + query + "\u201d. The filter is the palette's search: a layer's "
                + "name, or words like \"dense\", \"pool\" or \"attention\".", "helpNone"));
    }

    private static GridPane paramTable(LayerDoc d) {
        GridPane g = new GridPane();
        g.setId("helpParams");
        g.getStyleClass().add("help-params");
        // As wide as the longest name at the window's text size: a fixed 110 px cut "padding_mode" and "out_channels"
        // to "padding_m…" at 150 %.
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints rest = new ColumnConstraints();
        rest.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(name, rest);
        int row = 0;
        for (LayerDoc.Param p : d.params()) {
            Label n = new Label(p.name());
            n.setId("helpParam-" + p.name());
            n.getStyleClass().add("help-param-name");
            n.setMinWidth(Region.USE_PREF_SIZE);
            Text type = styled(p.type(), "help-param-type");
            Text def = styled("   default " + p.defaultText(), "help-param-meta");
            Text range = styled(p.range().isEmpty() ? "" : " · " + p.range(), "help-param-meta");
            Text doc = styled("\n" + p.doc(), "help-param-doc");
            TextFlow about = new TextFlow(type, def, range, doc);
            about.setId("helpParamText-" + p.name());
            // Level with the first line of its text (centred, a long text's name sat below its type).
            GridPane.setValignment(n, javafx.geometry.VPos.TOP);
            g.add(n, 0, row);
            g.add(about, 1, row++);
        }
        return g;
    }

    private static Text styled(String s, String style) {
        Text t = new Text(s);
        t.getStyleClass().add(style);
        return t;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("help-section");
        return l;
    }

    private static Label paragraph(String text, String id) {
        Label l = new Label(text);
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add("help-text");
        return l;
    }
}
