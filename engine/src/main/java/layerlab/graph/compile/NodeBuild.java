package layerlab.graph.compile;

import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.spec.BuildContext;
import layerlab.graph.spec.Params;
import layerlab.graph.spec.TensorType;

/** The {@link BuildContext} of one node: its resolved params and inferred types. */
final class NodeBuild implements BuildContext, Params.Forwarding {
    private final String name;
    private final Params params;
    private final NodeInfo info;
    private final java.util.List<String> inputPorts;

    NodeBuild(String name, Params params, NodeInfo info, java.util.List<String> inputPorts) {
        this.name = name;
        this.params = params;
        this.info = info;
        this.inputPorts = inputPorts;
    }

    @Override
    public String nodeName() {
        return name;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public TensorType input(String port) {
        int i = inputPorts.indexOf(port);
        return i < 0 ? null : info.inputTypes().get(i);
    }

    @Override
    public TensorType output(String port) {
        return info.output(port);
    }
}
