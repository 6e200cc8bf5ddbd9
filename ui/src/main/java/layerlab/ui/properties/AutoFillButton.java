package layerlab.ui.properties;

import java.util.List;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.AutoFill;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.editor.ParamText;

/** The property sheet's "Auto-fill from input shape" button. */
final class AutoFillButton {
    private AutoFillButton() {}

    /**
     * Auto-fill: writes what the input's shape gives each shape-determined param, where it is unset or set to something
     * else (a mismatch, which the Problems list offers to fix the same way). Its tooltip says what it would write, or why
     * there is nothing to write; a disabled button shows its tooltip through the wrapper it sits in.
     */
    static javafx.scene.Node of(EditorModel model, Node n, LayerSpec spec, Analysis a) {
        Map<String, Object> changes = AutoFill.changes(a, n.id());
        Button fill = new Button("Auto-fill from input shape");
        fill.setId("autoFill");
        fill.setMnemonicParsing(false);
        // In a narrow panel at a projector's text size it takes two lines rather than ending "Auto-fill from input s…".
        fill.setWrapText(true);
        fill.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        fill.setDisable(changes.isEmpty());
        fill.setOnAction(e -> model.execute(Commands.autoFill(a, n.id())));
        List<String> auto = spec.params().stream().filter(ParamSpec::auto).map(ParamSpec::name).toList();
        String why;
        if (!changes.isEmpty()) {
            why = "Sets " + String.join(", ", changes.entrySet().stream().map(e -> e.getKey() + " to " + ParamText.format(e.getValue())
                    + (n.param(e.getKey()) == null ? "" : " (now " + ParamText.format(n.param(e.getKey())) + ")")).toList())
                    + ", as the input's shape gives" + (changes.size() == 1 ? " it" : " them") + ". One step to undo.";
        } else if (auto.isEmpty()) {
            why = n.kind() + " has no param the input's shape decides.";
        } else if (a.info(n.id()) == null || a.info(n.id()).inputTypes().isEmpty() || a.info(n.id()).inputTypes().get(0) == null) {
            why = "Connect " + n.name() + "'s input first: " + String.join(", ", auto) + " then follow" + (auto.size() == 1 ? "s" : "") + " its shape.";
        } else if (a.info(n.id()).filled().isEmpty()) {
            why = "The input's shape does not give " + String.join(", ", auto) + " yet: see " + n.name() + "'s problems.";
        } else {
            why = String.join(", ", auto) + (auto.size() == 1 ? " already matches" : " already match") + " the input's shape.";
        }
        Tooltip tip = new Tooltip(why);
        tip.setWrapText(true);
        tip.setMaxWidth(360);
        fill.setTooltip(tip);
        // A disabled control gets no mouse events, so its tooltip would never show: the wrapper carries it too.
        StackPane holder = new StackPane(fill);
        holder.setAlignment(Pos.CENTER_LEFT);
        if (changes.isEmpty()) Tooltip.install(holder, tip);
        return holder;
    }
}
