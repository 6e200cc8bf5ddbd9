package layerlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.data.Dataset;
import layerlab.graph.Node;
import layerlab.tensor.Tensor;
import layerlab.train.TrainingEvent.BatchEnded;
import layerlab.train.TrainingEvent.EpochEnded;
import layerlab.train.TrainingEvent.ParameterStat;
import layerlab.train.TrainingEvent.ParameterStats;
import layerlab.train.TrainingEvent.RunFinished;
import layerlab.train.TrainingEvent.RunStarted;

/**
 * The training doctor: what a run's curves and statistics say is likely wrong, in words, each finding with the node (or
 * the run) it concerns, the numbers that show it, and what to try. It listens to a {@link Trainer}'s events and computes
 * nothing of its own but, once the run has finished, the ReLUs' outputs on a few training samples (eval mode, no
 * gradients). A run that stops on NaN or infinity says so itself ({@link NonFinite}: where, and what to try); nothing is
 * added to it here.
 *
 * <p>The thresholds are conservative, so that a healthy run gets no finding (DiagnosisTest trains one):
 * <ul>
 * <li>not learning: after {@value #SETTLE} epochs, no epoch's training loss is {@value #NOT_FALLING_PERCENT}% below the
 *     mean of the run's first batches;
 * <li>unstable: an epoch's training loss more than {@value #RISE}× the best before it (and higher by a tenth of the first
 *     batches' mean), until a later epoch's falls below that best again, or a batch's more than {@value #JUMP}× the first
 *     batches' mean (after the first epoch);
 * <li>overfitting: the validation loss more than 25% above its lowest in each of the last {@value #SETTLE} epochs, the
 *     lowest at least {@value #SETTLE}×2 epochs back, while the training loss is below half the validation loss;
 * <li>dead units: at least {@value #DEAD_PERCENT}% of a ReLU's output elements are 0 for every one of up to
 *     {@value #DEAD_SAMPLES} training samples, once the run has finished;
 * <li>vanishing or exploding gradients: the first weight's gradient norm below 1/{@value #GRADIENT_RATIO} or above
 *     {@value #GRADIENT_RATIO}× the last weight's, in each of the last two (or the only) parameter statistics.
 * </ul>
 * Events come on the training thread; {@link #findings()} may be read on any.
 */
public final class Diagnosis implements TrainingListener {
    static final int SETTLE = 3;
    static final int NOT_FALLING_PERCENT = 2;
    static final double RISE = 1.5;
    static final double JUMP = 5;
    static final int DEAD_PERCENT = 90;
    static final int DEAD_SAMPLES = 256;
    /** Samples a forward pass of the dead-unit check takes at once. */
    static final int DEAD_BATCH = 32;
    static final int GRADIENT_RATIO = 10_000;
    private static final int FIRST_BATCHES = 5;
    /** How advice that blames the learning rate begins. */
    private static final String LR_ADVICE = "the learning rate";
    /** The range test as the advice names it in the window (Training › Find learning rate; a link under the finding opens it). */
    private static final String LR_FINDER = "Find Learning Rate";

    /** What a finding is about; its title names it for a list. */
    public enum Kind {
        NOT_LEARNING("Loss not falling"), UNSTABLE("Loss unstable"), OVERFITTING("Overfitting"), DEAD_UNITS("Dead ReLU units"),
        VANISHING_GRADIENTS("Vanishing gradients"), EXPLODING_GRADIENTS("Exploding gradients");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /**
     * @param node     the node's name it concerns, or null for the whole run
     * @param evidence what the numbers show
     * @param advice   what to try
     * @param patience for overfitting, the early_stopping patience that would have kept the lowest validation loss's epoch
     *                 (at least the default 5; 0 for other findings, and where the run's own early stopping had that much)
     * @param patienceSet for overfitting, the patience of the run's own early_stopping, which {@code patience} raises; 0
     *                    when the run did not stop early
     */
    public record Finding(Kind kind, String node, String evidence, String advice, int patience, int patienceSet) {
        public Finding(Kind kind, String node, String evidence, String advice) {
            this(kind, node, evidence, advice, 0, 0);
        }

        public Finding(Kind kind, String node, String evidence, String advice, int patience) {
            this(kind, node, evidence, advice, patience, 0);
        }

        /**
         * Whether the finding blames the learning rate, so that the range test (Find Learning Rate) is the tool to try:
         * an unstable loss, or a flat one that is not put down to a dead network or a blocked gradient.
         */
        public boolean suggestsLrFinder() {
            return kind == Kind.UNSTABLE || kind == Kind.NOT_LEARNING && advice.startsWith(LR_ADVICE);
        }

        /** {@code Dead ReLU units at "relu1": 94% of its … samples; lower the learning rate, …} */
        @Override
        public String toString() {
            return kind.title() + (node == null ? "" : " at \"" + node + "\"") + ": " + evidence + "; " + advice + ".";
        }

        /**
         * The finding as {@link #toString} says it in the window, with the range test named as {@code lrFinder} names it where
         * the reader is (the command line's {@code `./layerlab lr-find iris.json`}).
         */
        public String toString(String lrFinder) {
            return toString().replace(LR_FINDER, lrFinder);
        }
    }

    /**
     * A finding of a cross-validation: its kind (and node) as the first fold that found it says it, and the folds that did,
     * numbered from 1.
     */
    public record AcrossFolds(Finding finding, List<Integer> folds) {
    }

    /**
     * What the doctors of a cross-validation's folds found ({@code perFold.get(i)}: fold i + 1's findings), one finding per
     * kind (and node, for dead units) with the folds that found it, those found in the most folds first: what a design does
     * in every fold is the design's, what one fold shows may be that fold's samples.
     */
    public static List<AcrossFolds> acrossFolds(List<List<Finding>> perFold) {
        Map<String, Finding> first = new LinkedHashMap<>();
        Map<String, List<Integer>> folds = new LinkedHashMap<>();
        for (int i = 0; i < perFold.size(); i++) {
            for (Finding f : perFold.get(i)) {
                first.putIfAbsent(key(f), f);
                List<Integer> in = folds.computeIfAbsent(key(f), k -> new ArrayList<>());
                if (!in.contains(i + 1)) in.add(i + 1);
            }
        }
        List<AcrossFolds> out = new ArrayList<>();
        first.forEach((k, f) -> out.add(new AcrossFolds(f, List.copyOf(folds.get(k)))));
        out.sort((a, b) -> b.folds().size() - a.folds().size());
        return out;
    }

    private final Trainer trainer;
    private final Dataset train;
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final List<Double> firstLosses = new ArrayList<>();
    private final List<Map<String, Double>> epochs = new ArrayList<>();
    private final List<Integer> epochNumbers = new ArrayList<>();
    private final List<Double> gradientRatios = new ArrayList<>();
    private String firstWeight, lastWeight;
    /**
     * The best training loss before the epoch whose rise is the run's unstable finding: a later epoch below it takes the
     * finding back (NaN: none to take back, a batch's jump among them, which stays).
     */
    private double recoverBelow = Double.NaN;
    private TrainingConfig config;
    private boolean resumed;

    /**
     * A doctor for {@code trainer}'s run, which checks the ReLUs of its model on {@code train} when the run has finished
     * (with a null {@code train}, it does not); add it as a listener before the run starts.
     */
    public Diagnosis(Trainer trainer, Dataset train) {
        this.trainer = trainer;
        this.train = train;
    }

    /** The findings so far, in the order they were first found. */
    public synchronized List<Finding> findings() {
        return List.copyOf(findings.values());
    }

    @Override
    public void onEvent(TrainingEvent event) {
        if (event instanceof RunStarted s) {
            config = s.config();
            resumed = s.resumed() != null;
        } else if (event instanceof BatchEnded b) {
            batch(b);
        } else if (event instanceof EpochEnded e && !e.partial()) {
            epoch(e);
        } else if (event instanceof ParameterStats p) {
            gradients(p);
        } else if (event instanceof RunFinished) {
            deadUnits();
        }
    }

    private void batch(BatchEnded b) {
        if (resumed || !Double.isFinite(b.loss())) return;
        if (b.epoch() == 1 && firstLosses.size() < FIRST_BATCHES) firstLosses.add(b.loss());
        double start = start();
        if (b.epoch() > 1 && b.loss() > JUMP * start) {
            Finding jump = new Finding(Kind.UNSTABLE, null, jumpEvidence(b, start), lrAdvice());
            // A jump this far is evidence that stays, where an epoch's rise is taken back once the run comes back from it.
            if (!put(jump, false) && !Double.isNaN(recoverBelow)) {
                put(jump, true);
                recoverBelow = Double.NaN;
            }
        }
    }

    /**
     * A batch's jump against the run's first batches; where those had blown up already (their mean over twice the first
     * one's: SGD at lr 10 on Iris went from 1.1 to a mean of 7354 in its first 5 batches), against the first batch, with the
     * rise within the first batches said too: "190,517 times the first batches' 7354" would hide it.
     */
    private String jumpEvidence(BatchEnded b, double start) {
        String jumped = num(b.loss()) + " in epoch " + b.epoch();
        double first = firstLosses.get(0);
        if (!(start > 2 * first)) return "a batch's loss jumped to " + jumped + ", " + times(b.loss() / start) + " the first batches' " + num(start);
        return "the loss went from " + num(first) + " at the first batch to " + num(start) + " on average over the first " + firstLosses.size()
                + " batches, and a batch's to " + jumped;
    }

    private double start() {
        return firstLosses.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private void epoch(EpochEnded e) {
        epochs.add(e.metrics());
        epochNumbers.add(e.epoch());
        List<Double> loss = series("train_loss");
        if (loss.isEmpty()) return;
        int n = loss.size();
        double best = loss.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), start = start();
        if (!resumed && n >= SETTLE && Double.isFinite(start)) {
            boolean flat = best > start * (1 - NOT_FALLING_PERCENT / 100.0);
            put(flat ? new Finding(Kind.NOT_LEARNING, null, "after " + n + " epochs the training loss is " + num(loss.get(n - 1)) + ", its lowest "
                    + num(best) + ", against " + num(start) + " in the first batches", flatAdvice()) : null, Kind.NOT_LEARNING);
        }
        if (n >= 2) {
            double bestBefore = loss.subList(0, n - 1).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            // Below a tenth of where it started, a rise is noise around a loss already near 0.
            if (loss.get(n - 1) > RISE * bestBefore && loss.get(n - 1) - bestBefore > 0.1 * start) {
                Finding rise = new Finding(Kind.UNSTABLE, null, "the training loss rose to " + num(loss.get(n - 1)) + " in epoch " + e.epoch() + ", "
                        + times(loss.get(n - 1) / bestBefore) + " its best before (" + num(bestBefore) + ")", lrAdvice());
                if (put(rise, false)) recoverBelow = bestBefore;
            } else if (loss.get(n - 1) < recoverBelow) {
                // A one-off rise the run has since come back from, to a new best, is Adam's or a schedule's bump, not a rate
                // too high to learn at (the Spirals sample rose 3.3 times in epoch 21 and ended at 98.5%): nothing to fix.
                recovered();
            }
        }
        put(overfitting(), Kind.OVERFITTING);
    }

    private Finding overfitting() {
        List<Double> val = series("val_loss"), loss = series("train_loss");
        int n = val.size();
        if (n < SETTLE + 2 || loss.size() != n) return null;
        int low = 0;
        for (int i = 1; i < n; i++) if (val.get(i) < val.get(low)) low = i;
        double last = val.get(n - 1), train = loss.get(n - 1), lowest = val.get(low);
        if (low > n - 1 - 2 * SETTLE || train > 0.5 * last) return null;
        for (int i = n - SETTLE; i < n; i++) if (val.get(i) < 1.25 * lowest) return null;
        String acc = "";
        List<Double> ta = series("train_accuracy"), va = series("val_accuracy");
        if (ta.size() == n && va.size() == n)
            acc = String.format(Locale.ROOT, "; training accuracy %.0f%%, validation %.0f%%", 100 * ta.get(n - 1), 100 * va.get(n - 1));
        int lowEpoch = epochNumber(low), patience = patienceToReach(val.subList(0, low + 1));
        TrainingConfig.EarlyStopping set = config == null ? null : config.earlyStopping();
        String evidence = "the validation loss rose from " + num(val.get(low)) + " (epoch " + lowEpoch + ") to " + num(last)
                + " while the training loss fell to " + num(train) + acc, byHeart = "the network learns the training samples by heart: add Dropout or weight_decay";
        if (set == null) {
            return new Finding(Kind.OVERFITTING, null, evidence, byHeart + ", or early_stopping on val_loss with restore_best and patience " + patience
                    + " to keep epoch " + lowEpoch + "'s weights (more data helps most)", patience);
        }
        // The student's own early stopping stays as they set it (what it watches, min_delta, restore_best): only a patience too
        // short to get past the dip before the best epoch is worth a word; one long enough has done its part.
        if (set.patience() >= patience) {
            return new Finding(Kind.OVERFITTING, null, evidence, byHeart + (set.restoreBest() ? "" : ", or restore_best in early_stopping to keep epoch "
                    + lowEpoch + "'s weights") + " (more data helps most)");
        }
        return new Finding(Kind.OVERFITTING, null, evidence, byHeart + ", or raise early_stopping's patience from " + set.patience() + " to " + patience
                + " to get to epoch " + lowEpoch + " (more data helps most)", patience, set.patience());
    }

    /**
     * The early_stopping patience (at least the default 5) with which a run whose validation losses were {@code val} would
     * have got to its last epoch: one more than the longest stretch of epochs without a new lowest before it, as the
     * {@link EarlyStopper} stops once {@code patience} epochs in a row bring none. A shorter one stops on an early dip and
     * keeps a worse epoch (the Iris sample with 512 hidden units on 45 samples: patience 5 kept epoch 2, not epoch 64).
     */
    static int patienceToReach(List<Double> val) {
        int longest = 0, without = 0;
        double best = Double.NaN;
        for (double v : val) {
            if (Double.isNaN(best) || v < best) {
                best = v;
                without = 0;
            } else {
                longest = Math.max(longest, ++without);
            }
        }
        return Math.max(5, longest + 1);
    }

    private int epochNumber(int index) {
        return epochNumbers.get(index);
    }

    private List<Double> series(String metric) {
        List<Double> s = new ArrayList<>();
        for (Map<String, Double> m : epochs) {
            Double v = m.get(metric);
            if (v == null || !Double.isFinite(v)) return List.of();
            s.add(v);
        }
        return s;
    }

    /** The first and the last weight matrix's gradient norms, in the model's order (input side first). */
    private void gradients(ParameterStats p) {
        ParameterStat first = null, last = null;
        int weights = 0;
        for (ParameterStat s : p.parameters()) {
            if (s.grad() == null || s.shape().length < 2 || !s.name().endsWith(".weight")) continue;
            if (first == null) first = s;
            last = s;
            weights++;
        }
        if (weights < 3) return;
        double a = first.grad().norm(), b = last.grad().norm();
        if (!Double.isFinite(a) || !Double.isFinite(b) || b == 0) return;
        gradientRatios.add(a / b);
        firstWeight = first.name().substring(0, first.name().length() - ".weight".length());
        lastWeight = last.name().substring(0, last.name().length() - ".weight".length());
        int k = gradientRatios.size();
        double r = gradientRatios.get(k - 1), before = k > 1 ? gradientRatios.get(k - 2) : r;
        String ratio = "the gradient reaching \"" + firstWeight + "\" is " + num(a) + " (norm), \"" + lastWeight + "\"'s " + num(b) + ": ";
        if (r < 1.0 / GRADIENT_RATIO && before < 1.0 / GRADIENT_RATIO) {
            put(new Finding(Kind.VANISHING_GRADIENTS, firstWeight, ratio + times(1 / r) + " smaller, so the first layers barely learn",
                    "between the layers use ReLU rather than Sigmoid or Tanh, add BatchNorm, or use fewer layers (or residual connections)"), true);
        } else if (r > GRADIENT_RATIO && before > GRADIENT_RATIO) {
            put(new Finding(Kind.EXPLODING_GRADIENTS, firstWeight, ratio + times(r) + " larger, so the first layers take huge steps",
                    config != null && config.clipGradNorm() != null ? "lower the learning rate or add BatchNorm; check the layers' initialisation"
                            : "lower the learning rate, clip the gradients (clip_grad_norm: 1.0), or add BatchNorm; check the layers' initialisation"), true);
        } else {
            put(null, Kind.VANISHING_GRADIENTS);
            put(null, Kind.EXPLODING_GRADIENTS);
        }
    }

    /**
     * Every ReLU whose outputs are 0 for every sample in most places, on the trained weights: one forward pass for all of
     * them a batch of {@value #DEAD_BATCH} samples at a time, each unit's "ever above 0" kept across the batches, so a big
     * image network's activations are never held for all {@value #DEAD_SAMPLES} samples at once.
     */
    private void deadUnits() {
        if (trainer == null || train == null || train.size() == 0) return;
        int count = Math.min(DEAD_SAMPLES, train.size());
        List<String> relus = new ArrayList<>();
        for (String name : trainer.model().nodeNames()) {
            Node n = trainer.model().analysis().graph().nodeByName(name);
            if (n != null && n.kind().equals("ReLU")) relus.add(name);
        }
        if (relus.isEmpty()) return;
        Map<String, boolean[]> alive = new LinkedHashMap<>();
        for (int first = 0; first < count; first += DEAD_BATCH) {
            Map<String, Tensor> out = trainer.evaluator().activations(train, relus, first, Math.min(DEAD_BATCH, count - first));
            if (out == null) return; // nothing to say about a forward pass that fails here; the run itself finished
            for (String name : relus) {
                Tensor a = out.get(name);
                if (a != null) alive.put(name, markAlive(a, alive.get(name)));
            }
        }
        for (var e : alive.entrySet()) {
            boolean[] seen = e.getValue();
            if (seen == null) continue;
            int units = seen.length, dead = 0;
            for (boolean on : seen) if (!on) dead++;
            if (units < 4 || 100.0 * dead / units < DEAD_PERCENT) continue;
            dead(e.getKey());
            put(new Finding(Kind.DEAD_UNITS, e.getKey(), String.format(Locale.ROOT, "%.0f%% of its %d units are 0 for every one of %d training samples, "
                    + "so they pass no gradient back and have stopped learning", 100.0 * dead / units, units, count),
                    "lower the learning rate, use LeakyReLU, or add BatchNorm before it; look at the initialisation of the layer "
                            + "before it (a large negative bias)"), true);
        }
    }

    /**
     * {@code seen} (null for the first batch) with each unit (a sample's output element) that is above 0 in any sample of
     * {@code a} [batch, …] marked; null where {@code a}'s samples have another number of units than {@code seen}.
     */
    static boolean[] markAlive(Tensor a, boolean[] seen) {
        float[] v = a.toFloatArray();
        int n = a.shape().length == 0 ? 1 : a.shape()[0];
        int per = v.length / Math.max(1, n);
        if (seen == null) seen = new boolean[per];
        else if (seen.length != per) return null;
        for (int i = 0; i < n; i++) for (int j = 0; j < per; j++) if (v[i * per + j] > 0) seen[j] = true;
        return seen;
    }

    /** A run that did not learn behind a dead ReLU: the learning rate is not the first thing to blame. */
    private synchronized void dead(String relu) {
        Finding flat = findings.get(Kind.NOT_LEARNING.name());
        if (flat != null && flat.advice().startsWith(LR_ADVICE))
            findings.put(Kind.NOT_LEARNING.name(), new Finding(Kind.NOT_LEARNING, null, flat.evidence(), "the network is dead rather than slow: "
                    + "ReLU \"" + relu + "\" passes nothing on (below)"));
    }

    private String lrAdvice() {
        return LR_ADVICE + lrNow() + " is probably too high: try 3 to 10 times lower, or let " + LR_FINDER + " suggest one";
    }

    private String flatAdvice() {
        boolean noGradient = !gradientRatios.isEmpty() && gradientRatios.get(gradientRatios.size() - 1) == 0;
        if (noGradient) return "no gradient reaches \"" + firstWeight + "\": look for dead ReLUs or a layer that blocks it (a frozen layer, an argmax)";
        return LR_ADVICE + lrNow() + " may be too low: try 10 times higher, or let " + LR_FINDER + " suggest one; if it still stays flat, "
                + "the network may be dead (its ReLUs' outputs all 0)";
    }

    private String lrNow() {
        return config == null ? "" : " (" + TrainingConfig.valueText(config.lr()) + ")";
    }

    /** A finding, or none, of its kind now (the latest epoch's evidence replaces an earlier one). */
    private synchronized void put(Finding f, Kind clear) {
        if (f == null) findings.remove(clear.name());
        else findings.put(key(f), f);
    }

    /**
     * Keeps the first finding of its kind unless {@code replace} (the first time the loss jumped is the evidence); whether
     * {@code f} is now the finding of its kind.
     */
    private synchronized boolean put(Finding f, boolean replace) {
        if (!replace && findings.containsKey(key(f))) return false;
        findings.put(key(f), f);
        return true;
    }

    /** The epoch's rise of the training loss taken back: the loss has fallen below the best before it since. */
    private synchronized void recovered() {
        findings.remove(Kind.UNSTABLE.name());
        recoverBelow = Double.NaN;
    }

    /** One finding per kind, and per ReLU for dead units. */
    private static String key(Finding f) {
        return f.kind() == Kind.DEAD_UNITS ? f.kind().name() + ":" + f.node() : f.kind().name();
    }

    /** A loss or a norm in the evidence: four significant digits, two where an exponent writes it ({@code 0.6931}, {@code 1.2e-05}). */
    static String num(double v) {
        double a = Math.abs(v);
        return TrainingConfig.shortNumber(v, a >= 1e4 || a < 1e-3 ? 2 : 4);
    }

    private static String times(double ratio) {
        return ratio >= 1e7 ? String.format(Locale.ROOT, "%.0e times", ratio).replace("e+0", "e").replace("e+", "e")
                : ratio >= 100 ? String.format(Locale.ROOT, "%,.0f times", ratio) : String.format(Locale.ROOT, "%.1f times", ratio);
    }
}
