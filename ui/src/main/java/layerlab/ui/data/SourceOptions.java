package layerlab.ui.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Side;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import layerlab.data.DataSources;
import layerlab.ui.Captions;
import layerlab.ui.TypedText;

/**
 * The Data tab's fields of a source's own options (a CSV's path, delimiter, features and targets; a generator's noise):
 * a row per option with its default as the prompt, a "…" to browse for a path, a menu of the few words an option takes,
 * and the targets' drop-downs; what was typed for a source is kept while another is looked at.
 */
final class SourceOptions extends GridPane {
    private final Supplier<Path> baseDir;
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    /** The source whose settings the fields show, and per source the texts last typed in its fields (until the project's are shown again). */
    private String optionsOf;
    private final Map<String, Map<String, Object>> typed = new HashMap<>();
    /** The network's target Inputs (an Input a loss node's target reads), for a drop-down of the table's columns each. */
    private Supplier<List<String>> targetInputs = List::of;
    /** The targets' drop-downs while a table's settings are shown; null otherwise. */
    private TargetsPicker targetsPicker;

    /** @param baseDir the project's folder, where the file dialogs open and which chosen paths are relative to */
    SourceOptions(Supplier<Path> baseDir) {
        this.baseDir = baseDir;
        setHgap(6);
        setVgap(3);
    }

    /** Lists the network's target Inputs ({@code inputs}), each given a drop-down of a table's columns. */
    void setTargetInputs(Supplier<List<String>> inputs) {
        this.targetInputs = inputs;
    }

    /** Forgets what was typed for each source (the project's settings are shown again). */
    void forgetTyped() {
        optionsOf = null;
        typed.clear();
    }

    /**
     * The settings to show for {@code src} once the source is switched to it: what was typed for it before another source
     * was picked (a look at another source, or a wheel turned over the menu, lost the path, delimiter and columns typed),
     * else the project's where it is the project's source, else none.
     */
    Map<String, Object> typedFor(String src, Map<String, Object> project) {
        if (typed.containsKey(src)) return new LinkedHashMap<>(typed.get(src));
        return src != null && src.equals(project.get("source")) ? project : Map.of();
    }

    /** The fields as typed, parsed: the options of the dataset object, in the source's order. */
    Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, TextField> e : fields.entrySet()) {
            // A decimal comma typed under German ("noise" 0,1) is a number; a list of columns (features 0,2) stays a list.
            String t = e.getKey().equals("features") || e.getKey().equals("targets") ? e.getValue().getText() : TypedText.decimalPoint(e.getValue().getText());
            // targets: "species=species, bill=bill_depth_mm", a column per target Input, kept as the object the file holds.
            if (!t.isBlank()) m.put(e.getKey(), e.getKey().equals("targets") ? FieldValues.pairs(t) : FieldValues.parse(t));
        }
        return m;
    }

    /** Offers {@code columns} (a table's) in the targets' drop-downs, while they are shown. */
    void showColumns(List<String> columns) {
        if (targetsPicker != null) targetsPicker.show(targetInputs.get(), columns);
    }

    /** Shows {@code src}'s options with {@code values}, keeping what was typed in the fields shown before. */
    void fill(String src, Map<String, Object> values) {
        if (optionsOf != null && !fields.isEmpty()) {
            Map<String, Object> texts = new LinkedHashMap<>();
            for (Map.Entry<String, TextField> e : fields.entrySet()) if (!e.getValue().getText().isEmpty()) texts.put(e.getKey(), e.getValue().getText());
            typed.put(optionsOf, texts);
        }
        optionsOf = src;
        getChildren().clear();
        fields.clear();
        targetsPicker = null;
        if (src == null) return;
        List<String> keys = DataSources.OPTIONS.getOrDefault(src, List.of());
        int row = 0;
        for (String k : keys) {
            TextField f = new TextField(values.containsKey(k) ? FieldValues.show(values.get(k)) : "");
            f.setId("data-" + k);
            String defaultText = DataSources.defaultText(src, k);
            f.setPromptText(defaultText);
            f.setTooltip(new Tooltip(k + ": " + defaultText + " when left empty"));
            f.setPrefColumnCount(14);
            fields.put(k, f);
            Label l = new Label(k);
            l.setStyle("-fx-font-family: monospace; -fx-font-size: 0.846em");
            l.setMinWidth(Region.USE_PREF_SIZE);
            l.setPadding(new Insets(0, 0, 0, 12));
            if (k.equals("targets")) {
                // With several target Inputs, a drop-down of the table's columns each, writing this field's pairs.
                targetsPicker = new TargetsPicker(f);
                targetsPicker.show(targetInputs.get(), List.of());
                addRow(row, Captions.names(l, f), new VBox(f, targetsPicker));
            } else addRow(row, Captions.names(l, f), f);
            if (DataSources.pathKeys(src).contains(k)) {
                Button browse = new Button("…");
                browse.setId("data-browse-" + k);
                // "…" alone says nothing to a screen reader, nor to a mouse hovering over it.
                browse.setAccessibleText("Browse for " + k);
                browse.setTooltip(new Tooltip("Choose the " + k + " in a file dialog"));
                browse.setOnAction(e -> browse(f, src, k, browse));
                add(browse, 2, row);
            } else if (!DataSources.choices(src, k).isEmpty()) {
                // A few words: offered in a menu beside the field, which still takes them typed.
                MenuButton choose = new MenuButton();
                choose.setId("data-choose-" + k);
                choose.setTooltip(new Tooltip("the values " + k + " takes"));
                choose.setAccessibleText("Values for " + k);
                for (String v : DataSources.choices(src, k)) {
                    String help = DataSources.choiceHelp(k, v);
                    MenuItem item;
                    if (help == null) {
                        item = new MenuItem(v);
                        item.setMnemonicParsing(false);
                    } else {
                        // The word, and what it does beside it in grey.
                        Label word = new Label(v), what = new Label(help);
                        what.getStyleClass().add("muted");
                        HBox line = new HBox(10, word, what);
                        item = new javafx.scene.control.CustomMenuItem(line);
                    }
                    item.setId("data-choice-" + k + "-" + v);
                    item.setOnAction(e -> f.setText(v));
                    choose.getItems().add(item);
                }
                add(choose, 2, row);
            }
            row++;
        }
    }

    /**
     * Asks for the file or folder of {@code src}'s {@code key}: a folder for images, a file for the others; for texts,
     * either (a CSV or TSV file, or a folder of class folders), from a menu under {@code button}.
     */
    private void browse(TextField f, String src, String key, Button button) {
        if (!src.equals("text")) {
            choose(f, src, key, src.equals("images"));
            return;
        }
        MenuItem file = new MenuItem("A CSV or TSV file…"), folder = new MenuItem("A folder with a subfolder of texts per class…");
        file.setId("data-browse-" + key + "-file");
        folder.setId("data-browse-" + key + "-folder");
        file.setOnAction(e -> choose(f, src, key, false));
        folder.setOnAction(e -> choose(f, src, key, true));
        ContextMenu menu = new ContextMenu(file, folder);
        menu.setId("data-browse-menu");
        menu.show(button, Side.BOTTOM, 0, 0);
    }

    private void choose(TextField f, String src, String key, boolean folder) {
        java.io.File chosen;
        Path base = baseDir.get();
        String title = "Choose the " + src + " data set's " + key;
        if (folder) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle(title + (src.equals("text") ? " (a folder with one subfolder of text files per class)"
                    : " (a folder with one subfolder of pictures per class)"));
            if (base != null) dc.setInitialDirectory(base.toFile());
            chosen = dc.showDialog(getScene().getWindow());
        } else {
            FileChooser fc = new FileChooser();
            fc.setTitle(title);
            fc.getExtensionFilters().addAll(switch (src) {
                case "csv" -> List.of(new FileChooser.ExtensionFilter("CSV files", "*.csv", "*.csv.gz", "*.tsv", "*.txt"));
                case "text" -> List.of(new FileChooser.ExtensionFilter("Texts with labels (CSV, TSV)", "*.csv", "*.tsv", "*.tab", "*.txt", "*.csv.gz",
                        "*.tsv.gz"));
                case "npy" -> List.of(new FileChooser.ExtensionFilter("NumPy arrays", "*.npy"));
                default -> List.of(new FileChooser.ExtensionFilter("IDX files", "*-ubyte", "*-ubyte.gz", "*.idx", "*.gz"));
            });
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
            if (base != null) fc.setInitialDirectory(base.toFile());
            chosen = fc.showOpenDialog(getScene().getWindow());
        }
        if (chosen == null) return;
        Path p = chosen.toPath();
        f.setText(base != null && p.startsWith(base) ? base.relativize(p).toString() : p.toString());
    }
}
