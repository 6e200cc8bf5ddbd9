package layerlab.ui.properties;

import static layerlab.ui.properties.SheetLabels.error;
import static layerlab.ui.properties.SheetLabels.field;
import static layerlab.ui.properties.SheetLabels.showError;
import static layerlab.ui.properties.SheetLabels.wrapped;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
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
import layerlab.graph.spec.Registry;
import layerlab.train.TrainingConfig;
import layerlab.ui.Captions;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;

/**
 * What the properties panel shows with no node selected: the project (or the open block) at a glance, its name and
 * description to edit, its counts, and its data and training settings in a line each.
 */
final class ProjectOverview {
    private final EditorModel model;
    /** The panel's "Nothing selected" line, which says what to do next. */
    private final Label nothing;

    /** Shows the dashboard's Data tab: a new project's data set is chosen there, in a dashboard hidden until then. */
    private Runnable showData = () -> {};

    ProjectOverview(EditorModel model, Label nothing) {
        this.model = model;
        this.nothing = nothing;
    }

    void setShowData(Runnable action) {
        showData = action;
    }

    /**
     * With nothing selected: the project (or the open block) at a glance: its name and description, its layers, learnable
     * parameters and FLOPs in all (as {@code layerlab summary} counts them), and its data and training settings.
     */
    javafx.scene.Node overview(Graph g, Analysis a) {
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
            box.getChildren().add(data);
            // A new project's dashboard is hidden: the line said where to choose a data set, not how to get there.
            if (!(g.dataset() != null && g.dataset().get("source") instanceof String)) {
                javafx.scene.control.Hyperlink choose = new javafx.scene.control.Hyperlink("Choose a data set in the Data tab");
                choose.setId("overviewChooseData");
                choose.setWrapText(true);
                choose.setOnAction(e -> showData.run());
                box.getChildren().add(choose);
            }
            box.getChildren().add(training);
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
        return List.of(Captions.names(caption, name), name, nameError, Captions.names(field("Description"), description), description);
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

    /** {@code mnist · standardize · 10% for validation}, or "none yet" (a link under it opens the Data tab). */
    static String describeData(Map<String, Object> d) {
        if (!(d.get("source") instanceof String src)) return "none yet";
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

    /** "1 layer", "3 layers", "50,186 parameters" ({@link layerlab.ui.inspect.Numbers#count}). */
    private static String count(long n, String noun) {
        return layerlab.ui.inspect.Numbers.count(n, noun);
    }
}
