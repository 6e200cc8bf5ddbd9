package layerlab.train;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.TestGraphs;
import layerlab.graph.json.ProjectJson;
import layerlab.init.InitChoice;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * The training doctor on small real runs: each finding provoked by the mistake it names (a learning rate of 10 or of
 * 1e-7 on iris, a big network on a few noisy samples, ReLUs initialised dead, ten Sigmoids deep), and the iris sample as
 * it is, a healthy run, with none.
 */
class DiagnosisTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");

    private static Graph iris() throws Exception {
        return ProjectJson.load(SAMPLES.resolve("iris.json"));
    }

    /** Trains {@code g} on its data set with its training settings, {@code overrides} put over them. */
    static List<Diagnosis.Finding> run(Graph g, Map<String, Object> overrides) throws Exception {
        Map<String, Object> training = new HashMap<>(g.training());
        training.putAll(overrides);
        training.put("device", TestDevice.device().toString());
        DataSplit split = DataSources.open(g.dataset(), SAMPLES);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(training), split.train(), split.validation());
        Diagnosis d = new Diagnosis(t, split.train());
        t.addListener(d);
        TrainingEvent.Terminal end = t.run();
        assertTrue(end instanceof TrainingEvent.RunFinished, end::toString);
        return d.findings();
    }

    private static List<Diagnosis.Kind> kinds(List<Diagnosis.Finding> fs) {
        return fs.stream().map(Diagnosis.Finding::kind).toList();
    }

    /** x[width in] → (Linear(hidden) → activation) per hidden → Linear(classes) → scores, CrossEntropyLoss on labels. */
    static Graph mlp(Map<String, Object> dataset, int in, int classes, String activation, int... hidden) {
        TestGraphs t = graph().node("x", "Input", "shape", List.of(in));
        String last = "x";
        for (int i = 0; i < hidden.length; i++) {
            t.node("fc" + (i + 1), "Linear", "out_features", hidden[i]).node("act" + (i + 1), activation).chain(last, "fc" + (i + 1), "act" + (i + 1));
            last = "act" + (i + 1);
        }
        t.node("head", "Linear", "out_features", classes).node("scores", "Output").chain(last, "head", "scores")
                .node("labels", "Input", "shape", List.of(), "dtype", "int64").node("loss", "CrossEntropyLoss")
                .edge("head.out", "loss.input").edge("labels.out", "loss.target");
        Graph g = t.build().set(GraphChange.Setting.DATASET, dataset).after();
        return g.set(GraphChange.Setting.TRAINING, Map.of("optimizer", Map.of("name", "Adam", "lr", 0.01), "epochs", 20, "batch_size", 16, "seed", 0))
                .after();
    }

    private static final Map<String, Object> IRIS = Map.of("source", "iris", "normalize", "standardize", "validation_split", 0.2, "seed", 0);

    @Test
    void aHealthyRunHasNoFinding() throws Exception {
        assertEquals(List.of(), run(iris(), Map.of("epochs", 30)));
        assertEquals(List.of(), run(ProjectJson.load(SAMPLES.resolve("regression.json")), Map.of("epochs", 20)));
    }

    @Test
    void aTinyLearningRateIsNotLearning() throws Exception {
        List<Diagnosis.Finding> fs = run(iris(), Map.of("epochs", 5, "optimizer", Map.of("name", "Adam", "lr", 1e-7)));
        assertEquals(List.of(Diagnosis.Kind.NOT_LEARNING), kinds(fs));
        assertTrue(fs.get(0).toString().startsWith("Loss not falling: after 5 epochs the training loss is "), fs::toString);
        assertTrue(fs.get(0).advice().startsWith("the learning rate (1e-07) may be too low: try 10 times higher, or let Find Learning Rate"),
                fs::toString);
    }

    @Test
    void aHugeLearningRateIsUnstable() throws Exception {
        List<Diagnosis.Finding> fs = run(iris(), Map.of("epochs", 10, "optimizer", Map.of("name", "SGD", "lr", 10.0)));
        assertEquals(List.of(Diagnosis.Kind.UNSTABLE), kinds(fs));
        assertTrue(fs.get(0).advice().startsWith("the learning rate (10) is probably too high"), fs::toString);
        // Its first batches had blown up already (a mean of thousands): the evidence starts from the first batch's loss, where
        // "190,517 times the first batches' 7354" hid that.
        String evidence = fs.get(0).evidence();
        assertTrue(evidence.matches("the loss went from 1\\.\\d+ at the first batch to \\d{3,}(\\.\\d+)? on average over the first 5 batches, "
                + "and a batch's to \\S+ in epoch \\d+"), evidence);
    }

    @Test
    void aBigNetworkOnFewNoisySamplesOverfits() throws Exception {
        Graph g = mlp(Map.of("source", "moons", "n", 60, "noise", 0.35, "validation_split", 0.5, "seed", 0), 2, 2, "ReLU", 256, 256);
        List<Diagnosis.Finding> fs = run(g, Map.of("epochs", 150));
        assertEquals(List.of(Diagnosis.Kind.OVERFITTING), kinds(fs));
        assertTrue(fs.get(0).advice().contains("Dropout or weight_decay, or early_stopping"), fs::toString);
    }

    @Test
    void reluUnitsInitialisedDeadAreFound() throws Exception {
        Graph g = mlp(IRIS, 4, 3, "ReLU", 32, 32);
        g = g.setInit(g.nodeByName("fc2").id(), "bias", new InitChoice("constant", Map.of("val", -20.0))).after();
        List<Diagnosis.Finding> fs = run(g, Map.of("epochs", 5));
        // It does not learn, and the reason is the dead layer, not the learning rate.
        assertEquals(List.of(Diagnosis.Kind.NOT_LEARNING, Diagnosis.Kind.DEAD_UNITS), kinds(fs));
        assertEquals("act2", fs.get(1).node());
        assertTrue(fs.get(1).evidence().startsWith("100% of its 32 units are 0 for every one of 120 training samples"), fs::toString);
        assertTrue(fs.get(0).advice().contains("ReLU \"act2\" passes nothing on"), fs::toString);
    }

    @Test
    void tenSigmoidsDeepVanish() throws Exception {
        Graph g = mlp(IRIS, 4, 3, "Sigmoid", 16, 16, 16, 16, 16, 16, 16, 16, 16, 16);
        List<Diagnosis.Finding> fs = run(g, Map.of("epochs", 5, "stats_every", 4));
        assertEquals(List.of(Diagnosis.Kind.VANISHING_GRADIENTS), kinds(fs));
        assertEquals("fc1", fs.get(0).node());
    }

    /**
     * Exploding gradients on a real run: 24 Linear layers with Tanh between, each initialised xavier_normal with gain 6 (where
     * PyTorch's Tanh gain is 5/3), so that each layer multiplies the gradient on its way back; the first layer's is 2.6 × 10⁵
     * times the last's in PyTorch at the start (tools/doctor/exploding_tanh.py). SGD at a small rate with clip_grad_norm keeps
     * the loss finite, so the run ends with the finding rather than the NaN message.
     */
    @Test
    void aDeepTanhStackInitialisedLargeExplodes() throws Exception {
        int[] hidden = new int[23];
        java.util.Arrays.fill(hidden, 32);
        Graph g = mlp(IRIS, 4, 3, "Tanh", hidden);
        for (int i = 1; i <= 24; i++) {
            String fc = i <= 23 ? "fc" + i : "head";
            g = g.setInit(g.nodeByName(fc).id(), "weight", new InitChoice("xavier_normal", Map.of("gain", 6.0))).after();
        }
        List<Diagnosis.Finding> fs = run(g, Map.of("epochs", 2, "stats_every", 4, "clip_grad_norm", 1.0,
                "optimizer", Map.of("name", "SGD", "lr", 1e-3)));
        assertEquals(List.of(Diagnosis.Kind.EXPLODING_GRADIENTS), kinds(fs), fs::toString);
        Diagnosis.Finding f = fs.get(0);
        assertEquals("fc1", f.node());
        assertTrue(f.evidence().matches("the gradient reaching \"fc1\" is \\S+ \\(norm\\), \"head\"'s \\S+: [0-9,e]+ times larger, so the first layers "
                + "take huge steps"), f.evidence());
        // It clips already: the advice does not tell it to.
        assertEquals("lower the learning rate or add BatchNorm; check the layers' initialisation", f.advice());
    }

    /**
     * The threshold on the statistics a run reports: a first layer's gradient 10⁵ times the last's in the last two
     * statistics (or the only one) is a finding, taken back by a healthy one.
     */
    @Test
    void aFirstLayerGradientFarAboveTheLastExplodes() {
        Diagnosis d = new Diagnosis(null, null);
        d.onEvent(stats(1, 1e5));
        assertEquals(List.of(Diagnosis.Kind.EXPLODING_GRADIENTS), kinds(d.findings()), "the only statistics so far say so");
        d.onEvent(stats(2, 3));
        assertEquals(List.of(), d.findings(), "a healthy ratio takes it back");
        d.onEvent(stats(3, 2e5));
        assertEquals(List.of(), d.findings(), "once after a healthy one is not enough");
        d.onEvent(stats(4, 2e5));
        assertEquals("Exploding gradients at \"fc1\": the gradient reaching \"fc1\" is 2e+05 (norm), \"fc3\"'s 1: 200,000 times larger, so "
                + "the first layers take huge steps; lower the learning rate, clip the gradients (clip_grad_norm: 1.0), or add BatchNorm; check "
                + "the layers' initialisation.", d.findings().get(0).toString());
    }

    private static TrainingEvent.ParameterStats stats(long step, double firstNorm) {
        List<TrainingEvent.ParameterStat> ps = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            double norm = i == 1 ? firstNorm : 1;
            TensorStats g = new TensorStats(0, 0, norm, -1, 1, new long[0], new double[0], 0);
            ps.add(new TrainingEvent.ParameterStat("fc" + i + ".weight", new int[] {4, 4}, g, g));
            ps.add(new TrainingEvent.ParameterStat("fc" + i + ".bias", new int[] {4}, g, g));
        }
        return new TrainingEvent.ParameterStats(1, step, ps);
    }

    /** A cross-validation's findings: one per kind (and dead ReLU), the folds that found it, the most folds first. */
    @Test
    void acrossFoldsNamesTheFoldsThatFoundEach() {
        Diagnosis.Finding flat = new Diagnosis.Finding(Diagnosis.Kind.NOT_LEARNING, null, "flat in fold 1", "x"),
                flat3 = new Diagnosis.Finding(Diagnosis.Kind.NOT_LEARNING, null, "flat in fold 3", "x"),
                dead = new Diagnosis.Finding(Diagnosis.Kind.DEAD_UNITS, "relu1", "dead", "y"),
                dead2 = new Diagnosis.Finding(Diagnosis.Kind.DEAD_UNITS, "relu2", "dead", "y");
        List<Diagnosis.AcrossFolds> a = Diagnosis.acrossFolds(List.of(List.of(dead, flat), List.of(dead2), List.of(dead, flat3)));
        assertEquals(List.of(new Diagnosis.AcrossFolds(dead, List.of(1, 3)), new Diagnosis.AcrossFolds(flat, List.of(1, 3)),
                new Diagnosis.AcrossFolds(dead2, List.of(2))), a);
    }
}
