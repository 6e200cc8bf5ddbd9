package layerlab.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.LossTarget;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.Registry;
import layerlab.loss.BCELoss;
import layerlab.loss.BCEWithLogitsLoss;
import layerlab.loss.CrossEntropyLoss;
import layerlab.loss.KLDivLoss;
import layerlab.loss.L1Loss;
import layerlab.loss.Loss;
import layerlab.loss.MSELoss;
import layerlab.loss.NLLLoss;
import layerlab.loss.Reduction;
import layerlab.loss.SmoothL1Loss;

/** A config's {@code "loss"} (for graphs without a loss node): a name and PyTorch's options. */
public final class Losses {
    private Losses() {
    }

    /**
     * The losses a config may name: the registry's loss kinds, those for class indices first, then amounts, binary targets
     * and distributions ({@link LossTarget}'s order: CrossEntropyLoss, NLLLoss, MSELoss, …), as the settings list them.
     */
    public static final List<String> NAMES = Registry.all().stream().filter(s -> s.category() == Category.LOSS)
            .sorted(Comparator.comparing(LayerSpec::lossTarget)).map(LayerSpec::kind).toList();

    static TrainingConfig.Component parse(Map<String, Object> m, String path) {
        String name = ConfigReader.choose(m.size() == 1 ? path : path + ".name", (String) m.get("name"), NAMES);
        ConfigReader r = new ConfigReader(m, path);
        Map<String, Object> o = new LinkedHashMap<>();
        // The keys are the loss node's params (its spec's), and the name.
        List<String> keys = new ArrayList<>(List.of("name"));
        for (ParamSpec p : Registry.get(name).params()) keys.add(p.name());
        r.onlyKeys(keys);
        // The loss node's reduction (its default and choices: KLDivLoss's 'batchmean'), less 'none': a run needs one number.
        ParamSpec reduction = Registry.get(name).param("reduction");
        o.put("reduction", r.choice("reduction", (String) reduction.defaultValue(),
                reduction.choices().stream().filter(c -> !c.equals("none")).toList()));
        if (keys.contains("label_smoothing")) {
            double ls = r.real("label_smoothing", 0.0, 0);
            if (ls > 1) throw new ConfigException(r.path("label_smoothing") + " must be in [0, 1], got " + ls);
            o.put("label_smoothing", ls);
        }
        if (keys.contains("ignore_index")) o.put("ignore_index", r.longValue("ignore_index", NLLLoss.DEFAULT_IGNORE_INDEX));
        if (keys.contains("beta")) o.put("beta", r.real("beta", 1.0, 0));
        if (keys.contains("log_target")) o.put("log_target", r.bool("log_target", false));
        return new TrainingConfig.Component(name, o);
    }

    public static Loss build(TrainingConfig.Component c) {
        Reduction red = Reduction.of((String) c.params().get("reduction"));
        return switch (c.name()) {
            case "CrossEntropyLoss" -> new CrossEntropyLoss(null, ((Number) c.params().get("ignore_index")).longValue(), red,
                    (float) c.real("label_smoothing"));
            case "NLLLoss" -> new NLLLoss(null, ((Number) c.params().get("ignore_index")).longValue(), red);
            case "MSELoss" -> new MSELoss(red);
            case "L1Loss" -> new L1Loss(red);
            case "SmoothL1Loss" -> new SmoothL1Loss(red, (float) c.real("beta"));
            case "BCELoss" -> new BCELoss(red);
            case "BCEWithLogitsLoss" -> new BCEWithLogitsLoss(red);
            case "KLDivLoss" -> new KLDivLoss(red, (Boolean) c.params().get("log_target"));
            default -> throw new IllegalStateException(c.name());
        };
    }
}
