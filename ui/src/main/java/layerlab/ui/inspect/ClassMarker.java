package layerlab.ui.inspect;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The mark of a class in a scatter picture (the feature space): a shape of its own as well as its colour, so that classes
 * read apart where hues do not — on a projector's washed-out colours, on a grey print, to colour-blind eyes. Six shapes,
 * then again; each about the area of a dot of the given radius, and each covering its centre.
 */
public enum ClassMarker {
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

    /**
     * Class {@code c}'s mark as a chart draws it (the Data tab's scatter of the samples), centred on the origin, about as
     * large as a dot of radius {@code r}: the same shape as in the feature space, so a class looks alike in both.
     */
    public static java.awt.Shape chartShape(int c, double r) {
        return switch (of(c)) {
            case CIRCLE -> new java.awt.geom.Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
            case SQUARE -> new java.awt.geom.Rectangle2D.Double(-0.95 * r, -0.95 * r, 1.9 * r, 1.9 * r);
            case TRIANGLE -> polygon(new double[] {0, 1.35 * r, -1.35 * r}, new double[] {-1.35 * r, 1.08 * r, 1.08 * r});
            case TRIANGLE_DOWN -> polygon(new double[] {0, 1.35 * r, -1.35 * r}, new double[] {1.35 * r, -1.08 * r, -1.08 * r});
            case DIAMOND -> polygon(new double[] {0, 1.3 * r, 0, -1.3 * r}, new double[] {-1.3 * r, 0, 1.3 * r, 0});
            case PLUS -> {
                java.awt.geom.Area a = new java.awt.geom.Area(new java.awt.geom.Rectangle2D.Double(-1.3 * r, -0.45 * r, 2.6 * r, 0.9 * r));
                a.add(new java.awt.geom.Area(new java.awt.geom.Rectangle2D.Double(-0.45 * r, -1.3 * r, 0.9 * r, 2.6 * r)));
                yield a;
            }
        };
    }

    /**
     * Class {@code c}'s colour of {@code k}, everywhere a class is coloured: a 2-D classifier's boundary and points, the
     * feature space's points and its legend's swatches.
     */
    static Color color(int c, int k) {
        return k == 2 ? (c == 0 ? Color.web("#1f77b4") : Color.web("#ff7f0e")) : Color.hsb(360.0 * c / k, 0.75, 0.85);
    }

    /** {@link #color} for a JFreeChart chart. */
    public static java.awt.Color chartColor(int c, int k) {
        Color f = color(c, k);
        return new java.awt.Color((float) f.getRed(), (float) f.getGreen(), (float) f.getBlue());
    }

    private static java.awt.Shape polygon(double[] xs, double[] ys) {
        java.awt.geom.Path2D.Double p = new java.awt.geom.Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) p.lineTo(xs[i], ys[i]);
        p.closePath();
        return p;
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
