package layerlab.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * Adam with L2 weight decay (added to the gradient) and optional AMSGrad, PyTorch's {@code torch.optim.Adam};
 * {@link AdamW} is the same update with decoupled weight decay.
 */
public class Adam extends Optimizer {
    private final boolean decoupled;

    public Adam(List<Parameter> params) {
        this(params, 1e-3);
    }

    public Adam(List<Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false, false);
    }

    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad, boolean maximize) {
        this(params, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, false);
    }

    Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
         boolean amsgrad, boolean maximize, boolean decoupled) {
        super(params, defaults(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize));
        this.decoupled = decoupled;
    }

    private static Map<String, Object> defaults(double lr, double beta1, double beta2, double eps, double weightDecay,
                                                boolean amsgrad, boolean maximize) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("betas", List.of(beta1, beta2));
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("amsgrad", amsgrad);
        d.put("maximize", maximize);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        requireAdamLike(g);
    }

    /** The group's parameters in one call of the backend's {@code adamForeach} (one launch per 8 on a GPU), same numbers. */
    @Override
    protected void updateGroup(ParamGroup g, List<Tensor> params, List<Tensor> grads, List<State> states) {
        if (!oneBackend(params)) {
            super.updateGroup(g, params, grads, states);
            return;
        }
        boolean amsgrad = g.getBoolean("amsgrad");
        List<Tensor> ms = new ArrayList<>(), vs = new ArrayList<>(), vmaxs = new ArrayList<>();
        int[] steps = new int[params.size()];
        for (int i = 0; i < params.size(); i++) {
            State state = states.get(i);
            Tensor param = params.get(i);
            ms.add(state.buffer("exp_avg", param));
            vs.add(state.buffer("exp_avg_sq", param));
            vmaxs.add(amsgrad ? state.buffer("max_exp_avg_sq", param) : null);
            steps[i] = (int) state.nextStep();
        }
        params.get(0).backend().optim().adamForeach(params, grads, ms, vs, vmaxs, g.lr(), g.getDouble("betas", 0),
                g.getDouble("betas", 1), g.getDouble("eps"), g.getDouble("weight_decay"), decoupled, steps,
                g.getBoolean("maximize"));
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        Tensor m = state.buffer("exp_avg", param), v = state.buffer("exp_avg_sq", param);
        Tensor vmax = g.getBoolean("amsgrad") ? state.buffer("max_exp_avg_sq", param) : null;
        int step = (int) state.nextStep();
        param.backend().optim().adam(param, grad, m, v, vmax, g.lr(), g.getDouble("betas", 0),
                g.getDouble("betas", 1), g.getDouble("eps"), g.getDouble("weight_decay"),
                decoupled, step, g.getBoolean("maximize"));
    }
}
