package layerlab.ui.inspect;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.tensor.Tensor;
import layerlab.train.Trainer;
import layerlab.ui.train.TrainingSession;

/**
 * A 2-D classifier's decision boundary: the classes the model predicts over a grid spanning the training points, drawn
 * under them, live while training (a probe of the run) and once more for the finished model. Hidden for other data.
 */
final class DecisionBoundary {
    /** The grid's cells across and down, each a prediction. */
    static final int GRID = 64;

    private final TrainingSession session;
    final Canvas canvas = new Canvas(320, 320);

    DecisionBoundary(TrainingSession session) {
        this.session = session;
        canvas.setId("decisionBoundary");
        canvas.setVisible(false);
        canvas.setManaged(false);
    }

    /** A run starts: the boundary shows, and is drawn as it trains, where the training data are 2-D points of classes. */
    void start() {
        DataSplit data = session.data();
        session.setProbe("boundary", null);
        boolean twoD = data != null && data.train().isClassification() && data.train().sampleShape().length == 1 && data.train().sampleShape()[0] == 2;
        canvas.setVisible(twoD);
        canvas.setManaged(twoD);
        if (twoD) session.setProbe("boundary", t -> image(t, data.train()));
    }

    /** Hidden and blank again (another project was opened). */
    void clear() {
        canvas.setVisible(false);
        canvas.setManaged(false);
        canvas.getProperties().remove("layerlab.drawn");
    }

    /** Predicts a grid over the points' range (on the training thread or a worker) and returns the drawing. */
    Runnable image(Trainer t, Dataset train) {
        int n = Math.min(train.size(), 600);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        var b = train.batch(idx);
        float[] pts = b.inputs().toFloatArray();
        long[] labels = b.targets().toLongArray();
        float x0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y0 = Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            x0 = Math.min(x0, pts[2 * i]);
            x1 = Math.max(x1, pts[2 * i]);
            y0 = Math.min(y0, pts[2 * i + 1]);
            y1 = Math.max(y1, pts[2 * i + 1]);
        }
        float mx = (x1 - x0) * 0.1f + 1e-3f, my = (y1 - y0) * 0.1f + 1e-3f;
        x0 -= mx;
        x1 += mx;
        y0 -= my;
        y1 += my;
        float[] grid = new float[GRID * GRID * 2];
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                grid[2 * (r * GRID + c)] = x0 + (x1 - x0) * (c + 0.5f) / GRID;
                grid[2 * (r * GRID + c) + 1] = y1 - (y1 - y0) * (r + 0.5f) / GRID;
            }
        }
        float[] out = Probes.predict(t, Tensor.of(grid, GRID * GRID, 2));
        int[] cls = Evaluation.classes(out, GRID * GRID, t.evaluator().task());
        float fx0 = x0, fx1 = x1, fy0 = y0, fy1 = y1;
        int k = Math.max(2, train.classNames().size());
        return () -> drawBoundary(canvas, cls, k, pts, labels, n, fx0, fx1, fy0, fy1);
    }

    /** Draws the {@code GRID}×{@code GRID} classes {@code cls} with the {@code n} points over them into {@code boundary}. */
    static void drawBoundary(Canvas boundary, int[] cls, int k, float[] pts, long[] labels, int n, float x0, float x1, float y0, float y1) {
        GraphicsContext g = boundary.getGraphicsContext2D();
        double w = boundary.getWidth(), h = boundary.getHeight();
        // The grid's cells as one picture, scaled up unsmoothed: 4,096 filled rectangles a probe (4 a second) were as
        // many commands in the canvas's buffer, which grew without bound while frames lagged on a busy machine.
        javafx.scene.image.WritableImage cells = new javafx.scene.image.WritableImage(GRID, GRID);
        javafx.scene.image.PixelWriter pw = cells.getPixelWriter();
        Color[] shades = new Color[k];
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                int v = cls[r * GRID + c];
                Color shade = v >= 0 && v < k ? shades[v] : null;
                if (shade == null) {
                    shade = ClassMarker.color(v, k).deriveColor(0, 0.45, 1.15, 1);
                    if (v >= 0 && v < k) shades[v] = shade;
                }
                pw.setColor(c, r, shade);
            }
        }
        // Clearing the whole canvas also drops the commands of earlier pictures not yet drawn.
        g.clearRect(0, 0, w, h);
        g.setImageSmoothing(false);
        g.drawImage(cells, 0, 0, w, h);
        for (int i = 0; i < n; i++) {
            double px = (pts[2 * i] - x0) / (x1 - x0) * w, py = (1 - (pts[2 * i + 1] - y0) / (y1 - y0)) * h;
            g.setFill(ClassMarker.color((int) labels[i], k));
            g.setStroke(Color.WHITE);
            g.fillOval(px - 3, py - 3, 6, 6);
            g.strokeOval(px - 3, py - 3, 6, 6);
        }
        boundary.getProperties().put("layerlab.drawn", true);
    }

}
