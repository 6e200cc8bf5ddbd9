package layerlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.tensor.Device;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * The base of every layer, PyTorch's {@code nn.Module}: named parameters, buffers and child modules in
 * registration order, dotted state-dict keys, train/eval mode, and a printed form like PyTorch's repr.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The forward pass for single-input modules. */
    public abstract Tensor forward(Tensor input);

    /** The forward pass for any number of inputs; single-input modules need not override it. */
    public Tensor forward(Tensor... inputs) {
        if (inputs.length != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes 1 input, got " + inputs.length);
        }
        return forward(inputs[0]);
    }

    protected final Parameter registerParameter(String name, Tensor value) {
        checkName(name);
        Parameter p = new Parameter(value);
        parameters.put(name, p);
        return p;
    }

    protected final Buffer registerBuffer(String name, Tensor value) {
        return registerBuffer(name, value, false);
    }

    /** A buffer; with {@code host}, one that stays on the CPU when the module moves (see {@link Buffer}). */
    protected final Buffer registerBuffer(String name, Tensor value, boolean host) {
        checkName(name);
        Buffer b = new Buffer(value, host);
        buffers.put(name, b);
        return b;
    }

    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException("invalid name '" + name + "'");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already registered");
        }
    }

    /** Direct children in registration order. */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** Every parameter of this module and its descendants, with dotted names ({@code layer1.weight}). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    private void collectParameters(String prefix, Map<String, Parameter> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, m) -> m.collectParameters(prefix + n + ".", out));
    }

    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    public Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Buffer> out) {
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, m) -> m.collectBuffers(prefix + n + ".", out));
    }

    /**
     * What this module keeps from one training step to the next: its parameters, their gradients and its buffers (the
     * survivors a {@link layerlab.tensor.StepMemory.Step} is ended with).
     */
    public List<Tensor> heldTensors() {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : parameters()) {
            out.add(p.data());
            if (p.data().grad() != null) out.add(p.data().grad());
        }
        for (Buffer b : namedBuffers().values()) out.add(b.data());
        return out;
    }

    /** Parameters and buffers by dotted key, in PyTorch's {@code state_dict} order (per module: params, then buffers). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p.data().detach()));
        buffers.forEach((n, b) -> out.put(prefix + n, b.data()));
        children.forEach((n, m) -> m.collectState(prefix + n + ".", out));
    }

    /**
     * Copies matching tensors into this module's parameters and buffers. With {@code strict}, any missing,
     * unexpected or wrong-shape key is an error listing all of them; otherwise they are reported.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        return loadStateDict(state, strict, false);
    }

    /**
     * {@link #loadStateDict(Map, boolean)}; with {@code assign}, PyTorch's {@code assign=True}: the matching tensors
     * themselves become the parameters and buffers (where their device and dtype already fit), not copies, so that a
     * model loaded from a file holds its weights once. The caller hands them over: nothing else may write them.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict, boolean assign) {
        Map<String, Parameter> ps = namedParameters();
        Map<String, Buffer> bs = namedBuffers();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String key : state.keySet()) if (!ps.containsKey(key) && !bs.containsKey(key)) unexpected.add(key);
        Map<String, int[]> own = new LinkedHashMap<>();
        ps.forEach((k, p) -> own.put(k, p.shape()));
        bs.forEach((k, b) -> own.put(k, b.data().shape()));
        for (var e : own.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t == null) missing.add(e.getKey());
            else if (!Arrays.equals(t.shape(), e.getValue())) {
                mismatched.add(e.getKey() + ": checkpoint has " + t.shapeString() + ", model has "
                        + Arrays.toString(e.getValue()).replace('[', '(').replace(']', ')'));
            }
        }
        LoadResult result = new LoadResult(missing, unexpected, mismatched);
        if (strict && !result.isClean()) throw new IllegalArgumentException("Error(s) in loading state_dict: " + result);
        for (var e : ps.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t != null && !mismatched.contains(e.getKey()) && Arrays.equals(t.shape(), e.getValue().shape())) {
                Tensor moved = t.to(e.getValue().data().device());
                e.getValue().set(assign ? moved : moved.copy());
            }
        }
        for (var e : bs.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t != null && Arrays.equals(t.shape(), e.getValue().data().shape())) {
                Tensor target = e.getValue().data();
                Tensor moved = t.toDType(target.dtype()).to(target.device());
                e.getValue().set(assign ? moved : moved.copy());
            }
        }
        return result;
    }

    public Module train(boolean mode) {
        training = mode;
        for (Module m : children.values()) m.train(mode);
        return this;
    }

    public Module train() {
        return train(true);
    }

    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Drops every parameter's gradient, as PyTorch 2's {@code Module.zero_grad()} ({@code set_to_none=True}). */
    public void zeroGrad() {
        StepMemory.Step step = StepMemory.current();
        for (Parameter p : parameters()) {
            if (step != null) step.letGo(p.data().grad());
            p.data().setGrad(null);
        }
    }

    /** Moves every parameter and buffer (host buffers stay on the CPU) to {@code device}, in place. */
    public Module to(Device device) {
        parameters.values().forEach(p -> p.to(device));
        buffers.values().forEach(b -> b.to(device));
        children.values().forEach(m -> m.to(device));
        return this;
    }

    /**
     * Freezes ({@code false}) or unfreezes every parameter of this module and its descendants, PyTorch's
     * {@code module.requires_grad_(…)}: frozen parameters get no gradient and keep their values while the rest
     * train. Buffers are not touched: a frozen BatchNorm still updates its running statistics in training mode, as
     * in PyTorch (call {@link #eval} on it to keep them).
     */
    public Module requiresGrad(boolean value) {
        for (Parameter p : parameters()) p.setRequiresGrad(value);
        return this;
    }

    /** Number of parameter elements that train (not frozen), torchinfo's "Trainable params". */
    public long trainableParameterCount() {
        long n = 0;
        for (Parameter p : parameters()) if (p.requiresGrad()) n += p.numel();
        return n;
    }

    /** Total number of parameter elements. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.numel();
        return n;
    }

    /** The hyper-parameters shown in {@link #toString}, like PyTorch's {@code extra_repr}. */
    protected String extraRepr() {
        return "";
    }

    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        if (children.isEmpty()) return name + "(" + extraRepr() + ")";
        StringBuilder sb = new StringBuilder(name).append('(');
        String extra = extraRepr();
        if (!extra.isEmpty()) sb.append("\n  ").append(extra);
        children.forEach((n, m) -> sb.append("\n  (").append(n).append("): ").append(m.toString().replace("\n", "\n  ")));
        return sb.append("\n)").toString();
    }
}
