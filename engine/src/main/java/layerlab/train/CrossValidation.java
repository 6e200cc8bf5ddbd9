package layerlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;

/**
 * K-fold cross-validation of a design: K fresh models, each trained on all folds of the data set but one and
 * validated on that one ({@link DataSources#folds}), and the mean and standard deviation of their validation
 * scores, as scikit-learn's {@code cross_val_score(...)} then {@code .mean()} and {@code .std()} (population, ddof 0)
 * give them. Measures a design; keeps no model.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /** The validation metrics averaged over the folds, in this order where the folds have them. */
    public static final List<String> SCORED = List.of("val_accuracy", "val_loss", "val_mae");

    /**
     * One fold's run: its sizes, epochs, seconds and its final metrics (those of the epoch kept, with
     * {@code restore_best}); {@code index} counts from 0. For a classifier, {@code confusion} counts its validation
     * samples by true (row) and predicted (column) class; else null. With several targets, {@code headConfusions} holds each
     * classifier head's own, by its loss node ({@code species_loss}); empty otherwise.
     */
    public record Fold(int index, int trainSize, int validationSize, int epochs, double seconds, Map<String, Double> metrics, long[][] confusion,
                       int stoppingSize, Map<String, long[][]> headConfusions) {
        public Fold {
            headConfusions = headConfusions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headConfusions));
        }

        /** A fold trained without a part set aside for early stopping. */
        public Fold(int index, int trainSize, int validationSize, int epochs, double seconds, Map<String, Double> metrics, long[][] confusion) {
            this(index, trainSize, validationSize, epochs, seconds, metrics, confusion, 0, Map.of());
        }
    }

    /** A metric's mean and population standard deviation over the folds. */
    public record Score(String metric, double mean, double std) {
        /** "val_accuracy 95.33% ± 1.63%", "val_loss 0.1127 ± 0.0559". */
        public String describe() {
            return metric + " " + value(metric, mean) + " ± " + value(metric, std);
        }
    }

    /** A metric's value as the scores show it: an accuracy in percent, others to 4 decimals (4 significant digits when tiny or huge). */
    public static String value(String metric, double v) {
        if (TrainingConfig.isAccuracy(metric) || metric.endsWith("accuracy")) return String.format(java.util.Locale.ROOT, "%.2f%%", 100 * v);
        double a = Math.abs(v);
        return String.format(java.util.Locale.ROOT, a != 0 && (a < 1e-3 || a >= 1e5) ? "%.4g" : "%.4f", v);
    }

    /** Every score described, two spaces apart. */
    public static String describe(List<Score> scores) {
        return String.join("  ", scores.stream().map(Score::describe).toList());
    }

    /**
     * What a cross-validation gave: the folds run (all {@code folds} of them unless {@code stopped} or
     * {@code failure}, which says why a fold's training failed), and their scores.
     */
    public record Result(int folds, List<Fold> done, List<Score> scores, boolean stopped, String failure, List<String> classes,
                         Map<String, List<String>> headClasses) {
        public Result {
            headClasses = headClasses == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headClasses));
        }

        /** A result of one target, whose classes are {@code classes}. */
        public Result(int folds, List<Fold> done, List<Score> scores, boolean stopped, String failure, List<String> classes) {
            this(folds, done, scores, stopped, failure, classes, Map.of());
        }

        /**
         * With several targets, each classifier head's pooled confusion matrix by its loss node, in the network's order (the
         * pooled matrix of each head, as {@link #pooled()} is the one target's); empty otherwise. Its classes are
         * {@link #headClasses()}' where they name its rows.
         */
        public Map<String, long[][]> pooledHeads() {
            Map<String, long[][]> sums = new LinkedHashMap<>();
            if (done.isEmpty()) return sums;
            for (String head : done.get(0).headConfusions().keySet()) {
                List<Fold> one = new ArrayList<>();
                for (Fold f : done) {
                    long[][] m = f.headConfusions().get(head);
                    one.add(new Fold(f.index(), f.trainSize(), f.validationSize(), f.epochs(), f.seconds(), f.metrics(), m));
                }
                long[][] sum = CrossValidation.pooled(one);
                if (sum != null) sums.put(head, sum);
            }
            return sums;
        }

        public boolean complete() {
            return done.size() == folds;
        }

        /**
         * The folds' confusion matrices added up: every sample predicted once, by the model that did not train on it
         * (scikit-learn's {@code confusion_matrix(y, cross_val_predict(...))}); null for a regression or no fold.
         */
        public long[][] pooled() {
            return CrossValidation.pooled(done);
        }
    }

    /**
     * Runs the {@code folds} folds in turn.
     *
     * @param prepare called with each fold's trainer and data before it runs (weights to start from, a step limit, a
     *                handle to {@link Trainer#stop} it, the data to describe)
     * @param done    called with each fold as it ends
     * @param stop    asked before each fold: true ends the cross-validation there (a fold's trainer stopped by
     *                {@link Trainer#stop} ends it too, that fold not counted)
     * @throws IOException              when the data cannot be read
     * @throws IllegalArgumentException for settings that do not fold (fewer than 2 folds, more folds than samples, a
     *                                  separate validation source)
     */
    public static Result run(Graph graph, TrainingConfig config, Map<String, ?> dataset, Path baseDir, int folds,
                             BiConsumer<Trainer, DataSplit> prepare, Consumer<Fold> done, BooleanSupplier stop) throws IOException {
        if (folds < 2) throw new IllegalArgumentException("cross-validation takes at least 2 folds, got " + folds);
        DataSources.Folds data = DataSources.folds(dataset, baseDir, folds);
        boolean nested = nests(config);
        List<Fold> out = new ArrayList<>();
        List<String> classes = List.of();
        Map<String, List<String>> headClasses = Map.of();
        for (int f = 0; f < folds; f++) {
            if (stop.getAsBoolean()) return new Result(folds, out, scores(out), true, null, classes, headClasses);
            // With early stopping on a validation metric, it watches a part of the training folds, never the fold that scores.
            DataSources.Nested parts = nested ? data.openNested(f) : null;
            DataSplit split = nested ? parts.split() : data.open(f);
            layerlab.data.Dataset scoring = nested ? parts.scoring() : split.validation();
            classes = split.train().classNames();
            Trainer trainer = new Trainer(graph, config, split.train(), split.validation());
            prepare.accept(trainer, split);
            TrainingEvent.Terminal end = trainer.run();
            if (end instanceof TrainingEvent.RunFailed failed)
                return new Result(folds, out, scores(out), false, "fold " + (f + 1) + " of " + folds + ": " + failed.describe(), classes, headClasses);
            TrainingEvent.RunFinished r = (TrainingEvent.RunFinished) end;
            // Stopped in the middle of a fold: a half-trained model's score is no fold's.
            if (r.reason() == TrainingEvent.Reason.STOPPED) return new Result(folds, out, scores(out), true, null, classes, headClasses);
            Map<String, Double> m = new LinkedHashMap<>(r.restoredEpoch() > 0 ? r.restored() : r.metrics());
            m.remove("seconds");
            m.remove("lr"); // the schedule's last rate: no score
            // The fold's validation samples as its model predicts them (the weights kept, as the metrics are).
            // With several targets, each classifier head's confusion matrix is kept too (the one-target matrix stays null).
            boolean heads = !trainer.evaluator().heads().isEmpty();
            Metrics scored = trainer.evaluator().evaluate(scoring, Math.max(config.batchSize(), 256), scoring.isClassification() || heads);
            Map<String, long[][]> headConfusions = new LinkedHashMap<>();
            scored.heads().forEach((loss, h) -> {
                if (h.confusion() != null) headConfusions.put(loss, h.confusion());
            });
            if (heads) headClasses = headClasses(trainer.evaluator(), split.train());
            if (nested) {
                // The run's val_ metrics are the early-stopping part's; the fold is scored on its held-out samples.
                m.keySet().removeIf(k -> k.startsWith("val_"));
                m.putAll(scored.toMap("val_"));
            }
            Fold fold = new Fold(f, split.train().size(), scoring.size(), r.epochs(), r.seconds(), m, heads && !scoring.isClassification() ? null : scored.confusion(),
                    nested ? split.validation().size() : 0, headConfusions);
            out.add(fold);
            done.accept(fold);
        }
        return new Result(folds, out, scores(out), false, null, classes, headClasses);
    }

    /** Each head's classes by its loss node: those of the column its target Input takes of the data set's targets (none: empty). */
    private static Map<String, List<String>> headClasses(Evaluator evaluator, layerlab.data.Dataset data) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        evaluator.heads().forEach((loss, h) -> data.targetHeads().stream().filter(t -> t.input().equals(h.target())).findFirst()
                .ifPresent(t -> out.put(loss, t.classes())));
        return out;
    }

    /** The folds' confusion matrices added up; null when there are none (a regression, no fold). */
    static long[][] pooled(List<Fold> folds) {
        long[][] sum = null;
        for (Fold f : folds) {
            if (f.confusion() == null) return null;
            if (sum == null) sum = new long[f.confusion().length][f.confusion().length];
            for (int i = 0; i < sum.length; i++) for (int j = 0; j < sum.length; j++) sum[i][j] += f.confusion()[i][j];
        }
        return sum;
    }

    /**
     * Whether folds under {@code config} set a part of their training samples aside: early stopping watches a validation
     * metric, or a ReduceLROnPlateau steps on one, its {@code metric} or, left out, its default, the validation loss.
     */
    public static boolean nests(TrainingConfig config) {
        TrainingConfig.EarlyStopping e = config.earlyStopping();
        return e != null && e.metric().startsWith("val_") || plateauNests(config);
    }

    /**
     * Whether a ReduceLROnPlateau steps on a validation metric, its default (val_loss) included: stepped on the held-out
     * fold's, the rate's cuts would follow the very samples that score the fold, which then no longer scores a model that
     * never saw them (the leak scikit-learn's nested cross-validation and {@code MLPClassifier(early_stopping=True)} avoid
     * by setting a {@code validation_fraction} of the training part aside, as torch users split theirs for a scheduler).
     * Stepping on train_loss needs no part aside.
     */
    private static boolean plateauNests(TrainingConfig config) {
        return plateauStepsOn(config) != null && plateauStepsOn(config).startsWith("val_");
    }

    /** What a ReduceLROnPlateau under {@code config} steps on in a fold (its metric, val_loss when left out), or null without one. */
    private static String plateauStepsOn(TrainingConfig config) {
        if (config.scheduler() == null || !config.scheduler().name().equals("ReduceLROnPlateau")) return null;
        return config.plateauMetric() != null ? config.plateauMetric() : "val_loss";
    }

    /**
     * What to tell a user before folds run under {@code config} on {@code dataset}, or null: with early stopping on a
     * validation metric, where it looks (a share of each fold's training part, set aside) and that the held-out fold only
     * scores the model, so the scores do not lean optimistic.
     */
    public static String note(TrainingConfig config, Map<String, ?> dataset) {
        if (!nests(config)) return null;
        double share = dataset.get("validation_split") instanceof Number n && n.doubleValue() > 0 && n.doubleValue() < 1 ? n.doubleValue() : 0.2;
        TrainingConfig.EarlyStopping e = config.earlyStopping();
        List<String> who = new ArrayList<>();
        if (e != null && e.metric().startsWith("val_")) who.add("early stopping watches " + e.metric());
        if (plateauNests(config)) who.add("ReduceLROnPlateau steps on " + plateauStepsOn(config) + (config.plateauMetric() == null ? " (its default)" : ""));
        return String.join(" and ", who) + " on " + Math.round(share * 100) + "% of each fold's training samples, "
                + "set aside; the held-out fold only scores the model";
    }

    /**
     * The mean and population standard deviation of each {@link #SCORED} metric that every fold has, then, with several
     * targets, of each head's own score ({@code val_accuracy_species_loss}, {@code val_mae_bill_loss}).
     */
    public static List<Score> scores(List<Fold> folds) {
        List<Score> out = new ArrayList<>();
        if (folds.isEmpty()) return out;
        List<String> keys = new ArrayList<>(SCORED);
        for (String k : folds.get(0).metrics().keySet()) if (k.startsWith("val_accuracy_") || k.startsWith("val_mae_")) keys.add(k);
        for (String k : keys) {
            if (!folds.stream().allMatch(f -> f.metrics().get(k) != null)) continue;
            double mean = folds.stream().mapToDouble(f -> f.metrics().get(k)).average().orElseThrow();
            double var = folds.stream().mapToDouble(f -> (f.metrics().get(k) - mean) * (f.metrics().get(k) - mean)).sum() / folds.size();
            out.add(new Score(k, mean, Math.sqrt(var)));
        }
        return out;
    }
}
