package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** The learning-rate range test: its schedule, its suggestion, and a real run on a sample project. */
class LrFinderTest {
    @Test
    void theRateGrowsExponentiallyFromStartToEnd() {
        LrFinder.Options o = new LrFinder.Options(1e-6, 1, 61, 5);
        assertEquals(1e-6, o.lr(0), 1e-18);
        assertEquals(1, o.lr(60), 1e-12);
        // A tenfold rise every 10 steps.
        assertEquals(1e-5, o.lr(10), 1e-17);
        assertEquals(1e-3, o.lr(30), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new LrFinder.Options(1, 0.1, 100, 5));
        assertThrows(IllegalArgumentException.class, () -> new LrFinder.Options(0, 1, 100, 5));
        assertThrows(IllegalArgumentException.class, () -> new LrFinder.Options(1e-7, 10, 12, 5));
    }

    private static List<LrFinder.Point> curve(double... smoothed) {
        List<LrFinder.Point> p = new ArrayList<>();
        for (int i = 0; i < smoothed.length; i++) p.add(new LrFinder.Point(i + 1, Math.pow(10, -7 + i * 0.1), smoothed[i], smoothed[i]));
        return p;
    }

    /** numpy's gradient of the points kept, then its argmin, as torch-lr-finder suggests. */
    @Test
    void suggestsTheSteepestFallOfTheSmoothedLoss() {
        double[] s = new double[40];
        // Flat, then falling by 0.01, 0.02, 0.10, 0.03 a step from step 19, then flat and rising at the end.
        for (int i = 0; i < 40; i++) s[i] = 2;
        double[] falls = {0.01, 0.02, 0.10, 0.03};
        for (int i = 20; i < 40; i++) s[i] = s[i - 1] - (i - 20 < falls.length ? falls[i - 20] : 0);
        for (int i = 36; i < 40; i++) s[i] = s[i - 1] + 0.5;
        // Central differences: at 21 (s[22] − s[20]) / 2 = −0.06, at 22 −0.065 (the lowest), at 23 −0.065 too: the first wins.
        List<LrFinder.Point> pts = curve(s);
        assertEquals(pts.get(22).lr(), LrFinder.suggest(pts), 1e-20);
        // A steep fall among the first 10 points, or the last 5, is not looked at.
        double[] early = new double[40];
        for (int i = 0; i < 40; i++) early[i] = i < 5 ? 10 - i : 5 - 0.01 * i;
        pts = curve(early);
        assertTrue(LrFinder.suggest(pts) >= pts.get(10).lr(), "the early fall is skipped");
        // Never falling, or too few points: no suggestion.
        double[] rising = new double[40];
        for (int i = 0; i < 40; i++) rising[i] = i;
        assertTrue(Double.isNaN(LrFinder.suggest(curve(rising))));
        assertTrue(Double.isNaN(LrFinder.suggest(curve(new double[17]))));
    }

    /**
     * On the MNIST MLP sample (Adam) the loss stays at ln 10 for tiny rates, falls from about 1e-5, then blows up past
     * about 0.05: the test stops there and suggests a rate in the falling part (0.0013 here; the sample uses 0.001), one that
     * trains the model well.
     */
    @Test
    void findsARateThatTrainsTheSpiralsSample() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "neural-network.json"));
        DataSplit split = DataSources.open(g.dataset(), Path.of("..", "sample-projects"));
        TrainingConfig config = TrainingConfig.fromMap(onTestDevice(g.training()));
        List<LrFinder.Point> seen = new ArrayList<>();
        LrFinder.Result r = LrFinder.run(g, config, split.train(), LrFinder.Options.DEFAULT, seen::add, () -> false);
        assertEquals(r.points(), seen, "each point was reported as it was made");
        assertEquals("the loss diverged", r.ended(), r.describe());
        assertTrue(r.points().size() < 100, "stopped before the last step");
        double first = r.points().get(0).smoothed();
        assertTrue(r.points().get(r.lowest()).smoothed() < 0.8 * first, "the loss fell: " + r.describe());
        assertTrue(r.suggested() > 1e-4 && r.suggested() < 1, r.describe());
        assertTrue(r.suggested() < r.points().get(r.lowest()).lr(), "below the lowest loss's rate: " + r.describe());
        // Seeded: the same test gives the same curve.
        LrFinder.Result again = LrFinder.run(g, config, split.train(), LrFinder.Options.DEFAULT, p -> {}, () -> false);
        assertEquals(r.points(), again.points());

        // 100 steps at the suggestion train far better than at the smallest rate tried, or at the lowest loss's rate.
        double good = valLossAfter100Steps(g, split, r.suggested()), slow = valLossAfter100Steps(g, split, 1e-6);
        double high = valLossAfter100Steps(g, split, r.points().get(r.lowest()).lr() * 3);
        assertTrue(good < 0.5 && good < slow - 1 && good < high, good + " at the suggestion, " + slow + " at 1e-6, " + high + " past the lowest");
    }

    private static double valLossAfter100Steps(Graph g, DataSplit split, double lr) {
        Map<String, Object> t = onTestDevice(g.training());
        t.put("optimizer", Map.of("name", "Adam", "lr", lr));
        t.remove("scheduler");
        Trainer trainer = new Trainer(g, TrainingConfig.fromMap(t), split.train(), split.validation());
        trainer.setMaxSteps(100);
        return ((TrainingEvent.RunFinished) trainer.run()).metrics().get("val_loss");
    }

    @Test
    void stopsWhenAsked() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "neural-network.json"));
        DataSplit split = DataSources.open(g.dataset(), Path.of("..", "sample-projects"));
        int[] asked = {0};
        LrFinder.Result r = LrFinder.run(g, TrainingConfig.fromMap(onTestDevice(g.training())), split.train(), LrFinder.Options.DEFAULT, p -> {}, () -> ++asked[0] > 7);
        assertEquals("stopped", r.ended());
        assertEquals(7, r.points().size());
        assertTrue(Double.isNaN(r.suggested()));
        assertTrue(r.describe().startsWith("no suggestion: stopped after 7 steps"), r.describe());
    }

    @Test
    void formatsRatesForPeople() {
        assertEquals("0.00316", LrFinder.format(0.0031623));
        assertEquals("3.16e-05", LrFinder.format(3.1623e-5));
        assertEquals("1", LrFinder.format(1.0));
        assertEquals("0.1", LrFinder.format(0.1));
        assertEquals("1e-07", LrFinder.format(1e-7));
        assertEquals("1.23e+05", LrFinder.format(123456.0));
    }

    /** A project's settings on the {@link TestDevice} (the GPU kit runs these on a GPU). */
    private static Map<String, Object> onTestDevice(Map<String, Object> training) {
        Map<String, Object> t = new java.util.LinkedHashMap<>(training);
        t.put("device", TestDevice.device().toString());
        return t;
    }
}
