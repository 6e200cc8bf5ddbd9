package layerlab.ui.properties;

import static layerlab.ui.properties.SheetLabels.error;
import static layerlab.ui.properties.SheetLabels.field;
import static layerlab.ui.properties.SheetLabels.section;
import static layerlab.ui.properties.SheetLabels.showError;
import static layerlab.ui.properties.SheetLabels.wrapped;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.ParamType;
import layerlab.graph.spec.Registry;
import layerlab.ui.Captions;
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
    private final ProjectOverview overview;
    private final InitControls inits;

    public PropertiesView(EditorModel model) {
        this.model = model;
        this.overview = new ProjectOverview(model, nothing);
        this.inits = new InitControls(model);
        setId("properties");
        getStyleClass().add("side-panel");
        // No title of its own: the tab above it says "Properties" (a second one cost a line, two at a projector's text size).
        nothing.setId("propertiesEmpty");
        nothing.getStyleClass().add("muted");
        // A narrow panel (the window's first size, large text) wraps the hint rather than cutting it to "drag a layer onto the …".
        nothing.setWrapText(true);
        nothing.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        StackPane.setAlignment(nothing, Pos.CENTER);
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().add(body);
        model.selection().addListener((javafx.collections.SetChangeListener<String>) c -> refresh());
        model.analysisProperty().addListener((o, a, b) -> refresh());
        model.dataFitsProperty().addListener((o, a, b) -> refresh());
        model.graphProperty().addListener((o, a, b) -> refresh());
        model.scopeProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    /** What the "?" button does: given the selected node's kind, shows its help. */
    public void setHelpAction(java.util.function.Consumer<String> action) {
        helpAction = action;
    }

    private java.util.function.Consumer<String> helpAction = kind -> {};

    /** What the project's "Choose a data set" link does while it has none: show the dashboard's Data tab. */
    public void setShowData(Runnable action) {
        overview.setShowData(action);
    }

    /**
     * Enter on the canvas: the focus goes to the sheet's first setting (its name, for a kind with none), the text of a
     * field selected so that typing replaces it. False where no node's sheet shows (nothing selected, or mixed kinds).
     */
    public boolean focusFirstField() {
        if (body.getChildren().isEmpty() || !(body.getChildren().get(0) instanceof ScrollPane sp) || !(sp.getContent() instanceof VBox box)) return false;
        sp.applyCss(); // the sheet's skin puts its fields in the scene, where they can take the focus
        javafx.scene.Node first = box.getChildren().stream()
                .filter(c -> c.getId() != null && c.getId().startsWith("param-") && !c.isDisabled() && c.isFocusTraversable())
                .findFirst().orElse(box.lookup("#propName"));
        if (first == null) return false;
        first.requestFocus();
        if (first instanceof javafx.scene.control.TextInputControl t) t.selectAll();
        return true;
    }

    private void refresh() {
        Node n = model.selectedNode();
        Analysis a = model.viewAnalysis();
        List<Node> same = sameKind();
        if (n == null && same != null) {
            // An edit's graph arrives before its analysis: the sheet waits for both (rather than flash the overview).
            if (a.graph() != model.viewGraph()) return;
            // The same selection again after an edit made here: the new sheet keeps the old one's scroll and focused field.
            String ids = String.join(",", same.stream().map(Node::id).toList());
            boolean again = ids.equals(shownMulti);
            shownId = null;
            shownMulti = ids;
            show(multiSheet(same, a), again);
            return;
        }
        if (n == null || a.graph() != model.viewGraph() || a.graph().node(n.id()) == null) {
            if (n == null) {
                shownId = null;
                shownMulti = null;
                body.getChildren().setAll(overview.overview(model.viewGraph(), a.graph() == model.viewGraph() ? a : null));
            }
            return;
        }
        NodeInfo info = a.info(n.id());
        if (n.id().equals(shownId) && n.equals(shownNode) && info == shownInfo) return;
        // The same node again after an edit made here: the new sheet keeps the old one's scroll and focused field.
        boolean again = n.id().equals(shownId);
        shownMulti = null;
        shownId = n.id();
        shownNode = n;
        shownInfo = info;
        show(sheet(model.viewGraph(), a, n, info), again);
    }

    /** The selection a multi-node sheet was last made for (their ids), or null. */
    private String shownMulti;

    /** Shows {@code sheet}; {@code again} (the same node or nodes, after an edit) keeps the old sheet's scroll and focused field. */
    private void show(ScrollPane sheet, boolean again) {
        double scrolled = again && !body.getChildren().isEmpty() && body.getChildren().get(0) instanceof ScrollPane sp ? sp.getVvalue() : 0;
        String focused = again && getScene() != null && getScene().getFocusOwner() != null && isInside(getScene().getFocusOwner())
                ? getScene().getFocusOwner().getId() : null;
        body.getChildren().setAll(sheet);
        if (again) {
            sheet.setVvalue(scrolled);
            if (focused != null) {
                sheet.applyCss(); // gives the sheet its skin now, which puts its fields in the scene, where they can take focus
                if (sheet.getContent().lookup("#" + focused) instanceof javafx.scene.control.Control c) {
                    c.requestFocus();
                    // Typing goes on after the text, as before the rebuild (not over it, all selected).
                    if (c instanceof javafx.scene.control.TextInputControl t) t.end();
                }
                // A control that cannot take it now (Auto-fill, disabled once done): the sheet keeps the focus, which
                // would otherwise fall to the first field of the window, the palette's search.
                if (!isInside(getScene().getFocusOwner())) sheet.requestFocus();
            }
        }
    }

    private boolean isInside(javafx.scene.Node x) {
        for (javafx.scene.Node at = x; at != null; at = at.getParent()) if (at == this) return true;
        return false;
    }

    /** Two or more selected nodes, all of one kind with params (three Dropouts, say), in document order; else null. */
    private List<Node> sameKind() {
        if (model.selection().size() < 2) return null;
        List<Node> ns = model.viewGraph().nodes().stream().filter(x -> model.selection().contains(x.id())).toList();
        if (ns.size() != model.selection().size() || ns.stream().map(Node::kind).distinct().count() != 1) return null;
        LayerSpec spec = Registry.find(ns.get(0).kind());
        return spec == null || spec.params().isEmpty() ? null : ns;
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
            if (!now && !name.getText().equals(n.name())) rename(n, name, nameError);
        });
        // The kind and its group, the group left out where it has the kind's name (a Linear is in the Linear group).
        Label kind = new Label(n.kind() + (spec == null || spec.category().displayName().equals(n.kind()) ? "" : " · " + spec.category().displayName()));
        kind.setId("propKind");
        kind.getStyleClass().add("muted");
        javafx.scene.Node kindRow = kind;
        if (spec != null) {
            Button help = new Button("?");
            help.setId("propHelp");
            // "?" alone says nothing to a screen reader.
            help.setAccessibleText("Help for " + n.kind());
            help.setTooltip(new javafx.scene.control.Tooltip("Help for " + n.kind() + " (its params, shapes and PyTorch text)"));
            help.setOnAction(e -> helpAction.accept(n.kind()));
            javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
            javafx.scene.layout.HBox.setHgrow(gap, Priority.ALWAYS);
            javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(6, kind, gap, help);
            row.setAlignment(Pos.CENTER_LEFT);
            kindRow = row;
        }
        box.getChildren().addAll(Captions.names(field("name"), name), name, nameError, kindRow);

        if (spec != null) {
            Map<String, Object> filled = info.filled();
            for (ParamSpec ps : spec.params()) box.getChildren().addAll(paramControl(List.of(n), ps, a, filled));
            box.getChildren().add(AutoFillButton.of(model, n, spec, a));

            box.getChildren().add(section("Shape"));
            for (String line : info.explanation()) box.getChildren().add(wrapped(line, "shape-formula"));
            if (info.mainOutput() != null) box.getChildren().add(wrapped("output: " + info.mainOutput().describe(), "shape-formula"));
            Label counts = wrapped(!a.countsKnown(n.id())
                    ? "parameters and FLOPs: not known until its shapes are"
                    : String.format(Locale.ROOT, "%,d parameters · %,d FLOPs per sample", info.params(), info.flops()), "muted");
            counts.setId("propCounts");
            box.getChildren().add(counts);
            if (info.params() > 0) {
                // PyTorch's requires_grad_(False): the weights stay as they are (loaded, or as initialised) while the rest trains.
                CheckBox frozen = new CheckBox("Freeze weights");
                frozen.setId("propFrozen");
                frozen.setSelected(n.frozen());
                frozen.setTooltip(new javafx.scene.control.Tooltip("Keep " + n.name() + "'s weights as they are while the rest of the network"
                        + " trains (PyTorch: " + n.name() + ".requires_grad_(False)), to fine-tune a trained model's last layers."
                        + (n.kind().startsWith("BatchNorm") ? " Its running statistics still update in training mode, as in PyTorch." : "")));
                frozen.setOnAction(e -> model.execute(Commands.setFrozen(model.viewGraph(), List.of(n.id()), frozen.isSelected())));
                box.getChildren().add(frozen);
            }
            box.getChildren().addAll(inits.controls(List.of(n), spec, a));
            for (var p : model.viewProblemsOf(n.id(), info)) box.getChildren().add(wrapped(p.toString(), p.isError() ? "problem-error" : "problem-warning"));
            box.getChildren().addAll(section("About " + n.kind()), wrapped(spec.doc(), "doc-text"));
        }
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("property-scroll");
        return scroll;
    }

    /**
     * A param's label, control and error line for nodes {@code ns} of one kind (one node, or a selection of several, whose
     * edit sets it on all of them as one step). Where the nodes' values differ the control shows none and says so.
     */
    private List<javafx.scene.Node> paramControl(List<Node> ns, ParamSpec ps, Analysis a, Map<String, Object> filled) {
        Node n = ns.get(0);
        Label label = field(ps.name());
        label.setTooltip(new javafx.scene.control.Tooltip(ps.doc()));
        Label err = error("error-" + ps.name());
        List<Object> values = ns.stream().map(x -> resolved(x, ps, a)).distinct().toList();
        boolean differ = values.size() > 1 || ns.stream().map(x -> x.param(ps.name())).distinct().count() > 1;
        Object set = differ ? null : n.param(ps.name());
        Object resolved = differ ? null : values.get(0);
        javafx.scene.control.Control control;
        // Which definition a placement places is one of the project's blocks, chosen like any choice, not a name to type.
        boolean blockChoice = n.kind().equals(Registry.BLOCK) && ps.name().equals("block");
        switch (blockChoice ? ParamType.CHOICE : ps.type()) {
            case BOOL -> {
                CheckBox cb = new CheckBox();
                cb.setSelected(Boolean.TRUE.equals(resolved));
                cb.setIndeterminate(differ);
                cb.setOnAction(e -> apply(ns, ps, cb.isSelected(), err));
                control = cb;
            }
            case CHOICE -> {
                ChoiceBox<String> choice = new ChoiceBox<>();
                choice.getItems().setAll(blockChoice ? model.graph().blocks().stream().map(Block::name).toList() : ps.choices());
                choice.setValue(resolved instanceof String s ? s : null);
                choice.setOnAction(e -> {
                    if (choice.getValue() != null && (differ || !choice.getValue().equals(n.param(ps.name())))) apply(ns, ps, choice.getValue(), err);
                });
                control = choice;
            }
            default -> {
                TextField tf = new TextField(ParamText.format(set));
                String auto = differ ? "differs: " + String.join(", ", values.stream().map(ParamText::format).toList())
                        : filled.containsKey(ps.name()) ? "auto: " + ParamText.format(filled.get(ps.name()))
                        : resolved == null ? (ps.auto() ? "auto: from the input, once connected" : "None")
                        // An empty list shows as no text at all: a labels Input's scalar shape read "default:" with nothing after.
                        : resolved instanceof List<?> l && l.isEmpty() ? "[]" + (ps.type() == ParamType.SHAPE ? " (a scalar per sample)" : " (empty)")
                        : "default: " + ParamText.format(resolved);
                tf.setPromptText(auto);
                String shown = tf.getText();
                tf.setOnAction(e -> commitText(ns, ps, tf, err));
                // Leaving the field commits only what was typed in it: the text it was made with may be stale by then (an
                // undo rebuilds the sheet, and the field it takes away loses the focus on the way out).
                tf.focusedProperty().addListener((o, was, now) -> {
                    if (!now && !tf.getText().equals(shown)) commitText(ns, ps, tf, err);
                });
                control = tf;
            }
        }
        control.setId("param-" + ps.name());
        control.setMaxWidth(Double.MAX_VALUE);
        return List.of(Captions.names(label, control), control, err);
    }

    /** The value a node's param has, set or not (its default, or what its shapes filled in). */
    private static Object resolved(Node n, ParamSpec ps, Analysis a) {
        try {
            return a.params(n.id()).value(ps.name());
        } catch (RuntimeException e) {
            return ps.defaultValue();
        }
    }

    private void commitText(List<Node> ns, ParamSpec ps, TextField tf, Label err) {
        if (ns.stream().anyMatch(n -> model.viewGraph().node(n.id()) == null)) return;
        // Several nodes whose values differ and a field left empty: nothing was typed, nothing changes.
        if (ns.size() > 1 && tf.getText().isBlank() && !tf.getPromptText().startsWith("default") && !tf.getPromptText().startsWith("auto")) return;
        Object v;
        try {
            v = ParamText.parse(ps, tf.getText());
        } catch (IllegalArgumentException e) {
            showError(err, e.getMessage());
            return;
        }
        if (ns.stream().allMatch(n -> Objects.equals(v, model.viewGraph().node(n.id()).param(ps.name())))) {
            showError(err, null);
            return;
        }
        apply(ns, ps, v, err);
    }

    private void apply(List<Node> ns, ParamSpec ps, Object v, Label err) {
        showError(err, null);
        model.execute(ns.size() == 1 ? Commands.setParam(model.viewGraph(), ns.get(0).id(), ps.name(), v)
                : Commands.setParamOnAll(ns.stream().map(Node::id).toList(), ps.name(), v));
    }

    /**
     * Several nodes of one kind selected: their params, each set on all of them at once; where their values differ the
     * field says which values there are.
     */
    private ScrollPane multiSheet(List<Node> ns, Analysis a) {
        VBox box = new VBox(6);
        box.setId("propertySheet");
        box.getStyleClass().add("property-sheet");
        LayerSpec spec = Registry.find(ns.get(0).kind());
        Label head = wrapped(ns.size() + " " + ns.get(0).kind() + " nodes: " + String.join(", ", ns.stream().map(Node::name).toList()), null);
        head.setId("multiHead");
        head.setStyle("-fx-font-weight: bold");
        box.getChildren().addAll(head, wrapped("A change here is made to all of them, as one step.", "muted"));
        for (ParamSpec ps : spec.params()) box.getChildren().addAll(paramControl(ns, ps, a, Map.of()));
        box.getChildren().addAll(inits.controls(ns, spec, a));
        box.getChildren().addAll(section("About " + ns.get(0).kind()), wrapped(spec.doc(), "doc-text"));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("property-scroll");
        return scroll;
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
}
