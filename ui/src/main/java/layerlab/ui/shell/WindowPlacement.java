package layerlab.ui.shell;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;

/** Decides where the main window opens: where it was, unless that is no longer on any screen. */
public final class WindowPlacement {
    static final double DEFAULT_WIDTH = 1280, DEFAULT_HEIGHT = 820;
    /** The strip at the window's top taken as its title bar, and how much of it must lie on a screen to grab it. */
    private static final double TITLE_BAR = 30, GRAB_WIDTH = 120, GRAB_HEIGHT = 20;

    private WindowPlacement() {}

    /**
     * @param saved   the bounds of the last run, if any
     * @param screens the visual bounds of every screen
     * @param primary the visual bounds of the primary screen
     */
    public static Rectangle2D place(Optional<WindowState> saved, List<Rectangle2D> screens, Rectangle2D primary) {
        if (saved.isPresent()) {
            WindowState s = saved.get();
            Rectangle2D titleBar = new Rectangle2D(s.x(), s.y(), s.width(), TITLE_BAR);
            for (Rectangle2D screen : screens) {
                if (overlap(titleBar, screen, GRAB_WIDTH, GRAB_HEIGHT)) {
                    return new Rectangle2D(s.x(), s.y(), Math.min(s.width(), screen.getWidth()),
                            Math.min(s.height(), screen.getHeight()));
                }
            }
        }
        double w = Math.min(DEFAULT_WIDTH, primary.getWidth() * 0.9);
        double h = Math.min(DEFAULT_HEIGHT, primary.getHeight() * 0.9);
        return new Rectangle2D(primary.getMinX() + (primary.getWidth() - w) / 2,
                primary.getMinY() + (primary.getHeight() - h) / 2, w, h);
    }

    private static boolean overlap(Rectangle2D a, Rectangle2D b, double minW, double minH) {
        double w = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
        double h = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
        return w >= minW && h >= minH;
    }
}
