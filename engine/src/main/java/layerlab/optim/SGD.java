package layerlab.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
 * PyTorch's {@code torch.optim.SGD}. The momentum buffer starts as the first gradient (no dampening on step 1).
 */
public final class SGD extends Optimizer {
    public SGD(List<Parameter> params, double lr) {
        this(params, lr, 0, 0, 0, false, false);
    }

    public SGD(List<Parameter> params, double lr, double momentum) {
        this(params, lr, momentum, 0, 0, false, false);
    }

    public SGD(List<Parameter> params, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov, boolean maximize) {
        super(params, defaults(lr, momentum, dampening, weightDecay, nesterov, maximize));
    }

    private static Map<String, Object> defaults(double lr, double momentum, double dampening, double weightDecay,
                                                boolean nesterov, boolean maximize) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("momentum", momentum);
        d.put("dampening", dampening);
        d.put("weight_decay", weightDecay);
        d.put("nesterov", nesterov);
        d.put("maximize", maximize);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, "learning rate", g.lr());
        require(g.getDouble("momentum") >= 0, "momentum value", g.getDouble("momentum"));
        require(g.getDouble("weight_decay") >= 0, "weight_decay value", g.getDouble("weight_decay"));
        if (g.getBoolean("nesterov") && (g.getDouble("momentum") <= 0 || g.getDouble("dampening") != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
    }

    /** The group's parameters in one call of the backend's {@code sgdForeach} (one launch per 8 on a GPU), same numbers. */
    @Override
    protected void updateGroup(ParamGroup g, List<Tensor> params, List<Tensor> grads, List<State> states) {
        if (!oneBackend(params)) {
            super.updateGroup(g, params, grads, states);
            return;
        }
        double momentum = g.getDouble("momentum");
        List<Tensor> bufs = new ArrayList<>();
        boolean[] firstStep = new boolean[params.size()];
        for (int i = 0; i < params.size(); i++) {
            firstStep[i] = !states.get(i).has("momentum_buffer");
            bufs.add(momentum != 0 ? states.get(i).buffer("momentum_buffer", params.get(i)) : null);
        }
        params.get(0).backend().optim().sgdForeach(params, grads, bufs, g.lr(), momentum, g.getDouble("dampening"),
                g.getDouble("weight_decay"), g.getBoolean("nesterov"), firstStep, g.getBoolean("maximize"));
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        double momentum = g.getDouble("momentum");
        boolean firstStep = !state.has("momentum_buffer");
        Tensor buf = momentum != 0 ? state.buffer("momentum_buffer", param) : null;
        param.backend().optim().sgd(param, grad, buf, g.lr(), momentum, g.getDouble("dampening"), g.getDouble("weight_decay"), g.getBoolean("nesterov"), firstStep, g.getBoolean("maximize"));
    }
}
