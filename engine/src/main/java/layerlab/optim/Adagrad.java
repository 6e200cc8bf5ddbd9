package layerlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * Adagrad, PyTorch's {@code torch.optim.Adagrad}: each element's step shrinks with its accumulated squared
 * gradients (starting at {@code initial_accumulator_value}); the rate itself decays as {@code lr / (1 + (t-1)·lr_decay)}.
 */
public final class Adagrad extends Optimizer {
    public Adagrad(List<Parameter> params) {
        this(params, 1e-2);
    }

    public Adagrad(List<Parameter> params, double lr) {
        this(params, lr, 0, 0, 0, 1e-10, false);
    }

    public Adagrad(List<Parameter> params, double lr, double lrDecay, double weightDecay, double initialAccumulatorValue,
                   double eps, boolean maximize) {
        super(params, defaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize));
    }

    private static Map<String, Object> defaults(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue,
                                                double eps, boolean maximize) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("lr_decay", lrDecay);
        d.put("weight_decay", weightDecay);
        d.put("initial_accumulator_value", initialAccumulatorValue);
        d.put("eps", eps);
        d.put("maximize", maximize);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, "learning rate", g.lr());
        require(g.getDouble("lr_decay") >= 0, "lr_decay value", g.getDouble("lr_decay"));
        require(g.getDouble("weight_decay") >= 0, "weight_decay value", g.getDouble("weight_decay"));
        require(g.getDouble("initial_accumulator_value") >= 0, "initial_accumulator_value value", g.getDouble("initial_accumulator_value"));
        require(g.getDouble("eps") >= 0, "epsilon value", g.getDouble("eps"));
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        Tensor sum = state.buffer("sum", param, (float) g.getDouble("initial_accumulator_value"));
        long step = state.nextStep();
        // The decayed rate in double, as PyTorch computes it in Python before handing it to the kernel.
        double clr = g.lr() / (1 + (step - 1) * g.getDouble("lr_decay"));
        param.backend().optim().adagrad(param, grad, sum, clr, g.getDouble("weight_decay"), g.getDouble("eps"), g.getBoolean("maximize"));
    }
}
