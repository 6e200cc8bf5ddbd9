package layerlab.graph.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.Block;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.InputInfo;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.PortType;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.ResolvedParams;
import layerlab.graph.spec.ShapeException;
import layerlab.graph.spec.TensorType;

/**
 * Runs validation and shape inference. Nodes are visited in topological order; each gets its params checked,
 * its edges checked against its ports, its input types checked, then its shape rule run. On an update, a node
 * is re-inferred only when a change touched it or something it reads changed (early cut-off: a source whose
 * outputs came out the same stops the wave).
 */
final class Analyzer {
    private Analyzer() {
    }

    static Analysis analyze(Graph g) {
        return new Run(g, g, Map.of(), null, Set.of(), new BlockCache(), List.of()).go();
    }

    static Analysis update(Analysis prev, Graph g, List<GraphChange> changes) {
        return new Run(g, g, Map.of(), prev, dirty(g, changes), prev.blockCache(), List.of()).go();
    }

    /** The nodes a change may have affected directly; inference carries the effect downstream. */
    /** {@code , or set num_inputs to 2} when an Add, Multiply or Concat has more inputs than connections (at least two fed). */
    private static String fewerInputs(boolean numbered, List<PortSpec> inPorts, Map<String, List<Edge>> byPort) {
        if (!numbered) return "";
        long fed = inPorts.stream().filter(ps -> !byPort.get(ps.name()).isEmpty()).count();
        return fed >= 2 ? ", or set num_inputs to " + fed : "";
    }

    private static Set<String> dirty(Graph after, List<GraphChange> changes) {
        Set<String> d = new HashSet<>();
        for (GraphChange c : changes) {
            if (c instanceof GraphChange.NodeAdded a) d.add(a.node().id());
            else if (c instanceof GraphChange.ParamChanged p) d.add(p.nodeId());
            else if (c instanceof GraphChange.InitChanged i) d.add(i.nodeId());
            else if (c instanceof GraphChange.NodeRenamed r) {
                // Messages downstream quote the source's name.
                d.add(r.nodeId());
                if (after.node(r.nodeId()) != null) for (Edge e : after.outgoing(r.nodeId())) d.add(e.toNode());
            } else if (c instanceof GraphChange.EdgeAdded e) d.add(e.edge().toNode());
            else if (c instanceof GraphChange.EdgeRemoved e) d.add(e.edge().toNode());
            else if (c instanceof GraphChange.BlockAdded b) d.addAll(instancesOf(after, b.block().name()));
            else if (c instanceof GraphChange.BlockRemoved b) d.addAll(instancesOf(after, b.block().name()));
            else if (c instanceof GraphChange.BlockChanged b) {
                d.addAll(instancesOf(after, b.oldBlock().name()));
                d.addAll(instancesOf(after, b.newBlock().name()));
            }
            // NodeRemoved: its edges were removed first, which dirtied its successors. Moves, notes, view and
            // settings do not affect shapes.
        }
        return d;
    }

    private static List<String> instancesOf(Graph g, String block) {
        List<String> ids = new ArrayList<>();
        for (Node n : g.nodes()) if (n.kind().equals(Registry.BLOCK) && block.equals(n.param("block"))) ids.add(n.id());
        return ids;
    }

    /** One analysis of one graph (the project's, or a block definition's with given input types). */
    private static final class Run {
        private final Graph g;
        private final Graph library;
        private final Map<String, TensorType> inputOverrides;
        private final Analysis prev;
        private final Set<String> dirty;
        private final BlockCache cache;
        private final List<String> blockStack;
        private final Map<String, NodeInfo> infos = new HashMap<>();
        private final Set<String> changed = new HashSet<>();

        Run(Graph g, Graph library, Map<String, TensorType> inputOverrides, Analysis prev, Set<String> dirty, BlockCache cache,
            List<String> blockStack) {
            this.g = g;
            this.library = library;
            this.inputOverrides = inputOverrides;
            this.prev = prev;
            this.dirty = dirty;
            this.cache = cache;
            this.blockStack = blockStack;
        }

        private boolean isBody() {
            return !blockStack.isEmpty();
        }

        Analysis go() {
            List<String> order = topologicalOrder();
            Set<String> ordered = new HashSet<>(order);
            for (String id : order) {
                NodeInfo old = prev == null ? null : prev.infos().get(id);
                if (old != null && old.status() != Status.IN_CYCLE && !dirty.contains(id) && !sourceChanged(id)) {
                    infos.put(id, old);
                    continue;
                }
                NodeInfo fresh = compute(g.node(id), false);
                infos.put(id, fresh);
                if (!fresh.sameForDownstream(old)) changed.add(id);
            }
            List<Problem> graphProblems = new ArrayList<>();
            if (ordered.size() < g.nodes().size()) {
                Map<String, String> cycleProblem = findCycles(ordered);
                for (Node n : g.nodes()) {
                    if (ordered.contains(n.id())) continue;
                    boolean inCycle = cycleProblem.containsKey(n.id());
                    NodeInfo info = compute(n, inCycle);
                    if (inCycle && cycleProblem.get(n.id()) != null) {
                        List<Problem> ps = new ArrayList<>(info.problems());
                        ps.add(0, new Problem(Severity.ERROR, ProblemCode.CYCLE, n.id(), n.name(), Registry.shownKind(n), null, null, cycleProblem.get(n.id())));
                        info = new NodeInfo(n.id(), Status.IN_CYCLE, info.inputTypes(), Map.of(), Map.of(), 0, 0, List.of(), ps, null);
                    }
                    infos.put(n.id(), info);
                }
            }
            graphChecks(graphProblems);
            return new Analysis(g, infos, order, graphProblems, cache);
        }

        private boolean sourceChanged(String id) {
            for (Edge e : g.incoming(id)) if (changed.contains(e.fromNode())) return true;
            return false;
        }

        /** Kahn's algorithm, ready nodes taken in document order. */
        private List<String> topologicalOrder() {
            Map<String, Integer> indegree = new HashMap<>(g.nodes().size() * 2);
            ArrayDeque<String> ready = new ArrayDeque<>();
            for (Node n : g.nodes()) {
                int k = g.incoming(n.id()).size();
                indegree.put(n.id(), k);
                if (k == 0) ready.add(n.id());
            }
            List<String> order = new ArrayList<>(g.nodes().size());
            while (!ready.isEmpty()) {
                String id = ready.poll();
                order.add(id);
                for (Edge e : g.outgoing(id)) {
                    int k = indegree.merge(e.toNode(), -1, Integer::sum);
                    if (k == 0) ready.add(e.toNode());
                }
            }
            return order;
        }

        /**
         * The nodes on loops among those Kahn could not order: node id → the loop's message for the first node
         * of each loop (in document order), null for the loop's other nodes. Nodes merely downstream of a loop
         * are not in the map.
         */
        private Map<String, String> findCycles(Set<String> ordered) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Node start : g.nodes()) {
                if (ordered.contains(start.id()) || out.containsKey(start.id())) continue;
                List<String> loop = shortestLoop(start.id(), ordered);
                if (loop == null) continue;
                StringBuilder path = new StringBuilder();
                for (String id : loop) path.append(g.node(id).name()).append(" → ");
                path.append(start.name());
                out.put(start.id(), "these layers form a loop: " + path + ". A network must flow one way, from its Inputs to its "
                        + "Outputs; remove one of these connections");
                for (String id : loop) out.putIfAbsent(id, null);
            }
            return out;
        }

        /** The shortest path start → … → start through unordered nodes (breadth first), or null. */
        private List<String> shortestLoop(String start, Set<String> ordered) {
            Map<String, String> parent = new HashMap<>();
            ArrayDeque<String> queue = new ArrayDeque<>();
            queue.add(start);
            while (!queue.isEmpty()) {
                String id = queue.poll();
                for (Edge e : g.outgoing(id)) {
                    String next = e.toNode();
                    if (ordered.contains(next)) continue;
                    if (next.equals(start)) {
                        List<String> path = new ArrayList<>();
                        for (String at = id; at != null; at = parent.get(at)) path.add(0, at);
                        return path;
                    }
                    if (!parent.containsKey(next) && !next.equals(start)) {
                        parent.put(next, id);
                        queue.add(next);
                    }
                }
            }
            return null;
        }

        private NodeInfo compute(Node n, boolean inCycle) {
            List<Problem> problems = new ArrayList<>();
            String shown = Registry.shownKind(n);
            LayerSpec spec = Registry.find(n.kind());
            if (spec == null) {
                problems.add(new Problem(Severity.ERROR, ProblemCode.UNKNOWN_KIND, n.id(), n.name(), n.kind(), null, null, Registry.unknownKind(n.kind())));
                return info(n, Status.FAILED, List.of(), problems);
            }
            boolean paramsOk = checkParams(n, spec, shown, problems);
            ResolvedParams p = new ResolvedParams(spec, paramsOk ? n.params() : Map.of(), Map.of());

            List<PortSpec> inPorts, outPorts;
            Block block = null;
            if (n.kind().equals(Registry.BLOCK)) {
                block = paramsOk ? library.block(p.s("block")) : null;
                if (paramsOk && block == null) {
                    problems.add(new Problem(Severity.ERROR, ProblemCode.UNKNOWN_BLOCK, n.id(), n.name(), shown, "block", null,
                            "places block \"" + p.s("block") + "\", but the project defines no such block"
                                    + (library.blocks().isEmpty() ? "" : " (its blocks: " + String.join(", ", library.blocks().stream().map(Block::name).toList()) + ")")));
                }
                if (block != null && (blockStack.contains(block.name()))) {
                    problems.add(new Problem(Severity.ERROR, ProblemCode.BLOCK_RECURSION, n.id(), n.name(), shown, "block", null,
                            "block " + block.name() + " places itself (" + String.join(" → ", blockStack) + " → " + block.name() + "), which would never end"));
                    block = null;
                }
                if (block == null) return info(n, Status.FAILED, List.of(), problems);
                inPorts = blockPorts(block, "Input");
                outPorts = blockPorts(block, "Output");
            } else {
                inPorts = spec.inputs(p);
                outPorts = spec.outputs(p);
            }

            // Edges against ports.
            // An Add, Multiply or Concat: its in1, in2, … come from num_inputs, which the messages then name.
            boolean numbered = spec != null && spec.param("num_inputs") != null;
            Map<String, List<Edge>> byPort = new LinkedHashMap<>();
            for (PortSpec ps : inPorts) byPort.put(ps.name(), new ArrayList<>(1));
            for (Edge e : g.incoming(n.id())) {
                List<Edge> list = byPort.get(e.toPort());
                if (list == null) {
                    problems.add(problem(n, shown, ProblemCode.UNKNOWN_PORT, null, e.toPort(), "has no input \"" + e.toPort() + "\" (the connection from "
                            + g.node(e.fromNode()).name() + "." + e.fromPort() + " goes nowhere); its inputs are " + portNames(inPorts)
                            + (numbered && e.toPort().matches("in\\d+") ? "; set num_inputs to " + e.toPort().substring(2) + " to give it that input" : "")));
                } else {
                    list.add(e);
                }
            }
            List<TensorType> inputTypes = new ArrayList<>();
            Map<String, InputInfo> inputs = new LinkedHashMap<>();
            boolean ready = true, structural = problems.isEmpty() && paramsOk;
            for (PortSpec ps : inPorts) {
                List<Edge> list = byPort.get(ps.name());
                if (list.size() > 1) {
                    List<String> from = list.stream().map(e -> "\"" + g.node(e.fromNode()).name() + "\"").toList();
                    problems.add(problem(n, shown, ProblemCode.MULTIPLE_INPUTS, null, ps.name(), "input \"" + ps.name() + "\" has " + list.size()
                            + " connections (from " + String.join(" and ", from) + "), but an input takes one; to combine them, "
                            + "feed them into an Add or a Concat first"));
                    structural = false;
                }
                if (list.isEmpty()) {
                    if (!ps.optional()) {
                        problems.add(problem(n, shown, ProblemCode.MISSING_INPUT, null, ps.name(), inPorts.size() == 1
                                ? "its input is not connected; connect the previous layer's output to it"
                                : "input \"" + ps.name() + "\" is not connected; connect a layer's output to it" + fewerInputs(numbered, inPorts, byPort)));
                        structural = false;
                    }
                    inputTypes.add(null);
                    continue;
                }
                Edge e = list.get(0);
                Node src = g.node(e.fromNode());
                NodeInfo si = infos.get(src.id());
                TensorType t = si == null ? null : si.output(e.fromPort());
                if (si != null && si.status() == Status.OK && t == null) {
                    problems.add(problem(n, shown, ProblemCode.UNKNOWN_PORT, null, ps.name(), "its input \"" + ps.name() + "\" comes from "
                            + src.name() + "." + e.fromPort() + ", but " + Registry.shownKind(src) + " \"" + src.name() + "\" has no output \"" + e.fromPort()
                            + "\"; its outputs are " + String.join(", ", si.outputs().keySet())));
                    structural = false;
                }
                if (t == null) ready = false;
                inputTypes.add(t);
                if (t != null) {
                    inputs.put(ps.name(), new InputInfo(ps.name(), t, src.name(), Registry.shownKind(src), e.fromPort(),
                            si.inputTypes().stream().filter(java.util.Objects::nonNull).toList()));
                }
            }
            if (inCycle) return info(n, Status.IN_CYCLE, inputTypes, problems);
            if (!structural) return info(n, Status.FAILED, inputTypes, problems);
            if (!ready) return info(n, Status.WAITING, inputTypes, problems);

            for (PortSpec ps : inPorts) {
                InputInfo in = inputs.get(ps.name());
                if (in != null && !ps.type().accepts(in.type().dtype())) {
                    problems.add(problem(n, shown, ProblemCode.TYPE_MISMATCH, null, ps.name(), typeMismatch(ps, in, inPorts.size())));
                }
            }
            if (!problems.isEmpty()) return info(n, Status.FAILED, inputTypes, problems);

            if (block != null && !n.init().isEmpty()) {
                problems.add(new Problem(Severity.ERROR, ProblemCode.INIT, n.id(), n.name(), shown, null, null,
                        "places block " + block.name() + ": set initialisers on the layers inside the block, not on its placement"));
            }
            if (block != null) return computeBlock(n, block, inputs, inputTypes, outPorts, problems);

            NodeContext ctx = new NodeContext(n, spec, inputs);
            try {
                if (n.kind().equals("Input") && inputOverrides.containsKey(n.name())) {
                    TensorType t = inputOverrides.get(n.name());
                    ctx.out("out", t);
                    ctx.explain("out = " + t.describe() + ": what arrives at the block's input \"" + n.name() + "\"");
                } else {
                    spec.rule().infer(ctx);
                }
            } catch (ShapeException e) {
                problems.addAll(ctx.problems);
                problems.add(problem(n, shown, ProblemCode.SHAPE, e.param(), e.port(), e.getMessage()));
                return info(n, Status.FAILED, inputTypes, problems);
            } catch (RuntimeException e) {
                problems.add(problem(n, shown, ProblemCode.INTERNAL, null, null, "LayerLab could not work out this layer's shapes (" + e
                        + "); this is a bug in LayerLab, please report it"));
                return info(n, Status.FAILED, inputTypes, problems);
            }
            problems.addAll(ctx.problems);
            for (PortSpec ps : outPorts) {
                if (!ctx.outputs.containsKey(ps.name())) {
                    problems.add(problem(n, shown, ProblemCode.INTERNAL, null, ps.name(), "LayerLab gave output \"" + ps.name() + "\" no shape; please report it"));
                    return info(n, Status.FAILED, inputTypes, problems);
                }
            }
            checkInit(n, shown, spec.parameterRoles(ctx), problems);
            return new NodeInfo(n.id(), Status.OK, inputTypes, ctx.outputs, ctx.filled(), ctx.paramCount, ctx.flops, ctx.explanation, problems, null);
        }

        /**
         * A node's initialisers against the tensors it has: an initialiser for a role it lacks (no parameters at all, or
         * {@code bias=False}) is an error, as is an unknown name or argument, or a fan-based one on a vector.
         */
        private static void checkInit(Node n, String shown, Map<String, Integer> roles, List<Problem> problems) {
            n.init().forEach((role, choice) -> {
                Integer rank = roles.get(role);
                String why = rank == null
                        ? (roles.isEmpty() ? "has no parameters, so nothing for its " + role + " initialiser (" + choice.name() + ") to fill"
                                : "has no " + role + (role.equals("bias") ? " (bias is off)" : "") + ", so nothing for its " + role
                                        + " initialiser (" + choice.name() + ") to fill")
                        : choice.problem(role, rank);
                if (why != null) {
                    problems.add(new Problem(Severity.ERROR, ProblemCode.INIT, n.id(), n.name(), shown, null, null,
                            rank == null ? why : role + " initialiser: " + why));
                }
            });
        }

        private NodeInfo computeBlock(Node n, Block block, Map<String, InputInfo> inputs, List<TensorType> inputTypes, List<PortSpec> outPorts,
                                      List<Problem> problems) {
            Map<String, TensorType> types = new LinkedHashMap<>();
            inputs.forEach((port, in) -> types.put(port, in.type()));
            Analysis body = cache.get(block, library.blocks(), types);
            if (body == null) {
                List<String> stack = new ArrayList<>(blockStack);
                stack.add(block.name());
                body = new Run(block.body(), library, types, null, Set.of(), cache, stack).go();
                cache.put(block, library.blocks(), types, body);
            }
            String shown = block.name();
            for (Problem p : body.problems()) {
                problems.add(new Problem(p.severity(), p.code(), n.id(), n.name(), shown, null, null, "in block " + block.name() + ", " + (p.nodeName() == null ? p.message() : p.where() + ": " + p.message())));
            }
            Map<String, TensorType> outputs = new LinkedHashMap<>();
            for (PortSpec ps : outPorts) {
                Node out = block.body().nodeByName(ps.name());
                List<TensorType> arriving = body.info(out.id()).inputTypes();
                TensorType t = arriving.isEmpty() ? null : arriving.get(0);
                if (t == null) return new NodeInfo(n.id(), Status.FAILED, inputTypes, Map.of(), Map.of(), 0, 0, List.of(), problems, body);
                outputs.put(ps.name(), t);
            }
            List<String> explanation = new ArrayList<>();
            explanation.add("block " + block.name() + ": " + describe(types) + " → " + describe(outputs));
            long layers = block.body().nodes().stream().filter(x -> !x.kind().equals("Input") && !x.kind().equals("Output")).count();
            explanation.add("params = the sum over its " + layers + " layers = " + String.format(java.util.Locale.ROOT, "%,d", body.totalParams()));
            return new NodeInfo(n.id(), Status.OK, inputTypes, outputs, Map.of(), body.totalParams(), body.totalFlops(), explanation, problems, body);
        }

        private static String describe(Map<String, TensorType> ports) {
            List<String> parts = new ArrayList<>();
            ports.forEach((k, v) -> parts.add(k + " " + v.describe()));
            return String.join(", ", parts);
        }

        private static List<PortSpec> blockPorts(Block b, String kind) {
            List<PortSpec> ports = new ArrayList<>();
            for (Node x : b.body().nodes()) if (x.kind().equals(kind)) ports.add(PortSpec.of(x.name(), PortType.ANY));
            return ports;
        }

        private static String portNames(List<PortSpec> ports) {
            if (ports.isEmpty()) return "none";
            return String.join(", ", ports.stream().map(p -> "\"" + p.name() + "\"").toList());
        }

        private static String typeMismatch(PortSpec ps, InputInfo in, int ports) {
            String what = ports == 1 ? "its input" : "input \"" + ps.name() + "\"";
            String got = in.type().dtype().pyName + " " + in.type();
            String hint = ps.type() == PortType.INDICES
                    ? "; token ids and class labels come from an Input with dtype int64"
                    : "; int64 holds token ids or class labels: feed ids through an Embedding, or set the Input's dtype to float32 for values";
            return what + " needs " + ps.type().description() + ", but " + in.source() + " gives " + got + hint;
        }

        private boolean checkParams(Node n, LayerSpec spec, String shown, List<Problem> problems) {
            boolean ok = true;
            for (String key : n.params().keySet()) {
                if (spec.param(key) == null) {
                    List<String> names = spec.params().stream().map(ParamSpec::name).toList();
                    problems.add(problem(n, shown, ProblemCode.UNKNOWN_PARAM, key, null, "has no param \"" + key + "\"; "
                            + (names.isEmpty() ? "it takes none" : "its params are " + String.join(", ", names))));
                    ok = false;
                }
            }
            for (ParamSpec ps : spec.params()) {
                Object v = n.param(ps.name());
                String type = ps.typeProblem(v);
                if (type != null) {
                    problems.add(problem(n, shown, ProblemCode.PARAM_INVALID, ps.name(), null, type));
                    ok = false;
                } else if (v != null) {
                    String range = ps.rangeProblem(v);
                    if (range != null) {
                        problems.add(problem(n, shown, ProblemCode.PARAM_OUT_OF_RANGE, ps.name(), null, range));
                        ok = false;
                    }
                }
            }
            return ok;
        }

        private static Problem problem(Node n, String shown, ProblemCode code, String param, String port, String message) {
            return new Problem(Severity.ERROR, code, n.id(), n.name(), shown, param, port, message);
        }

        private static NodeInfo info(Node n, Status s, List<TensorType> inputTypes, List<Problem> problems) {
            return new NodeInfo(n.id(), s, inputTypes, Map.of(), Map.of(), 0, 0, List.of(), problems, null);
        }

        /** Dangling outputs, and a graph (or block) with no Input or no Output. */
        private void graphChecks(List<Problem> out) {
            boolean anyInput = false, anyOutput = false;
            for (Node n : g.nodes()) {
                LayerSpec spec = Registry.find(n.kind());
                boolean sink = n.kind().equals("Output") || spec != null && spec.category() == Category.LOSS;
                anyInput |= n.kind().equals("Input");
                anyOutput |= sink && (!isBody() || n.kind().equals("Output"));
                // The name suggested is free in this graph: the Problems list's fix renames to it.
                String reserved = Names.moduleAttribute(n.name(), g.freshName(n.name() + "_"));
                if (reserved != null) {
                    // An older file's name (new nodes cannot take one): the file opens, and the node says to rename it.
                    out.add(new Problem(Severity.ERROR, ProblemCode.RESERVED_NAME, n.id(), n.name(), Registry.shownKind(n), null, null,
                            reserved + " (rename it: the exported code would break)"));
                }
                if (!sink && spec != null && g.outgoing(n.id()).isEmpty()) {
                    out.add(new Problem(Severity.WARNING, ProblemCode.DANGLING_OUTPUT, n.id(), n.name(), Registry.shownKind(n), null, null,
                            "its output is not connected to anything, so it is computed for nothing; connect it to the next layer "
                                    + "or an Output, or delete it"));
                }
            }
            if (!isBody()) TrainingChecks.check(g, out);
            if (!anyInput) {
                out.add(new Problem(Severity.ERROR, ProblemCode.NO_INPUT, null, null, null, null, null, isBody()
                        ? "the block has no Input node, so nothing can flow into it; add an Input for each of its inputs"
                        : "the network has no Input node; add one for your data, with the shape of one sample"));
            }
            if (!anyOutput) {
                out.add(new Problem(Severity.ERROR, ProblemCode.NO_OUTPUT, null, null, null, null, null, isBody()
                        ? "the block has no Output node, so its placements give nothing; add an Output for each of its results"
                        : "the network has no Output or loss node, so nothing would be computed; connect your last layer to an "
                                + "Output (for predictions) and to a loss (for training)"));
            }
        }
    }
}
