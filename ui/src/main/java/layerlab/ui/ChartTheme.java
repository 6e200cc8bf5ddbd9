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

/**
 * The charts (JFreeChart, drawn in AWT colours) in the window's theme: the light theme's white plots, or the dark
 * theme's panels, grid and text (dark.css's greys), so that a dark window has no white slabs. Exported images stay
 * light, for documents and slides.
 */
public final class ChartTheme {
    private static final Color DARK_PANEL = new Color(0x25, 0x27, 0x2b), DARK_PLOT = new Color(0x1e, 0x1f, 0x23),
            DARK_GRID = new Color(0x3a, 0x3d, 0x43), DARK_TEXT = new Color(0xe3, 0xe5, 0xe8), DARK_MUTED = new Color(0x9a, 0xa0, 0xa9);
    private static final Color LIGHT_GRID = new Color(220, 220, 220), LIGHT_TEXT = new Color(0x40, 0x40, 0x40);

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
        onThemeChange(owner, dark -> apply(dark, charts.get().toArray(JFreeChart[]::new)));
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
