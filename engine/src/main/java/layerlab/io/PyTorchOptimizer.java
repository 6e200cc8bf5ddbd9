package layerlab.io;

import static layerlab.io.PyLiterals.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import layerlab.optim.EpochExpression;
import layerlab.train.OptimizerFactory;
import layerlab.train.TrainingConfig;

/**
 * The exported script's {@code make_optimizer} and {@code make_scheduler}: the project's optimiser (over its param_groups
 * where it has them) and learning-rate schedule as torch's constructors, writing only the options that differ from
 * LayerLab's defaults.
 */
final class PyTorchOptimizer {
    private PyTorchOptimizer() {
    }

    /**
     * {@code make_optimizer} and {@code make_scheduler} for {@code c}, appended to {@code sb}: the schedule is said to step
     * after every batch ({@code perBatch}), after every epoch on a metric ({@code plateau}), or after every epoch.
     */
    static void append(StringBuilder sb, TrainingConfig c, boolean perBatch, boolean plateau) {
        TrainingConfig.Component sched = c.scheduler();
        String optimizerKwargs = kwargs(c.optimizer().params(), defaults(c.optimizer().name()), List.of("lr"));
        if (c.paramGroups().isEmpty()) {
            sb.append("\n\n").append("""
                    def make_optimizer(model):
                        \"""The project's optimiser over the model's parameters (a frozen layer's get no gradient and stay as they are).\"""
                        return torch.optim.%s(model.parameters()%s)
                    """.formatted(c.optimizer().name(), optimizerKwargs));
        } else {
            List<String> groups = new ArrayList<>();
            for (Map<String, Object> g : c.paramGroups().groups()) {
                List<String> items = new ArrayList<>();
                g.forEach((k, v) -> items.add("\"" + k + "\": " + value(v)));
                groups.add("{" + String.join(", ", items) + "}");
            }
            sb.append("PARAM_GROUPS = [").append(String.join(",\n                ", groups))
                    .append("]  # the project's param_groups: parameter names (* for any characters) and their options\n");
            sb.append("\n\n").append("""
                    def make_optimizer(model):
                        \"""The project's optimiser over the model's parameters in PARAM_GROUPS: first those no group names, with the optimiser's
                        options, then each group's (a frozen layer's get no gradient and stay as they are).\"""
                        def named(pattern, name):
                            parts = pattern.split("*")
                            if len(parts) == 1:
                                return name == pattern
                            if len(name) < len(parts[0]) + len(parts[-1]) or not (name.startswith(parts[0]) and name.endswith(parts[-1])):
                                return False
                            at, end = len(parts[0]), len(name) - len(parts[-1])
                            for part in parts[1:-1]:
                                at = name.find(part, at, end)
                                if at < 0:
                                    return False
                                at += len(part)
                            return True

                        def taken(name, group):
                            return any(named(pattern, name) for pattern in group["params"])

                        params = list(model.named_parameters())
                        groups = [{"params": [p for n, p in params if not any(taken(n, g) for g in PARAM_GROUPS)]}]
                        groups += [dict(g, params=[p for n, p in params if taken(n, g)]) for g in PARAM_GROUPS]
                        return torch.optim.%s(groups%s)
                    """.formatted(c.optimizer().name(), optimizerKwargs));
        }
        String schedule = sched == null ? "None" : scheduler(sched, c.epochs());
        sb.append("\n\n").append("""
                def make_scheduler(optimizer, steps_per_epoch, epochs=EPOCHS):
                    \"""The project's learning-rate schedule, %s\"""
                %s    return %s
                """.formatted(sched == null ? "none: the rate stays as set." : perBatch ? "stepped after every batch." : plateau
                ? "stepped after every epoch with " + PyTorchPlateau.said(c.plateauMetric()) + "." : "stepped after every epoch.",
                schedule.contains("math.") ? "    import math  # the functions of lr_lambda\n" : "", schedule));
    }

    /** The options LayerLab fills in when a project names only the optimiser. */
    private static Map<String, Object> defaults(String optimizer) {
        return TrainingConfig.fromMap(Map.of("optimizer", optimizer)).optimizer().params();
    }

    /**
     * A scheduler's constructor call on {@code optimizer}. A CosineAnnealingLR whose T_max is the run's {@code epochs} (LayerLab's
     * default, filled in when the project sets none) is written as {@code T_max=epochs}, so that {@code --epochs N} anneals over
     * the N epochs, as {@code layerlab train --epochs N} does, rather than restarting the cosine every EPOCHS epochs.
     */
    static String scheduler(TrainingConfig.Component s, int epochs) {
        Map<String, Object> o = s.params();
        String prefix = "torch.optim.lr_scheduler.";
        if (s.name().equals("SequentialLR") || s.name().equals("ChainedScheduler")) {
            List<String> parts = new ArrayList<>();
            for (Object p : (List<?>) o.get("schedulers")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> pm = new java.util.LinkedHashMap<>((Map<String, Object>) p);
                String name = (String) pm.remove("name");
                parts.add(scheduler(new TrainingConfig.Component(name, pm), epochs));
            }
            if (s.name().equals("ChainedScheduler")) return prefix + "ChainedScheduler([\n        " + String.join(",\n        ", parts) + "])";
            return prefix + "SequentialLR(optimizer, schedulers=[\n        " + String.join(",\n        ", parts) + "],\n        milestones="
                    + value(o.get("milestones")) + ")";
        }
        if (s.name().equals("LambdaLR") || s.name().equals("MultiplicativeLR")) {
            // The project's lr_lambda is an expression of epoch in Python's own syntax: the lambda torch users write.
            return prefix + s.name() + "(optimizer, lr_lambda=lambda epoch: " + EpochExpression.parse((String) o.get("lr_lambda")).toPython() + ")";
        }
        Map<String, Object> d = OptimizerFactory.schedulerOptions(s.name(), 0);
        if (s.name().equals("ReduceLROnPlateau")) {
            // What step() is given, not an option of torch's constructor (PyTorchPlateau writes the step).
            o = new java.util.LinkedHashMap<>(o);
            o.remove("metric");
        }
        String extra = "";
        // LayerLab's defaults that PyTorch lacks: CosineAnnealingLR's T_max is the run's epochs; OneCycleLR's cycle spans the run.
        List<String> always = new ArrayList<>(List.of("T_max"));
        if (s.name().equals("OneCycleLR") && o.get("total_steps") == null && o.get("epochs") == null) extra = ", total_steps=epochs * steps_per_epoch";
        if (s.name().equals("CosineAnnealingLR") && o.get("T_max") instanceof Number t && t.intValue() == epochs) {
            Map<String, Object> rest = new java.util.LinkedHashMap<>(o);
            rest.remove("T_max");
            return prefix + s.name() + "(optimizer, T_max=epochs" + kwargs(rest, d, List.of()) + ")";
        }
        return prefix + s.name() + "(optimizer" + kwargs(o, d, always) + extra + ")";
    }

    /** {@code , key=value} for each option set (not null) that differs from {@code defaults} or is in {@code always}. */
    private static String kwargs(Map<String, Object> options, Map<String, Object> defaults, List<String> always) {
        StringBuilder sb = new StringBuilder();
        options.forEach((k, v) -> {
            if (v == null) return;
            if (k.equals("scale_fn") && v instanceof String text) {
                // CyclicLR's scale_fn, an expression of x in Python's own syntax: the function torch users write.
                sb.append(", scale_fn=lambda x: ").append(EpochExpression.parse(text, "x", "a scale_fn").toPython());
                return;
            }
            if (always.contains(k) || !defaults.containsKey(k) || defaults.get(k) == null || !same(v, defaults.get(k))) {
                sb.append(", ").append(k).append('=').append(value(v));
            }
        });
        return sb.toString();
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
            return true;
        }
        return Objects.equals(a, b);
    }
}
