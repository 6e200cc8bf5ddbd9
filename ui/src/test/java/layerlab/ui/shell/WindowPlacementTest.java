package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {
    private static final Rectangle2D SCREEN = new Rectangle2D(0, 0, 1920, 1080);
    private static final Rectangle2D RIGHT = new Rectangle2D(1920, 0, 1280, 1024);

    @Test
    void firstRunCentresADefaultSizeOnThePrimaryScreen() {
        Rectangle2D r = WindowPlacement.place(Optional.empty(), List.of(SCREEN), SCREEN);
        assertEquals(new Rectangle2D(320, 130, 1280, 820), r);
    }

    @Test
    void aSmallScreenGetsAWindowThatFits() {
        Rectangle2D small = new Rectangle2D(0, 0, 1024, 700);
        Rectangle2D r = WindowPlacement.place(Optional.empty(), List.of(small), small);
        assertEquals(1024 * 0.9, r.getWidth(), 1e-9);
        assertEquals(700 * 0.9, r.getHeight(), 1e-9);
    }

    @Test
    void savedBoundsOnAScreenAreKept() {
        var saved = Optional.of(new WindowState(2000, 100, 900, 700, false));
        assertEquals(new Rectangle2D(2000, 100, 900, 700), WindowPlacement.place(saved, List.of(SCREEN, RIGHT), SCREEN));
    }

    @Test
    void savedBoundsOnAScreenThatIsGoneFallBackToTheDefault() {
        var saved = Optional.of(new WindowState(2000, 100, 900, 700, false));
        Rectangle2D r = WindowPlacement.place(saved, List.of(SCREEN), SCREEN);
        assertEquals(new Rectangle2D(320, 130, 1280, 820), r);
    }
}
