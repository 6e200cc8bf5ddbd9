package layerlab.ui.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the training form writes for a scheduler picked from its list (TrainingPanel's helper). */
final class SchedulerPicks {
    private SchedulerPicks() {
    }

    /**
     * A scheduler as the form writes it when picked: one that needs an option gets a start to edit (PyTorch has no
     * default for it), so the pick is a schedule that trains: StepLR every third of the run, MultiStepLR at its half and
     * three quarters, ExponentialLR 0.9, CosineAnnealingWarmRestarts a quarter of the run, OneCycleLR peaking at the
     * optimiser's rate {@code lr}, SequentialLR a warm-up then a cosine, CyclicLR between a tenth of {@code lr} and
     * {@code lr} (its momentum left alone: torch 1.13 cycles only SGD's and RMSprop's, and the pick must train with any
     * optimiser), ChainedScheduler a short ConstantLR warm-up together with ExponentialLR 0.9, LambdaLR {@code 0.95 ** epoch} and
     * MultiplicativeLR 0.95 (both ExponentialLR 0.95's rates, to edit into the schedule wanted).
     */
    static Object picked(String name, int epochs, double lr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        switch (name) {
            case "none" -> {
                return "none";
            }
            case "StepLR" -> m.put("step_size", Math.max(1, epochs / 3));
            case "MultiStepLR" -> m.put("milestones", List.of(Math.max(1, epochs / 2), Math.max(2, epochs * 3 / 4)));
            case "ExponentialLR" -> m.put("gamma", 0.9);
            case "CosineAnnealingWarmRestarts" -> m.put("T_0", Math.max(1, epochs / 4));
            case "OneCycleLR" -> m.put("max_lr", lr > 0 ? lr : 0.01);
            case "SequentialLR" -> {
                return warmUpThenCosine(epochs);
            }
            case "CyclicLR" -> {
                double top = lr > 0 ? lr : 0.01;
                m.put("base_lr", top / 10);
                m.put("max_lr", top);
                m.put("cycle_momentum", false);
            }
            case "LambdaLR" -> m.put("lr_lambda", "0.95 ** epoch");
            case "MultiplicativeLR" -> m.put("lr_lambda", "0.95");
            case "ChainedScheduler" -> m.put("schedulers", List.of(Map.of("name", "ConstantLR", "factor", 0.1, "total_iters", Math.max(1, Math.min(5, epochs / 5))),
                    Map.of("name", "ExponentialLR", "gamma", 0.9)));
            default -> { }
        }
        return m;
    }

    /**
     * SequentialLR as the form first writes it, the usual warm-up: LinearLR from a tenth of the rate over the first fifth
     * of the epochs (1 to 5), then CosineAnnealingLR over the rest. Each part's options are then fields of their own.
     */
    static Map<String, Object> warmUpThenCosine(int epochs) {
        int warm = Math.max(1, Math.min(5, epochs / 5));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "SequentialLR");
        m.put("schedulers", List.of(Map.of("name", "LinearLR", "start_factor", 0.1, "total_iters", warm),
                Map.of("name", "CosineAnnealingLR", "T_max", Math.max(1, epochs - warm))));
        m.put("milestones", List.of(warm));
        return m;
    }
}
