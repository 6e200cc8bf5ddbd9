package layerlab.graph.spec;

import layerlab.nn.Module;
import layerlab.tensor.Tensor;

/**
 * Calls a built module with the tensors on its input ports (in port order) and returns the tensors for its
 * output ports (in port order). Most kinds have one output: {@link #SINGLE}.
 */
@FunctionalInterface
public interface Invoker {
    Invoker SINGLE = (m, in) -> new Tensor[] {in.length == 1 ? m.forward(in[0]) : m.forward(in)};

    Tensor[] call(Module module, Tensor[] inputs);
}
