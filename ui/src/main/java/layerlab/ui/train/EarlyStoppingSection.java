package layerlab.ui.train;

import static layerlab.ui.train.SettingText.commit;
import static layerlab.ui.train.SettingText.field;
import static layerlab.ui.train.SettingText.show;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import layerlab.train.TrainingConfig;
import layerlab.ui.Captions;
import layerlab.ui.StackingForm;
import layerlab.ui.TypedText;

/**
 * Early stopping's rows of the training form ({@code training.early_stopping}): its patience (blank: none), whether the
 * best epoch's weights are kept, what it watches and how. Its options other than patience are off while there is none.
 */
final class EarlyStoppingSection {
    final TextField patience = field("patience"), minDelta = field("early_stopping-min_delta");
    final CheckBox restoreBest = new CheckBox("keep the best epoch");
    final ComboBox<String> watched = new ComboBox<>(), mode = new ComboBox<>();
    private final Consumer<Consumer<Map<String, Object>>> edit;

    /** @param edit applies a change to a copy of the training object and writes it (the panel's one edit path) */
    EarlyStoppingSection(Consumer<Consumer<Map<String, Object>>> edit) {
        this.edit = edit;
        patience.setPromptText("never");
        patience.setTooltip(new Tooltip("Epochs without improvement after which training stops (early_stopping.patience; it watches "
                + "val_loss unless the project's file says otherwise). Blank: train every epoch."));
        restoreBest.setId("train-restore-best");
        // Beside "Stop early" the column is narrow at 150 % (a projector): two lines rather than "keep the best ...".
        restoreBest.setWrapText(true);
        restoreBest.setTooltip(new Tooltip("End with the weights of the epoch that scored best, not the last epoch's (early_stopping.restore_best)"));
        commit(patience, t -> edit.accept(m -> {
            if (t.isBlank()) {
                m.remove("early_stopping");
                return;
            }
            Map<String, Object> es = earlyStopping(m);
            es.put("patience", SettingText.integer(t));
            m.put("early_stopping", es);
        }));
        restoreBest.setOnAction(e -> edit.accept(m -> {
            Map<String, Object> es = earlyStopping(m);
            es.put("restore_best", restoreBest.isSelected());
            m.put("early_stopping", es);
        }));
        watched.setId("train-early_stopping-metric");
        watched.getItems().setAll(TrainingConfig.WATCHABLE);
        watched.setTooltip(new Tooltip("What early stopping watches for an improvement (early_stopping.metric); with several loss nodes, val_loss_<node> is one node's own loss, val_loss their weighted sum"));
        watched.setOnAction(e -> edit("metric", watched.getValue()));
        mode.setId("train-early_stopping-mode");
        mode.getItems().setAll("auto", "min", "max");
        mode.setTooltip(new Tooltip("Whether a smaller or a larger value is better (early_stopping.mode); auto: larger for an accuracy"));
        mode.setOnAction(e -> edit("mode", mode.getValue()));
        minDelta.setPromptText("0");
        minDelta.setTooltip(new Tooltip("How much better than the best so far counts as an improvement (early_stopping.min_delta)"));
        commit(minDelta, t -> {
            String s = TypedText.decimalPoint(t).trim();
            edit("min_delta", s.isEmpty() ? null : SettingText.numberOrText(s));
        });
    }

    /** Its rows in {@code form}, with {@code watchedProblem} (what a run would refuse of the watched metric) under Watching. */
    void addTo(StackingForm form, Node watchedProblem) {
        form.row(Captions.of("Stop early", patience), patience);
        form.under(restoreBest);
        form.row(Captions.of("Watching", watched), watched);
        form.wide(watchedProblem);
        form.row(Captions.of("Better is", mode), mode);
        form.row(Captions.of("By more than", minDelta), minDelta);
    }

    /** Sets early stopping's {@code key} to {@code value} (null: leaves it out, its default). */
    void edit(String key, Object value) {
        edit.accept(m -> {
            if (!(m.get("early_stopping") instanceof Map<?, ?>)) return;
            Map<String, Object> es = earlyStopping(m);
            if (value == null) es.remove(key);
            else es.put(key, value);
            m.put("early_stopping", es);
        });
    }

    /** A copy of the training object's early_stopping (its metric, mode and min_delta kept), or a new one watching val_loss. */
    private static Map<String, Object> earlyStopping(Map<String, Object> m) {
        Map<String, Object> es = new LinkedHashMap<>();
        if (m.get("early_stopping") instanceof Map<?, ?> o) o.forEach((k, v) -> es.put(String.valueOf(k), v));
        else es.put("metric", "val_loss");
        return es;
    }

    /**
     * What early stopping can watch in a network whose loss nodes are {@code lossNodes}: {@link TrainingConfig#WATCHABLE}
     * and, with several loss nodes, each one's own loss beside their weighted sum ({@code val_loss_ce} after {@code val_loss});
     * with several targets, each head's own score after the score of them all ({@code val_mae_bill} after {@code val_mae}).
     */
    static List<String> watchable(List<String> lossNodes, Map<String, String> heads) {
        List<String> all = new java.util.ArrayList<>();
        for (String m : TrainingConfig.WATCHABLE) {
            all.add(m);
            if (lossNodes.size() > 1 && m.endsWith("_loss")) for (String n : lossNodes) all.add(m + "_" + n);
            heads.forEach((n, score) -> {
                if (m.endsWith("_" + score)) all.add(m + "_" + n);
            });
        }
        return all;
    }

    /**
     * Shows the training object {@code m}'s early stopping as {@code r} read it (a refused one as written, marked with
     * {@code why}), watching one of what a network of {@code lossNodes} and {@code heads} offers.
     */
    void refresh(Map<String, Object> m, TrainingPanel.Reading r, String why, List<String> lossNodes, Map<String, String> heads) {
        TrainingConfig.EarlyStopping es = r.config().earlyStopping();
        Map<?, ?> writtenEs = m.get("early_stopping") instanceof Map<?, ?> o ? o : Map.of();
        Object writtenPatience = m.get("early_stopping") instanceof Map<?, ?> ? writtenEs.get("patience") : m.get("early_stopping");
        TrainingPanel.shown(patience, r.refused().contains("early_stopping"), writtenPatience == null ? "" : writtenPatience,
                es == null ? "" : Integer.toString(es.patience()), why);
        restoreBest.setSelected(es != null && es.restoreBest());
        restoreBest.setDisable(es == null);
        List<String> watchable = new ArrayList<>(watchable(lossNodes, heads));
        String metric = es != null ? es.metric() : writtenEs.get("metric") instanceof String w ? w : "val_loss";
        // A loss node's own loss that is no choice now (the node renamed or deleted: said under the field) is listed
        // too, so that the field shows it as written, not the choice that took its row ("val_loss_head" for val_loss_aux).
        if (!watchable.contains(metric)) watchable.add(metric);
        if (!watched.getItems().equals(watchable)) {
            watched.getSelectionModel().clearSelection();
            watched.getItems().setAll(watchable);
        }
        watched.setValue(metric);
        mode.setValue(writtenEs.get("mode") instanceof String w ? w : "auto");
        TrainingPanel.shown(minDelta, false, null, show(writtenEs.get("min_delta")), null);
        for (javafx.scene.control.Control f : List.of(watched, mode, minDelta)) f.setDisable(!(m.get("early_stopping") instanceof Map<?, ?>));
    }
}
