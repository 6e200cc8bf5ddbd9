package layerlab.loss;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import layerlab.nn.Module;
import layerlab.tensor.Tensor;
import layerlab.testing.ModuleParity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss against PyTorch, each reduction, with ignore_index, label smoothing, class weights,
 * probability targets, pos_weight, probabilities at 0 and 1 and extreme logits: output, the input's
 * gradient and the target's where PyTorch defines one.
 */
class LossParityTest {
    static List<String> cases() {
        return ModuleParity.cases("losses");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        ModuleParity.check(name, (fx, state) -> build(fx.json().get("kind").asText(), fx.json().get("args"), state));
    }

    /** The loss PyTorch built, from the same arguments; class weights come from its state dict. */
    static Module build(String kind, JsonNode a, Map<String, Tensor> state) {
        Reduction r = Reduction.of(a.path("reduction").asText("mean"));
        Tensor weight = state.get("weight");
        long ignoreIndex = a.path("ignore_index").asLong(NLLLoss.DEFAULT_IGNORE_INDEX);
        return switch (kind) {
            case "MSELoss" -> new MSELoss(r);
            case "L1Loss" -> new L1Loss(r);
            case "SmoothL1Loss" -> new SmoothL1Loss(r, (float) a.get("beta").asDouble());
            case "CrossEntropyLoss" -> new CrossEntropyLoss(weight, ignoreIndex, r, (float) a.path("label_smoothing").asDouble(0));
            case "NLLLoss" -> new NLLLoss(weight, ignoreIndex, r);
            case "BCELoss" -> new BCELoss(weight, r);
            case "BCEWithLogitsLoss" -> new BCEWithLogitsLoss(weight, r, state.get("pos_weight"));
            case "KLDivLoss" -> new KLDivLoss(r, a.path("log_target").asBoolean(false));
            default -> throw new IllegalArgumentException("no loss " + kind);
        };
    }
}
