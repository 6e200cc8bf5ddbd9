package layerlab.ui.inspect;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The mark of a class in a scatter picture (the feature space): a shape of its own as well as its colour, so that classes
 * read apart where hues do not — on a projector's washed-out colours, on a grey print, to colour-blind eyes. Six shapes,
 * then again; each about the area of a dot of the given radius, and each covering its centre.
 */
enum ClassMarker {
    CIRCLE, SQUARE, TRIANGLE, DIAMOND, TRIANGLE_DOWN, PLUS;

    /** The mark of class {@code c}. */
    static ClassMarker of(int c) {
        return values()[Math.floorMod(c, values().length)];
    }

    /** Fills the mark centred on ({@code x}, {@code y}), about as large as a dot of radius {@code r}, in {@code g}'s fill. */
    void fill(GraphicsContext g, double x, double y, double r) {
        switch (this) {
            case CIRCLE -> g.fillOval(x - r, y - r, 2 * r, 2 * r);
            case SQUARE -> {
                double s = 0.95 * r;
                g.fillRect(x - s, y - s, 2 * s, 2 * s);
            }
            case TRIANGLE -> {
                double s = 1.35 * r;
                g.fillPolygon(new double[] {x, x + s, x - s}, new double[] {y - s, y + 0.8 * s, y + 0.8 * s}, 3);
            }
            case TRIANGLE_DOWN -> {
                double s = 1.35 * r;
                g.fillPolygon(new double[] {x, x + s, x - s}, new double[] {y + s, y - 0.8 * s, y - 0.8 * s}, 3);
            }
            case DIAMOND -> {
                double s = 1.3 * r;
                g.fillPolygon(new double[] {x, x + s, x, x - s}, new double[] {y - s, y, y + s, y}, 4);
            }
            case PLUS -> {
                double s = 1.3 * r, t = 0.45 * r;
                g.fillRect(x - s, y - t, 2 * s, 2 * t);
                g.fillRect(x - t, y - s, 2 * t, 2 * s);
            }
        }
    }

    /** The mark as a legend's swatch, {@code size} px a side, in {@code color}. */
    Canvas swatch(Color color, double size) {
        Canvas c = new Canvas(size, size);
        c.getGraphicsContext2D().setFill(color);
        fill(c.getGraphicsContext2D(), size / 2, size / 2, size / 2.8);
        c.setUserData(this);
        return c;
    }
}
