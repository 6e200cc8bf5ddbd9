package layerlab.ui.properties;

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
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.analysis.SummaryTable;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.ParamType;
import layerlab.graph.spec.Registry;
import layerlab.init.Init;
import layerlab.init.InitChoice;
import layerlab.train.TrainingConfig;
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
        // A narrow panel (the window's first size, large text) wraps the hint rather than cutting it to "drag a layer onto the …".
        nothing.setWrapText(true);
        nothing.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        StackPane.setAlignment(nothing, Pos.CENTER);
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(title, body);
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
                body.getChildren().setAll(overview(model.viewGraph(), a.graph() == model.viewGraph() ? a : null));
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

    /**
     * With nothing selected: the project (or the open block) at a glance: its name and description, its layers, learnable
     * parameters and FLOPs in all (as {@code layerlab summary} counts them), and its data and training settings.
     */
    private javafx.scene.Node overview(Graph g, Analysis a) {
        VBox box = new VBox(6);
        box.setId("projectOverview");
        box.getStyleClass().add("property-sheet");
        int selected = model.selection().size();
        nothing.setText(g.nodes().isEmpty() ? "Nothing selected: drag a layer onto the canvas."
                : selected > 1 ? selected + " selected: select one node to edit it." : "Nothing selected: select a node to edit it.");
        box.getChildren().add(nothing);
        // Inside a block: the block's name and description (its body has none of its own); both edited here.
        String scope = model.scopeProperty().get();
        Block block = scope == null ? null : model.graph().block(scope);
        box.getChildren().addAll(nameAndDescription(block, model.graph()));
        if (g.nodes().isEmpty()) {
            ScrollPane sp = new ScrollPane(box);
            sp.setFitToWidth(true);
            return sp;
        }
        // Layers as in the module: not the Inputs and Outputs, nor the losses the training loop computes.
        long layers = g.nodes().stream().filter(x -> !x.kind().equals("Input") && !x.kind().equals("Output"))
                .filter(x -> Registry.find(x.kind()) == null || Registry.find(x.kind()).category() != Category.LOSS).count();
        String counts;
        if (a == null) counts = count(layers, "layer");
        else counts = String.format(Locale.ROOT, "%s · %s%s · %s FLOPs per sample%s", count(layers, "layer"), count(a.totalParams(), "parameter"),
                a.frozenParams() > 0 ? String.format(Locale.ROOT, " (%,d frozen)", a.frozenParams()) : "",
                a.totalFlops() >= 1000 ? SummaryTable.abbreviated(a.totalFlops()) : String.valueOf(a.totalFlops()),
                partial(g, a) ? " (the layers whose shapes are known; Problems lists the rest)" : "");
        Label count = wrapped(counts, null);
        count.setId("overviewCounts");
        box.getChildren().add(count);
        // Weights beyond this machine's Java heap: said here, before Start finds out (for the model, not inside a block).
        String tooBig = a == null || scope != null ? null : GraphCompiler.tooBig(a, Runtime.getRuntime().maxMemory());
        if (tooBig != null) {
            Label big = wrapped("Too big to train here: " + tooBig, "field-error");
            big.setId("overviewTooBig");
            box.getChildren().add(big);
        }
        if (model.scopeProperty().get() == null) {
            Label data = wrapped("Data: " + describeData(g.dataset()), null);
            data.setId("overviewData");
            Label training = wrapped("Training: " + describeTraining(g.training()), null);
            training.setId("overviewTraining");
            box.getChildren().addAll(data, training);
        }
        ScrollPane sp = new ScrollPane(box);
        sp.setFitToWidth(true);
        return sp;
    }

    /**
     * The project's (or the open block's) name and description as fields: the name is committed by Enter or on leaving
     * the field, the description on leaving it, each as one undoable step; a block's new name renames every placement.
     */
    private List<javafx.scene.Node> nameAndDescription(Block block, Graph project) {
        String was = block != null ? block.name() : project.name();
        Label caption = field(block != null ? "Block" : "Project");
        TextField name = new TextField(was);
        name.setId("overviewName");
        name.getStyleClass().add("overview-name");
        name.setPromptText(block != null ? "the block's class name" : "the project's name");
        Label nameError = error("error-overviewName");
        Runnable commitName = () -> {
            String t = name.getText().trim();
            if (t.equals(was)) {
                showError(nameError, null);
                return;
            }
            String why = t.isEmpty() ? "a name is needed"
                    : block != null && !Names.isIdentifier(t) ? "a block's name is a Python class name: letters, digits and _, not starting with a digit"
                    : block != null && project.block(t) != null ? "another block is named " + t : null;
            showError(nameError, why);
            if (why != null) return;
            if (block != null) model.executeOnProject(Commands.renameBlock(was, t));
            else model.execute(Commands.setProjectText(GraphChange.Setting.NAME, t));
        };
        name.setOnAction(e -> commitName.run());
        name.focusedProperty().addListener((o, before, now) -> {
            if (!now) commitName.run();
        });

        String wasText = block != null ? block.description() : project.description();
        TextArea description = new TextArea(wasText);
        description.setId("overviewDescription");
        description.setWrapText(true);
        description.setPrefRowCount(4);
        description.setPromptText(block != null ? "what the block does" : "what the network does, for whoever opens it next");
        description.focusedProperty().addListener((o, before, now) -> {
            if (now || description.getText().equals(wasText)) return;
            if (block != null) model.executeOnProject(Commands.describeBlock(block.name(), description.getText()));
            else model.execute(Commands.setProjectText(GraphChange.Setting.DESCRIPTION, description.getText()));
        });
        return List.of(caption, name, nameError, description);
    }

    /**
     * Whether a layer has an error or an unknown output shape, so that the counts may leave it out or count it as drawn
     * rather than as it will be; a loss's own problem (its target not connected yet) changes no count.
     */
    private static boolean partial(Graph g, Analysis a) {
        for (Node x : g.nodes()) {
            LayerSpec spec = Registry.find(x.kind());
            if (spec == null) return true;
            if (spec.category() == Category.LOSS || x.kind().equals("Output")) continue;
            NodeInfo info = a.info(x.id());
            if (info == null || info.mainOutput() == null || info.hasErrors()) return true;
        }
        return false;
    }

    /** {@code mnist · standardize · 10% for validation}, or what to do when there is none. */
    static String describeData(Map<String, Object> d) {
        if (!(d.get("source") instanceof String src)) return "none yet (choose one in the dashboard's Data tab)";
        StringBuilder sb = new StringBuilder(src);
        for (String k : List.of("path", "name", "n")) if (d.get(k) != null) sb.append(' ').append(k).append('=').append(d.get(k));
        if (d.get("normalize") instanceof String nz && !nz.equals("none")) sb.append(" · ").append(nz);
        if (d.get("missing") instanceof String m && !m.equals("error")) {
            // "gaps: drop", "gaps: filled with medians" (an unknown word as it is, for the data check to name).
            sb.append(" · gaps: ").append(layerlab.data.CsvLoader.Missing.fills(m)
                    ? "filled with " + layerlab.data.CsvLoader.Missing.valueOf(m.toUpperCase(java.util.Locale.ROOT)).fillWith().plural() : m);
        }
        if (d.get("augment") instanceof List<?> a && !a.isEmpty()) {
            // "augmented: RandomCrop, RandomHorizontalFlip" (the transforms by name; their arguments are in the Data tab).
            List<String> names = new java.util.ArrayList<>();
            for (Object t : a) names.add(t instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : String.valueOf(t));
            sb.append(" · augmented: ").append(String.join(", ", names));
        }
        if (d.get("validation_split") instanceof Number v && v.doubleValue() > 0) {
            sb.append(" · ").append(TrainingConfig.shortNumber(v.doubleValue() * 100)).append("% for validation");
        }
        return sb.toString();
    }

    /** {@code Adam(lr=0.001) with CosineAnnealingLR, 5 epochs of batches of 64} (as a run's first line names the optimizer), or the settings' mistake. */
    static String describeTraining(Map<String, Object> t) {
        try {
            TrainingConfig c = TrainingConfig.fromMap(t);
            TrainingConfig.EarlyStopping es = c.earlyStopping();
            return String.format(Locale.ROOT, "%s%s, %d epoch%s of batches of %d%s", c.optimizerText(),
                    c.scheduler() == null ? "" : " with " + c.scheduler().name(), c.epochs(), c.epochs() == 1 ? "" : "s", c.batchSize(),
                    es == null ? "" : ", stopping after " + es.patience() + " without a better " + es.metric() + (es.restoreBest() ? " (keeping the best)" : ""));
        } catch (IllegalArgumentException e) {
            return "the settings have a mistake: " + e.getMessage();
        }
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
            box.getChildren().addAll(initControls(List.of(n), spec, a));
            for (var p : model.viewProblemsOf(n.id(), info)) box.getChildren().add(wrapped(p.toString(), p.isError() ? "problem-error" : "problem-warning"));
            box.getChildren().addAll(section("About " + n.kind()), wrapped(spec.doc(), "doc-text"));
        }
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("property-scroll");
        return scroll;
    }

    /** Shown for a role without an initialiser of its own: the layer's reset_parameters(), as PyTorch constructs it. */
    static final String DEFAULT_INIT = "PyTorch's default";

    /**
     * "Initialisation": for each role of the learnable tensors of nodes {@code ns} (one node, or several of one kind, set
     * together as one step), the torch.nn.init function that fills them when a run starts from scratch (PyTorch's default
     * when none), and its keyword arguments as a Python call writes them. Offers only what fits the tensors (no fan-based
     * initialiser for a vector). An initialiser set on a role a node has lost (bias turned off) stays listed, so that it
     * can be cleared. Where the nodes' choices differ the choice shows none and says so.
     */
    private List<javafx.scene.Node> initControls(List<Node> ns, LayerSpec spec, Analysis a) {
        Map<String, Integer> ranks = new java.util.HashMap<>();
        for (Node n : ns) {
            try {
                spec.parameterRoles(a.params(n.id())).forEach((role, rank) -> ranks.merge(role, rank, Math::min));
            } catch (RuntimeException e) {
                // Params that do not resolve yet: the node's problems say why; its roles are unknown.
            }
        }
        List<String> shown = new java.util.ArrayList<>();
        for (String role : InitChoice.ROLES) {
            if (ranks.containsKey(role) || ns.stream().anyMatch(n -> n.init(role) != null)) shown.add(role);
        }
        if (shown.isEmpty()) return List.of();
        String who = ns.size() == 1 ? ns.get(0).name() + "'s" : "these layers'";
        List<javafx.scene.Node> out = new java.util.ArrayList<>();
        Label title = section("Initialisation");
        title.setTooltip(new javafx.scene.control.Tooltip("How " + who + " tensors are filled when training starts from scratch"
                + " (torch.nn.init); weights loaded or resumed replace them. The seed makes them repeatable."));
        out.add(title);
        if (spec.defaultInit() != null) {
            Label dflt = wrapped(DEFAULT_INIT + ": " + spec.defaultInit(), "muted");
            dflt.setId("initDefault");
            out.add(dflt);
        }
        for (String role : shown) {
            int rank = ranks.getOrDefault(role, 1);
            List<InitChoice> choices = ns.stream().map(n -> n.init(role)).distinct().toList();
            boolean differ = choices.size() > 1;
            InitChoice current = differ ? null : choices.get(0);
            ChoiceBox<String> choice = new ChoiceBox<>();
            choice.setId("initChoice-" + role);
            choice.getItems().add(DEFAULT_INIT);
            for (String name : Init.NAMES) {
                if (rank >= 2 || !InitChoice.of(name).needsMatrix() || current != null && current.name().equals(name)) {
                    choice.getItems().add(name);
                }
            }
            choice.setValue(differ ? null : current == null ? DEFAULT_INIT : current.name());
            choice.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            TextField args = new TextField(current == null ? "" : current.argsText());
            args.setId("initArgs-" + role);
            Label err = error("error-init-" + role);
            java.util.function.Consumer<String> argsFor = name -> {
                List<String> names = name == null || name.equals(DEFAULT_INIT) ? List.of() : Init.argumentNames(name);
                args.setDisable(names.isEmpty());
                args.setPromptText(names.isEmpty() ? "" : String.join(", ", names.stream().map(x -> x + "=…").toList()));
            };
            argsFor.accept(choice.getValue());
            choice.setOnAction(e -> {
                String name = choice.getValue();
                if (name == null) return;
                argsFor.accept(name);
                showError(err, null);
                if (name.equals(DEFAULT_INIT)) {
                    setInit(ns, role, null);
                    return;
                }
                // Arguments the new initialiser takes survive the switch (gain from xavier to orthogonal); constant starts at 0.
                Map<String, Object> kept = new java.util.LinkedHashMap<>();
                if (current != null) {
                    current.args().forEach((k, v) -> {
                        if (Init.argumentNames(name).contains(k)) kept.put(k, v);
                    });
                }
                if (name.equals("constant")) kept.putIfAbsent("val", 0.0);
                setInit(ns, role, new InitChoice(name, kept));
            });
            Runnable applyArgs = () -> {
                String name = choice.getValue();
                if (name == null || name.equals(DEFAULT_INIT)) return;
                try {
                    InitChoice c = new InitChoice(name, InitChoice.parseArgs(args.getText()));
                    String why = c.problem(role, rank);
                    showError(err, why);
                    if (why == null) setInit(ns, role, c);
                } catch (IllegalArgumentException ex) {
                    showError(err, ex.getMessage());
                }
            };
            args.setOnAction(e -> applyArgs.run());
            String shownArgs = args.getText();
            args.focusedProperty().addListener((o, was, now) -> {
                if (!now && !args.isDisabled() && !args.getText().equals(shownArgs)) applyArgs.run();
            });
            javafx.scene.layout.HBox.setHgrow(args, Priority.ALWAYS);
            javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(6, choice, args);
            row.setAlignment(Pos.CENTER_LEFT);
            Label label = field(role);
            label.setTooltip(new javafx.scene.control.Tooltip(role.equals("weight")
                    ? "every parameter whose name starts with weight (an LSTM's weight_ih_l0 and weight_hh_l0 too)"
                    : "every parameter whose name starts with bias"));
            out.addAll(List.of(label, row));
            if (differ) out.add(wrapped("(they differ)", "muted"));
            out.add(err);
        }
        return out;
    }

    /** Sets {@code role}'s initialiser on every node of {@code ns} that does not have it already, as one step. */
    private void setInit(List<Node> ns, String role, InitChoice c) {
        List<String> ids = ns.stream().filter(n -> !Objects.equals(n.init(role), c)).map(Node::id).toList();
        if (!ids.isEmpty()) model.execute(Commands.setInit(model.viewGraph(), ids, role, c));
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
        return List.of(label, control, err);
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
        box.getChildren().addAll(initControls(ns, spec, a));
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
        if (style != null) l.getStyleClass().add(style);
        return l;
    }

    /** "1 layer", "3 layers", "50,186 parameters": a first drawing's one Linear is not "1 layers". */
    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

}
