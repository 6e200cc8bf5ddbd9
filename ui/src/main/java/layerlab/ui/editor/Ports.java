package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.List;
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.PortType;
import layerlab.graph.spec.Registry;

/** A node's ports as the canvas draws them: from its spec with its resolved params, or a block's Input/Output nodes. */
public final class Ports {
    private Ports() {
    }

    public static List<PortSpec> inputs(Graph g, Analysis a, Node n) {
        return ports(g, a, n, true);
    }

    public static List<PortSpec> outputs(Graph g, Analysis a, Node n) {
        return ports(g, a, n, false);
    }

    private static List<PortSpec> ports(Graph g, Analysis a, Node n, boolean in) {
        if (n.kind().equals(Registry.BLOCK)) {
            Object name = n.param("block");
            Block b = name instanceof String s ? g.block(s) : null;
            if (b == null) return List.of();
            List<PortSpec> out = new ArrayList<>();
            for (Node x : b.body().nodes()) if (x.kind().equals(in ? "Input" : "Output")) out.add(PortSpec.of(x.name(), PortType.ANY));
            return out;
        }
        LayerSpec spec = Registry.find(n.kind());
        if (spec == null) return List.of();
        try {
            return in ? spec.inputs(a.params(n.id())) : spec.outputs(a.params(n.id()));
        } catch (RuntimeException e) {
            // Invalid params (being edited), or a node the analysis has not seen yet (one about to be added): the
            // kind's usual ports still let the student connect.
            return in ? spec.defaultInputs() : spec.defaultOutputs();
        }
    }

    public static PortSpec find(List<PortSpec> ports, String name) {
        for (PortSpec p : ports) if (p.name().equals(name)) return p;
        return null;
    }
}
