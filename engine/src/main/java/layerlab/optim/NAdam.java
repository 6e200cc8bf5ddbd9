package layerlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * NAdam, PyTorch 1.13's {@code torch.optim.NAdam}: Adam with Nesterov momentum, whose momentum coefficient
 * {@code mu_t = β1·(1 - 0.5·0.96^(t·momentum_decay))} warms up over the steps; L2 weight decay is added to the gradient.
 * 1.13 has no {@code maximize} here (torch 2.0 added it), so neither has LayerLab's.
 */
public final class NAdam extends Optimizer {
    public NAdam(List<Parameter> params) {
        this(params, 2e-3, 0.9, 0.999, 1e-8, 0, 4e-3);
    }

    public NAdam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay) {
        super(params, defaults(lr, beta1, beta2, eps, weightDecay, momentumDecay));
    }

    private static Map<String, Object> defaults(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("betas", List.of(beta1, beta2));
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("momentum_decay", momentumDecay);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        requireAdamLike(g);
        require(g.getDouble("momentum_decay") >= 0, "momentum_decay value", g.getDouble("momentum_decay"));
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        double lr = g.lr(), beta1 = g.getDouble("betas", 0), beta2 = g.getDouble("betas", 1), decay = g.getDouble("momentum_decay");
        long step = state.nextStep();
        double bc2 = 1 - Math.pow(beta2, step);
        double mu = beta1 * (1. - 0.5 * Math.pow(0.96, step * decay));
        double muNext = beta1 * (1. - 0.5 * Math.pow(0.96, (step + 1) * decay));
        // mu_product is a float32 tensor in torch, multiplied by Python floats (rounded to float32 first).
        float muProduct = (float) state.scalar("mu_product", 1.0) * (float) mu;
        state.setScalar("mu_product", muProduct);
        // torch 1.13 multiplies by mu a second time here (mu_product already holds it; fixed in 2.0): its numbers, kept.
        float muProductNext = muProduct * (float) mu * (float) muNext;
        double gradCoef = -lr * (1. - mu) / (1. - muProduct), avgCoef = -lr * muNext / (1. - muProductNext);
        param.backend().optim().nadam(param, grad, state.buffer("exp_avg", param), state.buffer("exp_avg_sq", param), beta1,
                beta2, (float) g.getDouble("eps"), (float) g.getDouble("weight_decay"), (float) bc2, (float) gradCoef, (float) avgCoef);
    }
}
