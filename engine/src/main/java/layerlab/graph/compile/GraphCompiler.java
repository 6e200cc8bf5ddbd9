package layerlab.graph.compile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.analysis.SummaryTable;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.Invoker;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Params;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.Registry;
import layerlab.init.Init;
import layerlab.nn.Module;
import layerlab.tensor.Tensor;
import layerlab.tensor.TensorTooLargeException;

/**
 * Graph → {@link Model}. The analysis must be free of errors and every kind must have a factory; otherwise
 * every reason is listed at once. Each layer is built by its spec's factory from its resolved params (auto-filled
 * ones included) and inferred shapes; blocks are expanded into child models.
 */
public final class GraphCompiler {
    private GraphCompiler() {
    }

    public static Model compile(Graph g) {
        return compile(Analysis.of(g));
    }

    public static Model compile(Analysis a) {
        return compile(a, Runtime.getRuntime().maxMemory());
    }

    /**
     * {@link #compile(Analysis)} for a model that runs on {@code weights} (a file's, handed over): each layer takes its
     * tensors as its parameters and buffers as soon as it is made ({@link Module#loadStateDict(Map, boolean, boolean)
     * assigned, not copied}), so that a model's weights are on the heap once, with one layer's fresh ones beside them,
     * not twice (a VGG-11 read from its file took 1.1 GB where it now takes 0.6). A tensor that does not fit is left out
     * here: the caller's {@code loadStateDict} of the same weights says which.
     */
    public static Model compile(Graph g, Map<String, Tensor> weights) {
        return compile(Analysis.of(g), weights);
    }

    /** {@link #compile(Graph, Map)} of an analysed graph. */
    public static Model compile(Analysis a, Map<String, Tensor> weights) {
        return compile(a, Runtime.getRuntime().maxMemory(), weights);
    }

    /** {@link #compile(Analysis)} on a heap of {@code maxHeap} bytes (tests try other machines'). */
    static Model compile(Analysis a, long maxHeap) {
        return compile(a, maxHeap, Map.of());
    }

    private static Model compile(Analysis a, long maxHeap, Map<String, Tensor> weights) {
        List<String> reasons = new ArrayList<>();
        // A loss with no Output (ProblemCode.NO_PREDICTION) is an error for a run, which reads its predictions from an Output
        // (the editor's Start, `train` and `check` refuse it through the analysis); the model itself still computes its
        // losses (Model.run), as the loss-parity tests' loss-only drawings do.
        for (Problem p : a.errors()) if (p.code() != ProblemCode.NO_PREDICTION) reasons.add(p.toString());
        if (reasons.isEmpty()) notBuilt(a, "", reasons);
        String tooBig = reasons.isEmpty() ? tooBig(a, maxHeap) : null;
        if (tooBig != null) reasons.add(tooBig);
        if (!reasons.isEmpty()) throw new CompileException(reasons);
        return build(a, weights);
    }

    /**
     * Why a model whose weights alone do not fit in {@code maxHeap} bytes cannot be made (it would end in an
     * OutOfMemoryError part-way through), naming the layers that hold most of them; null when they fit. The compiler refuses
     * such a model before making a single weight, and {@code layerlab check} says so.
     */
    public static String tooBig(Analysis a, long maxHeap) {
        long params = a.totalParams();
        if (params * 4 <= maxHeap) return null;
        List<Node> largest = new ArrayList<>(a.graph().nodes());
        largest.removeIf(n -> a.info(n.id()).params() * 20 < params);
        largest.sort(Comparator.comparingLong((Node n) -> a.info(n.id()).params()).reversed());
        List<String> named = new ArrayList<>();
        for (Node n : largest.subList(0, Math.min(3, largest.size()))) {
            named.add(String.format(Locale.ROOT, "%s (%s) %,d", n.name(), n.kind(), a.info(n.id()).params()));
        }
        return String.format(Locale.ROOT, "the model's %,d parameters take %.1f GB as float32, more than the %.1f GB "
                + "Java may use here (most are in %s): make those layers smaller, or %s", params, params * 4 / 1e9, maxHeap / 1e9,
                String.join(", ", named), moreHeap(maxHeap));
    }

    /** How to let Java use more than {@code maxHeap} bytes: said wherever a model or a run does not fit. */
    public static String moreHeap(long maxHeap) {
        return String.format(Locale.ROOT, "give Java more than its %.1f GB (./layerlab passes LAYERLAB_JAVA_OPTS to it, "
                + "e.g. LAYERLAB_JAVA_OPTS=-Xmx16g)", maxHeap / 1e9);
    }

    /** Nodes (inside blocks too) whose kind has no engine layer yet. */
    private static void notBuilt(Analysis a, String prefix, List<String> reasons) {
        for (Node n : a.graph().nodes()) {
            NodeInfo info = a.info(n.id());
            if (info.body() != null) {
                notBuilt(info.body(), prefix + n.name() + ".", reasons);
                continue;
            }
            LayerSpec spec = Registry.get(n.kind());
            if (spec.factory() == null && !structural(n.kind())) {
                reasons.add(n.kind() + " \"" + prefix + n.name() + "\": " + n.kind() + " cannot be compiled yet: its engine layer is not built");
            }
        }
    }

    /**
     * One layer from its spec; a weight beyond what one tensor holds, or beyond the memory left, fails naming the node
     * (where it said "tensor too large: (100000, 100000)", or gave a stack trace).
     */
    private static Module buildLayer(LayerSpec spec, NodeBuild build, Node n, long params) {
        try {
            return spec.factory().build(build);
        } catch (OutOfMemoryError e) {
            throw new CompileException(List.of(String.format(Locale.ROOT, "%s \"%s\": out of memory making its %,d parameters: "
                    + "make it smaller, or %s", n.kind(), n.name(), params, moreHeap(Runtime.getRuntime().maxMemory()))));
        } catch (TensorTooLargeException e) {
            throw new CompileException(List.of(String.format(Locale.ROOT, "%s \"%s\": a weight of %s holds more than the %,d "
                    + "values one tensor can", n.kind(), n.name(), e.shapeText(), Integer.MAX_VALUE)));
        }
    }

    private static boolean structural(String kind) {
        return kind.equals("Input") || kind.equals("Output") || kind.equals(Registry.BLOCK);
    }

    /** {@code weights} by the node their key starts with ({@code "fc1.weight"} → fc1 → {@code "weight"}). */
    private static Map<String, Map<String, Tensor>> byNode(Map<String, Tensor> weights) {
        Map<String, Map<String, Tensor>> out = new HashMap<>();
        weights.forEach((key, t) -> {
            int dot = key.indexOf('.');
            if (dot > 0) out.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>()).put(key.substring(dot + 1), t);
        });
        return out;
    }

    private static Model build(Analysis a, Map<String, Tensor> weights) {
        Map<String, Map<String, Tensor>> given = byNode(weights);
        Graph g = a.graph();
        List<String> order = a.order();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) index.put(order.get(i), i);
        Map<String, List<String>> outPorts = new HashMap<>();
        Map<String, Model.Step> byId = new HashMap<>();
        List<Model.Step> steps = new ArrayList<>();
        for (String id : order) {
            Node n = g.node(id);
            NodeInfo info = a.info(id);
            List<String> ins, outs;
            Module module = null;
            Invoker invoker = null;
            Model.Role role;
            if (n.kind().equals(Registry.BLOCK)) {
                Model body = build(info.body(), given.getOrDefault(n.name(), Map.of()));
                ins = body.inputNames();
                outs = body.outputNames();
                module = body;
                invoker = (m, in) -> ((Model) m).call(in);
                role = Model.Role.LAYER;
            } else {
                LayerSpec spec = Registry.get(n.kind());
                Params p = a.params(id);
                ins = spec.inputs(p).stream().map(PortSpec::name).toList();
                outs = spec.outputs(p).stream().map(PortSpec::name).toList();
                role = switch (n.kind()) {
                    case "Input" -> Model.Role.INPUT;
                    case "Output" -> Model.Role.OUTPUT;
                    default -> spec.category() == Category.LOSS ? Model.Role.LOSS : Model.Role.LAYER;
                };
                if (role == Model.Role.LAYER || role == Model.Role.LOSS) {
                    module = buildLayer(spec, new NodeBuild(n.name(), p, info, ins), n, info.params());
                    invoker = spec.invoker();
                }
            }
            // Initialisers asked for replace PyTorch's defaults, right after construction (as nn.init calls would).
            if (module != null && !n.init().isEmpty()) initialise(n, module);
            if (module != null && !(module instanceof Model) && given.containsKey(n.name())) module.loadStateDict(given.get(n.name()), false, true);
            // A frozen node's weights get no gradient (PyTorch's requires_grad_(False)); a frozen block freezes its body.
            if (module != null && n.frozen()) module.requiresGrad(false);
            outPorts.put(id, outs);
            int[] srcStep = new int[ins.size()], srcPort = new int[ins.size()];
            java.util.Arrays.fill(srcStep, -1);
            for (Edge e : g.incoming(id)) {
                int port = ins.indexOf(e.toPort());
                srcStep[port] = index.get(e.fromNode());
                srcPort[port] = outPorts.get(e.fromNode()).indexOf(e.fromPort());
            }
            Model.Step s = new Model.Step(n.name(), n.kind(), module, invoker, srcStep, srcPort, outs, role,
                    role == Model.Role.INPUT ? info.output("out") : null);
            steps.add(s);
            byId.put(id, s);
        }
        List<Model.Step> registration = new ArrayList<>();
        for (Node n : g.nodes()) registration.add(byId.get(n.id()));
        return new Model(steps, registration, SummaryTable.render(a), a);
    }

    /**
     * Fills {@code module}'s parameters with the node's initialisers: role {@code weight} every parameter whose name starts
     * with it ({@code weight}, an LSTM's {@code weight_ih_l0}…), in registration order, then {@code bias} likewise.
     */
    static void initialise(Node n, Module module) {
        n.init().forEach((role, choice) -> {
            Init.Initializer init = choice.initializer();
            module.namedParameters().forEach((name, p) -> {
                if (name.substring(name.lastIndexOf('.') + 1).startsWith(role)) init.apply(p.data());
            });
        });
    }
}
