package layerlab.graph;

/** The canvas scroll position and zoom saved with a project, so it reopens where the student left it. */
public record CanvasView(double x, double y, double zoom) {
    public static final CanvasView DEFAULT = new CanvasView(0, 0, 1);

    public CanvasView {
        if (!(zoom > 0)) throw new IllegalArgumentException("zoom must be positive, got " + zoom);
    }
}
