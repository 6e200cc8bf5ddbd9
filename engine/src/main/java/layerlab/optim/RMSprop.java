package layerlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * RMSprop, PyTorch's {@code torch.optim.RMSprop}: a running mean of squared gradients ({@code alpha}), optionally
 * centered (minus the squared running mean of gradients), with optional momentum and L2 weight decay.
 */
public final class RMSprop extends Optimizer {
    public RMSprop(List<Parameter> params) {
        this(params, 1e-2);
    }

    public RMSprop(List<Parameter> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0, 0, false, false);
    }

    public RMSprop(List<Parameter> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered, boolean maximize) {
        super(params, defaults(lr, alpha, eps, weightDecay, momentum, centered, maximize));
    }

    private static Map<String, Object> defaults(double lr, double alpha, double eps, double weightDecay, double momentum,
                                                boolean centered, boolean maximize) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("alpha", alpha);
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("momentum", momentum);
        d.put("centered", centered);
        d.put("maximize", maximize);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, "learning rate", g.lr());
        require(g.getDouble("eps") >= 0, "epsilon value", g.getDouble("eps"));
        require(g.getDouble("momentum") >= 0, "momentum value", g.getDouble("momentum"));
        require(g.getDouble("weight_decay") >= 0, "weight_decay value", g.getDouble("weight_decay"));
        require(g.getDouble("alpha") >= 0, "alpha value", g.getDouble("alpha"));
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        state.nextStep();
        double momentum = g.getDouble("momentum");
        Tensor squareAvg = state.buffer("square_avg", param);
        Tensor buf = momentum > 0 ? state.buffer("momentum_buffer", param) : null;
        Tensor gradAvg = g.getBoolean("centered") ? state.buffer("grad_avg", param) : null;
        param.backend().optim().rmsprop(param, grad, squareAvg, gradAvg, buf, g.lr(), g.getDouble("alpha"),
                g.getDouble("eps"), g.getDouble("weight_decay"), momentum, g.getBoolean("maximize"));
    }
}
