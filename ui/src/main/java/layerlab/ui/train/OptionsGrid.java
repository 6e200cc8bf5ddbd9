package layerlab.ui.train;

import static layerlab.ui.train.SettingText.commit;
import static layerlab.ui.train.SettingText.parse;
import static layerlab.ui.train.SettingText.show;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import layerlab.optim.EpochExpression;
import layerlab.train.OptimizerFactory;
import layerlab.train.TrainingConfig;
import layerlab.ui.Captions;

/**
 * The options of the optimiser or the scheduler, indented under its choice in the training form: a field per option
 * ({@code #train-<key>-<option>}), each edit rewriting the whole {@code key} object of the training settings.
 */
final class OptionsGrid extends GridPane {
    private final String key;
    private final Consumer<Consumer<Map<String, Object>>> edit;
    /** Shares the optimiser's lr cell ("Find…" in its holder), or null: none. */
    private Region beside;
    /** What ReduceLROnPlateau's metric may be in the network drawn (its drop-down's choices). */
    private java.util.function.Supplier<List<String>> metricChoices = () -> TrainingConfig.PLATEAU_WATCHABLE;

    /**
     * @param key  {@code "optimizer"} or {@code "scheduler"}
     * @param edit applies a change to a copy of the training object and writes it (the panel's one edit path)
     */
    OptionsGrid(String key, Consumer<Consumer<Map<String, Object>>> edit) {
        this.key = key;
        this.edit = edit;
        setHgap(6);
        setVgap(3);
    }

    /** Puts {@code node} beside the {@code lr} field (the optimiser's "Find…"). */
    void besideLr(Region node) {
        beside = node;
    }

    /**
     * What ReduceLROnPlateau can step on in a network whose loss nodes are {@code lossNodes} and whose heads score {@code heads}
     * ({@link layerlab.train.Losses#headScores}): {@link TrainingConfig#PLATEAU_WATCHABLE}, with several loss nodes each one's
     * own validation loss after val_loss ({@code val_loss_bill}), and each head's own validation score after the score of them all.
     */
    static List<String> plateauChoices(List<String> lossNodes, Map<String, String> heads) {
        List<String> all = new ArrayList<>();
        for (String m : TrainingConfig.PLATEAU_WATCHABLE) {
            all.add(m);
            if (m.equals("val_loss") && lossNodes.size() > 1) for (String n : lossNodes) all.add(m + "_" + n);
            heads.forEach((n, score) -> {
                if (m.equals("val_" + score)) all.add(m + "_" + n);
            });
        }
        return all;
    }

    /** Sets the scheduler's metric (ReduceLROnPlateau's), and the mode that goes with it (max for an accuracy). */
    void stepOn(String metric) {
        edit.accept(m -> {
            Map<String, Object> s = new LinkedHashMap<>();
            if (m.get(key) instanceof Map<?, ?> written) written.forEach((k, v) -> s.put(String.valueOf(k), v));
            else if (m.get(key) instanceof String name) s.put("name", name); // "scheduler": "ReduceLROnPlateau"
            else return;
            s.put("metric", metric);
            s.put("mode", metric.contains("_accuracy") ? "max" : "min");
            m.put(key, s);
        });
    }

    /** Where ReduceLROnPlateau's metric drop-down finds the network's metrics ({@link #plateauChoices}). */
    void metricChoices(java.util.function.Supplier<List<String>> choices) {
        metricChoices = choices;
    }

    /** A monospace, slightly smaller name of an option, indented by {@code indent} px under its choice. */
    static Label optionLabel(String name, double indent) {
        Label l = new Label(name);
        l.setPadding(new Insets(0, 0, 0, indent));
        l.setStyle("-fx-font-family: monospace; -fx-font-size: 0.846em");
        return l;
    }

    /**
     * One field per option of the optimiser or scheduler, indented under its choice: a check box for a true/false option
     * (Adam's {@code amsgrad}, {@code maximize}: the engine's defaults give each option its type), else a text field.
     */
    void showOptions(TrainingConfig.Component comp) {
        // The field being edited keeps the keyboard through the rebuild: TrainingPanel.refresh, the one caller, gives the
        // focus back to the field of the same id.
        getChildren().clear();
        if (comp != null) rows(comp);
    }

    private void rows(TrainingConfig.Component comp) {
        int row = 0;
        for (Map.Entry<String, Object> p : comp.params().entrySet()) {
            Label l = optionLabel(p.getKey(), 12);
            l.setMinWidth(Region.USE_PREF_SIZE);
            String name = p.getKey();
            if (name.equals("schedulers") && p.getValue() instanceof List<?> parts) {
                row = parts(row, comp, parts);
                continue;
            }
            if (name.equals("metric") && comp.name().equals("ReduceLROnPlateau")) {
                ComboBox<String> metric = metricBox(comp, p.getValue());
                // A row of its own under its name, the grid's width: in the field column beside it a head's score was cut
                // ("val_accuracy_s…" at 100 % text, "val_m…" at 200 %: val_mae or val_mae_bill_loss?).
                metric.setMaxWidth(Double.MAX_VALUE);
                GridPane.setMargin(metric, new Insets(0, 0, 0, 12));
                add(Captions.names(l, metric), 0, row++, 2, 1);
                add(metric, 0, row++, 2, 1);
                continue;
            }
            if (p.getValue() instanceof Boolean on) {
                CheckBox box = new CheckBox();
                box.setId("train-" + key + "-" + name);
                box.setSelected(on);
                Captions.names(l, box);
                box.setOnAction(e -> edit.accept(m -> {
                    Map<String, Object> o = new LinkedHashMap<>(comp.params());
                    o.put("name", comp.name());
                    o.put(name, box.isSelected());
                    m.put(key, o);
                }));
                addRow(row++, l, box);
                continue;
            }
            TextField f = new TextField(show(p.getValue()));
            f.setId("train-" + key + "-" + p.getKey());
            f.setPrefColumnCount(8);
            // An optimiser's option torch defaults to None (LBFGS's max_eval and line_search_fn) says so while blank.
            if (p.getValue() == null && key.equals("optimizer")) f.setPromptText("None");
            expressionHelp(f, name);
            // CyclicLR's scale_fn is unset (None) until typed: an expression's commas are no list's either way.
            if (name.equals("scale_fn")) f.setPromptText("None: mode's");
            Object like = EXPRESSIONS.contains(name) ? "" : p.getValue();
            commit(f, t -> edit.accept(m -> {
                Map<String, Object> o = new LinkedHashMap<>(comp.params());
                o.values().removeIf(x -> x == null); // an option left unset (OneCycleLR's total_steps) stays out of the file
                o.put("name", comp.name());
                Object v = parse(t, like);
                if (v == null) o.remove(name);
                else o.put(name, v);
                m.put(key, o);
            }));
            if (name.equals("lr") && beside != null) {
                // The rate's field shares its cell with "Find…", so the other options keep their width.
                f.setPrefColumnCount(4);
                beside.setMinWidth(Region.USE_PREF_SIZE);
                HBox cell = new HBox(4, f, beside);
                HBox.setHgrow(f, Priority.ALWAYS);
                addRow(row++, Captions.names(l, cell), cell);
            } else {
                addRow(row++, Captions.names(l, f), f);
            }
        }
    }

    /**
     * ReduceLROnPlateau's metric ({@code #train-scheduler-metric}), early stopping's drop-down's kind: the network's metrics
     * (a head's own score in a network of several targets), blank for the default, the validation loss. A pick sets the mode
     * that goes with it too (max for an accuracy), as torch's {@code ReduceLROnPlateau(mode=…)} is called for it.
     */
    private ComboBox<String> metricBox(TrainingConfig.Component comp, Object value) {
        List<String> choices = new ArrayList<>(metricChoices.get());
        if (value instanceof String v && !choices.contains(v)) choices.add(v); // as written, its problem said under it
        ComboBox<String> box = new ComboBox<>(FXCollections.observableArrayList(choices));
        box.setId("train-scheduler-metric");
        box.setPromptText("val_loss");
        box.setValue(value instanceof String v ? v : null);
        box.setTooltip(new Tooltip("What the rate's plateau is watched on (scheduler.step(metric)); blank: the validation loss, the training loss "
                + "without validation data; with several loss nodes, val_loss_<node> is one loss node's own loss; with several targets, "
                + "val_accuracy_<node> or val_mae_<node> is one head's own score"));
        box.setOnAction(e -> {
            String picked = box.getValue();
            if (picked != null && !picked.equals(value)) stepOn(picked);
        });
        return box;
    }

    /** The options that are an expression (LambdaLR's lr_lambda of epoch, CyclicLR's scale_fn of x): text, with what they may say as a tooltip. */
    private static final List<String> EXPRESSIONS = List.of("lr_lambda", "scale_fn");

    private static void expressionHelp(TextField f, String name) {
        if (!EXPRESSIONS.contains(name)) return;
        Tooltip help = new Tooltip(name.equals("lr_lambda") ? EpochExpression.HELP : EpochExpression.SCALE_FN_HELP);
        help.setWrapText(true);
        help.setMaxWidth(420);
        f.setTooltip(help);
    }

    /**
     * SequentialLR's (or ChainedScheduler's) schedulers, each under a "then NAME" line whose NAME picks another
     * ({@code #train-scheduler-schedulers-<i>-name}), with a field per option ({@code #train-scheduler-schedulers-<i>-<option>});
     * an edit rewrites that part only.
     */
    private int parts(int row, TrainingConfig.Component comp, List<?> parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof Map<?, ?> part)) continue;
            // SequentialLR runs its schedulers one after another, ChainedScheduler steps them all together.
            boolean chained = "ChainedScheduler".equals(comp.name());
            Label word = new Label(i == 0 ? (chained ? "each step" : "first") : (chained ? "and" : "then"));
            // Which scheduler the part is, to pick another: it starts as the form's pick of it, to edit.
            ComboBox<String> kind = new ComboBox<>(FXCollections.observableArrayList(OptimizerFactory.SEQUENTIAL_PARTS));
            kind.setId("train-scheduler-schedulers-" + i + "-name");
            kind.setValue(show(part.get("name")));
            Captions.names(word, kind);
            int at = i;
            kind.setOnAction(e -> {
                if (kind.getValue() == null || kind.getValue().equals(part.get("name"))) return;
                edit.accept(m -> {
                    List<Object> edited = new ArrayList<>(parts);
                    edited.set(at, SchedulerPicks.picked(kind.getValue(), epochs(m), 0));
                    Map<String, Object> whole = new LinkedHashMap<>(comp.params());
                    whole.put("name", comp.name());
                    whole.put("schedulers", edited);
                    m.put("scheduler", whole);
                });
            });
            HBox head = new HBox(6, word, kind);
            head.setAlignment(Pos.CENTER_LEFT);
            head.setPadding(new Insets(0, 0, 0, 12));
            add(head, 0, row++, 2, 1);
            for (Map.Entry<?, ?> opt : part.entrySet()) {
                String name = String.valueOf(opt.getKey());
                if (name.equals("name")) continue;
                Label l = optionLabel(name, 24);
                TextField f = new TextField(show(opt.getValue()));
                f.setId("train-scheduler-schedulers-" + i + "-" + name);
                f.setPrefColumnCount(8);
                expressionHelp(f, name);
                commit(f, t -> edit.accept(m -> {
                    List<Object> edited = new ArrayList<>(parts);
                    Map<String, Object> o = new LinkedHashMap<>();
                    part.forEach((k, x) -> o.put(String.valueOf(k), x));
                    Object v = parse(t, opt.getValue());
                    if (v == null) o.remove(name);
                    else o.put(name, v);
                    edited.set(at, o);
                    Map<String, Object> whole = new LinkedHashMap<>(comp.params());
                    whole.put("name", comp.name());
                    whole.put("schedulers", edited);
                    m.put("scheduler", whole);
                }));
                addRow(row++, Captions.names(l, f), f);
            }
        }
        return row;
    }

    /** The run's epochs in the training settings {@code m} (what a picked part's start is sized by), or 10 where they do not read. */
    private static int epochs(Map<String, Object> m) {
        try {
            return TrainingConfig.fromMap(m).epochs();
        } catch (RuntimeException e) {
            return m.get("epochs") instanceof Number n && n.intValue() > 0 ? n.intValue() : 10;
        }
    }
}
