package layerlab.ui.properties;

import static layerlab.ui.properties.SheetLabels.error;
import static layerlab.ui.properties.SheetLabels.field;
import static layerlab.ui.properties.SheetLabels.section;
import static layerlab.ui.properties.SheetLabels.showError;
import static layerlab.ui.properties.SheetLabels.wrapped;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.LayerSpec;
import layerlab.init.Init;
import layerlab.init.InitChoice;
import layerlab.ui.Captions;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;

/** The property sheet's "Initialisation" section: the torch.nn.init function of each role of a layer's tensors. */
final class InitControls {
    private final EditorModel model;

    InitControls(EditorModel model) {
        this.model = model;
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
    List<javafx.scene.Node> controls(List<Node> ns, LayerSpec spec, Analysis a) {
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
            // The arguments under the choice, as wide as the panel: side by side, at 200 % text in a narrow panel, they made
            // the whole sheet wider than its panel, cutting every field and the ? button at its right edge.
            // The arguments' field has a caption of its own, so a screen reader names it ("arguments, edit, gain=2.0").
            Label argsCaption = new Label("arguments");
            argsCaption.getStyleClass().add("muted");
            argsCaption.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            argsCaption.disableProperty().bind(args.disabledProperty());
            javafx.scene.layout.HBox argsRow = new javafx.scene.layout.HBox(6, Captions.names(argsCaption, args), args);
            argsRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            javafx.scene.layout.HBox.setHgrow(args, javafx.scene.layout.Priority.ALWAYS);
            javafx.scene.layout.VBox row = new javafx.scene.layout.VBox(4, choice, argsRow);
            Label label = field(role);
            label.setTooltip(new javafx.scene.control.Tooltip(role.equals("weight")
                    ? "every parameter whose name starts with weight (an LSTM's weight_ih_l0 and weight_hh_l0 too)"
                    : "every parameter whose name starts with bias"));
            out.addAll(List.of(Captions.names(label, row), row));
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
}
