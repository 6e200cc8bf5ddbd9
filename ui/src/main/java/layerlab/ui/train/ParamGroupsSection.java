package layerlab.ui.train;

import static layerlab.ui.train.SettingText.commit;
import static layerlab.ui.train.SettingText.parse;
import static layerlab.ui.train.SettingText.show;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import layerlab.train.ParamGroups;
import layerlab.train.TrainingConfig;
import layerlab.ui.Captions;
import layerlab.ui.StackingForm;

/**
 * The training settings' {@code param_groups} (PyTorch's parameter groups): a box per group with the parameter names it
 * takes ({@code #train-group-<i>-params}, {@code *} for any characters), how many parameters of the drawn model each
 * matches, a field per option of the chosen optimiser ({@code #train-group-<i>-<option>}; blank: the optimiser's own, its
 * value the prompt), a Remove button, and the refusal that is about the group under it: the settings' ({@code lr} below 0)
 * or what a run would refuse of the drawn model (a name matching nothing, a parameter in two groups).
 */
final class ParamGroupsSection extends VBox {
    /** A refusal about one group: {@code training.param_groups[1].weight_decay must …}. */
    private static final Pattern GROUP = Pattern.compile("training\\." + ParamGroups.KEY + "\\[(\\d+)\\](?:\\.([A-Za-z0-9_]+))?");
    private final Consumer<Consumer<Map<String, Object>>> edit;
    private final VBox rows = new VBox(6);
    private final Label hint = new Label("Every parameter trains with the optimizer's options. A group trains the parameters it names "
            + "(* for any characters) with options of its own: no weight_decay for *.bias, a smaller lr for fc1.*.");
    /** Said of all the groups together (they take every parameter), or a refusal of param_groups as a whole. */
    private final Label whole = problemLabel("train-groups-problem");
    private final List<Group> groups = new ArrayList<>();

    /** One group's box: what is shown of the model's parameters and of refusals is set after it is made. */
    private record Group(GridPane box, TextField params, Label matches, Label problem) {}

    /** @param edit applies a change to a copy of the training object and writes it (the panel's one edit path) */
    ParamGroupsSection(Consumer<Consumer<Map<String, Object>>> edit) {
        this.edit = edit;
        setId("trainParamGroups");
        setSpacing(4);
        Label title = new Label("Parameter groups");
        title.setStyle("-fx-font-weight: bold");
        Button add = new Button("Add Group");
        add.setId("train-group-add");
        add.setMinWidth(Region.USE_PREF_SIZE);
        add.setTooltip(new Tooltip("A group for the biases without weight decay, to edit: its names and its options"));
        add.setOnAction(e -> edit.accept(m -> {
            List<Object> list = written(m);
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("params", List.of("*.bias"));
            group.put("weight_decay", 0);
            list.add(group);
            m.put(ParamGroups.KEY, list);
        }));
        title.setWrapText(true);
        hint.setId("train-groups-hint");
        hint.setWrapText(true);
        hint.getStyleClass().add("muted");
        // Below the groups, where the next one will be.
        getChildren().addAll(title, hint, rows, whole, add);
    }

    private static Label problemLabel(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setStyle("-fx-text-fill: #d9363e");
        l.setManaged(false);
        l.setVisible(false);
        return l;
    }

    private static void say(Label l, String text) {
        l.setText(text == null ? "" : text);
        boolean on = text != null && !text.isEmpty();
        l.setManaged(on);
        l.setVisible(on);
    }

    /** The settings' param_groups as the file writes them, a list to edit (empty when there are none or it is no list). */
    private static List<Object> written(Map<String, Object> m) {
        return m.get(ParamGroups.KEY) instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    }

    /**
     * Shows the groups as {@code training} writes them, with a field for each option of {@code optimizer} (the chosen
     * one, its options filled in) and the refusals among {@code refusals} that are about a group under it; returns the
     * refusals it did not place (for the form's own line).
     */
    List<String> showGroups(Map<String, Object> training, TrainingConfig.Component optimizer, List<String> refusals) {
        rows.getChildren().clear();
        groups.clear();
        List<Object> list = written(training);
        for (int i = 0; i < list.size(); i++) {
            Group g = group(i, list.get(i) instanceof Map<?, ?> o ? o : Map.of(), optimizer);
            groups.add(g);
            rows.getChildren().add(g.box());
        }
        hint.setManaged(list.isEmpty());
        hint.setVisible(list.isEmpty());
        say(whole, null);
        List<String> rest = new ArrayList<>();
        for (String line : refusals) {
            if (!place(line)) rest.add(line);
        }
        return rest;
    }

    /**
     * Shows how many of the drawn model's parameters ({@code names}; null: unknown, the graph does not compile) each
     * group's names match, and what a run would refuse of {@code checked} (the settings' groups as read) over them.
     */
    void showModel(List<String> names, ParamGroups checked) {
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            if (names == null || checked == null || i >= checked.groups().size()) {
                g.matches().setText(names == null ? "matches: known once the graph compiles" : "");
                continue;
            }
            List<?> patterns = (List<?>) checked.groups().get(i).get("params");
            List<Integer> counts = checked.matchCounts(i, names);
            List<String> parts = new ArrayList<>();
            for (int p = 0; p < patterns.size(); p++) parts.add(patterns.get(p) + ": " + counts.get(p));
            int total = checked.taken(i, names);
            g.matches().setText("matches " + total + (total == 1 ? " parameter" : " parameters") + (patterns.size() > 1 ? " (" + String.join(", ", parts) + ")" : ""));
        }
        ParamGroups.Refusal r = names == null || checked == null ? null : checked.refusal(names);
        if (r != null) placeAt(r.group(), "params", r.message());
    }

    /**
     * Puts a refusal of the settings under the group it names ({@code training.param_groups[1].lr …}), that field
     * marked; false when it names no one group (it is said in the form's line then).
     */
    boolean place(String line) {
        Matcher m = GROUP.matcher(line);
        if (!m.lookingAt()) return false;
        return placeAt(Integer.parseInt(m.group(1)), m.group(2) == null ? "params" : m.group(2), line);
    }

    /** Says {@code line} under group {@code i} ({@code -1}: under all the groups), its field {@code field} marked. */
    private boolean placeAt(int i, String field, String line) {
        if (i < 0) {
            say(whole, line);
            return true;
        }
        if (i >= groups.size()) return false;
        Group g = groups.get(i);
        String said = g.problem().getText();
        if (!said.contains(line)) say(g.problem(), said.isEmpty() ? line : said + "\n" + line);
        if (g.box().lookup("#train-group-" + i + "-" + field) instanceof TextField f && !f.getStyleClass().contains("invalid")) f.getStyleClass().add("invalid");
        return true;
    }

    /** The box of group {@code i} as {@code written}, a field for each of {@code optimizer}'s options. */
    private Group group(int i, Map<?, ?> written, TrainingConfig.Component optimizer) {
        // Its captions above their fields where both do not fit whole: at 200 % an option's choice read "false (op…".
        StackingForm box = new StackingForm();
        box.setId("train-group-" + i);
        box.setVgap(3);
        box.setPadding(new Insets(4, 6, 6, 6));
        box.setStyle("-fx-border-color: derive(-fx-text-background-color, 70%); -fx-border-radius: 4");
        Label name = new Label("Group " + (i + 1));
        Button remove = new Button("Remove");
        remove.setId("train-group-" + i + "-remove");
        remove.setMinWidth(Region.USE_PREF_SIZE);
        remove.setTooltip(new Tooltip("Its parameters train with the optimizer's options again"));
        remove.setOnAction(e -> edit.accept(m -> {
            List<Object> list = written(m);
            if (i < list.size()) list.remove(i);
            if (list.isEmpty()) m.remove(ParamGroups.KEY);
            else m.put(ParamGroups.KEY, list);
        }));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(6, name, gap, remove);
        head.setAlignment(Pos.CENTER_LEFT);
        box.wide(head);
        TextField params = new TextField(show(written.get("params")));
        params.setId("train-group-" + i + "-params");
        params.setPrefColumnCount(8);
        params.setPromptText("*.bias, fc1.*");
        params.setTooltip(new Tooltip("The parameters of this group, separated by commas: fc1.weight, or * for any characters (*.bias: every bias)"));
        commit(params, t -> set(i, "params", names(t)));
        Label pl = OptionsGrid.optionLabel("params", 0);
        pl.setMinWidth(Region.USE_PREF_SIZE);
        box.row(Captions.names(pl, params), params);
        Label matches = new Label();
        matches.setId("train-group-" + i + "-matches");
        matches.setWrapText(true);
        matches.getStyleClass().add("muted");
        box.under(matches);
        for (Map.Entry<String, Object> o : optimizer.params().entrySet()) {
            String option = o.getKey();
            Object given = written.get(option);
            Region field;
            if (o.getValue() instanceof Boolean own) {
                // A true/false option (Adam's amsgrad): the optimizer's, or this group's own either way.
                ComboBox<String> box3 = new ComboBox<>();
                box3.getItems().setAll(own + " (optimizer's)", "true", "false");
                box3.getSelectionModel().select(given instanceof Boolean b ? (b ? 1 : 2) : 0);
                box3.setOnAction(e -> {
                    int at = box3.getSelectionModel().getSelectedIndex();
                    set(i, option, at <= 0 ? null : at == 1);
                });
                field = box3;
            } else {
                TextField f = new TextField(given == null ? "" : show(given));
                f.setPrefColumnCount(8);
                f.setPromptText(show(o.getValue()));
                f.setTooltip(new Tooltip("This group's " + option + "; blank: the optimizer's (" + show(o.getValue()) + ")"));
                commit(f, t -> set(i, option, parse(t, o.getValue())));
                field = f;
            }
            field.setId("train-group-" + i + "-" + option);
            Label l = OptionsGrid.optionLabel(option, 0);
            l.setMinWidth(Region.USE_PREF_SIZE);
            box.row(Captions.names(l, field), field);
        }
        Label problem = problemLabel("train-group-" + i + "-problem");
        box.wide(problem);
        return new Group(box, params, matches, problem);
    }

    /** Names typed as {@code fc1.weight, *.bias}: a list, blanks dropped. */
    private static List<String> names(String t) {
        List<String> out = new ArrayList<>();
        for (String s : t.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /** Sets group {@code i}'s {@code key} to {@code value} (null: leaves it out, the optimizer's option). */
    private void set(int i, String key, Object value) {
        edit.accept(m -> {
            List<Object> list = written(m);
            if (i >= list.size()) return;
            Map<String, Object> g = new LinkedHashMap<>();
            if (list.get(i) instanceof Map<?, ?> o) o.forEach((k, v) -> g.put(String.valueOf(k), v));
            if (value == null) g.remove(key);
            else g.put(key, value);
            list.set(i, g);
            m.put(ParamGroups.KEY, list);
        });
    }
}
