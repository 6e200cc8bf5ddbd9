package layerlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NAdam, RAdam, Adamax, Adadelta, Rprop and ASGD against PyTorch 1.13 (make_optim_more_fixtures.py), as
 * {@link OptimizerFixtureTest} checks the others: five steps with weight decay, maximize where 1.13 has it, two groups and a
 * missing gradient, to 1e-5 relative; and two steps, a state dict into a fresh optimiser, then the rest (NAdam's
 * {@code mu_product} and ASGD's {@code eta} and {@code mu} are numbers in it, as in torch). CyclicLR's rate and SGD's
 * momentum per batch over several cycles in each mode, and ChainedScheduler's rates per epoch, to 1e-12 relative (doubles on
 * both sides, the same terms), also resumed from state dicts half-way.
 */
class OptimMoreParityTest {
    static final Fixtures FIXTURE = Fixtures.load("optim/optim_more.json");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : FIXTURE.json().get("cases")) out.add(Arguments.of(c.get("optimizer").asText() + "/" + c.get("name").asText(), c));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchStepByStep(String name, JsonNode c) {
        TestDevice.device();
        List<Parameter> params = OptimizerFixtureTest.initialParams(c);
        Optimizer opt = build(c, params);
        JsonNode steps = c.get("steps");
        for (int k = 0; k < steps.size(); k++) {
            OptimizerFixtureTest.applyStep(opt, params, steps.get(k));
            OptimizerFixtureTest.check(name + " step " + (k + 1), params, steps.get(k));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resumesFromStateDict(String name, JsonNode c) {
        TestDevice.device();
        List<Parameter> params = OptimizerFixtureTest.initialParams(c);
        Optimizer opt = build(c, params);
        JsonNode steps = c.get("steps");
        OptimizerFixtureTest.applyStep(opt, params, steps.get(0));
        OptimizerFixtureTest.applyStep(opt, params, steps.get(1));
        Map<String, Object> sd = opt.stateDict();
        List<Parameter> resumed = new ArrayList<>();
        for (Parameter p : params) resumed.add(new Parameter(p.data().detach().copy()));
        Optimizer fresh = build(c, resumed);
        fresh.loadStateDict(sd);
        for (int k = 2; k < steps.size(); k++) {
            OptimizerFixtureTest.applyStep(fresh, resumed, steps.get(k));
            OptimizerFixtureTest.check(name + " resumed step " + (k + 1), resumed, steps.get(k));
        }
    }

    static Stream<Arguments> schedules() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : FIXTURE.json().get("schedules")) out.add(Arguments.of(c.get("name").asText(), c));
        return out.stream();
    }

    static LRScheduler scheduler(Optimizer opt, JsonNode spec) {
        return switch (spec.get("kind").asText()) {
            case "CyclicLR" -> new CyclicLR(opt, perGroup(opt, spec.get("base_lr")), perGroup(opt, spec.get("max_lr")), spec.path("step_size_up").asDouble(2000),
                    spec.has("step_size_down") ? spec.get("step_size_down").asDouble() : null, spec.path("mode").asText("triangular"),
                    spec.path("gamma").asDouble(1.0), spec.path("cycle_momentum").asBoolean(true), spec.path("base_momentum").asDouble(0.8),
                    spec.path("max_momentum").asDouble(0.9));
            case "ChainedScheduler" -> {
                List<LRScheduler> parts = new ArrayList<>();
                for (JsonNode p : spec.get("schedulers")) parts.add(SchedulerFixtureTest.scheduler(opt, p));
                yield new ChainedScheduler(parts);
            }
            default -> SchedulerFixtureTest.scheduler(opt, spec);
        };
    }

    private static double[] perGroup(Optimizer opt, JsonNode v) {
        double[] a = new double[opt.paramGroups().size()];
        for (int i = 0; i < a.length; i++) a[i] = v.isArray() ? v.get(i).asDouble() : v.asDouble();
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void ratesPerStepMatchPyTorch(String name, JsonNode c) {
        Optimizer opt = SchedulerFixtureTest.optimizerFor(c);
        LRScheduler s = scheduler(opt, c.get("schedulers").get(0));
        JsonNode lrs = c.get("lrs");
        SchedulerFixtureTest.assertClose(lrs.get(0), s.getLastLr(), name + " step 0");
        for (int e = 1; e < lrs.size(); e++) {
            opt.step();
            s.step();
            SchedulerFixtureTest.assertClose(lrs.get(e), s.getLastLr(), name + " step " + e);
            for (int g = 0; g < opt.paramGroups().size(); g++) assertEquals(s.getLastLr()[g], opt.getLr(g));
            if (c.has("momenta")) SchedulerFixtureTest.assertClose(c.get("momenta").get(e), SchedulerFixtureTest.momenta(opt), name + " momentum at " + e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void resumedFromStateDictsGoesOn(String name, JsonNode c) {
        JsonNode lrs = c.get("lrs");
        int stop = lrs.size() / 2 + 1;
        Optimizer opt = SchedulerFixtureTest.optimizerFor(c);
        LRScheduler s = scheduler(opt, c.get("schedulers").get(0));
        for (int e = 1; e <= stop; e++) {
            opt.step();
            s.step();
        }
        Map<String, Object> optState = opt.stateDict(), schedState = s.stateDict();
        Optimizer resumed = SchedulerFixtureTest.optimizerFor(c);
        LRScheduler again = scheduler(resumed, c.get("schedulers").get(0));
        resumed.loadStateDict(optState);
        again.loadStateDict(schedState);
        for (int e = stop + 1; e < lrs.size(); e++) {
            resumed.step();
            again.step();
            SchedulerFixtureTest.assertClose(lrs.get(e), again.getLastLr(), name + " resumed, step " + e);
            if (c.has("momenta")) SchedulerFixtureTest.assertClose(c.get("momenta").get(e), SchedulerFixtureTest.momenta(resumed), name + " resumed momentum at " + e);
        }
    }

    @Test
    void cyclicLrRefusesAdamsBetasAsTorch113Does() {
        Adam adam = new Adam(List.of(new Parameter(Tensor.zeros(1))));
        assertEquals("optimizer must support momentum with `cycle_momentum` option enabled", assertThrows(IllegalArgumentException.class,
                () -> new CyclicLR(adam, new double[] {0.001}, new double[] {0.01}, 4, null, "triangular", 1, true, 0.8, 0.9)).getMessage());
    }

    @Test
    void refusesTorchsInvalidValuesInItsWords() {
        List<Parameter> ps = List.of(new Parameter(Tensor.zeros(2)));
        assertEquals("Invalid eta values: 0.5, 0.9", assertThrows(IllegalArgumentException.class,
                () -> new Rprop(ps, 0.01, 0.5, 0.9, 1e-6, 50, false)).getMessage());
        assertEquals("Invalid rho value: 1.5", assertThrows(IllegalArgumentException.class,
                () -> new Adadelta(ps, 1.0, 1.5, 1e-6, 0, false)).getMessage());
        assertEquals("Invalid momentum_decay value: -1.0", assertThrows(IllegalArgumentException.class,
                () -> new NAdam(ps, 2e-3, 0.9, 0.999, 1e-8, 0, -1)).getMessage());
        assertEquals("NAdam has no option 'maximize'; it has [lr, betas, eps, weight_decay, momentum_decay]", assertThrows(
                IllegalArgumentException.class, () -> new NAdam(ps).addParamGroup(List.of(new Parameter(Tensor.zeros(1))), Map.of("maximize", true)))
                .getMessage());
    }

    /** The optimiser PyTorch built: its kwargs (PyTorch 1.13's defaults where absent) and its parameter groups. */
    @SuppressWarnings("unchecked")
    static Optimizer build(JsonNode c, List<Parameter> all) {
        JsonNode kw = c.get("kwargs");
        JsonNode groups = c.get("groups");
        List<List<Parameter>> groupParams = new ArrayList<>();
        for (JsonNode g : groups) {
            List<Parameter> ps = new ArrayList<>();
            for (JsonNode i : g.get("params")) ps.add(all.get(i.asInt()));
            groupParams.add(ps);
        }
        List<Parameter> first = groupParams.get(0);
        Optimizer opt = switch (c.get("optimizer").asText()) {
            case "NAdam" -> new NAdam(first, d(kw, "lr", 2e-3), pair(kw, "betas", 0, 0.9), pair(kw, "betas", 1, 0.999), d(kw, "eps", 1e-8),
                    d(kw, "weight_decay", 0), d(kw, "momentum_decay", 4e-3));
            case "RAdam" -> new RAdam(first, d(kw, "lr", 1e-3), pair(kw, "betas", 0, 0.9), pair(kw, "betas", 1, 0.999), d(kw, "eps", 1e-8),
                    d(kw, "weight_decay", 0));
            case "Adamax" -> new Adamax(first, d(kw, "lr", 2e-3), pair(kw, "betas", 0, 0.9), pair(kw, "betas", 1, 0.999), d(kw, "eps", 1e-8),
                    d(kw, "weight_decay", 0), OptimizerFixtureTest.b(kw, "maximize"));
            case "Adadelta" -> new Adadelta(first, d(kw, "lr", 1.0), d(kw, "rho", 0.9), d(kw, "eps", 1e-6), d(kw, "weight_decay", 0),
                    OptimizerFixtureTest.b(kw, "maximize"));
            case "Rprop" -> new Rprop(first, d(kw, "lr", 1e-2), pair(kw, "etas", 0, 0.5), pair(kw, "etas", 1, 1.2), pair(kw, "step_sizes", 0, 1e-6),
                    pair(kw, "step_sizes", 1, 50), OptimizerFixtureTest.b(kw, "maximize"));
            case "ASGD" -> new ASGD(first, d(kw, "lr", 1e-2), d(kw, "lambd", 1e-4), d(kw, "alpha", 0.75), d(kw, "t0", 1e6),
                    d(kw, "weight_decay", 0), OptimizerFixtureTest.b(kw, "maximize"));
            default -> throw new IllegalArgumentException(c.get("optimizer").asText());
        };
        ObjectMapper json = new ObjectMapper();
        json.convertValue(groups.get(0).get("options"), Map.class).forEach((k, v) -> opt.paramGroups().get(0).set((String) k, v));
        for (int g = 1; g < groups.size(); g++) opt.addParamGroup(groupParams.get(g), json.convertValue(groups.get(g).get("options"), Map.class));
        return opt;
    }

    static double d(JsonNode kw, String key, double dflt) {
        return OptimizerFixtureTest.d(kw, key, dflt);
    }

    static double pair(JsonNode kw, String key, int i, double dflt) {
        return kw.has(key) ? kw.get(key).get(i).asDouble() : dflt;
    }
}
