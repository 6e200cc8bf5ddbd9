package layerlab.graph;

/** Where a node or note sits on the canvas, in canvas units (not screen pixels). */
public record Position(double x, double y) {
    public static final Position ORIGIN = new Position(0, 0);

    public Position translate(double dx, double dy) {
        return new Position(x + dx, y + dy);
    }
}
