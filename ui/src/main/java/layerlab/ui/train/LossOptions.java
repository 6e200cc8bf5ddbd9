package layerlab.ui.train;

import static layerlab.ui.train.SettingText.commit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.ParamType;
import layerlab.graph.spec.Registry;
import layerlab.ui.Captions;
import layerlab.ui.editor.ParamText;

/**
 * The options of the loss the training settings name (for a graph without a loss node), under its choice: a field per
 * param of the loss node's kind ({@code #train-loss-<param>}), typed as in Properties ({@link ParamText}: class weights as
 * {@code 1, 9}, or {@code 0,5; 2} with decimal commas). A blank field leaves the option out of the file (its default).
 */
final class LossOptions extends GridPane {
    private final Consumer<Consumer<Map<String, Object>>> edit;

    /** @param edit applies a change to a copy of the training object and writes it (the panel's one edit path) */
    LossOptions(Consumer<Consumer<Map<String, Object>>> edit) {
        this.edit = edit;
        setId("trainLossOptions");
        setHgap(6);
        setVgap(3);
    }

    /**
     * The fields of loss {@code name} showing {@code written} (the settings' loss as the file has it: a name, or an
     * object with a name and options); none for the graph's own loss ({@code name} null) or a name LayerLab does not know.
     */
    void showOptions(String name, Object written) {
        getChildren().clear();
        LayerSpec spec = name == null ? null : Registry.find(name);
        if (spec == null) return;
        Map<String, Object> given = new LinkedHashMap<>();
        if (written instanceof Map<?, ?> o) o.forEach((k, v) -> given.put(String.valueOf(k), v));
        int row = 0;
        for (ParamSpec ps : spec.params()) {
            Label l = OptionsGrid.optionLabel(ps.name(), 12);
            l.setMinWidth(Region.USE_PREF_SIZE);
            Region field = switch (ps.type()) {
                case BOOL -> {
                    CheckBox box = new CheckBox();
                    box.setSelected(given.get(ps.name()) instanceof Boolean b ? b : Boolean.TRUE.equals(ps.defaultValue()));
                    box.setOnAction(e -> set(name, ps.name(), box.isSelected()));
                    yield box;
                }
                case CHOICE -> {
                    // A run needs one number: 'none' (a loss per sample) is no choice here.
                    ComboBox<String> box = new ComboBox<>();
                    box.getItems().setAll(ps.choices().stream().filter(c -> !c.equals("none")).toList());
                    box.setValue(given.get(ps.name()) instanceof String s ? s : String.valueOf(ps.defaultValue()));
                    box.setOnAction(e -> set(name, ps.name(), box.getValue()));
                    yield box;
                }
                default -> {
                    TextField f = new TextField(ParamText.format(given.get(ps.name())));
                    f.setPrefColumnCount(8);
                    f.setPromptText(ps.defaultValue() == null ? (ps.type() == ParamType.FLOATS ? "none (all 1)" : "none") : ParamText.format(ps.defaultValue()));
                    commit(f, t -> set(name, ps.name(), t, ps));
                    yield f;
                }
            };
            field.setId("train-loss-" + ps.name());
            Tooltip.install(field, new Tooltip(ps.doc()));
            addRow(row++, Captions.names(l, field), field);
        }
    }

    /** Sets the loss's option {@code key} to what {@code text} reads as for {@code ps}; a blank text removes it. */
    private void set(String loss, String key, String text, ParamSpec ps) {
        edit.accept(m -> {
            Object v;
            try {
                v = ParamText.parse(ps, text);
            } catch (IllegalArgumentException e) {
                // The loss's setting path before the param's own words, so that the refusal marks this field.
                throw new IllegalArgumentException("training.loss." + e.getMessage(), e);
            }
            m.put("loss", with(m.get("loss"), loss, key, v));
        });
    }

    private void set(String loss, String key, Object value) {
        edit.accept(m -> m.put("loss", with(m.get("loss"), loss, key, value)));
    }

    /** The settings' loss {@code written} as an object with {@code key} set to {@code value} (removed for null). */
    private static Map<String, Object> with(Object written, String loss, String key, Object value) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", loss);
        if (written instanceof Map<?, ?> w) w.forEach((k, v) -> o.put(String.valueOf(k), v));
        if (value == null) o.remove(key);
        else o.put(key, value);
        return o;
    }
}
