package layerlab.ui.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * A table's {@code targets} for a network of several target Inputs: a drop-down per target Input listing the table's
 * columns ({@code species ← [species]}, {@code bill ← [bill_depth_mm]}), in place of typing {@code Input=column} pairs.
 * It writes the pairs into the {@code targets} field, so that the data set's JSON is the object the file always held; a
 * target of several columns (a list) or one Input only leaves the field to be typed, as before.
 */
final class TargetsPicker extends VBox {
    private final TextField field;
    private final List<ComboBox<String>> choices = new ArrayList<>();
    private List<String> inputs = List.of();
    private List<String> columns = List.of();
    private boolean filling;

    TargetsPicker(TextField field) {
        super(3);
        this.field = field;
        setId("data-targets-picker");
        field.textProperty().addListener((o, a, b) -> {
            if (!filling) refresh();
        });
    }

    /** Shows a drop-down per Input of {@code inputs} with {@code columns} (the table's; empty while unknown), or the field. */
    void show(List<String> inputs, List<String> columns) {
        this.inputs = List.copyOf(inputs);
        this.columns = List.copyOf(columns);
        refresh();
    }

    private void refresh() {
        Object typed = FieldValues.pairs(field.getText());
        Map<?, ?> now = typed instanceof Map<?, ?> m ? m : field.getText().isBlank() ? Map.of() : null;
        boolean picks = inputs.size() > 1 && now != null && now.values().stream().allMatch(v -> v instanceof String)
                && now.keySet().stream().allMatch(inputs::contains);
        setVisible(picks);
        setManaged(picks);
        field.setVisible(!picks);
        field.setManaged(!picks);
        getChildren().clear();
        choices.clear();
        if (!picks) return;
        for (String input : inputs) {
            ComboBox<String> c = new ComboBox<>();
            c.setId("data-target-" + input);
            List<String> items = new ArrayList<>(columns);
            Object column = now.get(input);
            if (column instanceof String s && !items.contains(s)) items.add(s); // a column this table lacks, shown as written
            c.getItems().setAll(items);
            if (column instanceof String s) c.setValue(s);
            c.setPromptText("column…");
            c.setTooltip(new Tooltip("The column of the table that target Input \"" + input + "\" takes (targets." + input + ")"));
            c.setOnAction(e -> write());
            Label l = new Label(input + " ←");
            l.setMinWidth(Label.USE_PREF_SIZE);
            HBox row = new HBox(6, l, c);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            getChildren().add(row);
            choices.add(c);
        }
    }

    /** The field's pairs from the drop-downs, in the Inputs' order; an Input without a column is left out. */
    private void write() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < choices.size(); i++) if (choices.get(i).getValue() != null) pairs.put(inputs.get(i), choices.get(i).getValue());
        filling = true;
        try {
            field.setText(FieldValues.show(pairs));
        } finally {
            filling = false;
        }
    }
}
