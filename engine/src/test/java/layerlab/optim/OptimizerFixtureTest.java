package layerlab.optim;

import static org.junit.jupiter.api.Assertions.assertSame;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimiser against PyTorch 1.13 (make_optim_fixtures.py): several hyper-parameter combinations, two
 * parameter groups, parameters whose gradient is missing on some steps; the parameters after each of five
 * steps must match to 1e-5 relative. The absolute floor of 1e-6 covers elements that pass near zero; no
 * looser bound is needed, as Adam's and RMSprop's first steps divide by sqrt(v) + eps with v ≈ g², far from 0.
 * Parameters, gradients and the optimiser's state live on the {@link TestDevice}.
 */
class OptimizerFixtureTest {
    static final double RTOL = 1e-5, ATOL = 1e-6;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String file : List.of("sgd", "adam", "adamw", "rmsprop", "adagrad")) {
            for (JsonNode c : Fixtures.load("optim/" + file + ".json").json().get("cases")) {
                out.add(Arguments.of(c.get("optimizer").asText() + "/" + c.get("name").asText(), c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchStepByStep(String name, JsonNode c) {
        TestDevice.device();
        List<Parameter> params = initialParams(c);
        List<Tensor> data = params.stream().map(Parameter::data).toList();
        Optimizer opt = build(c, params);
        JsonNode steps = c.get("steps");
        for (int k = 0; k < steps.size(); k++) {
            applyStep(opt, params, steps.get(k));
            check(name + " step " + (k + 1), params, steps.get(k));
        }
        // Updated in place: layers holding the parameter's tensor see the new values.
        for (int i = 0; i < params.size(); i++) assertSame(data.get(i), params.get(i).data());
    }

    /** Two steps, a checkpoint into a fresh optimiser over fresh parameters, then the remaining steps. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resumesFromStateDict(String name, JsonNode c) {
        TestDevice.device();
        List<Parameter> params = initialParams(c);
        Optimizer opt = build(c, params);
        JsonNode steps = c.get("steps");
        applyStep(opt, params, steps.get(0));
        applyStep(opt, params, steps.get(1));
        Map<String, Object> sd = opt.stateDict();

        List<Parameter> resumed = new ArrayList<>();
        for (Parameter p : params) resumed.add(new Parameter(p.data().detach().copy()));
        Optimizer fresh = build(c, resumed);
        fresh.loadStateDict(sd);
        // The checkpoint holds copies: stepping the old optimiser must not move the new one.
        applyStep(opt, params, steps.get(2));
        for (int k = 2; k < steps.size(); k++) {
            applyStep(fresh, resumed, steps.get(k));
            check(name + " resumed step " + (k + 1), resumed, steps.get(k));
        }
    }

    static List<Parameter> initialParams(JsonNode c) {
        List<Parameter> params = new ArrayList<>();
        for (JsonNode t : c.get("params")) params.add(new Parameter(TestDevice.on(Fixtures.tensor(t))));
        return params;
    }

    static void applyStep(Optimizer opt, List<Parameter> params, JsonNode step) {
        JsonNode grads = step.get("grads");
        for (int i = 0; i < params.size(); i++) {
            JsonNode g = grads.get(i);
            params.get(i).data().setGrad(g.isNull() ? null : TestDevice.on(Fixtures.tensor(g)));
        }
        opt.step();
    }

    static void check(String what, List<Parameter> params, JsonNode step) {
        JsonNode expected = step.get("params");
        for (int i = 0; i < params.size(); i++) {
            TestDevice.assertClose(Fixtures.tensor(expected.get(i)), params.get(i).data(), RTOL, ATOL, what + " param " + i);
        }
    }

    /** The optimiser PyTorch built: its kwargs (PyTorch's defaults where absent) and its parameter groups. */
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
            case "SGD" -> new SGD(first, d(kw, "lr", Double.NaN), d(kw, "momentum", 0), d(kw, "dampening", 0),
                    d(kw, "weight_decay", 0), b(kw, "nesterov"), b(kw, "maximize"));
            case "Adam" -> new Adam(first, d(kw, "lr", 1e-3), beta(kw, 0, 0.9), beta(kw, 1, 0.999), d(kw, "eps", 1e-8),
                    d(kw, "weight_decay", 0), b(kw, "amsgrad"), b(kw, "maximize"));
            case "AdamW" -> new AdamW(first, d(kw, "lr", 1e-3), beta(kw, 0, 0.9), beta(kw, 1, 0.999), d(kw, "eps", 1e-8),
                    d(kw, "weight_decay", 1e-2), b(kw, "amsgrad"), b(kw, "maximize"));
            case "RMSprop" -> new RMSprop(first, d(kw, "lr", 1e-2), d(kw, "alpha", 0.99), d(kw, "eps", 1e-8),
                    d(kw, "weight_decay", 0), d(kw, "momentum", 0), b(kw, "centered"), b(kw, "maximize"));
            case "Adagrad" -> new Adagrad(first, d(kw, "lr", 1e-2), d(kw, "lr_decay", 0), d(kw, "weight_decay", 0),
                    d(kw, "initial_accumulator_value", 0), d(kw, "eps", 1e-10), b(kw, "maximize"));
            default -> throw new IllegalArgumentException(c.get("optimizer").asText());
        };
        ObjectMapper json = new ObjectMapper();
        json.convertValue(groups.get(0).get("options"), Map.class).forEach((k, v) -> opt.paramGroups().get(0).set((String) k, v));
        for (int g = 1; g < groups.size(); g++) {
            opt.addParamGroup(groupParams.get(g), json.convertValue(groups.get(g).get("options"), Map.class));
        }
        return opt;
    }

    static double d(JsonNode kw, String key, double dflt) {
        return kw.has(key) ? kw.get(key).asDouble() : dflt;
    }

    static boolean b(JsonNode kw, String key) {
        return kw.has(key) && kw.get(key).asBoolean();
    }

    static double beta(JsonNode kw, int i, double dflt) {
        return kw.has("betas") ? kw.get("betas").get(i).asDouble() : dflt;
    }
}
