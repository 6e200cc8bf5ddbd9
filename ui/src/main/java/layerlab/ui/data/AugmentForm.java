package layerlab.ui.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import layerlab.data.Augmentation;
import layerlab.data.DataSources;

/**
 * The Data tab's random transforms of the training images, by torchvision's names: a box per transform, its
 * arguments' fields under it while it is ticked (empty: the default, which the field shows), read from and written to
 * the project's {@code "augment"} list.
 */
final class AugmentForm extends VBox {
    private final Map<String, CheckBox> checks = new LinkedHashMap<>();
    private final Map<String, Map<String, Control>> arguments = new LinkedHashMap<>();

    AugmentForm() {
        super(2);
        setId("dataAugment");
        Label head = new Label("Augment training images");
        head.setStyle("-fx-font-weight: bold");
        head.setPadding(new Insets(6, 0, 0, 0));
        Label what = new Label("Random changes drawn anew for every batch, so the model sees new variants each epoch; "
                + "validation samples and predictions are never changed.");
        what.getStyleClass().add("muted");
        what.setWrapText(true);
        getChildren().addAll(head, what);
        for (String name : Augmentation.NAMES) {
            CheckBox box = new CheckBox(name);
            box.setId("augment-" + name);
            box.setStyle("-fx-font-family: monospace; -fx-font-size: 0.846em");
            FlowPane args = new FlowPane(6, 3);
            args.setPadding(new Insets(0, 0, 2, 24));
            Map<String, Control> fields = new LinkedHashMap<>();
            for (String key : Augmentation.arguments(name)) {
                String defaultText = Augmentation.defaultText(name, key);
                List<String> choices = Augmentation.choices(key);
                Control field;
                if (!choices.isEmpty()) {
                    ComboBox<String> c = new ComboBox<>();
                    c.getItems().setAll(choices);
                    c.setValue(defaultText);
                    field = c;
                } else {
                    TextField f = new TextField();
                    f.setPromptText(defaultText);
                    // A pair takes more room than a number, and the default's text ("[0.75, 1.3333]") shows whole.
                    int columns = key.equals("translate") || key.equals("scale") || key.equals("ratio") ? 7 : 4;
                    f.setPrefColumnCount(Math.max(columns, Math.min(10, defaultText.length() - 2)));
                    field = f;
                }
                field.setId("augment-" + name + "-" + key);
                field.setTooltip(new Tooltip(key + ": " + defaultText + " when left empty"));
                fields.put(key, field);
                Label l = new Label(key);
                l.setStyle("-fx-font-family: monospace; -fx-font-size: 0.846em");
                HBox pair = new HBox(3, l, field);
                pair.setAlignment(Pos.CENTER_LEFT);
                args.getChildren().add(pair);
            }
            args.visibleProperty().bind(box.selectedProperty());
            args.managedProperty().bind(box.selectedProperty());
            checks.put(name, box);
            arguments.put(name, fields);
            getChildren().addAll(box, args);
        }
    }

    /** Shown for a source of images only. */
    void showFor(String source) {
        boolean on = source != null && DataSources.augments(source);
        setVisible(on);
        setManaged(on);
    }

    /** Shows the project's {@code "augment"} list: a transform's box checked and its arguments in its fields. */
    @SuppressWarnings("unchecked")
    void fill(Object value) {
        for (String name : checks.keySet()) {
            checks.get(name).setSelected(false);
            for (Map.Entry<String, Control> e : arguments.get(name).entrySet()) {
                if (e.getValue() instanceof TextField f) f.setText("");
                else if (e.getValue() instanceof ComboBox<?> c) ((ComboBox<String>) c).setValue(Augmentation.defaultText(name, e.getKey()));
            }
        }
        if (!(value instanceof List<?> list)) return;
        for (Object item : list) {
            String name = item instanceof String x ? x : item instanceof Map<?, ?> m && m.get("name") instanceof String x ? x : null;
            if (name == null || !checks.containsKey(name)) continue;
            checks.get(name).setSelected(true);
            if (!(item instanceof Map<?, ?> m)) continue;
            for (Map.Entry<String, Control> e : arguments.get(name).entrySet()) {
                Object v = m.get(e.getKey());
                if (v == null) continue;
                if (e.getValue() instanceof TextField f) f.setText(FieldValues.show(v));
                else if (e.getValue() instanceof ComboBox<?> c) ((ComboBox<String>) c).setValue(String.valueOf(v));
            }
        }
    }

    /** The checked transforms as the project's {@code "augment"} list, each with the arguments its fields give. */
    List<Object> value() {
        List<Object> out = new ArrayList<>();
        for (String name : checks.keySet()) {
            if (!checks.get(name).isSelected()) continue;
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", name);
            for (Map.Entry<String, Control> e : arguments.get(name).entrySet()) {
                if (e.getValue() instanceof TextField f && !f.getText().isBlank()) t.put(e.getKey(), FieldValues.parse(f.getText()));
                else if (e.getValue() instanceof ComboBox<?> c && c.getValue() != null
                        && !c.getValue().equals(Augmentation.defaultText(name, e.getKey()))) t.put(e.getKey(), c.getValue());
            }
            out.add(t);
        }
        return out;
    }

}
