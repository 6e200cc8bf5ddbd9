package layerlab.graph.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything LayerLab knows about one layer kind, in one place: its palette entry (display name, category,
 * keywords), its doc with the shape formula, its params (PyTorch names, types, defaults, ranges), its ports,
 * its shape rule, its factory to an engine module and its PyTorch text. The palette, the property sheet, the
 * project file, validation, shape inference, compile and the exports all read this; adding a kind means adding
 * a spec (and its module), nothing else.
 */
public final class LayerSpec {
    private final String kind;
    private final String displayName;
    private final Category category;
    private final List<String> keywords;
    private final String doc;
    private final List<ParamSpec> params;
    private final Function<Params, List<PortSpec>> inputs;
    private final Function<Params, List<PortSpec>> outputs;
    private final ShapeRule rule;
    private final Factory factory;
    private final Invoker invoker;
    private final TorchText torch;
    private final TorchText torchWithLengths;
    private final TorchCall torchCall;
    private final String torchClass;
    private final String torchFunction;
    private final OnnxExport onnx;
    private final Function<Params, Map<String, Integer>> parameterRoles;
    private final String defaultInit;
    private final LossTarget lossTarget;
    private final Map<String, Object> addedWith;

    private LayerSpec(Builder b) {
        this.kind = b.kind;
        this.displayName = b.displayName == null ? b.kind : b.displayName;
        this.category = b.category;
        this.keywords = List.copyOf(b.keywords);
        this.doc = Objects.requireNonNull(b.doc, () -> b.kind + ": doc");
        this.params = List.copyOf(b.params);
        this.inputs = b.inputs != null ? b.inputs : fixed(b.fixedInputs);
        this.outputs = b.outputs != null ? b.outputs : fixed(b.fixedOutputs);
        this.rule = Objects.requireNonNull(b.rule, () -> b.kind + ": shape rule");
        this.factory = b.factory;
        this.invoker = b.invoker;
        this.torch = b.torch != null ? b.torch : this::constructorText;
        this.torchWithLengths = b.torchWithLengths;
        this.torchCall = b.torchCall;
        this.torchClass = b.torchClass;
        this.torchFunction = b.torchFunction;
        this.onnx = b.onnx;
        this.parameterRoles = b.parameterRoles;
        this.defaultInit = b.defaultInit;
        this.lossTarget = b.lossTarget;
        this.addedWith = Map.copyOf(b.addedWith);
    }

    private static Function<Params, List<PortSpec>> fixed(List<PortSpec> ports) {
        List<PortSpec> copy = List.copyOf(ports);
        return p -> copy;
    }

    public static Builder builder(String kind, Category category) {
        return new Builder(kind, category);
    }

    public String kind() {
        return kind;
    }

    public String displayName() {
        return displayName;
    }

    public Category category() {
        return category;
    }

    /** Extra words the palette search matches ("dense", "fully connected" for Linear). */
    public List<String> keywords() {
        return keywords;
    }

    /**
     * The params a node of this kind gets when a person adds one (the palette, quick add), where PyTorch's defaults
     * leave a layer that cannot run: Upsample's scale_factor 2, as neither size nor scale_factor is set by default.
     * A file's node keeps what the file says.
     */
    public Map<String, Object> addedWith() {
        return addedWith;
    }

    /** One paragraph for the palette tooltip and the docs, with the shape formula. */
    public String doc() {
        return doc;
    }

    /** The params in property-sheet (and PyTorch signature) order. */
    public List<ParamSpec> params() {
        return params;
    }

    /** The param named {@code name} (a PyTorch name), or null. */
    public ParamSpec param(String name) {
        for (ParamSpec p : params) if (p.name().equals(name)) return p;
        return null;
    }

    /** The input ports for these params (Concat's depend on {@code num_inputs}). */
    public List<PortSpec> inputs(Params p) {
        return inputs.apply(p);
    }

    public List<PortSpec> outputs(Params p) {
        return outputs.apply(p);
    }

    /** The ports with default params, for the palette. */
    public List<PortSpec> defaultInputs() {
        return inputs(defaults());
    }

    public List<PortSpec> defaultOutputs() {
        return outputs(defaults());
    }

    /** The params all at their defaults. */
    public Params defaults() {
        return new ResolvedParams(this, java.util.Map.of(), java.util.Map.of());
    }

    public ShapeRule rule() {
        return rule;
    }

    /** The factory to the engine module, or null while the kind's engine layer is not built. */
    public Factory factory() {
        return factory;
    }

    public boolean compilable() {
        return factory != null;
    }

    public Invoker invoker() {
        return invoker;
    }

    /** The PyTorch text for these (resolved) params. */
    public String torch(Params p) {
        return torch.text(p);
    }

    /**
     * The PyTorch text as a card shows it, in short: with its lengths input connected, what the kind then computes
     * ({@code out[n, lengths[n]-1]}, not {@code out[:, -1]}); the plain text otherwise.
     */
    public String torch(Params p, boolean lengthsConnected) {
        return lengthsConnected && torchWithLengths != null ? torchWithLengths.text(p) : torch.text(p);
    }

    /**
     * The Python class a kind that PyTorch does not have is written as (PositionalEncoding, from PyTorch's Transformer
     * tutorial), which a script using it defines once before its own classes; null for a kind of {@code torch.nn}.
     */
    public String torchClass() {
        return torchClass;
    }

    /** How forward calls the layer's module when that is more than the module applied to its connected inputs; null for the plain call. */
    public TorchCall torchCall() {
        return torchCall;
    }

    /**
     * A Python function ({@code "\n\ndef name(…):…"}) that the kind's {@link #torchCall} may call (an RNN run over packed
     * sequences), which a script whose forward calls it defines once before its classes; null for none.
     */
    public String torchFunction() {
        return torchFunction;
    }

    /** The name of {@link #torchFunction}'s function, or null. */
    public String torchFunctionName() {
        if (torchFunction == null) return null;
        int def = torchFunction.indexOf("def ") + 4;
        return torchFunction.substring(def, torchFunction.indexOf('(', def));
    }

    /**
     * The roles of the learnable tensors these (resolved) params give ({@code weight}, {@code bias}: a parameter's name
     * starts with its role) and the fewest dimensions a tensor of each role has: what a node's initialisers can apply to.
     * Empty for a kind without parameters.
     */
    public Map<String, Integer> parameterRoles(Params p) {
        return parameterRoles.apply(p);
    }

    /** How PyTorch's constructor fills the kind's tensors ("weight kaiming_uniform(a=√5), …"), or null for a kind without any. */
    public String defaultInit() {
        return defaultInit;
    }

    /** What a loss kind compares its input with (the targets the data must give it), or null for a kind that is not a loss. */
    public LossTarget lossTarget() {
        return lossTarget;
    }

    /** How the kind writes itself into an ONNX graph, or null when ONNX cannot express it (Input, Output, losses). */
    public OnnxExport onnx() {
        return onnx;
    }

    /**
     * {@code nn.<Kind>(positional..., keyword=value...)}: positional params always, the others only when they
     * differ from PyTorch's own default, in signature order, the way a student would write it.
     */
    private String constructorText(Params p) {
        List<String> args = new ArrayList<>();
        for (ParamSpec ps : params) {
            Object v = p.value(ps.name());
            String text = ps.type() == ParamType.FLOATS && v instanceof List<?> l ? Py.tensor(l) : Py.repr(v);
            if (ps.positional()) args.add(text);
            else if (!sameValue(v, ps.torchDefault())) args.add(ps.name() + "=" + text);
        }
        return "nn." + kind + "(" + String.join(", ", args) + ")";
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        return Objects.equals(a, b);
    }

    @Override
    public String toString() {
        return "LayerSpec(" + kind + ")";
    }

    /** Builds a {@link LayerSpec}; single-port kinds call {@code in}/{@code out}, others {@code inputs}/{@code outputs}. */
    public static final class Builder {
        private final String kind;
        private final Category category;
        private String displayName;
        private final List<String> keywords = new ArrayList<>();
        private final Map<String, Object> addedWith = new java.util.LinkedHashMap<>();
        private String doc;
        private final List<ParamSpec> params = new ArrayList<>();
        private final List<PortSpec> fixedInputs = new ArrayList<>();
        private final List<PortSpec> fixedOutputs = new ArrayList<>();
        private Function<Params, List<PortSpec>> inputs;
        private Function<Params, List<PortSpec>> outputs;
        private ShapeRule rule;
        private Factory factory;
        private Invoker invoker = Invoker.SINGLE;
        private TorchText torch;
        private TorchText torchWithLengths;
        private TorchCall torchCall;
        private String torchClass;
        private String torchFunction;
        private OnnxExport onnx;
        private Function<Params, Map<String, Integer>> parameterRoles = p -> Map.of();
        private String defaultInit;
        private LossTarget lossTarget;

        private Builder(String kind, Category category) {
            this.kind = kind;
            this.category = category;
        }

        public Builder display(String name) {
            this.displayName = name;
            return this;
        }

        public Builder keywords(String... words) {
            keywords.addAll(List.of(words));
            return this;
        }

        /** See {@link LayerSpec#addedWith}. */
        public Builder addedWith(String param, Object value) {
            addedWith.put(param, value);
            return this;
        }

        public Builder doc(String text) {
            this.doc = text;
            return this;
        }

        public Builder param(ParamSpec p) {
            params.add(p);
            return this;
        }

        public Builder in(String name, PortType type) {
            fixedInputs.add(PortSpec.of(name, type));
            return this;
        }

        /** An input that may stay unconnected (a sequence's lengths). */
        public Builder inOptional(String name, PortType type, String doc) {
            fixedInputs.add(PortSpec.optional(name, type, doc));
            return this;
        }

        public Builder out(String name, PortType type) {
            fixedOutputs.add(PortSpec.of(name, type));
            return this;
        }

        public Builder inputs(Function<Params, List<PortSpec>> ports) {
            this.inputs = ports;
            return this;
        }

        public Builder outputs(Function<Params, List<PortSpec>> ports) {
            this.outputs = ports;
            return this;
        }

        public Builder rule(ShapeRule r) {
            this.rule = r;
            return this;
        }

        public Builder factory(Factory f) {
            this.factory = f;
            return this;
        }

        public Builder invoker(Invoker i) {
            this.invoker = i;
            return this;
        }

        public Builder torch(TorchText t) {
            this.torch = t;
            return this;
        }

        /**
         * The short text a card shows when the lengths input is connected (the script writes {@link #torchCall}'s): about
         * 20 characters fit on a card.
         */
        public Builder torchWithLengths(TorchText t) {
            this.torchWithLengths = t;
            return this;
        }

        /** {@link LayerSpec#torchClass}: the class's Python source, starting with blank lines as the script's classes do. */
        public Builder torchClass(String source) {
            this.torchClass = source;
            return this;
        }

        /** {@link LayerSpec#torchCall}. */
        public Builder torchCall(TorchCall c) {
            this.torchCall = c;
            return this;
        }

        /** {@link LayerSpec#torchFunction}. */
        public Builder torchFunction(String source) {
            this.torchFunction = source;
            return this;
        }

        public Builder onnx(OnnxExport e) {
            this.onnx = e;
            return this;
        }

        /** {@link LayerSpec#parameterRoles}: the kind's learnable tensors by role and their fewest dimensions. */
        public Builder parameterRoles(Function<Params, Map<String, Integer>> roles) {
            this.parameterRoles = roles;
            return this;
        }

        /** {@link LayerSpec#lossTarget}: what a loss compares its input with. */
        public Builder lossTarget(LossTarget target) {
            this.lossTarget = target;
            return this;
        }

        /** {@link LayerSpec#defaultInit}: how PyTorch's constructor (its reset_parameters) fills the kind's tensors. */
        public Builder defaultInit(String text) {
            this.defaultInit = text;
            return this;
        }

        /** A weight of {@code weightRank} dimensions and, when the {@code bias} param is true, a vector of biases. */
        public Builder weightAndBias(int weightRank) {
            return parameterRoles(p -> p.b("bias") ? Map.of("weight", weightRank, "bias", 1) : Map.of("weight", weightRank));
        }

        public LayerSpec build() {
            return new LayerSpec(this);
        }
    }
}
