package layerlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * Adamax, PyTorch's {@code torch.optim.Adamax}: Adam with the infinity norm, each element's step divided by a decaying
 * running maximum of the gradient's magnitude ({@code exp_inf}) instead of a root mean square.
 */
public final class Adamax extends Optimizer {
    public Adamax(List<Parameter> params) {
        this(params, 2e-3, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adamax(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize) {
        super(params, defaults(lr, beta1, beta2, eps, weightDecay, maximize));
    }

    private static Map<String, Object> defaults(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("betas", List.of(beta1, beta2));
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("maximize", maximize);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        requireAdamLike(g);
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        double beta1 = g.getDouble("betas", 0);
        long step = state.nextStep();
        double clr = g.lr() / (1 - Math.pow(beta1, step));
        param.backend().optim().adamax(param, grad, state.buffer("exp_avg", param), state.buffer("exp_inf", param), (float) clr,
                beta1, g.getDouble("betas", 1), (float) g.getDouble("eps"), (float) g.getDouble("weight_decay"),
                g.getBoolean("maximize"));
    }
}
