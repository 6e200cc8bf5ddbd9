package layerlab.ui.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.json.ProjectJson;
import layerlab.graph.spec.Spelling;
import layerlab.train.Losses;
import layerlab.train.TrainingConfig;

/**
 * What a run refuses of the training settings only when it starts, said at the form's field as the network changes, in
 * the words of Start and {@code layerlab check}: a watched loss node that is none of the network's (renamed, deleted),
 * with the new name to watch on one click; class weights that do not count the Output's classes.
 */
final class NetworkChecks {
    final FieldProblem watchedProblem = new FieldProblem("train-early_stopping-metric"), lossProblem = new FieldProblem("train-loss");
    /** Under ReduceLROnPlateau's options: a head's score its metric names that the network does not have. */
    final FieldProblem plateauProblem = new FieldProblem("train-scheduler-metric");
    private final Node schedulerOptions;
    private final Consumer<String> stepOn;
    private final ComboBox<String> watched;
    private final LossOptions lossOptions;
    private final Consumer<String> watch;
    /** Each loss node's name seen so far and its node's id: a watched name gone since is followed to the node's new name. */
    private final Map<String, String> lossNodeIds = new HashMap<>();

    /**
     * @param watch            sets early_stopping.metric (the fix's one click)
     * @param schedulerOptions holds ReduceLROnPlateau's metric field ({@code #train-scheduler-metric}) when it is the scheduler
     * @param stepOn           sets the scheduler's metric (its fix's one click)
     */
    NetworkChecks(ComboBox<String> watched, LossOptions lossOptions, Consumer<String> watch, Node schedulerOptions, Consumer<String> stepOn) {
        this.schedulerOptions = schedulerOptions;
        this.stepOn = stepOn;
        this.watched = watched;
        this.lossOptions = lossOptions;
        this.watch = watch;
    }

    /** Another project is about to be shown: the names the last one's loss nodes had are not its. */
    void forgetNames() {
        lossNodeIds.clear();
    }

    /** Says what does not fit between the settings {@code r} and the network {@code g} as last analysed ({@code a}; either may be null). */
    void check(Graph g, Analysis a, TrainingPanel.Reading r) {
        List<String> lossNodes = g == null ? List.of() : Losses.nodeNames(g);
        if (g != null) for (layerlab.graph.Node n : g.nodes()) if (lossNodes.contains(n.name())) lossNodeIds.put(n.name(), n.id());
        TrainingConfig.EarlyStopping es = r.refused().contains("early_stopping") ? null : r.config().earlyStopping();
        Map<String, String> heads = g == null ? Map.of() : Losses.headScores(g);
        String problem = g == null ? null : Losses.watchProblem(es, lossNodes, heads);
        String unwatched = g == null || problem != null || es == null ? null : Losses.scoreProblem("training.early_stopping.metric", es.metric(), g, r.config());
        if (unwatched != null) {
            String instead = Losses.scoredInstead(es.metric(), g, r.config());
            watchedProblem.show(watched, unwatched, "Watch " + instead, () -> watch.accept(instead));
        } else if (problem == null) watchedProblem.show(watched, null, null, null);
        else if (es.headNode() != null) {
            String instead = insteadOfHead(es.metric(), es.headNode(), heads);
            watchedProblem.show(watched, problem, instead == null ? null : "Watch " + instead, instead == null ? null : () -> watch.accept(instead));
        } else {
            String id = lossNodeIds.get(es.lossNode());
            layerlab.graph.Node now = id == null ? null : g.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
            String instead = instead(es.metric(), lossNodes, now == null ? null : now.name());
            watchedProblem.show(watched, problem, instead == null ? null : "Watch " + instead, instead == null ? null : () -> watch.accept(instead));
        }
        String plateau = g == null || r.refused().contains("scheduler") ? null : Losses.plateauProblem(r.config(), lossNodes, heads);
        String unscored = g == null || plateau != null || r.refused().contains("scheduler") ? null
                : Losses.scoreProblem("training.scheduler.metric", r.config().plateauMetric(), g, r.config());
        Node metricField = schedulerOptions.lookup("#train-scheduler-metric");
        if (plateau == null && unscored == null || !(metricField instanceof Control field)) plateauProblem.show(null, null, null, null);
        else if (unscored != null) {
            String instead = Losses.scoredInstead(r.config().plateauMetric(), g, r.config());
            plateauProblem.show(field, unscored, "Step on " + instead, () -> stepOn.accept(instead));
        } else if (layerlab.train.TrainingConfig.lossNodeOf(r.config().plateauMetric()) != null) {
            String metric = r.config().plateauMetric(), id = lossNodeIds.get(layerlab.train.TrainingConfig.lossNodeOf(metric));
            layerlab.graph.Node now = id == null ? null : g.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
            String instead = instead(metric, lossNodes, now == null ? null : now.name());
            plateauProblem.show(field, plateau, instead == null ? null : "Step on " + instead, instead == null ? null : () -> stepOn.accept(instead));
        } else {
            String metric = r.config().plateauMetric(), instead = insteadOfHead(metric, layerlab.train.TrainingConfig.headNodeOf(metric), heads);
            plateauProblem.show(field, plateau, instead == null ? null : "Step on " + instead, instead == null ? null : () -> stepOn.accept(instead));
        }
        String count = a == null || r.refused().contains("loss") ? null : Losses.countProblem(a, r.config().loss());
        String path = count == null ? null : ProjectJson.settingPath(count);
        String[] p = path == null ? new String[0] : path.split("\\.");
        Node weights = p.length == 3 ? lossOptions.lookup("#train-loss-" + p[2]) : null;
        lossProblem.show(weights instanceof Control c ? c : null, count, null, null);
    }

    /**
     * What to watch in place of {@code metric} (a loss node's own loss, {@code val_loss_ce}) in a network whose loss nodes
     * are {@code lossNodes}: the node's own loss under its new name {@code renamed}; with one loss node or none, its
     * loss ({@code val_loss}); else the loss node named nearest; null when none is near.
     */
    /**
     * What to watch in place of {@code metric}, head {@code head}'s own score, in a network whose heads score {@code heads}: that
     * head's score where it has another (val_accuracy_bill for an amount: val_mae_bill), without heads the score of the run
     * ({@code val_mae}), else the head's score named nearest; null when none is near.
     */
    static String insteadOfHead(String metric, String head, Map<String, String> heads) {
        String prefix = metric.substring(0, metric.length() - head.length() - 1), side = prefix.substring(0, prefix.indexOf('_') + 1);
        if (heads.isEmpty()) return prefix;
        if (heads.containsKey(head)) return side + heads.get(head) + "_" + head;
        List<String> choices = heads.entrySet().stream().map(e -> side + e.getValue() + "_" + e.getKey()).toList();
        return Spelling.closest(metric, choices);
    }

    static String instead(String metric, List<String> lossNodes, String renamed) {
        String loss = metric.substring(0, metric.indexOf("_loss_") + "_loss".length());
        if (lossNodes.size() < 2) return loss;
        if (renamed != null && lossNodes.contains(renamed)) return loss + "_" + renamed;
        String near = Spelling.closest(metric.substring(loss.length() + 1), lossNodes);
        return near == null ? null : loss + "_" + near;
    }
}
