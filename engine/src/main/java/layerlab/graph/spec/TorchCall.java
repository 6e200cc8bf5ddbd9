package layerlab.graph.spec;

import java.util.Map;

/**
 * How forward calls a layer whose call is more than its module applied to the tensors on its connected ports in order:
 * {@code self.attn(x, x, x, attn_mask=…)} for a MultiheadAttention whose key and value are its query.
 */
@FunctionalInterface
public interface TorchCall {
    /**
     * @param module the module as forward names it ({@code self.attn})
     * @param inputs the variable on each input port, by port name; null for an unconnected one
     * @return the call, or null for the plain one (the module applied to the connected inputs, or the kind's expression)
     */
    String call(Params params, String module, Map<String, String> inputs);
}
