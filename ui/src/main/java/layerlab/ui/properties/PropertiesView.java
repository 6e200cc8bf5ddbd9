package layerlab.ui.properties;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.Registry;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.editor.ParamText;

/**
 * The property sheet of the selected node: its name, each param with the control its type needs (a field for
 * numbers, sizes and shapes, a choice box, a check box), a value refused inline with the reason, auto-fill from the
 * input shape, and what analysis says: the layer's doc, its shape formula with the numbers, parameters and FLOPs.
 */
public final class PropertiesView extends VBox {
    private final EditorModel model;
    private final StackPane body = new StackPane();
    private final Label nothing = new Label("Nothing selected");
    private String shownId;
    private Node shownNode;
    private NodeInfo shownInfo;

    public PropertiesView(EditorModel model) {
        this.model = model;
        setId("properties");
        getStyleClass().add("side-panel");
        Label title = new Label("Properties");
        title.getStyleClass().add("panel-title");
        nothing.setId("propertiesEmpty");
        nothing.getStyleClass().add("muted");
        StackPane.setAlignment(nothing, Pos.CENTER);
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(title, body);
        model.selection().addListener((javafx.collections.SetChangeListener<String>) c -> refresh());
        model.analysisProperty().addListener((o, a, b) -> refresh());
        model.graphProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    /** What the "?" button does: given the selected node's kind, shows its help. */
    public void setHelpAction(java.util.function.Consumer<String> action) {
        helpAction = action;
    }

    private java.util.function.Consumer<String> helpAction = kind -> {};

    private void refresh() {
        Node n = model.selectedNode();
        Analysis a = model.viewAnalysis();
        if (n == null || a.graph() != model.viewGraph() || a.graph().node(n.id()) == null) {
            if (n == null) {
                shownId = null;
                body.getChildren().setAll(nothing);
            }
            return;
        }
        NodeInfo info = a.info(n.id());
        if (n.id().equals(shownId) && n.equals(shownNode) && info == shownInfo) return;
        shownId = n.id();
        shownNode = n;
        shownInfo = info;
        body.getChildren().setAll(sheet(model.viewGraph(), a, n, info));
    }

    private ScrollPane sheet(Graph g, Analysis a, Node n, NodeInfo info) {
        VBox box = new VBox(6);
        box.setId("propertySheet");
        box.getStyleClass().add("property-sheet");
        LayerSpec spec = Registry.find(n.kind());

        TextField name = new TextField(n.name());
        name.setId("propName");
        Label nameError = error("error-name");
        name.setOnAction(e -> rename(n, name, nameError));
        name.focusedProperty().addListener((o, was, now) -> {
            if (!now) rename(n, name, nameError);
        });
        Label kind = new Label(n.kind() + (spec == null ? "" : " · " + spec.category().displayName()));
        kind.getStyleClass().add("muted");
        javafx.scene.Node kindRow = kind;
        if (spec != null) {
            Button help = new Button("?");
            help.setId("propHelp");
            help.setTooltip(new javafx.scene.control.Tooltip("Help for " + n.kind() + " (its params, shapes and PyTorch text)"));
            help.setOnAction(e -> helpAction.accept(n.kind()));
            javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
            javafx.scene.layout.HBox.setHgrow(gap, Priority.ALWAYS);
            javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(6, kind, gap, help);
            row.setAlignment(Pos.CENTER_LEFT);
            kindRow = row;
        }
        box.getChildren().addAll(field("name"), name, nameError, kindRow);

        if (spec != null) {
            Map<String, Object> filled = info.filled();
            for (ParamSpec ps : spec.params()) box.getChildren().addAll(paramControl(n, ps, a, filled));
            boolean canFill = filled.keySet().stream().anyMatch(k -> n.param(k) == null);
            Button fill = new Button("Auto-fill from input shape");
            fill.setId("autoFill");
            fill.setDisable(!canFill);
            fill.setOnAction(e -> model.execute(Commands.autoFill(a, n.id())));
            box.getChildren().add(fill);

            box.getChildren().add(section("Shape"));
            for (String line : info.explanation()) box.getChildren().add(wrapped(line, "shape-formula"));
            if (info.mainOutput() != null) box.getChildren().add(wrapped("output: " + info.mainOutput().describe(), "shape-formula"));
            Label counts = wrapped(String.format(Locale.ROOT, "%,d parameters · %,d FLOPs per sample", info.params(), info.flops()), "muted");
            counts.setId("propCounts");
            box.getChildren().add(counts);
            for (var p : info.problems()) box.getChildren().add(wrapped(p.toString(), p.isError() ? "problem-error" : "problem-warning"));
            box.getChildren().addAll(section("About " + n.kind()), wrapped(spec.doc(), "doc-text"));
        }
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("property-scroll");
        return scroll;
    }

    private List<javafx.scene.Node> paramControl(Node n, ParamSpec ps, Analysis a, Map<String, Object> filled) {
        Label label = field(ps.name());
        label.setTooltip(new javafx.scene.control.Tooltip(ps.doc()));
        Label err = error("error-" + ps.name());
        Object set = n.param(ps.name());
        Object resolved;
        try {
            resolved = a.params(n.id()).value(ps.name());
        } catch (RuntimeException e) {
            resolved = ps.defaultValue();
        }
        javafx.scene.control.Control control;
        switch (ps.type()) {
            case BOOL -> {
                CheckBox cb = new CheckBox();
                cb.setSelected(Boolean.TRUE.equals(resolved));
                cb.setOnAction(e -> apply(n, ps, cb.isSelected(), err));
                control = cb;
            }
            case CHOICE -> {
                ChoiceBox<String> choice = new ChoiceBox<>();
                choice.getItems().setAll(ps.choices());
                choice.setValue(resolved instanceof String s ? s : null);
                choice.setOnAction(e -> {
                    if (choice.getValue() != null && !choice.getValue().equals(n.param(ps.name()))) apply(n, ps, choice.getValue(), err);
                });
                control = choice;
            }
            default -> {
                TextField tf = new TextField(ParamText.format(set));
                String auto = filled.containsKey(ps.name()) ? "auto: " + ParamText.format(filled.get(ps.name()))
                        : resolved == null ? "None" : "default: " + ParamText.format(resolved);
                tf.setPromptText(auto);
                tf.setOnAction(e -> commitText(n, ps, tf, err));
                tf.focusedProperty().addListener((o, was, now) -> {
                    if (!now) commitText(n, ps, tf, err);
                });
                control = tf;
            }
        }
        control.setId("param-" + ps.name());
        control.setMaxWidth(Double.MAX_VALUE);
        return List.of(label, control, err);
    }

    private void commitText(Node n, ParamSpec ps, TextField tf, Label err) {
        if (model.viewGraph().node(n.id()) == null) return;
        Object v;
        try {
            v = ParamText.parse(ps, tf.getText());
        } catch (IllegalArgumentException e) {
            showError(err, e.getMessage());
            return;
        }
        Object current = model.viewGraph().node(n.id()).param(ps.name());
        if (v == null ? current == null : v.equals(current)) {
            showError(err, null);
            return;
        }
        apply(n, ps, v, err);
    }

    private void apply(Node n, ParamSpec ps, Object v, Label err) {
        showError(err, null);
        model.execute(Commands.setParam(model.viewGraph(), n.id(), ps.name(), v));
    }

    private void rename(Node n, TextField tf, Label err) {
        Node now = model.viewGraph().node(n.id());
        if (now == null || tf.getText().equals(now.name())) {
            showError(err, null);
            return;
        }
        String why = Names.problem(tf.getText());
        if (why == null && model.viewGraph().nodeByName(tf.getText()) != null) why = "another node is named '" + tf.getText() + "'; names must be unique";
        showError(err, why);
        if (why == null) model.execute(Commands.rename(model.viewGraph(), n.id(), tf.getText()));
    }

    private static void showError(Label err, String text) {
        err.setText(text == null ? "" : text);
        err.setVisible(text != null);
        err.setManaged(text != null);
    }

    private static Label error(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("field-error");
        l.setWrapText(true);
        showError(l, null);
        return l;
    }

    private static Label field(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        return l;
    }

    private static Label wrapped(String text, String style) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add(style);
        return l;
    }
}
