package layerlab.ui.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import layerlab.ui.ChartTheme;
import layerlab.ui.inspect.Pictures;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Data tab's views of a {@link Preview} (texts aside: {@link TextPreview}): an image grid, a scatter plot of 2-D
 * points, or a table of the samples with their targets.
 */
final class PreviewViews {
    private PreviewViews() {}

    /** The samples' pictures with their labels, under the augmented variants of a few where the training draws any. */
    static ScrollPane imageGrid(Preview p) {
        int[] s = p.shape();
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        FlowPane grid = new FlowPane(6, 6);
        grid.setId("dataImageGrid");
        grid.setPadding(new Insets(8));
        VBox page = new VBox(grid);
        if (p.augmented() != null) page.getChildren().add(0, augmentedGrid(p, c, h, w));
        for (int i = 0; i < p.size(); i++) {
            ImageView v = new ImageView(Pictures.image(p.features(), i * c * h * w, c, h, w, 0, 0));
            v.setFitWidth(56);
            v.setFitHeight(56);
            v.setSmooth(false);
            String label = p.labels() != null ? p.classes().get((int) p.labels()[i]) : String.format(Locale.ROOT, "%.3g", p.values()[i]);
            VBox cell = new VBox(1, v, new Label(label));
            grid.getChildren().add(cell);
        }
        ScrollPane sp = new ScrollPane(page);
        sp.setFitToWidth(true);
        return sp;
    }

    /** Each of a few samples as it is, then variants the augmentation draws of it, a row per sample. */
    private static VBox augmentedGrid(Preview p, int c, int h, int w) {
        GridPane rows = new GridPane();
        rows.setId("dataAugmentedGrid");
        rows.setHgap(6);
        rows.setVgap(6);
        int per = c * h * w, across = 1 + Preview.DRAWS, k = p.augmented().length / (per * across);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < across; j++) {
                ImageView v = new ImageView(Pictures.image(p.augmented(), (i * across + j) * per, c, h, w, 0, 0));
                v.setFitWidth(56);
                v.setFitHeight(56);
                v.setSmooth(false);
                rows.add(v, j == 0 ? 0 : j + 1, i);
            }
        }
        // A gap between each sample and its variants.
        rows.getColumnConstraints().add(new javafx.scene.layout.ColumnConstraints());
        rows.getColumnConstraints().add(new javafx.scene.layout.ColumnConstraints(6));
        Label head = new Label("Augmented for training — each sample, then what its random transforms can make of it (new draws every batch):");
        head.setWrapText(true);
        VBox box = new VBox(4, head, rows, new Label("The training samples as they are:"));
        box.setPadding(new Insets(8, 8, 0, 8));
        return box;
    }

    /** 2-D points in a scatter plot, a mark and colour per class; the chart dressed for {@code scene}'s theme. */
    static ChartViewer scatter(Preview p, Scene scene) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<XYSeries> series = new ArrayList<>();
        int k = p.labels() == null ? 1 : p.classes().size();
        for (int i = 0; i < k; i++) {
            XYSeries s = new XYSeries(p.labels() == null ? "samples" : "class " + p.classes().get(i), false, true);
            series.add(s);
            data.addSeries(s);
        }
        for (int i = 0; i < p.size(); i++) {
            int cls = p.labels() == null ? 0 : (int) p.labels()[i];
            series.get(cls).add(p.features()[2 * i], p.features()[2 * i + 1], false);
        }
        // The axes by the file's column names where it has them ("Height", "Weight"), as the table preview heads its columns.
        boolean named = p.columns() != null && p.columns().size() == 2;
        JFreeChart chart = ChartFactory.createScatterPlot("Training samples", named ? p.columns().get(0) : "x₁", named ? p.columns().get(1) : "x₂",
                data, PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        // Each class its feature-space mark and colour: a shape as well as a hue (blobs' red and green dots were one to
        // colour-blind eyes).
        for (int i = 0; i < k; i++) {
            r.setSeriesShape(i, layerlab.ui.inspect.ClassMarker.chartShape(i, 2.5));
            if (p.labels() != null) r.setSeriesPaint(i, layerlab.ui.inspect.ClassMarker.chartColor(i, k));
        }
        ChartTheme.dress(scene, chart);
        ChartViewer v = new ChartViewer(chart);
        v.setId("dataScatter");
        return v;
    }

    /** The target's column: a class by name, a number as it is, next-token targets as their text ("gastel<eos>"). */
    static TableColumn<Integer, String> targetColumn(Preview p) {
        TableColumn<Integer, String> target = new TableColumn<>("target");
        if (layerlab.data.NextTokens.isNextToken(p.vocabulary())) {
            target.setText("next tokens");
            target.setCellValueFactory(c -> new ReadOnlyStringWrapper(layerlab.data.NextTokens.targetText(p.vocabulary(), p.values(), c.getValue())));
            return target;
        }
        target.setCellValueFactory(c -> new ReadOnlyStringWrapper(p.labels() != null ? p.classes().get((int) p.labels()[c.getValue()])
                : String.format(Locale.ROOT, "%.4g", p.values()[c.getValue()])));
        return target;
    }

    /**
     * With several targets, a column per target Input's column, headed "bill ← bill_depth_mm": a word column's class by
     * name, a number as it is.
     */
    static List<TableColumn<Integer, String>> headColumns(Preview p) {
        List<TableColumn<Integer, String>> out = new java.util.ArrayList<>();
        int w = p.heads().stream().mapToInt(layerlab.data.TargetHead::width).sum(), at = 0;
        for (layerlab.data.TargetHead h : p.heads()) {
            for (int k = 0; k < h.width(); k++) {
                int col = at + k;
                TableColumn<Integer, String> c = new TableColumn<>(h.input() + " \u2190 " + h.columns().get(k));
                c.setCellValueFactory(v -> {
                    float x = p.values()[v.getValue() * w + col];
                    return new ReadOnlyStringWrapper(h.words() ? h.classes().get((int) x) : String.format(Locale.ROOT, "%.4g", x));
                });
                out.add(c);
            }
            at += h.width();
        }
        return out;
    }

    /** A table of the samples, the targets' columns first, at most 40 of the features; {@code series}: a time series' steps head them. */
    static TableView<Integer> table(Preview p, boolean series) {
        TableView<Integer> t = new TableView<>();
        t.setId("dataTable");
        int per = 1;
        for (int s : p.shape()) per *= s;
        int cols = Math.min(per, 40);
        int stride = per;
        if (p.heads().isEmpty()) t.getColumns().add(targetColumn(p));
        else t.getColumns().addAll(headColumns(p));
        for (int j = 0; j < cols; j++) {
            int col = j;
            // The file's own column names where it has them (a CSV header), a time series' steps, else x0, x1, …
            String name = p.heading(j, series);
            TableColumn<Integer, String> tc = new TableColumn<>(name);
            tc.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.format(Locale.ROOT, "%.4g", p.features()[c.getValue() * stride + col])));
            if (!p.gaps().isEmpty() && p.fillWith() != null) {
                String with = p.fillWith().mark(name);
                tc.setCellFactory(c -> new GapCell(p.gaps(), with, stride, col));
            }
            t.getColumns().add(tc);
        }
        for (int i = 0; i < p.size(); i++) t.getItems().add(i);
        ChartTheme.onThemeChange(t, dark -> fitColumns(t));
        return t;
    }

    /**
     * Widens each column of {@code t} to its whole heading at the window's text size (the table scrolls sideways): at
     * 200 % the columns kept their 80 px and Iris's read "sep…", "sep…", "pet…".
     */
    static void fitColumns(TableView<?> t) {
        double scale = ChartTheme.textScale(t.getScene());
        javafx.scene.text.Text m = new javafx.scene.text.Text();
        m.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(), javafx.scene.text.FontWeight.BOLD, 13 * scale));
        for (TableColumn<?, ?> c : t.getColumns()) {
            m.setText(c.getText());
            c.setPrefWidth(Math.max(80 * scale, Math.ceil(m.getLayoutBounds().getWidth() + 20 * scale)));
        }
    }
}
