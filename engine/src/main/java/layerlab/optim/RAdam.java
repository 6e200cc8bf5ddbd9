package layerlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * RAdam, PyTorch 1.13's {@code torch.optim.RAdam}: Adam whose adaptive step is switched on, and rectified, only once
 * the variance estimate is trustworthy (the approximated SMA length {@code rho_t} above 5); before that a plain
 * bias-corrected momentum step. L2 weight decay is added to the gradient; 1.13 has no {@code maximize} here.
 */
public final class RAdam extends Optimizer {
    public RAdam(List<Parameter> params) {
        this(params, 1e-3, 0.9, 0.999, 1e-8, 0);
    }

    public RAdam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, defaults(lr, beta1, beta2, eps, weightDecay));
    }

    private static Map<String, Object> defaults(double lr, double beta1, double beta2, double eps, double weightDecay) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("betas", List.of(beta1, beta2));
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        requireAdamLike(g);
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        double beta1 = g.getDouble("betas", 0), beta2 = g.getDouble("betas", 1);
        long step = state.nextStep();
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * step * Math.pow(beta2, step) / bc2;
        double rect = rhoT > 5. ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        param.backend().optim().radam(param, grad, state.buffer("exp_avg", param), state.buffer("exp_avg_sq", param), (float) g.lr(),
                beta1, beta2, (float) g.getDouble("eps"), (float) g.getDouble("weight_decay"), (float) bc1,
                (float) Math.sqrt(bc2), (float) rect);
    }
}
