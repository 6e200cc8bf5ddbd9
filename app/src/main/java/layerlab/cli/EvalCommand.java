package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.NaiveForecast;
import layerlab.data.NextTokens;
import layerlab.data.Dataset;
import layerlab.data.Normalization;
import layerlab.data.TensorDataset;
import layerlab.train.ClassReport;
import layerlab.train.FeatureSpace;
import layerlab.train.Losses;
import layerlab.train.Roc;
import layerlab.train.Metrics;
import layerlab.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab eval BUNDLE}: the loss and accuracy (or mean absolute error) of a trained model on its data set's
 * validation split (or another split, or other data through {@code --data}), with a confusion matrix for classifiers.
 * The inputs are normalized with the statistics stored in the bundle, as in training. Exit code 1 when the loss comes
 * out NaN or infinite, 2 for bad input.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a trained model (a bundle, or a project with --weights): loss, accuracy, a confusion matrix and per-class "
                + "precision, recall and F1.")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    BatchSizeOption batch;

    @Option(names = "--data", paramLabel = "KEY=VALUE", arity = "1..*", mapFallbackValue = "",
            description = "override a key of the model's dataset settings (e.g. source=csv path=test.csv, relative to the current folder)")
    Map<String, String> data = new LinkedHashMap<>();

    @Option(names = "--split", paramLabel = "SPLIT", description = "validation or val (the default when there is one, unless --data names "
            + "another file than the project's: then all of it), train or all")
    String split;

    @Option(names = "--features", paramLabel = "NODE", arity = "0..1", fallbackValue = "",
            description = "also place the first " + FeatureSpace.SAMPLES + " samples by NODE's outputs along their first three principal "
                    + "components, as the inspector's feature space, and count those the model gets wrong (no NODE: the input of the model's last layer)")
    String features;

    @Option(names = "--features-out", paramLabel = "FILE.csv",
            description = "write those places: a row per sample (sample, pc1, pc2, pc3, its class or target, and for a classifier the class predicted); implies --features")
    Path featuresOut;

    @Option(names = "--json", description = "print the results as one JSON object on stdout, and nothing else there (a script's or a "
            + "notebook's to read): model, name, params, data, split, samples, loss, accuracy or mae/rmse/r2, for a time series naive_mae, "
            + "naive_rmse and skill (1 − mae / naive_mae: the last value of each window as its forecast), classes, confusion, roc_auc; the lines "
            + "saying what was read go to stderr")
    boolean json;

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "eval", this::eval);
    }

    private int eval() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (json && (features != null || featuresOut != null)) {
            throw new CliSupport.BadInput("--json prints the metrics alone; --features and --features-out print text: run them without --json");
        }
        // With --json, stdout holds the JSON alone: what was read is said on stderr.
        PrintWriter text = json ? err : out;
        CliSupport.output("--features-out", featuresOut, model.model, model.weights);
        batch.check();
        TrainedModel m = model.load(spec.commandLine().getErr(), "eval");
        Map<String, ?> settings = TrainingData.override(m.graph().dataset(), data, Path.of("").toAbsolutePath());
        if (settings.isEmpty()) throw new CliSupport.BadInput(model.model + " has no dataset settings: give --data source=…");
        // A folder of pictures is read at the size of the model's Input, as predict reads pictures.
        if (m.evaluator().feeds().dataInputs().size() == 1) settings = DataSources.picturesFor(settings, m.evaluator().feeds().sampleShape(0));
        // A test file handed over is scored whole: its validation split alone would leave most of its rows unscored.
        // A validation_split given with it is the user's own and kept.
        String other = split == null && !data.containsKey("validation_split") && settings.get("validation_split") instanceof Number v && v.doubleValue() > 0
                ? otherFile(m.graph().dataset(), settings, m.baseDir()) : null;
        if (other != null) {
            settings = new LinkedHashMap<>(settings);
            settings.remove("validation_split");
            text.println("every row of " + other + " (another file than the project's), not its validation split alone: --split val for that");
        }
        // The stored normalization, not one fitted afresh: the model was trained on inputs normalized this way; the data
        // read as the model's names say (its vocabulary, feature columns, words and classes), not as these data would
        // number their own.
        Map<String, ?> read = settings;
        // As train reads them: how far on a terminal, which large files into a log (ReadingLine).
        DataSplit raw = ReadingLine.reading(read, m.baseDir(), err,
                () -> DataSources.open(read, m.baseDir(), m.normalization() != null ? m.normalization() : Normalization.none(), m.names()));
        String which = "val".equals(split) ? "validation" : split != null ? split : raw.validation() != null ? "validation" : "train";
        Dataset chosen = switch (which) {
            case "validation" -> {
                if (raw.validation() == null) throw new CliSupport.BadInput("the data set has no validation split (validation_split is 0); use --split train or all");
                yield raw.validation();
            }
            case "train" -> raw.train();
            case "all" -> {
                if (raw.validation() == null) yield raw.train();
                TensorDataset train = inMemory(raw.train());
                yield train.followedBy(whole(train.name()), inMemory(raw.validation()));
            }
            default -> throw new CliSupport.BadInput("--split is \"" + which + "\"; choose validation (or val), train or all");
        };
        m.evaluator().feeds().check(chosen);
        String layer = features != null || featuresOut != null ? featureLayer(m) : null;
        text.printf(Locale.ROOT, "model: %s (%s, %,d parameters)%n", m.source(), m.graph().name(), m.model().parameterCount());
        // Data without a validation split are evaluated whole, whichever split was asked for.
        String part = other != null ? "all rows" : raw.validation() == null ? "all (no validation split)" : which.equals("all") ? "all (train and validation splits)" : which + " split";
        text.printf(Locale.ROOT, "data: %s, %s: %,d samples%n", chosen.describe(), part, chosen.size());
        if (!Losses.hasLoss(m.graph(), m.config())) throw new CliSupport.BadInput("the model has no loss node and its training settings name no loss");
        // A next-token model is scored at every step on one of its whole vocabulary: its confusion matrix (65 × 65 for the
        // surnames) is noise; the per-token loss, the perplexity and the next-token accuracy say how well it predicts.
        boolean nextToken = NextTokens.isNextToken(m.names().vocabulary());
        Metrics r = m.evaluator().evaluate(chosen, batch.batchSize, !nextToken);
        batch.noteBatchLimit(m, "eval", err);
        // A time series' yardstick: each window's last value as its forecast, on the same windows.
        NaiveForecast naive = Double.isNaN(r.mae()) ? null
                : NaiveForecast.forSeries(settings, m.baseDir(), chosen, m.normalization() != null ? m.normalization() : Normalization.none());
        if (json) {
            text.flush();
            out.println(jsonOf(m, chosen, part, r, naive));
        } else if (nextToken && r.tokens() > 0) {
            nextTokenReport(r, out);
        } else {
            report(r, classNames(m, chosen), out);
            for (var h : r.heads().entrySet()) headReport(h.getKey(), h.getValue(), m, chosen, out);
            if (naive != null) out.println(naive.describe(r.mae()));
        }
        if (layer != null) features(m, layer, chosen, out);
        out.flush();
        if (!Double.isFinite(r.loss())) {
            err.println("layerlab eval: the loss is " + (Double.isNaN(r.loss()) ? "NaN" : "infinite") + " on this data");
            return CliSupport.FAILED;
        }
        return CliSupport.OK;
    }

    /** The results as one JSON object; a metric the model has not (accuracy of a regression) is left out, a NaN is null. */
    private static String jsonOf(TrainedModel m, Dataset chosen, String part, Metrics r, NaiveForecast naive) {
        com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.put("model", m.source().toString());
        o.put("name", m.graph().name());
        o.put("params", m.model().parameterCount());
        o.put("data", chosen.describe());
        o.put("split", part);
        o.put("samples", chosen.size());
        number(o, "loss", r.loss());
        r.lossParts().forEach((name, v) -> number(o, "loss_" + name, v));
        if (!Double.isNaN(r.accuracy())) number(o, "accuracy", r.accuracy());
        if (!Double.isNaN(r.mae())) {
            number(o, "mae", r.mae());
            number(o, "rmse", r.rmse());
        }
        if (!Double.isNaN(r.r2())) number(o, "r2", r.r2());
        if (r.tokens() > 0 && NextTokens.isNextToken(m.names().vocabulary())) {
            number(o, "token_loss", r.tokenLoss());
            number(o, "perplexity", r.perplexity());
            o.put("tokens", r.tokens());
        }
        headMetrics(r).forEach((k, v) -> number(o, k, v));
        if (naive != null) {
            number(o, "naive_mae", naive.mae());
            number(o, "naive_rmse", naive.rmse());
            number(o, "skill", naive.skill(r.mae()));
        }
        if (!r.heads().isEmpty()) {
            var heads = o.putObject("heads");
            r.heads().forEach((name, h) -> {
                var one = heads.putObject(name);
                var head = m.evaluator().heads().get(name);
                if (head != null) one.put("target", head.target());
                if (!Double.isNaN(h.accuracy())) number(one, "accuracy", h.accuracy());
                if (!Double.isNaN(h.mae())) {
                    number(one, "mae", h.mae());
                    number(one, "rmse", h.rmse());
                }
                if (!Double.isNaN(h.r2())) number(one, "r2", h.r2());
                confusion(one, h, headClasses(m, chosen, name));
            });
        }
        if (r.confusion() != null) confusion(o, r, classNames(m, chosen));
        return o.toString();
    }

    /** A classifier's classes (where they name its rows), confusion matrix and ROC AUC into {@code o}; nothing for an amount's metrics. */
    private static void confusion(com.fasterxml.jackson.databind.node.ObjectNode o, Metrics r, List<String> names) {
        if (r.confusion() != null) {
            if (r.confusion().length == names.size()) names.forEach(o.putArray("classes")::add);
            var rows = o.putArray("confusion");
            for (long[] row : r.confusion()) {
                var a = rows.addArray();
                for (long c : row) a.add(c);
            }
            Roc roc = r.roc();
            if (roc != null) number(o, "roc_auc", roc.auc());
        }
    }

    private static void number(com.fasterxml.jackson.databind.node.ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.putNull(key);
    }

    /**
     * The classes the scored Output's answers name: the data set's, or with several targets the classes of the column
     * the first loss node's target Input takes.
     */
    private static List<String> classNames(TrainedModel m, Dataset chosen) {
        if (chosen.targetHeads().isEmpty()) return chosen.classNames();
        var first = m.evaluator().heads().get(m.evaluator().lossNode());
        if (first == null) return List.of();
        return chosen.targetHeads().stream().filter(h -> h.input().equals(first.target())).findFirst().map(h -> h.classes()).orElse(List.of());
    }

    /** The classes of head {@code loss}'s target (the data set's targets give each target Input its column's), or none. */
    private static List<String> headClasses(TrainedModel m, Dataset chosen, String loss) {
        var head = m.evaluator().heads().get(loss);
        if (head == null) return List.of();
        return chosen.targetHeads().stream().filter(h -> h.input().equals(head.target())).findFirst().map(h -> h.classes()).orElse(List.of());
    }

    /**
     * One head's own results, titled by its loss node and target: a classifier's accuracy, confusion matrix, per-class report
     * and ROC AUC; an amount's MAE, RMSE and R².
     */
    private static void headReport(String loss, Metrics h, TrainedModel m, Dataset chosen, PrintWriter out) {
        var head = m.evaluator().heads().get(loss);
        List<String> said = new java.util.ArrayList<>();
        if (!Double.isNaN(h.accuracy())) said.add("accuracy " + CliSupport.percent(h.accuracy()));
        if (!Double.isNaN(h.mae())) said.add("mae " + CliSupport.number(h.mae()) + "  rmse " + CliSupport.number(h.rmse()));
        if (!Double.isNaN(h.r2())) said.add("r2 " + CliSupport.number(h.r2()));
        out.println();
        out.println("head " + loss + (head == null ? "" : " (target " + head.target() + ")") + ": " + String.join("  ", said));
        classifierReport(h, headClasses(m, chosen, loss), out);
    }

    /** With several targets, each head's own accuracy or MAE by its loss node ({@code accuracy_species}, {@code mae_mass}); else empty. */
    private static Map<String, Double> headMetrics(Metrics r) {
        Map<String, Double> m = new LinkedHashMap<>();
        r.heads().forEach((name, h) -> {
            if (!Double.isNaN(h.accuracy())) m.put("accuracy_" + name, h.accuracy());
            if (!Double.isNaN(h.mae())) {
                m.put("mae_" + name, h.mae());
                m.put("rmse_" + name, h.rmse());
            }
        });
        return m;
    }

    /** The results as text: the metrics' line, and for a classifier its confusion matrix, per-class report and ROC AUC. */
    private static void report(Metrics r, List<String> names, PrintWriter out) {
        StringBuilder line = new StringBuilder("loss ").append(CliSupport.number(r.loss()));
        // With several loss nodes, the loss is their weighted sum, as trained; each one's own follows it.
        r.lossParts().forEach((name, v) -> line.append("  loss_").append(name).append(' ').append(CliSupport.number(v)));
        if (!Double.isNaN(r.accuracy())) line.append("  accuracy ").append(CliSupport.percent(r.accuracy()));
        if (!Double.isNaN(r.mae())) line.append("  mae ").append(CliSupport.number(r.mae())).append("  rmse ").append(CliSupport.number(r.rmse()));
        if (!Double.isNaN(r.r2())) line.append("  r2 ").append(CliSupport.number(r.r2()));
        headMetrics(r).forEach((k, v) -> line.append("  ").append(k).append(' ').append(k.startsWith("accuracy") ? CliSupport.percent(v) : CliSupport.number(v)));
        out.println(line);
        // With several targets each head's own follows (headReport): the first classifier's is among them.
        if (r.heads().isEmpty()) classifierReport(r, names, out);
    }

    /**
     * A next-token model's results: the loss per scored step and its exp, the perplexity, as PyTorch users compute them
     * (the cross-entropy summed over the steps that are not padding, over their count), and how often the likeliest
     * token was the next one.
     */
    private static void nextTokenReport(Metrics r, PrintWriter out) {
        out.printf(Locale.ROOT, "per-token loss %s  perplexity %s  next-token accuracy %s%n", CliSupport.number(r.tokenLoss()),
                CliSupport.number(r.perplexity()), CliSupport.percent(r.accuracy()));
        out.printf(Locale.ROOT, "(over the %,d next tokens scored, <eos> included, padded steps left out; perplexity = exp(per-token loss), "
                + "as exp(mean cross-entropy) in PyTorch; the loss training reports, the batches' mean: %s)%n", r.tokens(), CliSupport.number(r.loss()));
    }

    /** A classifier's confusion matrix, per-class report and ROC AUC; nothing for an amount's metrics. */
    private static void classifierReport(Metrics r, List<String> names, PrintWriter out) {
        if (r.confusion() != null) {
            out.println("confusion matrix (rows: true class, columns: predicted class):");
            out.print(Metrics.confusionText(r.confusion(), r.confusion().length == names.size() ? names : List.of()));
            out.println();
            out.println("per class (as scikit-learn's classification_report):");
            out.print(ClassReport.of(r.confusion(), r.confusion().length == names.size() ? names : List.of()).text(2));
            Roc roc = r.roc();
            if (roc != null) {
                out.println();
                out.printf(Locale.ROOT, "ROC AUC %.4f (as scikit-learn's roc_auc_score; positive class: %s)%n", roc.auc(),
                        names.size() == 2 ? names.get(1) : "1");
            }
        }
    }

    /**
     * The file {@code settings} read that {@code project}'s dataset settings do not (a path of theirs that differs, relative
     * paths in the project taken from {@code baseDir}), absolute; null when they read the project's own files.
     */
    static String otherFile(Map<String, ?> project, Map<String, ?> settings, Path baseDir) {
        for (String k : DataSources.pathKeys(String.valueOf(settings.get("source")))) {
            if (!(settings.get(k) instanceof String p) || p.isBlank()) continue;
            Object own = String.valueOf(settings.get("source")).equals(project.get("source")) ? project.get(k) : null;
            if (!(own instanceof String o) || !resolved(baseDir, o).equals(resolved(baseDir, p))) return p;
        }
        return null;
    }

    private static Path resolved(Path baseDir, String p) {
        Path path = Path.of(p);
        return (path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path)).toAbsolutePath().normalize();
    }

    /** The layer --features names (none: what the last layer sees), checked before the evaluation takes its time. */
    private String featureLayer(TrainedModel m) {
        String layer = features == null || features.isBlank() ? FeatureSpace.defaultLayer(m.evaluator()) : features;
        if (layer == null) throw new CliSupport.BadInput("the model has no Output to follow back to a layer: name one with --features NODE");
        try {
            FeatureSpace.checkLayer(m.evaluator(), layer);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput("--features " + layer + ": " + e.getMessage());
        }
        return layer;
    }

    /** The feature space: one line saying what it holds, and with --features-out its points as CSV. */
    private void features(TrainedModel m, String layer, Dataset chosen, PrintWriter out) throws java.io.IOException {
        FeatureSpace f;
        try {
            f = FeatureSpace.of(m.evaluator(), chosen, layer, FeatureSpace.SAMPLES);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput("--features: " + e.getMessage());
        }
        out.println();
        out.println("feature space: " + f.describe() + " (principal components, as scikit-learn's PCA)");
        if (featuresOut == null) return;
        layerlab.io.AtomicFiles.writeString(featuresOut, f.csv());
        out.println("wrote " + featuresOut + " (" + f.samples() + " rows: " + String.join(", ", f.columns()) + ")");
    }

    private static TensorDataset inMemory(Dataset d) {
        if (d instanceof TensorDataset t) return t;
        throw new CliSupport.BadInput("the data set " + d.describe() + " is not held in memory; eval normalizes and joins in-memory sets only");
    }

    /** The name of the data set whose training split is named {@code train} ({@link layerlab.data.Splits}: "iris [train]"). */
    private static String whole(String train) {
        return train.endsWith(" [train]") ? train.substring(0, train.length() - " [train]".length()) : train;
    }
}
