package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.nn.Parameter;
import layerlab.optim.LRScheduler;
import layerlab.optim.Optimizer;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training settings' optimisers and schedulers, every flag combination, read as a project's settings are
 * ({@link TrainingConfig}) and built by {@link OptimizerFactory}, against PyTorch 1.13 (make_optim_audit_fixtures.py): the
 * parameters and the rate after each epoch; the settings PyTorch refuses are refused.
 */
class OptimizerAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[][] SHAPES = {{3, 2}, {4}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Fixtures.load("optim/audit.json").json().get("cases")) out.add(Arguments.of(c.get("name").asText(), c));
        return out.stream();
    }

    static Stream<Arguments> refused() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Fixtures.load("optim/audit.json").json().get("refused")) out.add(Arguments.of(c.toString(), c));
        return out.stream();
    }

    @SuppressWarnings("unchecked")
    private static TrainingConfig config(JsonNode c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", JSON.convertValue(c.get("optimizer"), Map.class));
        if (!c.get("scheduler").isNull()) m.put("scheduler", JSON.convertValue(c.get("scheduler"), Map.class));
        m.put("epochs", 6);
        return TrainingConfig.fromMap(m);
    }

    /** Splits one flat list of values into the two parameters' tensors. */
    private static List<Tensor> tensors(JsonNode flat, double scale) {
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (int[] shape : SHAPES) {
            int n = 1;
            for (int d : shape) n *= d;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) (flat.get(at++).asDouble() * scale);
            out.add(Tensor.of(v, shape));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainsAsPyTorchDoes(String name, JsonNode c) {
        TrainingConfig cfg = config(c);
        List<Parameter> params = new ArrayList<>();
        for (Tensor t : tensors(c.get("params"), 1)) params.add(new Parameter(t));
        Optimizer opt = OptimizerFactory.optimizer(cfg.optimizer(), params);
        LRScheduler sched = cfg.scheduler() == null ? null : OptimizerFactory.scheduler(cfg.scheduler(), opt);
        JsonNode grads = c.get("grads");
        int steps = grads.size() / c.get("after").size();
        for (int e = 0; e < c.get("after").size(); e++) {
            for (int k = 0; k < steps; k++) {
                List<Tensor> g = tensors(grads.get(e * steps + k), 0.5 + e);
                for (int i = 0; i < params.size(); i++) params.get(i).data().setGrad(g.get(i));
                opt.step();
            }
            if (sched != null) sched.step(c.get("metrics").get(e).asDouble());
            List<Tensor> want = tensors(c.get("after").get(e), 1);
            for (int i = 0; i < params.size(); i++) {
                Fixtures.assertClose(want.get(i), params.get(i).data(), Fixtures.RTOL, Fixtures.ATOL, name + ": param " + i + " after epoch " + (e + 1));
            }
            double lr = c.get("lrs").get(e).asDouble();
            assertEquals(lr, opt.getLr(0), 1e-12 * Math.abs(lr), name + ": lr after epoch " + (e + 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatPyTorchRefuses(String name, JsonNode c) {
        // As a setting, named (before this, negative betas passed the settings and stopped the run's start with the optimiser's own error).
        assertThrows(ConfigException.class, () -> {
            TrainingConfig cfg = config(c);
            Optimizer opt = OptimizerFactory.optimizer(cfg.optimizer(), List.of(new Parameter(Tensor.zeros(2))));
            if (cfg.scheduler() != null) OptimizerFactory.scheduler(cfg.scheduler(), opt);
        });
    }
}
