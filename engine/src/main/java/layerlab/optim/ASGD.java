package layerlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * Averaged SGD, PyTorch's {@code torch.optim.ASGD}: SGD whose rate decays as {@code lr / (1 + lambd·lr·t)^alpha}, with
 * the parameter shrunk by {@code 1 - lambd·eta} each step, and a running average of the parameters ({@code ax}, from
 * step {@code t0} on) kept in the state; the model trains with the parameters themselves, as in torch.
 */
public final class ASGD extends Optimizer {
    public ASGD(List<Parameter> params) {
        this(params, 1e-2, 1e-4, 0.75, 1e6, 0, false);
    }

    public ASGD(List<Parameter> params, double lr, double lambd, double alpha, double t0, double weightDecay, boolean maximize) {
        super(params, defaults(lr, lambd, alpha, t0, weightDecay, maximize));
    }

    private static Map<String, Object> defaults(double lr, double lambd, double alpha, double t0, double weightDecay, boolean maximize) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("lambd", lambd);
        d.put("alpha", alpha);
        d.put("t0", t0);
        d.put("weight_decay", weightDecay);
        d.put("maximize", maximize);
        return d;
    }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, "learning rate", g.lr());
        require(g.getDouble("weight_decay") >= 0, "weight_decay value", g.getDouble("weight_decay"));
    }

    @Override
    protected void update(ParamGroup g, Tensor param, Tensor grad, State state) {
        double lr = g.lr(), lambd = g.getDouble("lambd");
        // eta and mu are float32 tensors in torch's state, read back as Python floats.
        float eta = (float) state.scalar("eta", (float) lr), mu = (float) state.scalar("mu", 1.0);
        long step = state.nextStep();
        param.backend().optim().asgd(param, grad, state.buffer("ax", param), (float) (1 - lambd * eta), eta, mu,
                (float) g.getDouble("weight_decay"), g.getBoolean("maximize"));
        state.setScalar("eta", (float) (lr / Math.pow(1 + lambd * lr * step, g.getDouble("alpha"))));
        state.setScalar("mu", (float) (1 / Math.max(1, step - g.getDouble("t0"))));
    }
}
