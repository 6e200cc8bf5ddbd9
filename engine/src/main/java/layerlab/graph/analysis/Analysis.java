package layerlab.graph.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.Node;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Params;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.ResolvedParams;
import layerlab.graph.spec.TensorType;

/**
 * Validation and shape inference of one {@link Graph}: per node a {@link NodeInfo} (shapes, params, FLOPs,
 * explanation, problems), per edge its tensor type, the graph's totals and problems. Immutable; after an edit,
 * {@link #update(Edit)} re-infers only the nodes downstream of the change.
 */
public final class Analysis {
    private final Graph graph;
    private final Map<String, NodeInfo> infos;
    private final List<String> order;
    private final List<Problem> graphProblems;
    private final BlockCache blockCache;
    private List<Problem> problems;
    private Map<String, List<Problem>> graphProblemsByNode;

    Analysis(Graph graph, Map<String, NodeInfo> infos, List<String> order, List<Problem> graphProblems, BlockCache blockCache) {
        this.graph = graph;
        this.infos = Collections.unmodifiableMap(infos);
        this.order = List.copyOf(order);
        this.graphProblems = List.copyOf(graphProblems);
        this.blockCache = blockCache;
    }

    /** Validates and infers {@code graph} from scratch. */
    public static Analysis of(Graph graph) {
        return Analyzer.analyze(graph);
    }

    /** The analysis of {@code edit.after()}, re-inferring only downstream of its changes. */
    public Analysis update(Edit edit) {
        if (edit.before() != graph && !edit.before().equals(graph)) throw new IllegalArgumentException("the edit does not start from this analysis's graph");
        return update(edit.after(), edit.changes());
    }

    /** The analysis of {@code after}, reached from this one's graph by {@code changes}. */
    public Analysis update(Graph after, List<GraphChange> changes) {
        return Analyzer.update(this, after, changes);
    }

    public Graph graph() {
        return graph;
    }

    /** The node's info (every node has one). */
    public NodeInfo info(String nodeId) {
        NodeInfo i = infos.get(nodeId);
        if (i == null) throw new IllegalArgumentException("no node with id '" + nodeId + "'");
        return i;
    }

    Map<String, NodeInfo> infos() {
        return infos;
    }

    BlockCache blockCache() {
        return blockCache;
    }

    /** Node ids in an order where every edge points forward (nodes in or after a loop are left out). */
    public List<String> order() {
        return order;
    }

    /** The type carried by an edge, or null when its source's outputs are unknown. */
    public TensorType edgeType(Edge e) {
        NodeInfo i = infos.get(e.fromNode());
        return i == null ? null : i.output(e.fromPort());
    }

    /** The node's params as its layer will be built: set, else filled from the shape, else default. */
    public Params params(String nodeId) {
        Node n = graph.requireNode(nodeId);
        LayerSpec spec = Registry.find(n.kind());
        if (spec == null) throw new IllegalArgumentException(Registry.unknownKind(n.kind()));
        return new ResolvedParams(spec, n.params(), info(nodeId).filled());
    }

    /**
     * Whether the node's parameter and FLOP counts are known: not for a kind with weights whose shapes are not (its
     * input unconnected, or fed by a node that failed), which counts 0 until they are.
     */
    public boolean countsKnown(String nodeId) {
        LayerSpec spec = Registry.find(graph.requireNode(nodeId).kind());
        return info(nodeId).status() == Status.OK || spec == null || spec.defaultInit() == null;
    }

    /** Every problem: node by node in document order, then those of the whole graph. */
    public List<Problem> problems() {
        if (problems == null) {
            List<Problem> all = new ArrayList<>();
            Map<String, List<Problem>> extra = new java.util.HashMap<>();
            List<Problem> global = new ArrayList<>();
            for (Problem p : graphProblems) {
                if (p.nodeId() == null || graph.node(p.nodeId()) == null) global.add(p);
                else extra.computeIfAbsent(p.nodeId(), k -> new ArrayList<>()).add(p);
            }
            for (Node n : graph.nodes()) {
                all.addAll(info(n.id()).problems());
                all.addAll(extra.getOrDefault(n.id(), List.of()));
            }
            all.addAll(global);
            problems = Collections.unmodifiableList(all);
        }
        return problems;
    }

    /**
     * The problems the checks of the whole graph find on one node (a dangling output, a name nn.Module uses itself),
     * which its own {@link NodeInfo#problems} do not hold.
     */
    public List<Problem> graphProblemsOf(String nodeId) {
        if (graphProblemsByNode == null) {
            Map<String, List<Problem>> byNode = new java.util.HashMap<>();
            for (Problem p : graphProblems) if (p.nodeId() != null) byNode.computeIfAbsent(p.nodeId(), k -> new ArrayList<>()).add(p);
            graphProblemsByNode = byNode;
        }
        return graphProblemsByNode.getOrDefault(nodeId, List.of());
    }

    public List<Problem> errors() {
        return problems().stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems().stream().filter(p -> !p.isError()).toList();
    }

    public boolean hasErrors() {
        for (Problem p : problems()) if (p.isError()) return true;
        return false;
    }

    /** Learnable parameters over the nodes whose shapes are known. */
    public long totalParams() {
        long n = 0;
        for (NodeInfo i : infos.values()) n += i.params();
        return n;
    }

    /** Parameters of frozen nodes (a frozen block's all; a frozen layer inside a block counts in each placement). */
    public long frozenParams() {
        long n = 0;
        for (var e : infos.entrySet()) {
            Node node = graph.node(e.getKey());
            NodeInfo i = e.getValue();
            if (node != null && node.frozen()) n += i.params();
            else if (i.body() != null) n += i.body().frozenParams();
        }
        return n;
    }

    /** Forward FLOPs per sample over the nodes whose shapes are known. */
    public long totalFlops() {
        long n = 0;
        for (NodeInfo i : infos.values()) n += i.flops();
        return n;
    }

    @Override
    public String toString() {
        return "Analysis(" + graph + ": " + errors().size() + " errors, " + warnings().size() + " warnings, " + totalParams() + " params)";
    }
}
