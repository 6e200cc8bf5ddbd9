package layerlab.ui;

import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.ChartCanvas;
import org.jfree.chart.fx.interaction.MouseHandlerFX;

/**
 * A chart inside a scrolling pane (the Results and Data tabs, the inspector): the mouse wheel scrolls the pane, as it
 * does everywhere else in it, instead of zooming the chart, which is JFreeChart-FX's default (a page scrolled with the
 * wheel zoomed each chart it passed over, until its curve was out of sight). Dragging a rectangle still zooms.
 */
public final class ChartWheel {
    private ChartWheel() {}

    /** {@code viewer}, the wheel left to the pane around it. */
    public static <T extends ChartViewer> T scrollsPage(T viewer) {
        ChartCanvas canvas = viewer.getCanvas();
        MouseHandlerFX wheel = canvas.getMouseHandler("scroll");
        if (wheel != null) canvas.removeAuxiliaryMouseHandler(wheel);
        return viewer;
    }
}
