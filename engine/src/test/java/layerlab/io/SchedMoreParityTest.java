package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.nn.Parameter;
import layerlab.optim.Adam;
import layerlab.optim.LRScheduler;
import layerlab.optim.Optimizer;
import layerlab.optim.SGD;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.train.OptimizerFactory;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schedulers from a project's settings against torch 1.13 (make_sched_more_fixtures.py): LambdaLR and MultiplicativeLR inside
 * SequentialLR and ChainedScheduler, CyclicLR's scale_fn (an expression of x) and scale_mode, and OneCycleLR's and CyclicLR's
 * base_momentum and max_momentum per parameter group. Each case's settings are read as a project's (and read back the same),
 * built into the scheduler on an optimiser of two groups, and stepped 24 times: each group's rate and momentum match torch's
 * to 1e-12 relative; the exported script writes the very torch call the fixture ran.
 */
class SchedMoreParityTest {
    static final Fixtures FIXTURE = Fixtures.load("optim/sched_more.json");
    private static final double RTOL = 1e-12;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : FIXTURE.json().get("cases")) out.add(Arguments.of(c.get("name").asText(), c));
        return out.stream();
    }

    /** The case's settings as a project holds them: its optimiser, a second parameter group (lr 0.04) and its scheduler. */
    @SuppressWarnings("unchecked")
    static TrainingConfig settings(JsonNode c) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("epochs", FIXTURE.json().get("epochs").asInt());
        t.put("optimizer", c.get("optimizer").asText().equals("Adam") ? Map.of("name", "Adam", "lr", 0.1) : Map.of("name", "SGD", "lr", 0.1, "momentum", 0.9));
        t.put("param_groups", List.of(Map.of("params", List.of("second.*"), "lr", 0.04)));
        t.put("scheduler", new ObjectMapper().convertValue(c.get("scheduler"), Map.class));
        return TrainingConfig.fromMap(t);
    }

    /** The optimiser the fixture's torch script made: two groups of one parameter, lr 0.1 and 0.04. */
    static Optimizer optimizer(JsonNode c) {
        List<Parameter> first = List.of(new Parameter(Tensor.zeros(1))), second = List.of(new Parameter(Tensor.zeros(1)));
        Optimizer opt = c.get("optimizer").asText().equals("Adam") ? new Adam(first, 0.1) : new SGD(first, 0.1, 0.9);
        opt.addParamGroup(second, Map.of("lr", 0.04));
        return opt;
    }

    private static LRScheduler scheduler(TrainingConfig t, Optimizer opt) {
        return OptimizerFactory.scheduler(t.scheduler(), opt, FIXTURE.json().get("epochs").asInt(), FIXTURE.json().get("steps_per_epoch").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ratesAndMomentaMatchTorch(String name, JsonNode c) {
        TrainingConfig t = settings(c);
        assertEquals(t, TrainingConfig.fromMap(t.toMap()), "read back from the file");
        Optimizer opt = optimizer(c);
        LRScheduler s = scheduler(t, opt);
        check(c, 0, s, opt, name);
        for (int step = 1; step < c.get("lrs").size(); step++) {
            opt.step();
            s.step();
            check(c, step, s, opt, name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theExportedScriptWritesTheCallTorchRan(String name, JsonNode c) {
        String exported = PyTorchTraining.scheduler(settings(c).scheduler(), FIXTURE.json().get("epochs").asInt());
        // The export breaks a long call over lines; the fixture has it on one.
        assertEquals(c.get("python").asText().replaceAll("\\s+", ""), exported.replaceAll("\\s+", ""), exported);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goesOnFromItsStateDict(String name, JsonNode c) {
        TrainingConfig t = settings(c);
        Optimizer opt = optimizer(c);
        LRScheduler s = scheduler(t, opt);
        for (int step = 1; step <= 9; step++) {
            opt.step();
            s.step();
        }
        Optimizer again = optimizer(c);
        LRScheduler resumed = scheduler(t, again);
        again.loadStateDict(opt.stateDict());
        resumed.loadStateDict(s.stateDict());
        for (int step = 10; step < c.get("lrs").size(); step++) {
            again.step();
            resumed.step();
            check(c, step, resumed, again, name + " resumed");
        }
    }

    private static void check(JsonNode c, int step, LRScheduler s, Optimizer opt, String name) {
        double[] lrs = s.getLastLr();
        double[] momenta = opt.paramGroups().stream().mapToDouble(g -> g.has("betas") ? g.getDouble("betas", 0) : g.getDouble("momentum")).toArray();
        for (int g = 0; g < 2; g++) {
            close(c.get("lrs").get(step).get(g).asDouble(), lrs[g], name + " step " + step + " group " + g + " lr");
            close(c.get("lrs").get(step).get(g).asDouble(), opt.paramGroups().get(g).lr(), name + " step " + step + " group " + g + " the group's lr");
            close(c.get("momenta").get(step).get(g).asDouble(), momenta[g], name + " step " + step + " group " + g + " momentum");
        }
    }

    private static void close(double expected, double actual, String what) {
        if (!(Math.abs(expected - actual) <= RTOL * Math.abs(expected))) fail(what + ": expected " + expected + ", got " + actual);
    }
}
