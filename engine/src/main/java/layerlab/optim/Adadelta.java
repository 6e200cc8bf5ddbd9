package layerlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * Adadelta, PyTorch's {@code torch.optim.Adadelta}: each element's step is the ratio of two running root mean squares,
 * of past steps and of gradients ({@code rho}), so it needs no rate of its own; {@code lr} (1.0 by default) scales it.
 */
public final class Adadelta extends Optimizer {
    public Adadelta(List<Parameter> params) {
        this(params, 1.0, 0.9, 1e-6, 0, false);
    }

    public Adadelta(List<Parameter> params, double lr, double rho, double eps, double weightDecay, boolean maximize) {
        super(params, defaults(lr, rho, eps, weightDecay, maximize));
    }

    private static Map<String, Object> defaults(double lr, double rho, double eps, double weightDecay, boolean maximize) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("rho", rho);
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("maximize", maximize);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, "learning rate", g.lr());
        require(g.getDouble("rho") >= 0 && g.getDouble("rho") <= 1, "rho value", g.getDouble("rho"));
        require(g.getDouble("eps") >= 0, "epsilon value", g.getDouble("eps"));
        require(g.getDouble("weight_decay") >= 0, "weight_decay value", g.getDouble("weight_decay"));
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        state.nextStep();
        param.backend().optim().adadelta(param, grad, state.buffer("square_avg", param), state.buffer("acc_delta", param), (float) g.lr(),
                g.getDouble("rho"), (float) g.getDouble("eps"), (float) g.getDouble("weight_decay"), g.getBoolean("maximize"));
    }
}
