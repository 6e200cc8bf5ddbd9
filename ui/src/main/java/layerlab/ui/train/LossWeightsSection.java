package layerlab.ui.train;

import static layerlab.ui.train.SettingText.commit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import layerlab.ui.Captions;
import layerlab.ui.TypedText;

/**
 * The weight of each loss node in the sum a run trains with ({@code training.loss_weights}, as {@code loss = ce + 0.3 *
 * aux} in PyTorch), for a network of several loss nodes: a field per node ({@code #train-loss_weights-<name>}), blank for
 * 1. A weight the file gives a name that no loss node has (the node was renamed or deleted) has its field too, marked
 * with why a run refuses it, to be blanked out. Nothing shows for a network of one loss node that the file gives no weight.
 */
final class LossWeightsSection extends GridPane {
    private final Consumer<Consumer<Map<String, Object>>> edit;

    /** @param edit applies a change to a copy of the training object and writes it (the panel's one edit path) */
    LossWeightsSection(Consumer<Consumer<Map<String, Object>>> edit) {
        this.edit = edit;
        setId("trainLossWeights");
        setHgap(6);
        setVgap(3);
    }

    /** Shows the weights {@code written} (the file's loss_weights, any shape) for the network's {@code lossNodes}. */
    void show(List<String> lossNodes, Object written) {
        getChildren().clear();
        Map<String, Object> given = new LinkedHashMap<>();
        if (written instanceof Map<?, ?> o) o.forEach((k, v) -> given.put(String.valueOf(k), v));
        List<String> names = new ArrayList<>(lossNodes);
        for (String n : given.keySet()) if (!names.contains(n)) names.add(n);
        if (lossNodes.size() < 2 && given.isEmpty()) return;
        Label head = new Label("Loss weights");
        head.setTooltip(new Tooltip("A run trains with the sum of the loss nodes' losses, each times its weight (blank: 1), "
                + "as loss = ce + 0.3 * aux in PyTorch; the first loss node's head is the one scored (training.loss_weights)"));
        add(head, 0, 0, 2, 1);
        int row = 1;
        for (String name : names) {
            Label l = OptionsGrid.optionLabel(name, 12);
            l.setMinWidth(Region.USE_PREF_SIZE);
            TextField f = new TextField(given.containsKey(name) ? SettingText.show(given.get(name)) : "");
            f.setId("train-loss_weights-" + name);
            f.setPrefColumnCount(8);
            f.setPromptText("1");
            boolean known = lossNodes.contains(name);
            if (!known) {
                // Marked by its FieldProblem below.
                f.setTooltip(new Tooltip("No loss node is named \"" + name + "\" now: a run refuses this weight. Blank it to take it out."));
            } else {
                f.setTooltip(new Tooltip("The weight of " + name + "'s loss in the sum a run trains with (blank: 1)"));
            }
            commit(f, t -> set(name, t));
            addRow(row++, Captions.names(l, f), f);
            if (!known) {
                // Said under the field too, in the words of Start and layerlab check, with the way out on one click.
                FieldProblem problem = new FieldProblem("train-loss_weights-" + name);
                problem.show(f, layerlab.train.Losses.weightsProblem(Map.of(name, 1.0), lossNodes), "Take out " + name + "'s weight", () -> set(name, ""));
                add(problem, 0, row++, 2, 1);
            }
        }
    }

    /** Sets {@code name}'s weight to what {@code text} reads as; blank takes it out (1); a non-number is written for the settings to refuse by name. */
    private void set(String name, String text) {
        edit.accept(m -> {
            Map<String, Object> w = new LinkedHashMap<>();
            if (m.get("loss_weights") instanceof Map<?, ?> o) o.forEach((k, v) -> w.put(String.valueOf(k), v));
            if (text.isBlank()) w.remove(name);
            else w.put(name, number(text));
            if (w.isEmpty()) m.remove("loss_weights");
            else m.put("loss_weights", w);
        });
    }

    private static Object number(String text) {
        try {
            return Double.parseDouble(TypedText.decimalPoint(text).trim());
        } catch (NumberFormatException e) {
            return text.trim();
        }
    }
}
