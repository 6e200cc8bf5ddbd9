package layerlab.graph.spec;

/** What a {@link Factory} gets: the resolved params (auto-filled ones included) and the inferred types. */
public interface BuildContext extends Params {
    String nodeName();

    /** The type arriving on an input port (null when unconnected). */
    TensorType input(String port);

    /** The inferred type of an output port. */
    TensorType output(String port);

    /** A context of params alone, no types inferred: a loss the training settings name rather than a node. */
    static BuildContext of(String name, Params params) {
        return new Named(name, params);
    }

    /** {@link #of}'s context. */
    record Named(String nodeName, Params params) implements BuildContext, Params.Forwarding {
        @Override
        public TensorType input(String port) {
            return null;
        }

        @Override
        public TensorType output(String port) {
            return null;
        }
    }
}
