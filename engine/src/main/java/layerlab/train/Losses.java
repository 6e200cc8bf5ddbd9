package layerlab.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.spec.BuildContext;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.LossTarget;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.ParamType;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.ResolvedParams;
import layerlab.graph.spec.TensorType;
import layerlab.loss.Loss;
import layerlab.loss.NLLLoss;

/** A config's {@code "loss"} (for graphs without a loss node): a name and PyTorch's options. */
public final class Losses {
    private Losses() {
    }

    /**
     * The losses a config may name: the registry's loss kinds, those for class indices first, then amounts, binary targets
     * and distributions ({@link LossTarget}'s order: CrossEntropyLoss, NLLLoss, MSELoss, …), as the settings list them.
     */
    public static final List<String> NAMES = Registry.all().stream().filter(s -> s.category() == Category.LOSS)
            .sorted(Comparator.comparing(LayerSpec::lossTarget)).map(LayerSpec::kind).toList();

    /**
     * Whether {@code g} has a loss to train with, as the project is saved: a loss node of its own, or else a loss its
     * training settings name (a name or an object; one LayerLab refuses is said when the settings are read).
     */
    public static boolean hasLoss(Graph g) {
        return hasLoss(g, g.training().get("loss") != null);
    }

    /**
     * Why {@code g} cannot train under {@code config} for want of a loss (no loss node, no training.loss), as a run refuses it
     * when it starts and {@code layerlab check} before; null when it has one.
     */
    public static String missingProblem(Graph g, TrainingConfig config) {
        return hasLoss(g, config) ? null : "the graph has no loss node and training.loss is not set: add a loss node (e.g. CrossEntropyLoss) "
                + "or set \"loss\" in the training settings";
    }

    /** Whether {@code g} has a loss to train with under {@code config}: a loss node, or else {@code config}'s loss. */
    public static boolean hasLoss(Graph g, TrainingConfig config) {
        return hasLoss(g, config.loss() != null);
    }

    /**
     * The one rule, for Start in the window, {@code Trainer}, {@code eval} and the exported script alike: a network
     * trains with its loss nodes (the weighted sum of several, its first ({@link #firstNode}) the one scored), else with
     * the loss its settings name applied to its first Output.
     */
    private static boolean hasLoss(Graph g, boolean settingsNameOne) {
        return settingsNameOne || firstNode(g) != null;
    }

    /** {@code g}'s first loss node in document order, the one a run trains with; null for none. */
    public static Node firstNode(Graph g) {
        for (Node n : g.nodes()) {
            LayerSpec s = Registry.find(n.kind());
            if (s != null && s.category() == Category.LOSS) return n;
        }
        return null;
    }

    /** {@code g}'s loss nodes' names in document order: those a run trains with, their losses summed with {@code loss_weights}. */
    public static List<String> nodeNames(Graph g) {
        List<String> names = new ArrayList<>();
        for (Node n : g.nodes()) {
            LayerSpec s = Registry.find(n.kind());
            if (s != null && s.category() == Category.LOSS) names.add(n.name());
        }
        return names;
    }

    /**
     * Why {@code weights} ({@code training.loss_weights}) do not fit a network whose loss nodes are {@code lossNodes}: a name
     * that is no loss node's; null when they fit. A run refuses them when it starts, {@code layerlab check} before.
     */
    public static String weightsProblem(Map<String, Double> weights, List<String> lossNodes) {
        for (String named : weights.keySet()) {
            if (lossNodes.contains(named)) continue;
            return "training.loss_weights names \"" + named + "\", but " + (lossNodes.isEmpty() ? "the network has no loss node"
                    : "the network's loss " + (lossNodes.size() == 1 ? "node is " : "nodes are ")
                    + String.join(", ", lossNodes.stream().map(l -> "\"" + l + "\"").toList()));
        }
        return null;
    }

    /**
     * Why early stopping's {@code es} cannot watch its loss node's own loss ({@code val_loss_aux}) in a network whose loss
     * nodes are {@code lossNodes}: a name that is no loss node's, or a network of one loss node (whose own loss is
     * {@code val_loss}); null when it can or watches another metric. A run refuses it when it starts, {@code layerlab check} before.
     */
    public static String watchProblem(TrainingConfig.EarlyStopping es, List<String> lossNodes) {
        return watchProblem(es, lossNodes, Map.of());
    }

    /**
     * {@link #watchProblem(TrainingConfig.EarlyStopping, List)}, and for a head's own score ({@code val_mae_bill}) a head
     * that the network does not score so: {@code heads} is each head's score by its loss node ({@link #headScores}), empty
     * for a network of one target.
     */
    public static String watchProblem(TrainingConfig.EarlyStopping es, List<String> lossNodes, Map<String, String> heads) {
        String head = es == null ? null : es.headNode();
        if (head != null) return headProblem(es, head, heads);
        String node = es == null ? null : es.lossNode();
        return node == null ? null : lossNodeProblem("training.early_stopping.metric", es.metric(), node, lossNodes);
    }

    /**
     * Why {@code key}'s {@code metric}, loss node {@code node}'s own loss ({@code val_loss_aux}), is not one of a network whose
     * loss nodes are {@code lossNodes}: a name that is no loss node's, or a network of one loss node (whose own loss is
     * {@code val_loss}); null when it is.
     */
    private static String lossNodeProblem(String key, String metric, String node, List<String> lossNodes) {
        if (lossNodes.size() > 1 && lossNodes.contains(node)) return null;
        String said = key + " is \"" + metric + "\", ";
        String whole = metric.substring(0, metric.indexOf("_loss_") + 5);
        if (lossNodes.isEmpty()) return said + "but the network has no loss node: watch " + whole;
        if (lossNodes.equals(List.of(node))) return said + "but \"" + node + "\" is the network's only loss node: watch " + whole + ", its loss";
        return said + "but the network's loss " + (lossNodes.size() == 1 ? "node is " : "nodes are ")
                + String.join(", ", lossNodes.stream().map(l -> "\"" + l + "\"").toList());
    }

    private static String headProblem(TrainingConfig.EarlyStopping es, String head, Map<String, String> heads) {
        return headProblem("training.early_stopping.metric", es.metric(), head, heads);
    }

    /**
     * Why ReduceLROnPlateau's {@code metric} ({@code training.scheduler.metric}) names a loss node's own loss that a network
     * whose loss nodes are {@code lossNodes} does not have, or a head's score that one whose heads score {@code heads}
     * ({@link #headScores}) does not compute, in early stopping's words; null when it does, or the settings watch neither. A
     * run refuses it when it starts, {@code layerlab check} and the training form before.
     */
    public static String plateauProblem(TrainingConfig config, List<String> lossNodes, Map<String, String> heads) {
        String metric = config == null ? null : config.plateauMetric(), head = TrainingConfig.headNodeOf(metric), node = TrainingConfig.lossNodeOf(metric);
        if (node != null) return lossNodeProblem("training.scheduler.metric", metric, node, lossNodes);
        return head == null ? null : headProblem("training.scheduler.metric", metric, head, heads);
    }

    /**
     * Why {@code key}'s {@code metric}, the run's own accuracy or MAE ({@code val_mae}, {@code train_accuracy}), is one a run of
     * {@code g} under {@code config} does not compute, as {@code Trainer} decides it: the scored loss (the first loss node, else
     * {@code training.loss}) gives an accuracy for classes and an MAE for amounts, unless {@code training.metrics} asks; null when
     * it computes it, or the metric is a loss or one head's score. {@code layerlab check} and the training form say it before
     * Start, which refused it with only "this run does not compute it".
     */
    public static String scoreProblem(String key, String metric, Graph g, TrainingConfig config) {
        String instead = scoredInstead(metric, g, config);
        if (instead == null) return null;
        Node first = firstNode(g);
        String loss = first != null ? first.kind() + " (\"" + first.name() + "\")" : config.loss().name() + " (training.loss)";
        String scored = instead.endsWith("_loss") ? "gives neither an accuracy nor an MAE" : "is scored by " + (instead.endsWith("_mae") ? "MAE" : "accuracy");
        return key + " is \"" + metric + "\", but the run's loss " + loss + " " + scored + ", so a run does not compute "
                + (metric.endsWith("_mae") ? "an MAE" : "an accuracy") + ": watch " + instead;
    }

    /** What to watch in place of {@code metric} where {@link #scoreProblem} refuses it (val_accuracy for val_mae on a classifier), else null. */
    public static String scoredInstead(String metric, Graph g, TrainingConfig config) {
        if (metric == null || g == null || TrainingConfig.headNodeOf(metric) != null || TrainingConfig.lossNodeOf(metric) != null) return null;
        String score = metric.endsWith("_accuracy") ? "accuracy" : metric.endsWith("_mae") ? "mae" : null;
        if (score == null) return null;
        Node first = firstNode(g);
        String kind = first != null ? first.kind() : config.loss() == null ? null : config.loss().name();
        LayerSpec s = kind == null ? null : Registry.find(kind);
        if (s == null) return null;
        LossTarget t = s.lossTarget();
        String gives = t == LossTarget.CLASS_INDICES || t == LossTarget.BINARY ? "accuracy" : t == LossTarget.AMOUNTS ? "mae" : null;
        if (config.metrics().isEmpty() ? score.equals(gives) : config.metrics().contains(score)) return null;
        return metric.substring(0, metric.indexOf('_') + 1) + (gives == null ? "loss" : gives);
    }

    private static String headProblem(String key, String metric, String head, Map<String, String> heads) {
        String prefix = metric.substring(0, metric.length() - head.length()), score = prefix.substring(prefix.indexOf('_') + 1, prefix.length() - 1);
        if (score.equals(heads.get(head))) return null;
        String said = key + " is \"" + metric + "\", ";
        String whole = prefix.substring(0, prefix.length() - 1);
        if (heads.isEmpty()) {
            return said + "but only a network of several target Inputs (the data set's \"targets\") scores each head apart: watch " + whole;
        }
        List<String> choices = new ArrayList<>();
        String side = prefix.substring(0, prefix.indexOf('_') + 1);
        heads.forEach((loss, s) -> choices.add(side + s + "_" + loss));
        if (heads.containsKey(head)) {
            return said + "but \"" + head + "\" is " + (heads.get(head).equals("accuracy") ? "a classifier's loss: watch " : "an amount's loss: watch ")
                    + side + heads.get(head) + "_" + head;
        }
        String near = layerlab.graph.spec.Spelling.closest(metric, choices);
        return said + "but no head is scored so" + (near == null ? "" : " (did you mean " + near + "?)") + "; the heads' scores are " + String.join(", ", choices);
    }

    /**
     * With several target Inputs, each head's own score by its loss node's name, as a run computes it: {@code accuracy} for a
     * loss of classes (CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss), {@code mae} for one of amounts (MSELoss,
     * L1Loss, SmoothL1Loss); a head is a loss node whose {@code target} an Input feeds. Empty with fewer than two target Inputs.
     */
    public static Map<String, String> headScores(Graph g) {
        Map<String, String> scores = new LinkedHashMap<>();
        if (targetInputs(g).size() < 2) return scores;
        for (Node n : g.nodes()) {
            LayerSpec s = Registry.find(n.kind());
            if (s == null || s.category() != Category.LOSS || targetOf(g, n) == null) continue;
            LossTarget kind = s.lossTarget();
            if (kind == LossTarget.CLASS_INDICES || kind == LossTarget.BINARY) scores.put(n.name(), "accuracy");
            else if (kind == LossTarget.AMOUNTS) scores.put(n.name(), "mae");
        }
        return scores;
    }

    /** The Inputs that feed a loss node's {@code target}, by name in document order, each once: what a data set's {@code targets} gives columns. */
    public static List<String> targetInputs(Graph g) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Node n : g.nodes()) {
            LayerSpec s = Registry.find(n.kind());
            Node t = s == null || s.category() != Category.LOSS ? null : targetOf(g, n);
            if (t != null) names.add(t.name());
        }
        return List.copyOf(names);
    }

    /**
     * Whether {@code g} is an autoencoder: its first loss node's {@code target} reads a data Input (one the Outputs depend
     * on), the network's own input, so that the data set's labels play no part.
     */
    public static boolean reconstructs(Graph g) {
        Node loss = firstNode(g), t = loss == null ? null : targetOf(g, loss);
        return t != null && g.neededByOutputs().contains(t.id());
    }

    /** The Input that feeds loss node {@code n}'s {@code target}, or null. */
    private static Node targetOf(Graph g, Node n) {
        return g.edges().stream().filter(e -> e.toNode().equals(n.id()) && e.toPort().equals("target")).map(e -> g.node(e.fromNode()))
                .filter(x -> x != null && x.kind().equals("Input")).findFirst().orElse(null);
    }

    static TrainingConfig.Component parse(Map<String, Object> m, String path) {
        String name = ConfigReader.choose(m.size() == 1 ? path : path + ".name", (String) m.get("name"), NAMES);
        ConfigReader r = new ConfigReader(m, path);
        Map<String, Object> o = new LinkedHashMap<>();
        // The keys are the loss node's params (its spec's), and the name.
        List<String> keys = new ArrayList<>(List.of("name"));
        for (ParamSpec p : Registry.get(name).params()) keys.add(p.name());
        r.onlyKeys(keys);
        // The loss node's reduction (its default and choices: KLDivLoss's 'batchmean'), less 'none': a run needs one number.
        ParamSpec reduction = Registry.get(name).param("reduction");
        o.put("reduction", r.choice("reduction", (String) reduction.defaultValue(),
                reduction.choices().stream().filter(c -> !c.equals("none")).toList()));
        if (keys.contains("label_smoothing")) {
            double ls = r.real("label_smoothing", 0.0, 0);
            if (ls > 1) throw new ConfigException(r.path("label_smoothing") + " must be in [0, 1], got " + ls);
            o.put("label_smoothing", ls);
        }
        if (keys.contains("ignore_index")) o.put("ignore_index", r.longValue("ignore_index", NLLLoss.DEFAULT_IGNORE_INDEX));
        if (keys.contains("beta")) o.put("beta", r.real("beta", 1.0, 0));
        if (keys.contains("log_target")) o.put("log_target", r.bool("log_target", false));
        // Class weights and pos_weight, lists of numbers: counted against the Output they are applied to when a run starts.
        for (ParamSpec p : Registry.get(name).params()) {
            if (p.type() != ParamType.FLOATS || !r.has(p.name())) continue;
            List<Double> w = r.reals(p.name(), null, -1);
            String why = p.check(w);
            if (why != null) throw new ConfigException(path + "." + why);
            o.put(p.name(), List.copyOf(w));
        }
        return new TrainingConfig.Component(name, o);
    }

    /**
     * Why a config loss's {@code weight} or {@code pos_weight} does not fit {@code output}, the prediction it is applied to
     * (one per class, the dim after the batch, for CrossEntropyLoss and NLLLoss; one or one per column, the last dim, for
     * BCELoss and BCEWithLogitsLoss), in the loss node's words; null when they fit or are unset.
     */
    static String countProblem(TrainingConfig.Component c, TensorType output) {
        boolean classes = Registry.get(c.name()).lossTarget() == LossTarget.CLASS_INDICES;
        for (String name : List.of("weight", "pos_weight")) {
            if (!(c.params().get(name) instanceof List<?> w) || output == null || output.rank() < (classes ? 2 : 1)) continue;
            int n = classes ? output.dim(1) : output.dim(-1);
            if (w.size() == n || !classes && w.size() == 1) continue;
            return "training.loss." + name + " has " + w.size() + (w.size() == 1 ? " entry" : " entries") + " for " + n
                    + (classes ? " classes" : " columns") + " of the Output's " + output + "; give one per " + (classes ? "class" : "column");
        }
        return null;
    }

    /**
     * Why the settings' {@code loss} does not fit the network {@code a} analysed: its class weights or pos_weight counted
     * against the first Output's prediction, as a run counts them when it starts ({@link #countProblem(TrainingConfig.Component,
     * TensorType)}); null when they fit, or the network trains with its own loss nodes, or its Output's shape is not known.
     * The training form and {@code layerlab check} say it before Start.
     */
    public static String countProblem(layerlab.graph.analysis.Analysis a, TrainingConfig.Component loss) {
        if (loss == null || firstNode(a.graph()) != null) return null;
        for (Node n : a.graph().nodes()) {
            if (!n.kind().equals("Output")) continue;
            var info = a.info(n.id());
            return info == null || info.inputTypes().isEmpty() ? null : countProblem(loss, info.inputTypes().get(0));
        }
        return null;
    }

    public static Loss build(TrainingConfig.Component c) {
        // The loss node's own factory (its kind's one descriptor), given the config's settings as the node's params.
        LayerSpec spec = Registry.get(c.name());
        return (Loss) spec.factory().build(BuildContext.of(c.name(), new ResolvedParams(spec, c.params(), Map.of())));
    }
}
