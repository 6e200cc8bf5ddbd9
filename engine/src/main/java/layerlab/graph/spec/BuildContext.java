package layerlab.graph.spec;

/** What a {@link Factory} gets: the resolved params (auto-filled ones included) and the inferred types. */
public interface BuildContext extends Params {
    String nodeName();

    /** The type arriving on an input port (null when unconnected). */
    TensorType input(String port);

    /** The inferred type of an output port. */
    TensorType output(String port);
}
