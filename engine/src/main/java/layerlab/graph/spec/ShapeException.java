package layerlab.graph.spec;

/** A shape rule's verdict that the node cannot work with what it gets; the message is the student's. */
public final class ShapeException extends RuntimeException {
    private final String param;
    private final String port;

    public ShapeException(String message, String param, String port) {
        super(message, null, false, false);
        this.param = param;
        this.port = port;
    }

    /** The param the problem is about, or null. */
    public String param() {
        return param;
    }

    /** The input port the problem is about, or null. */
    public String port() {
        return port;
    }
}
