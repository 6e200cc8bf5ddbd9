package layerlab.optim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.autograd.Autograd;
import layerlab.backend.OptimKernels;
import layerlab.nn.Parameter;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code torch.optim.Optimizer}: parameter groups with their own hyper-parameters, per-parameter
 * state created on the first step, {@link #step()} and {@link #zeroGrad()}. Subclasses define the defaults,
 * their checks and the update of one parameter, which runs on the parameter's device through the fused
 * {@link OptimKernels}; the parameter's tensor is updated in place, so layers keep their references.
 */
public abstract class Optimizer {
    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    private final Map<Parameter, State> state = new IdentityHashMap<>();

    protected Optimizer(List<Parameter> params, Map<String, ?> defaults) {
        Map<String, Object> d = new LinkedHashMap<>();
        defaults.forEach((k, v) -> d.put(k, ParamGroup.normalise(k, v)));
        this.defaults = Collections.unmodifiableMap(d);
        addParamGroup(params, Map.of());
    }

    /**
     * Adds a group of parameters trained with {@code options} overriding this optimiser's defaults
     * (PyTorch's {@code add_param_group}, or a dict in the constructor's list), e.g. {@code Map.of("lr", 0.01)}.
     */
    public final void addParamGroup(List<Parameter> params, Map<String, ?> options) {
        if (params.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        for (String key : options.keySet()) {
            if (!defaults.containsKey(key) && !key.equals("initial_lr")) {
                throw new IllegalArgumentException(name() + " has no option '" + key + "'; it has " + defaults.keySet());
            }
        }
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : paramGroups) seen.addAll(g.params());
        for (Parameter p : params) {
            if (!seen.add(p)) throw new IllegalArgumentException("some parameters appear more than once in the parameter groups");
        }
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        options.forEach((k, v) -> merged.put(k, ParamGroup.normalise(k, v)));
        ParamGroup group = new ParamGroup(params, merged);
        validate(group);
        paramGroups.add(group);
    }

    /** Rejects invalid hyper-parameters with PyTorch's messages ("Invalid learning rate: -1.0"). */
    protected abstract void validate(ParamGroup group);

    /** Updates one parameter in place from its gradient; {@code state} is this parameter's, empty before its first step. */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, State state);

    /**
     * Updates a group's parameters that have gradients, in order: {@link #update} one by one unless an optimiser
     * overrides this to update several in one pass (PyTorch's {@code foreach}), which must give the same numbers.
     */
    protected void updateGroup(ParamGroup group, List<Tensor> params, List<Tensor> grads, List<State> states) {
        for (int i = 0; i < params.size(); i++) update(group, params.get(i), grads.get(i), states.get(i));
    }

    /** Whether all {@code params} lie on one backend (a foreach update needs it; otherwise one at a time). */
    protected static boolean oneBackend(List<Tensor> params) {
        for (Tensor p : params) {
            if (p.backend() != params.get(0).backend()) return false;
        }
        return true;
    }

    /** One optimisation step over every parameter that has a gradient (those without one are skipped, like PyTorch). */
    public void step() {
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (ParamGroup group : paramGroups) {
                List<Tensor> params = new ArrayList<>(), grads = new ArrayList<>();
                List<State> states = new ArrayList<>();
                for (Parameter p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Tensor data = p.data();
                    if (!grad.device().equals(data.device())) {
                        throw new IllegalStateException("gradient on " + grad.device() + " for a parameter on " + data.device());
                    }
                    params.add(data);
                    grads.add(grad.contiguous());
                    states.add(state.computeIfAbsent(p, k -> new State()));
                }
                if (!params.isEmpty()) updateGroup(group, params, grads, states);
            }
        }
    }

    /**
     * What {@link #step(Closure)} calls to evaluate the model again, as torch's {@code closure}: zero the gradients, compute
     * the loss, backpropagate it, return the loss.
     */
    @FunctionalInterface
    public interface Closure {
        double evaluate();
    }

    /**
     * One step given a closure that evaluates the model (torch's {@code step(closure)}): this evaluates it once, then
     * {@link #step()}s; {@link LBFGS} evaluates it as often as its iterations and line search ask. Returns the first
     * evaluation's loss, the loss at the parameters as they were.
     */
    public double step(Closure closure) {
        double loss = closure.evaluate();
        step();
        return loss;
    }

    /**
     * Drops every gradient (PyTorch 2's default, {@code zero_grad(set_to_none=True)}): the next backward writes fresh
     * ones instead of adding into zeroed buffers, a pass over every parameter less, and on a GPU a memset per parameter
     * less. A parameter that gets no gradient stays without one, and {@link #step()} skips it.
     */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /** With {@code setToNone}, drops the gradients; without, zeroes them in place (PyTorch 1's default). */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : paramGroups) {
            for (Parameter p : g.params()) {
                if (setToNone) {
                    StepMemory.Step step = StepMemory.current();
                    if (step != null) step.letGo(p.data().grad());
                    p.data().setGrad(null);
                } else {
                    p.zeroGrad();
                }
            }
        }
    }

    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    public Map<String, Object> defaults() {
        return defaults;
    }

    /** The learning rate of the first group. */
    public double getLr() {
        return getLr(0);
    }

    public double getLr(int group) {
        return paramGroups.get(group).lr();
    }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) {
        for (ParamGroup g : paramGroups) g.setLr(lr);
    }

    public void setLr(int group, double lr) {
        paramGroups.get(group).setLr(lr);
    }

    public String name() {
        return getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * The optimiser's state, flat, with PyTorch's {@code state_dict()} names: {@code state.<i>.<name>} (tensors such
     * as {@code exp_avg}, {@code step} as a Long, and one-number state such as NAdam's {@code mu_product} as a Double), where {@code i} numbers the parameters across groups in order,
     * and {@code param_groups.<g>.<option>} (numbers, booleans, pairs) with {@code param_groups.<g>.params} listing
     * the group's parameter numbers. Tensors are the live state, not copies: write them out before the next step.
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        int index = 0;
        for (ParamGroup g : paramGroups) {
            for (Parameter p : g.params()) {
                State s = state.get(p);
                if (s != null) {
                    if (s.step > 0) out.put("state." + index + ".step", s.step);
                    for (Map.Entry<String, Double> e : s.scalars.entrySet()) out.put("state." + index + "." + e.getKey(), e.getValue());
                    for (Map.Entry<String, Tensor> e : s.buffers.entrySet()) out.put("state." + index + "." + e.getKey(), e.getValue());
                }
                index++;
            }
        }
        index = 0;
        for (int gi = 0; gi < paramGroups.size(); gi++) {
            ParamGroup g = paramGroups.get(gi);
            for (Map.Entry<String, Object> e : g.options().entrySet()) out.put("param_groups." + gi + "." + e.getKey(), e.getValue());
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < g.params().size(); i++) ids.add(index++);
            out.put("param_groups." + gi + ".params", ids);
        }
        return out;
    }

    /**
     * Restores a {@link #stateDict()} taken from an optimiser of the same kind over parameters of the same shapes,
     * in the same groups. Tensors are copied onto each parameter's device; hyper-parameters are replaced.
     */
    public void loadStateDict(Map<String, ?> sd) {
        List<Parameter> flat = new ArrayList<>();
        for (ParamGroup g : paramGroups) flat.addAll(g.params());
        for (int gi = 0; gi < paramGroups.size(); gi++) {
            Object ids = sd.get("param_groups." + gi + ".params");
            if (!(ids instanceof List<?> l)) throw new IllegalArgumentException("loaded state dict has no parameter group " + gi);
            if (l.size() != paramGroups.get(gi).params().size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match the size of optimizer's group " + gi);
            }
        }
        if (sd.containsKey("param_groups." + paramGroups.size() + ".params")) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups");
        }
        Map<Parameter, State> loaded = new IdentityHashMap<>();
        Map<Integer, Map<String, Object>> groupOptions = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : sd.entrySet()) {
            String[] parts = e.getKey().split("\\.", 3);
            if (parts.length != 3) throw new IllegalArgumentException("unexpected key in optimizer state dict: " + e.getKey());
            int i = Integer.parseInt(parts[1]);
            switch (parts[0]) {
                case "state" -> {
                    if (i < 0 || i >= flat.size()) throw new IllegalArgumentException("state for parameter " + i + " but the optimizer has " + flat.size());
                    Parameter p = flat.get(i);
                    State s = loaded.computeIfAbsent(p, k -> new State());
                    if (parts[2].equals("step")) s.step = ((Number) e.getValue()).longValue();
                    else if (e.getValue() instanceof Number n) s.scalars.put(parts[2], n.doubleValue());
                    else {
                        Tensor t = (Tensor) e.getValue();
                        if (!java.util.Arrays.equals(t.shape(), p.shape())) {
                            throw new IllegalArgumentException("state " + e.getKey() + " has shape " + t.shapeString() + " but the parameter has " + p.data().shapeString());
                        }
                        s.buffers.put(parts[2], Tensor.zeros(p.data().device(), p.shape()).copy_(t));
                    }
                }
                case "param_groups" -> {
                    if (!parts[2].equals("params")) groupOptions.computeIfAbsent(i, k -> new LinkedHashMap<>()).put(parts[2], e.getValue());
                }
                default -> throw new IllegalArgumentException("unexpected key in optimizer state dict: " + e.getKey());
            }
        }
        groupOptions.forEach((gi, opts) -> opts.forEach((k, v) -> paramGroups.get(gi).set(k, v)));
        state.clear();
        state.putAll(loaded);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name()).append(" (");
        for (int i = 0; i < paramGroups.size(); i++) {
            sb.append("\nParameter Group ").append(i);
            for (Map.Entry<String, Object> e : paramGroups.get(i).options().entrySet()) {
                sb.append("\n    ").append(e.getKey()).append(": ").append(repr(e.getValue()));
            }
        }
        return sb.append("\n)").toString();
    }

    /** Python's way of printing an option: {@code 0}, {@code 0.001}, {@code 1e-08}, {@code True}, {@code (0.9, 0.999)}. */
    private static String repr(Object v) {
        if (v == null) return "None";
        if (v instanceof String s) return "'" + s + "'";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Double d) return pyFloat(d);
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(repr(x));
            return "(" + String.join(", ", parts) + ")";
        }
        return String.valueOf(v);
    }

    /** Whole numbers as ints (PyTorch's defaults such as {@code weight_decay=0} are ints); others like {@code repr(float)}. */
    private static String pyFloat(double x) {
        if (!Double.isFinite(x)) return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        if (x == Math.rint(x) && Math.abs(x) < 1e16) return Long.toString((long) x);
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int point = digits.length() - d.scale(); // |x| = 0.<digits> × 10^point
        String sign = x < 0 ? "-" : "";
        if (point > -4 && point <= 16) {
            if (point <= 0) return sign + "0." + "0".repeat(-point) + digits;
            return sign + digits.substring(0, point) + "." + digits.substring(point);
        }
        int exp = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /**
     * The state of one parameter: a step count, named buffers on the parameter's device, and named numbers (the
     * one-element tensors of PyTorch's state, such as NAdam's {@code mu_product} or ASGD's {@code eta}, kept on the host
     * because the update reads them as Python floats).
     */
    public static final class State {
        private long step;
        private final Map<String, Tensor> buffers = new LinkedHashMap<>();
        private final Map<String, Double> scalars = new LinkedHashMap<>();

        /** The named number, {@code init} before it is first set. */
        public double scalar(String name, double init) {
            return scalars.getOrDefault(name, init);
        }

        public void setScalar(String name, double value) {
            scalars.put(name, value);
        }

        /** Counts one more step and returns the new count (the {@code t} of bias corrections). */
        public long nextStep() {
            return ++step;
        }

        public long step() {
            return step;
        }

        public boolean has(String name) {
            return buffers.containsKey(name);
        }

        /** The named buffer, created filled with {@code init} on {@code like}'s device on first use. */
        public Tensor buffer(String name, Tensor like, float init) {
            Tensor b = buffers.get(name);
            if (b != null && !b.device().equals(like.device())) {
                // The model moved to another device after this state was made (Module.to): follow it.
                b = b.to(like.device());
                buffers.put(name, b);
            }
            if (b == null) {
                b = Tensor.zeros(like.device(), like.shape());
                if (init != 0f) b.fill_(init);
                buffers.put(name, b);
            }
            return b;
        }

        public Tensor buffer(String name, Tensor like) {
            return buffer(name, like, 0f);
        }
    }

    /**
     * The checks of Adam's family (Adam, AdamW, NAdam, RAdam, Adamax), in torch's words: a rate, eps and weight_decay of at
     * least 0, each of the two betas in [0, 1).
     */
    static void requireAdamLike(ParamGroup g) {
        require(g.lr() >= 0, "learning rate", g.lr());
        require(g.getDouble("eps") >= 0, "epsilon value", g.getDouble("eps"));
        double b1 = g.getDouble("betas", 0), b2 = g.getDouble("betas", 1);
        require(b1 >= 0 && b1 < 1, "beta parameter at index 0", b1);
        require(b2 >= 0 && b2 < 1, "beta parameter at index 1", b2);
        require(g.getDouble("weight_decay") >= 0, "weight_decay value", g.getDouble("weight_decay"));
    }

    static void require(boolean ok, String what, double value) {
        if (!ok) throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
}
