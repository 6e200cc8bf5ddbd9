package layerlab.graph.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;
import layerlab.graph.Node;
import layerlab.graph.spec.InputInfo;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Params;
import layerlab.graph.spec.ResolvedParams;
import layerlab.graph.spec.ShapeContext;
import layerlab.graph.spec.TensorType;

/** The {@link ShapeContext} a rule runs in: collects what the rule reports for one node. */
final class NodeContext implements ShapeContext, Params.Forwarding {
    private final Node node;
    private final String shownKind;
    private final Map<String, InputInfo> inputs;
    private final Map<String, Object> filled = new LinkedHashMap<>();
    private final ResolvedParams params;
    final Map<String, TensorType> outputs = new LinkedHashMap<>();
    final List<String> explanation = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    long paramCount;
    long flops;

    NodeContext(Node node, LayerSpec spec, Map<String, InputInfo> inputs) {
        this.node = node;
        this.shownKind = node.kind();
        this.inputs = inputs;
        this.params = new ResolvedParams(spec, node.params(), filled);
    }

    Map<String, Object> filled() {
        return filled;
    }

    @Override
    public String nodeName() {
        return node.name();
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public InputInfo input(String port) {
        return inputs.get(port);
    }

    @Override
    public List<InputInfo> inputs() {
        return List.copyOf(inputs.values());
    }

    @Override
    public void out(String port, TensorType type) {
        outputs.put(port, Objects.requireNonNull(type));
    }

    @Override
    public void explain(String line) {
        explanation.add(line);
    }

    @Override
    public void paramCount(long n) {
        paramCount = n;
    }

    @Override
    public void flops(long n) {
        flops = n;
    }

    @Override
    public int fill(String param, int actual, IntFunction<String> mismatch) {
        // What the shape gives is kept even where the node sets its own value: a mismatch's fix (Auto-fill) writes it.
        filled.put(param, actual);
        Object set = node.param(param);
        if (set instanceof Integer v) {
            if (v != actual) problems.add(problem(Severity.ERROR, ProblemCode.SHAPE_MISMATCH, param, null, mismatch.apply(v)));
            return v;
        }
        return actual;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Integer> fill(String param, List<Integer> actual, Function<List<Integer>, String> mismatch) {
        filled.put(param, List.copyOf(actual));
        Object set = node.param(param);
        if (set instanceof List<?> v) {
            if (!v.equals(actual)) problems.add(problem(Severity.ERROR, ProblemCode.SHAPE_MISMATCH, param, null, mismatch.apply((List<Integer>) v)));
            return (List<Integer>) v;
        }
        return actual;
    }

    @Override
    public void error(String param, String message) {
        problems.add(problem(Severity.ERROR, param == null ? ProblemCode.SHAPE : ProblemCode.PARAM_OUT_OF_RANGE, param, null, message));
    }

    @Override
    public void warn(String message) {
        warn(null, message);
    }

    @Override
    public void warn(String param, String message) {
        problems.add(problem(Severity.WARNING, ProblemCode.LAYER_WARNING, param, null, message));
    }

    Problem problem(Severity s, ProblemCode code, String param, String port, String message) {
        return new Problem(s, code, node.id(), node.name(), shownKind, param, port, message);
    }
}
