package layerlab.graph.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.autograd.Profiler;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.Invoker;
import layerlab.graph.spec.TensorType;
import layerlab.nn.Module;
import layerlab.nn.ReLU;
import layerlab.nn.ReluFusable;
import layerlab.tensor.Tensor;

/**
 * A compiled graph: a DAG executor over the nodes' modules, run in topological order. Each layer node's module
 * is a child named after the node, so parameters are named {@code <node name>.<param>} ({@code conv1.weight}),
 * and a block placement is a child model ({@code res1.conv1.weight}), exactly as in the PyTorch module the graph
 * stands for. Loss modules are kept apart (as a PyTorch script keeps {@code loss_fn} outside the model): they
 * hold no state, and {@link #run} computes them when asked.
 */
public final class Model extends Module {
    /** One node: where its inputs come from (step and output index; -1 for an unconnected optional input). */
    record Step(String name, String kind, Module module, Invoker invoker, int[] srcStep, int[] srcPort, List<String> outputPorts,
                Role role, TensorType inputType) {}

    enum Role { INPUT, OUTPUT, LOSS, LAYER }

    private final List<Step> steps;
    private final Map<String, Integer> byName = new HashMap<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<String> losses = new ArrayList<>();
    private final List<String> dataInputs;
    private final String summary;
    private final Analysis analysis;

    /**
     * @param registration every step in document order (the order layers register their modules and nodes are listed)
     * @param analysis     the drawing the model was built from, as analysed
     */
    Model(List<Step> steps, List<Step> registration, String summary, Analysis analysis) {
        this.steps = List.copyOf(steps);
        this.summary = summary;
        this.analysis = analysis;
        for (int i = 0; i < steps.size(); i++) byName.put(steps.get(i).name(), i);
        // Inputs, Outputs and losses are listed in document order (the order the user drew them), not run order.
        for (Step s : registration) {
            switch (s.role()) {
                case INPUT -> inputs.add(s.name());
                case OUTPUT -> outputs.add(s.name());
                case LOSS -> losses.add(s.name());
                default -> { }
            }
        }
        for (Step s : registration) if (s.role() == Role.LAYER) registerModule(s.name(), s.module());
        boolean[] need = needed(outputs);
        List<String> data = new ArrayList<>();
        for (String in : inputs) if (need[byName.get(in)]) data.add(in);
        this.dataInputs = List.copyOf(data);
    }

    /** The drawing this model was built from, as analysed: what its nodes are, in the terms a person set them. */
    public Analysis analysis() {
        return analysis;
    }

    /** The Input nodes' names, in document order. */
    public List<String> inputNames() {
        return List.copyOf(inputs);
    }

    /** The Inputs that the Outputs depend on (the data, not the labels), in document order: {@link #forward}'s arguments. */
    public List<String> dataInputNames() {
        return dataInputs;
    }

    /** The Output nodes' names, in document order. */
    public List<String> outputNames() {
        return List.copyOf(outputs);
    }

    /** The loss nodes' names, in document order. */
    public List<String> lossNames() {
        return List.copyOf(losses);
    }

    /** Every node's name in the order the model runs them (topological; Inputs, layers, Outputs and losses). */
    public List<String> nodeNames() {
        return steps.stream().map(Step::name).toList();
    }

    /** The output ports of the node named {@code name} ({@code [out]}, {@code [out, h_n, c_n]}), or null for no such node. */
    public List<String> outputPorts(String name) {
        Integer i = byName.get(name);
        if (i != null) return steps.get(i).outputPorts();
        String[] in = nested(name);
        return in == null ? null : ((Model) steps.get(byName.get(in[0])).module()).outputPorts(in[1]);
    }

    /**
     * A name inside a block placement ({@code layer1.attn}, {@code layer1.attn.weights}, {@code outer.inner.fc}) as the
     * placement's name and the name within its block; null for a name that starts with no placement.
     */
    private String[] nested(String name) {
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            Integer i = byName.get(name.substring(0, dot));
            if (i != null && steps.get(i).module() instanceof Model) return new String[] {name.substring(0, dot), name.substring(dot + 1)};
        }
        return null;
    }

    /** Whether {@code w} names one of this model's own steps or one of their ports ({@code lstm.h_n}, a placement's {@code layer1.out}). */
    private boolean own(String w) {
        if (byName.containsKey(w)) return true;
        int dot = w.lastIndexOf('.');
        return dot > 0 && byName.containsKey(w.substring(0, dot)) && steps.get(byName.get(w.substring(0, dot))).outputPorts().contains(w.substring(dot + 1));
    }

    /**
     * What feeds each input port of the node named {@code name}, in port order: the source node's name ({@code fc1}) when
     * it is that node's first output, else {@code node.port} ({@code lstm.h_n}); null for an unconnected optional input.
     * Each is a name {@link #run} accepts.
     */
    public List<String> inputsOf(String name) {
        Integer i = byName.get(name);
        if (i == null) throw new IllegalArgumentException("the model has no node named \"" + name + "\"");
        Step s = steps.get(i);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < s.srcStep().length; k++) {
            if (s.srcStep()[k] < 0) {
                out.add(null);
                continue;
            }
            Step src = steps.get(s.srcStep()[k]);
            out.add(s.srcPort()[k] == 0 ? src.name() : src.name() + "." + src.outputPorts().get(s.srcPort()[k]));
        }
        return out;
    }

    /** The shape (batch dimension {@link TensorType#N}) and dtype an Input expects, or null for no such Input. */
    public TensorType inputType(String input) {
        Integer i = byName.get(input);
        return i == null || steps.get(i).role() != Role.INPUT ? null : steps.get(i).inputType();
    }

    /** The module of the node named {@code name} (a layer, a block placement's model or a loss), or null. */
    public Module node(String name) {
        Integer i = byName.get(name);
        return i == null ? null : steps.get(i).module();
    }

    /** The table like torchinfo's: node, kind, output shape, parameters, FLOPs per sample, totals. */
    public String summary() {
        return summary;
    }

    /** The first Output, fed by the one data Input. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(new Tensor[] {input});
    }

    /** The first Output, fed by the data Inputs in {@link #dataInputNames()} order. */
    @Override
    public Tensor forward(Tensor... in) {
        if (outputs.isEmpty()) throw new IllegalStateException("the model has no Output node; use run() to compute its losses");
        if (in.length != dataInputs.size()) {
            throw new IllegalArgumentException("the model takes " + dataInputs.size() + " input" + (dataInputs.size() == 1 ? "" : "s") + " " + dataInputs
                    + ", got " + in.length);
        }
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < in.length; i++) feeds.put(dataInputs.get(i), in[i]);
        return run(feeds, List.of(outputs.get(0))).get(outputs.get(0));
    }

    /**
     * Computes the named nodes from the fed Inputs, running only what they need. A name is a node's name (its
     * first output; for an Output node what arrives at it; for a loss its loss) or {@code name.port}
     * ({@code lstm1.h_n}); any node can be asked for, which is how inspectors see activations. A feed may name a layer
     * of one output as well as an Input: the model then takes that tensor as the layer's output and does not compute
     * what only the layer needed (how integrated gradients walk a path through an Embedding's outputs).
     */
    public Map<String, Tensor> run(Map<String, Tensor> feeds, Collection<String> wanted) {
        // Names inside a block placement (the inspector's layer1.attn), by placement: what is asked for within its block.
        Map<String, List<String>> inside = new LinkedHashMap<>();
        Set<String> mine = new LinkedHashSet<>();
        for (String w : wanted) {
            String[] in = own(w) ? null : nested(w);
            if (in == null) {
                mine.add(w);
                continue;
            }
            inside.computeIfAbsent(in[0], p -> new ArrayList<>()).add(in[1]);
            // What the placement is given: computed with the rest, in the one run below.
            for (String src : inputsOf(in[0])) if (src != null) mine.add(src);
        }
        if (inside.isEmpty()) return runOwn(feeds, wanted);
        Map<String, Tensor> got = new LinkedHashMap<>(runOwn(feeds, mine));
        inside.forEach((placement, names) -> {
            Model block = (Model) steps.get(byName.get(placement)).module();
            List<String> src = inputsOf(placement);
            Map<String, Tensor> blockFeeds = new LinkedHashMap<>();
            for (int i = 0; i < src.size() && i < block.inputs.size(); i++) if (src.get(i) != null) blockFeeds.put(block.inputs.get(i), got.get(src.get(i)));
            block.run(blockFeeds, names).forEach((name, t) -> got.put(placement + "." + name, t));
        });
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String w : wanted) out.put(w, got.get(w));
        return out;
    }

    /** {@link #run} for names of this model's own steps and ports. */
    private Map<String, Tensor> runOwn(Map<String, Tensor> feeds, Collection<String> wanted) {
        int[][] targets = new int[wanted.size()][];
        int k = 0;
        for (String w : wanted) targets[k++] = resolve(w);
        boolean[] fed = new boolean[steps.size()];
        for (String f : feeds.keySet()) {
            Integer i = byName.get(f);
            if (i == null) throw new IllegalArgumentException("the model has no node named \"" + f + "\" to feed");
            Step s = steps.get(i);
            if (s.role() == Role.INPUT) continue;
            if (s.role() != Role.LAYER || s.outputPorts().size() != 1)
                throw new IllegalArgumentException("\"" + f + "\" cannot be fed: only Inputs and layers of one output can");
            fed[i] = true;
        }
        boolean[] need = new boolean[steps.size()];
        for (int[] t : targets) mark(t[0], need, fed);
        boolean[] asked = new boolean[steps.size()];
        for (int[] t : targets) asked[t[0]] = true;
        for (int i = 0; i < fed.length; i++) asked[i] |= fed[i];
        Tensor[][] values = execute(feeds, need, asked, fed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        k = 0;
        for (String w : wanted) {
            int[] t = targets[k++];
            out.put(w, values[t[0]][t[1]]);
        }
        return out;
    }

    /** Every Output and every loss the feeds allow (a loss whose target is not fed is left out). */
    public Map<String, Tensor> run(Map<String, Tensor> feeds) {
        List<String> wanted = new ArrayList<>(outputs);
        for (String l : losses) {
            boolean[] need = needed(List.of(l));
            boolean fed = true;
            for (String in : inputs) fed &= !need[byName.get(in)] || feeds.containsKey(in);
            if (fed) wanted.add(l);
        }
        return run(feeds, wanted);
    }

    /** A block's call: its Inputs in document order in, its Outputs in document order out. */
    Tensor[] call(Tensor[] in) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < in.length; i++) feeds.put(inputs.get(i), in[i]);
        Map<String, Tensor> r = run(feeds, outputs);
        return r.values().toArray(Tensor[]::new);
    }

    private int[] resolve(String w) {
        Integer i = byName.get(w);
        if (i != null) return new int[] {i, 0};
        int dot = w.lastIndexOf('.');
        if (dot > 0 && byName.containsKey(w.substring(0, dot))) {
            int s = byName.get(w.substring(0, dot));
            int port = steps.get(s).outputPorts().indexOf(w.substring(dot + 1));
            if (port >= 0) return new int[] {s, port};
            throw new IllegalArgumentException("\"" + w.substring(0, dot) + "\" has no output \"" + w.substring(dot + 1) + "\"; its outputs are "
                    + steps.get(s).outputPorts());
        }
        throw new IllegalArgumentException("the model has no node named \"" + w + "\"");
    }

    private boolean[] needed(List<String> names) {
        boolean[] need = new boolean[steps.size()];
        for (String n : names) mark(byName.get(n), need, new boolean[steps.size()]);
        return need;
    }

    /** Marks step {@code i} and what it needs, stopping at fed steps. */
    private void mark(int i, boolean[] need, boolean[] fed) {
        if (need[i]) return;
        need[i] = true;
        if (fed[i]) return;
        for (int s : steps.get(i).srcStep()) if (s >= 0) mark(s, need, fed);
    }

    /**
     * Runs the needed steps in order. A layer whose only consumer is a ReLU, and whose own output nobody asked for,
     * runs with that ReLU ({@link ReluFusable}: the same numbers, one tensor fewer).
     */
    private Tensor[][] execute(Map<String, Tensor> feeds, boolean[] need, boolean[] asked, boolean[] fed) {
        Tensor[][] values = new Tensor[steps.size()][];
        int[] fusedFrom = fusions(need, asked);
        for (int i = 0; i < steps.size(); i++) {
            if (!need[i]) continue;
            Step s = steps.get(i);
            if (fed[i]) {
                values[i] = new Tensor[] {feeds.get(s.name())};
                continue;
            }
            if (fusedFrom[i] == FUSED_AWAY) continue;
            if (fusedFrom[i] >= 0) {
                Step layer = steps.get(fusedFrom[i]);
                try (var timed = Profiler.layer(layer.name())) {
                    values[i] = new Tensor[] {((ReluFusable) layer.module()).forwardRelu(inputsOf(layer, values))};
                }
                Profiler.fused(s.name(), layer.name());
                continue;
            }
            if (s.role() == Role.INPUT) {
                Tensor t = feeds.get(s.name());
                if (t == null) throw new IllegalArgumentException("Input \"" + s.name() + "\" was not given a tensor; the model's inputs are " + inputs);
                checkFeed(s, t);
                values[i] = new Tensor[] {t};
                continue;
            }
            Tensor[] in = inputsOf(s, values);
            if (s.role() == Role.OUTPUT) {
                values[i] = in;
                continue;
            }
            try (var timed = Profiler.layer(s.name())) {
                values[i] = s.invoker().call(s.module(), in);
            }
        }
        return values;
    }

    /** What arrives at {@code s}'s input ports (null for an unconnected one). */
    private static Tensor[] inputsOf(Step s, Tensor[][] values) {
        Tensor[] in = new Tensor[s.srcStep().length];
        for (int j = 0; j < in.length; j++) in[j] = s.srcStep()[j] < 0 ? null : values[s.srcStep()[j]][s.srcPort()[j]];
        return in;
    }

    private static final int FUSED_AWAY = -2;

    /** Per step: the layer it runs fused with (it is that layer's ReLU), {@link #FUSED_AWAY} (it is that layer), or -1. */
    private int[] fusions(boolean[] need, boolean[] asked) {
        int n = steps.size();
        int[] uses = new int[n], user = new int[n], fused = new int[n];
        Arrays.fill(fused, -1);
        for (int j = 0; j < n; j++) {
            if (!need[j]) continue;
            for (int src : steps.get(j).srcStep()) {
                if (src < 0) continue;
                uses[src]++;
                user[src] = j;
            }
        }
        for (int i = 0; i < n; i++) {
            Step s = steps.get(i);
            if (!need[i] || asked[i] || uses[i] != 1 || !(s.module() instanceof ReluFusable) || s.srcStep().length == 0) continue;
            boolean fed = true;
            for (int src : s.srcStep()) fed &= src >= 0;
            if (!fed) continue;
            Step next = steps.get(user[i]);
            if (next.role() == Role.LAYER && next.module() instanceof ReLU && next.srcStep().length == 1 && next.srcPort()[0] == 0
                    && s.invoker() == Invoker.SINGLE && next.invoker() == Invoker.SINGLE) {
                fused[i] = FUSED_AWAY;
                fused[user[i]] = i;
            }
        }
        return fused;
    }

    /** A fed tensor must have the Input's shape with any batch size, and its dtype. */
    private static void checkFeed(Step s, Tensor t) {
        TensorType want = s.inputType();
        if (want == null) return;
        int[] d = want.dims(), got = t.shape();
        boolean ok = d.length == got.length && t.dtype() == want.dtype();
        for (int i = 0; ok && i < d.length; i++) ok = d[i] == TensorType.N || d[i] == got[i];
        if (!ok) {
            throw new IllegalArgumentException("Input \"" + s.name() + "\" expects " + want.describe() + " but was given " + Arrays.toString(got)
                    + (t.dtype() == want.dtype() ? "" : " " + t.dtype().pyName));
        }
    }
}
