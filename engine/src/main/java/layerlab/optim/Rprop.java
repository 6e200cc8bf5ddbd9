package layerlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * Rprop, PyTorch's {@code torch.optim.Rprop}: each element moves by its own step size against the gradient's sign; the
 * size grows by {@code etas[1]} while the sign holds and shrinks by {@code etas[0]} when it flips (that step is then
 * skipped), kept within {@code step_sizes}. Sizes start at {@code lr}, so a schedule changing the rate later has no effect.
 */
public final class Rprop extends Optimizer {
    public Rprop(List<Parameter> params) {
        this(params, 1e-2, 0.5, 1.2, 1e-6, 50, false);
    }

    public Rprop(List<Parameter> params, double lr, double etaminus, double etaplus, double stepSizeMin, double stepSizeMax, boolean maximize) {
        super(params, defaults(lr, etaminus, etaplus, stepSizeMin, stepSizeMax, maximize));
    }

    private static Map<String, Object> defaults(double lr, double etaminus, double etaplus, double stepSizeMin, double stepSizeMax,
                                                boolean maximize) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("etas", List.of(etaminus, etaplus));
        d.put("step_sizes", List.of(stepSizeMin, stepSizeMax));
        d.put("maximize", maximize);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, "learning rate", g.lr());
        double minus = g.getDouble("etas", 0), plus = g.getDouble("etas", 1);
        if (!(0.0 < minus && minus < 1.0 && 1.0 < plus)) throw new IllegalArgumentException("Invalid eta values: " + minus + ", " + plus);
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        Tensor stepSize = state.buffer("step_size", param, (float) g.lr());
        state.nextStep();
        param.backend().optim().rprop(param, grad, state.buffer("prev", param), stepSize, (float) g.getDouble("etas", 0),
                (float) g.getDouble("etas", 1), (float) g.getDouble("step_sizes", 0), (float) g.getDouble("step_sizes", 1),
                g.getBoolean("maximize"));
    }
}
