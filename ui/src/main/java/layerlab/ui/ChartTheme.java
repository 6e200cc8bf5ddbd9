package layerlab.ui;

import java.awt.Color;
import java.awt.Paint;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.Layer;
import layerlab.ui.shell.TextSize;

/**
 * The charts (JFreeChart, drawn in AWT colours) in the window's theme: the light theme's white plots, or the dark
 * theme's panels, grid and text (dark.css's greys), so that a dark window has no white slabs. Exported images stay
 * light, for documents and slides. Their text follows View › Text Size as the window's CSS text does, which JFreeChart's
 * AWT fonts cannot take from a stylesheet.
 */
public final class ChartTheme {
    private static final Color DARK_PANEL = new Color(0x25, 0x27, 0x2b), DARK_PLOT = new Color(0x1e, 0x1f, 0x23),
            DARK_GRID = new Color(0x3a, 0x3d, 0x43), DARK_TEXT = new Color(0xe3, 0xe5, 0xe8), DARK_MUTED = new Color(0x9a, 0xa0, 0xa9);
    private static final Color LIGHT_GRID = new Color(220, 220, 220), LIGHT_TEXT = new Color(0x40, 0x40, 0x40);

    /**
     * The charts' text sizes at 100 % (px), beside the window's 13-px text: JFreeChart's own 10-px ticks and legend were
     * the smallest text on a projector. Each is multiplied by the text size's share.
     */
    static final float TITLE_PX = 13, LABEL_PX = 12, TICK_PX = 11, LEGEND_PX = 11, MARKER_PX = 11;

    private ChartTheme() {
    }

    /** Whether {@code scene} wears the dark theme. */
    public static boolean isDark(Scene scene) {
        return scene != null && scene.getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css"));
    }

    /** Keeps {@code charts} in the theme of the window {@code owner} is shown in, now and whenever the theme changes. */
    public static void follow(javafx.scene.Node owner, JFreeChart... charts) {
        follow(owner, () -> java.util.List.of(charts));
    }

    /** As {@link #follow(javafx.scene.Node, JFreeChart...)}, for charts that come and go (a preview's). */
    public static void follow(javafx.scene.Node owner, java.util.function.Supplier<java.util.List<JFreeChart>> charts) {
        onThemeChange(owner, dark -> dress(owner.getScene(), charts.get().toArray(JFreeChart[]::new)));
    }

    /** The share View › Text Size gives the window {@code scene} (1.5 at 150 %); 1 outside a window. */
    public static double textScale(Scene scene) {
        return scene == null ? 1 : TextSize.in(scene.getStylesheets()).percent() / 100.0;
    }

    /**
     * {@code charts} in the colours and the text size of the window {@code scene}: for a chart built, or given a new axis
     * or marker, after {@link #follow} last dressed it.
     */
    public static void dress(Scene scene, JFreeChart... charts) {
        apply(isDark(scene), charts);
        scaleText(textScale(scene), charts);
    }

    /** Sets every text of {@code charts} (title, legend, axis labels, tick labels, marker labels) to its size at 100 % times {@code scale}. */
    public static void scaleText(double scale, JFreeChart... charts) {
        for (JFreeChart c : charts) {
            boolean notify = c.isNotify();
            c.setNotify(false);
            TextTitle t = c.getTitle();
            if (t != null) t.setFont(sized(t.getFont(), TITLE_PX, scale));
            for (int i = 0; i < c.getSubtitleCount(); i++) {
                Title sub = c.getSubtitle(i);
                if (sub instanceof LegendTitle l) l.setItemFont(sized(l.getItemFont(), LEGEND_PX, scale));
                else if (sub instanceof TextTitle tt) tt.setFont(sized(tt.getFont(), LABEL_PX, scale));
            }
            if (c.getPlot() instanceof XYPlot xy) {
                for (int i = 0; i < xy.getDomainAxisCount(); i++) axisText(xy.getDomainAxis(i), scale);
                for (int i = 0; i < xy.getRangeAxisCount(); i++) axisText(xy.getRangeAxis(i), scale);
                for (Layer layer : Layer.values()) {
                    markers(xy.getDomainMarkers(layer), scale);
                    markers(xy.getRangeMarkers(layer), scale);
                }
            } else if (c.getPlot() instanceof CategoryPlot cat) {
                for (int i = 0; i < cat.getDomainAxisCount(); i++) axisText(cat.getDomainAxis(i), scale);
                for (int i = 0; i < cat.getRangeAxisCount(); i++) axisText(cat.getRangeAxis(i), scale);
                for (Layer layer : Layer.values()) markers(cat.getRangeMarkers(layer), scale);
            }
            c.setNotify(notify);
        }
    }

    private static void axisText(Axis a, double scale) {
        if (a == null) return;
        a.setLabelFont(sized(a.getLabelFont(), LABEL_PX, scale));
        a.setTickLabelFont(sized(a.getTickLabelFont(), TICK_PX, scale));
    }

    private static void markers(java.util.Collection<?> markers, double scale) {
        if (markers == null) return;
        for (Object m : markers) {
            if (m instanceof org.jfree.chart.plot.Marker mk) mk.setLabelFont(sized(mk.getLabelFont(), MARKER_PX, scale));
        }
    }

    private static java.awt.Font sized(java.awt.Font f, float px, double scale) {
        return f.deriveFont((float) (px * scale));
    }

    /** Calls {@code apply} with whether the theme is dark: now, when {@code owner} joins a window, and on every change. */
    public static void onThemeChange(javafx.scene.Node owner, java.util.function.Consumer<Boolean> apply) {
        ListChangeListener<String> sheets = c -> apply.accept(isDark(owner.getScene()));
        owner.sceneProperty().addListener((o, was, now) -> {
            if (was != null) was.getStylesheets().removeListener(sheets);
            if (now != null) now.getStylesheets().addListener(sheets);
            apply.accept(isDark(now));
        });
        if (owner.getScene() != null) owner.getScene().getStylesheets().addListener(sheets);
        apply.accept(isDark(owner.getScene()));
    }

    /**
     * A series colour chosen for the light theme's white plot, as drawn on the theme's plot: itself in the light theme; in
     * the dark one a third of the way to white and more opaque, so that a line meant to be light on white (a faint
     * per-batch curve, its legend swatch) is not dark navy on near-black. Hue and the order of emphasis stay.
     */
    public static Color series(Color light, boolean dark) {
        if (!dark) return light;
        int a = light.getAlpha();
        return new Color(toWhite(light.getRed()), toWhite(light.getGreen()), toWhite(light.getBlue()), a == 255 ? 255 : a + (255 - a) / 2);
    }

    private static int toWhite(int c) {
        return c + (255 - c) * 35 / 100;
    }

    /**
     * Okabe and Ito's colour-blind-safe colours (black left out: it is the dark plot's), for charts of many series whose
     * default red, blue and green told layers apart by hue alone.
     */
    private static final Color[] DISTINCT = {new Color(0x00, 0x72, 0xb2), new Color(0xe6, 0x9f, 0x00), new Color(0x00, 0x9e, 0x73),
            new Color(0xcc, 0x79, 0xa7), new Color(0x56, 0xb4, 0xe9), new Color(0xd5, 0x5e, 0x00), new Color(0xf0, 0xe4, 0x42)};
    private static final float[][] DASHES = {null, {6f, 3f}, {2f, 2f}};

    /** The {@code i}-th of many series' colour in the light theme: seven that colour-blind eyes tell apart, then again. */
    public static Color distinct(int i) {
        return DISTINCT[i % DISTINCT.length];
    }

    /**
     * The {@code i}-th of many series' line: solid, dashed, dotted in turn, so that neighbours differ in more than colour
     * (a projector's washed-out hues, a grey print).
     */
    public static java.awt.BasicStroke distinctStroke(int i, float width) {
        float[] dash = DASHES[i % DASHES.length];
        return dash == null ? new java.awt.BasicStroke(width)
                : new java.awt.BasicStroke(width, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_ROUND, 1f, dash, 0f);
    }

    /** Colours {@code charts} for the dark theme, or back for the light one. */
    public static void apply(boolean dark, JFreeChart... charts) {
        for (JFreeChart c : charts) {
            c.setBackgroundPaint(dark ? DARK_PANEL : Color.WHITE);
            TextTitle t = c.getTitle();
            if (t != null) t.setPaint(dark ? DARK_TEXT : Color.BLACK);
            LegendTitle l = c.getLegend();
            if (l != null) {
                l.setBackgroundPaint(dark ? DARK_PANEL : Color.WHITE);
                l.setItemPaint(dark ? DARK_TEXT : Color.BLACK);
            }
            Plot p = c.getPlot();
            p.setBackgroundPaint(dark ? DARK_PLOT : Color.WHITE);
            p.setOutlinePaint(dark ? DARK_GRID : Color.GRAY);
            Paint grid = dark ? DARK_GRID : LIGHT_GRID;
            if (p instanceof XYPlot xy) {
                xy.setDomainGridlinePaint(grid);
                xy.setRangeGridlinePaint(grid);
                axes(dark, xy.getDomainAxis(), xy.getRangeAxis());
            } else if (p instanceof CategoryPlot cat) {
                cat.setDomainGridlinePaint(grid);
                cat.setRangeGridlinePaint(grid);
                axes(dark, cat.getDomainAxis(), cat.getRangeAxis());
            }
        }
    }

    private static void axes(boolean dark, Axis... axes) {
        for (Axis a : axes) {
            if (a == null) continue;
            a.setLabelPaint(dark ? DARK_TEXT : LIGHT_TEXT);
            a.setTickLabelPaint(dark ? DARK_MUTED : LIGHT_TEXT);
            a.setAxisLinePaint(dark ? DARK_MUTED : Color.GRAY);
            a.setTickMarkPaint(dark ? DARK_MUTED : Color.GRAY);
        }
    }
}
