package layerlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The LR schedulers against PyTorch 1.13 over 25 epochs (make_optim_fixtures.py; OneCycleLR over its whole cycle of
 * batches, with the momentum it cycles). Rates are doubles on both
 * sides and the rules are PyTorch's term for term, so they agree bit for bit here; 1e-12 relative leaves room
 * for a cos that differs from glibc's by an ulp.
 */
class SchedulerFixtureTest {
    static final double RTOL = 1e-12;

    static Stream<Arguments> schedules() {
        return cases("optim/schedulers.json");
    }

    static Stream<Arguments> plateaus() {
        return cases("optim/plateau.json");
    }

    static Stream<Arguments> cases(String file) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Fixtures.load(file).json().get("cases")) out.add(Arguments.of(c.get("name").asText(), c));
        return out.stream();
    }

    static SGD optimizer(JsonNode initialLrs) {
        SGD sgd = null;
        for (JsonNode lr : initialLrs) {
            List<Parameter> ps = List.of(new Parameter(Tensor.zeros(1)));
            if (sgd == null) sgd = new SGD(ps, lr.asDouble());
            else sgd.addParamGroup(ps, Map.of("lr", lr.asDouble()));
        }
        return sgd;
    }

    static LRScheduler scheduler(Optimizer opt, JsonNode spec) {
        return switch (spec.get("kind").asText()) {
            case "StepLR" -> new StepLR(opt, spec.get("step_size").asInt(), spec.path("gamma").asDouble(0.1));
            case "MultiStepLR" -> {
                int[] ms = new int[spec.get("milestones").size()];
                for (int i = 0; i < ms.length; i++) ms[i] = spec.get("milestones").get(i).asInt();
                yield new MultiStepLR(opt, ms, spec.path("gamma").asDouble(0.1));
            }
            case "ExponentialLR" -> new ExponentialLR(opt, spec.get("gamma").asDouble());
            case "CosineAnnealingLR" -> new CosineAnnealingLR(opt, spec.get("T_max").asInt(), spec.path("eta_min").asDouble(0));
            case "LinearLR" -> new LinearLR(opt, spec.path("start_factor").asDouble(1.0 / 3), spec.path("end_factor").asDouble(1.0),
                    spec.path("total_iters").asInt(5));
            case "ConstantLR" -> new ConstantLR(opt, spec.path("factor").asDouble(1.0 / 3), spec.path("total_iters").asInt(5));
            case "CosineAnnealingWarmRestarts" -> new CosineAnnealingWarmRestarts(opt, spec.get("T_0").asInt(), spec.path("T_mult").asInt(1),
                    spec.path("eta_min").asDouble(0));
            case "PolynomialLR" -> new PolynomialLR(opt, spec.path("total_iters").asInt(5), spec.path("power").asDouble(1.0));
            case "SequentialLR" -> {
                List<LRScheduler> parts = new ArrayList<>();
                for (JsonNode p : spec.get("schedulers")) parts.add(scheduler(opt, p));
                int[] ms = new int[spec.get("milestones").size()];
                for (int i = 0; i < ms.length; i++) ms[i] = spec.get("milestones").get(i).asInt();
                yield new SequentialLR(opt, parts, ms);
            }
            case "OneCycleLR" -> {
                JsonNode m = spec.get("max_lr");
                double[] maxLr = new double[opt.paramGroups().size()];
                for (int i = 0; i < maxLr.length; i++) maxLr[i] = m.isArray() ? m.get(i).asDouble() : m.asDouble();
                int total = spec.has("total_steps") ? spec.get("total_steps").asInt() : spec.get("epochs").asInt() * spec.get("steps_per_epoch").asInt();
                yield new OneCycleLR(opt, maxLr, total, spec.path("pct_start").asDouble(0.3), spec.path("anneal_strategy").asText("cos"),
                        spec.path("cycle_momentum").asBoolean(true), spec.path("base_momentum").asDouble(0.85), spec.path("max_momentum").asDouble(0.95),
                        spec.path("div_factor").asDouble(25), spec.path("final_div_factor").asDouble(1e4), spec.path("three_phase").asBoolean(false));
            }
            default -> throw new IllegalArgumentException(spec.toString());
        };
    }

    /** The case's optimiser: SGD, or Adam where the case names it (OneCycleLR cycles its first beta). */
    static Optimizer optimizerFor(JsonNode c) {
        if (!c.path("optimizer").asText("SGD").equals("Adam")) return optimizer(c.get("initial_lrs"));
        Adam adam = null;
        for (JsonNode lr : c.get("initial_lrs")) {
            List<Parameter> ps = List.of(new Parameter(Tensor.zeros(1)));
            if (adam == null) adam = new Adam(ps, lr.asDouble());
            else adam.addParamGroup(ps, Map.of("lr", lr.asDouble()));
        }
        return adam;
    }

    static double[] momenta(Optimizer opt) {
        return opt.paramGroups().stream().mapToDouble(g -> g.has("betas") ? g.getDouble("betas", 0) : g.getDouble("momentum")).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void ratesPerEpochMatchPyTorch(String name, JsonNode c) {
        Optimizer opt = optimizerFor(c);
        List<LRScheduler> scheds = new ArrayList<>();
        for (JsonNode spec : c.get("schedulers")) scheds.add(scheduler(opt, spec));
        LRScheduler last = scheds.get(scheds.size() - 1);
        JsonNode lrs = c.get("lrs");
        assertClose(lrs.get(0), last.getLastLr(), name + " epoch 0");
        for (int e = 1; e < lrs.size(); e++) {
            opt.step();
            for (LRScheduler s : scheds) s.step();
            assertClose(lrs.get(e), last.getLastLr(), name + " epoch " + e);
            for (int g = 0; g < opt.paramGroups().size(); g++) assertEquals(last.getLastLr()[g], opt.getLr(g));
            if (c.has("momenta")) assertClose(c.get("momenta").get(e), momenta(opt), name + " momentum at step " + e);
        }
        if (c.path("refuses_next_step").asBoolean(false)) {
            IllegalStateException past = assertThrows(IllegalStateException.class, last::step, name + ": a step past total_steps");
            assertTrue(past.getMessage().contains("total_steps"), past.getMessage());
            assertEquals(lrs.size() - 1, last.lastEpoch(), "a refused step leaves the position");
        }
    }

    /**
     * Stopped part-way (the optimiser's and the scheduler's state dicts taken, as a checkpoint takes them) and gone on
     * with a fresh optimiser and scheduler that load them: the same rates (and momenta) as the run that went straight on.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void resumedFromStateDictsGoesOnAsIfUninterrupted(String name, JsonNode c) {
        if (c.get("schedulers").size() != 1) return; // chained schedulers have a state dict each; one suffices here
        JsonNode lrs = c.get("lrs");
        int stop = lrs.size() / 2 + 1;
        Optimizer opt = optimizerFor(c);
        LRScheduler s = scheduler(opt, c.get("schedulers").get(0));
        for (int e = 1; e <= stop; e++) {
            opt.step();
            s.step();
        }
        Map<String, Object> optState = opt.stateDict(), schedState = s.stateDict();

        Optimizer resumed = optimizerFor(c);
        LRScheduler again = scheduler(resumed, c.get("schedulers").get(0));
        resumed.loadStateDict(optState);
        again.loadStateDict(schedState);
        for (int e = stop + 1; e < lrs.size(); e++) {
            opt.step();
            s.step();
            resumed.step();
            again.step();
            assertArrayEquals(s.getLastLr(), again.getLastLr(), name + " epoch " + e);
            assertArrayEquals(momentaOrNone(opt), momentaOrNone(resumed), name + " momentum at " + e);
            assertClose(lrs.get(e), again.getLastLr(), name + " resumed, epoch " + e);
        }
    }

    private static double[] momentaOrNone(Optimizer opt) {
        return opt.paramGroups().stream().mapToDouble(g -> g.has("betas") ? g.getDouble("betas", 0) : g.has("momentum") ? g.getDouble("momentum") : 0)
                .toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plateaus")
    void reduceOnPlateauMatchesPyTorch(String name, JsonNode c) {
        SGD opt = optimizer(c.get("initial_lrs"));
        JsonNode kw = c.get("kwargs");
        int groups = opt.paramGroups().size();
        double[] minLrs = new double[groups];
        for (int g = 0; g < groups; g++) {
            JsonNode m = kw.path("min_lr");
            minLrs[g] = m.isArray() ? m.get(g).asDouble() : m.asDouble(0);
        }
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.valueOf(kw.path("mode").asText("min").toUpperCase()),
                kw.path("factor").asDouble(0.1), kw.path("patience").asInt(10), kw.path("threshold").asDouble(1e-4),
                ReduceLROnPlateau.ThresholdMode.valueOf(kw.path("threshold_mode").asText("rel").toUpperCase()),
                kw.path("cooldown").asInt(0), minLrs, kw.path("eps").asDouble(1e-8));
        JsonNode metrics = c.get("metrics"), epochs = c.get("epochs");
        for (int e = 0; e < metrics.size(); e++) {
            opt.step();
            s.step(metrics.get(e).asDouble());
            JsonNode exp = epochs.get(e);
            String what = name + " epoch " + (e + 1);
            assertClose(exp.get("lr"), s.getLastLr(), what);
            assertEquals(exp.get("best").asDouble(), s.best(), what + " best");
            assertEquals(exp.get("num_bad_epochs").asInt(), s.numBadEpochs(), what + " num_bad_epochs");
        }
    }

    static void assertClose(JsonNode expected, double[] actual, String what) {
        assertEquals(expected.size(), actual.length, what + ": number of groups");
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            if (Math.abs(e - actual[i]) > RTOL * Math.abs(e)) fail(what + " group " + i + ": expected " + e + ", got " + actual[i]);
        }
    }

    @Test
    void plateauNeedsAMetricAndOthersDoNot() {
        SGD opt = new SGD(List.of(new Parameter(Tensor.zeros(1))), 0.1);
        ReduceLROnPlateau p = new ReduceLROnPlateau(opt);
        assertTrue(p.needsMetric());
        assertThrows(IllegalStateException.class, p::step);
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(opt, "middle", 0.1, 1, 0, "rel", 0, 0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(opt, "min", 1.5, 1, 0, "rel", 0, 0, 1e-8));
        StepLR step = new StepLR(opt, 2);
        step.step(123.0); // the metric is ignored
        assertEquals(1, step.lastEpoch());
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(opt, 0));
    }

    @Test
    void schedulersRecordInitialLrAndResumeFromStateDict() {
        SGD opt = new SGD(List.of(new Parameter(Tensor.zeros(1))), 0.1);
        CosineAnnealingLR cos = new CosineAnnealingLR(opt, 10, 0.001);
        assertEquals(0.1, opt.paramGroups().get(0).getDouble("initial_lr"));
        for (int i = 0; i < 4; i++) cos.step();
        Map<String, Object> sd = cos.stateDict();
        double lr = opt.getLr();

        SGD opt2 = new SGD(List.of(new Parameter(Tensor.zeros(1))), 0.1);
        CosineAnnealingLR cos2 = new CosineAnnealingLR(opt2, 10, 0.001);
        cos2.loadStateDict(sd);
        opt2.setLr(lr);
        cos.step();
        cos2.step();
        assertArrayEquals(cos.getLastLr(), cos2.getLastLr());
        assertEquals(5, cos2.lastEpoch());
    }
}
