package layerlab.ui.shell;

import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import layerlab.ui.editor.ProblemsView;

/**
 * How the main window's splits share its room: the side panels' widths (wider at large text, the canvas keeping half),
 * and the Problems panel folded away while it has nothing to say.
 */
final class WorkspaceSplits {
    static final double PALETTE_WIDTH = 230, PROPERTIES_WIDTH = 300;
    /** The least height (px) of an unfolded Problems panel: its title and two rows. */
    static final double OPEN_PROBLEMS_MIN = 90;

    private WorkspaceSplits() {
    }

    /**
     * Divider positions are fractions of a width that settles only after the window manager has sized the window,
     * so they are set on every width change until the user drags a divider; from then on the user's widths stay
     * (the side panels do not resize with the window), except that a window shrunk so far that the canvas would keep
     * less than half has them give way.
     */
    static void keepSidePanelWidths(SplitPane split, javafx.beans.value.ObservableObjectValue<TextSize> textSize) {
        Region palette = (Region) split.getItems().get(0), properties = (Region) split.getItems().get(split.getItems().size() - 1);
        Runnable set = () -> {
            // The side panels hidden (View › Show Side Panels): nothing to share.
            if (split.getItems().size() < 3) return;
            double w = split.getWidth();
            // Larger text, wider panels (a layer's name still fits the palette), but the canvas keeps at least half the
            // width: in a narrow window the panels give way, down to their least widths. (Kept at their usual widths, a
            // 700-px window at 150 % text left the canvas a 170-px strip.)
            double scale = Math.min(textSize.get().percent() / 100.0, w / 2 / (PALETTE_WIDTH + PROPERTIES_WIDTH));
            double pw = Math.max(palette.minWidth(-1), PALETTE_WIDTH * scale), qw = Math.max(properties.minWidth(-1), PROPERTIES_WIDTH * scale);
            if (w > pw + qw) split.setDividerPositions(pw / w, 1 - qw / w);
        };
        boolean[] kept = {false};
        // Set now and once more after the layout pass: on a shrink (the scene's first, wide layout, then the stage's
        // saved 1280 px) the split's skin keeps the side panels' old pixel widths over the positions set here, which left
        // the canvas a 330-px strip at 150 % text.
        InvalidationListener fit = o -> {
            set.run();
            Platform.runLater(() -> {
                if (!kept[0]) set.run();
            });
        };
        split.widthProperty().addListener(fit);
        textSize.addListener(fit);
        // Only a divider pressed is the user's choice: a click on the canvas had kept the widths of the moment, and a
        // window shrunk later (from 1152 to 760 px at 150 % text) left the canvas a 180-px strip.
        split.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (kept[0] || !onDivider(split, e.getTarget())) return;
            kept[0] = true;
            split.widthProperty().removeListener(fit);
            textSize.removeListener(fit);
        });
        // The user's widths, on a shrink that leaves the canvas less than half: the panels give way in proportion, down to
        // their least widths (the split's skin keeps their pixel widths, so this runs after its layout).
        split.widthProperty().addListener((o, was, now) -> {
            if (!kept[0] || now.doubleValue() >= was.doubleValue()) return;
            Platform.runLater(() -> {
                if (split.getItems().size() < 3) return;
                double w = split.getWidth(), pw = palette.getWidth(), qw = properties.getWidth();
                if (pw + qw <= w / 2) return;
                double f = w / 2 / (pw + qw);
                double np = Math.max(palette.minWidth(-1), pw * f), nq = Math.max(properties.minWidth(-1), qw * f);
                if (w > np + nq) split.setDividerPositions(np / w, 1 - nq / w);
            });
        });
    }

    /** Whether {@code target} is one of {@code split}'s own dividers or lies in one (not a nested split's). */
    private static boolean onDivider(SplitPane split, Object target) {
        for (javafx.scene.Node n = target instanceof javafx.scene.Node t ? t : null; n != null && n != split; n = n.getParent()) {
            if (n.getStyleClass().contains("split-pane-divider") && n.getParent() == split) return true;
        }
        return false;
    }

    /**
     * Without problems the Problems panel is its title line alone, so the canvas gets the room (most of all with the
     * dashboard open); the first problem opens it again where the user last had the divider.
     */
    static void foldWhenEmpty(SplitPane centre, ProblemsView problems) {
        double[] open = {centre.getDividerPositions()[0]};
        // Where the user leaves the divider with the list showing is where it opens next; a position that leaves the list
        // no room (the window's first layouts squeeze it while the stage grows to its size) is not a choice.
        centre.getDividers().get(0).positionProperty().addListener((o, was, now) -> {
            if (!problems.emptyProperty().get() && (1 - now.doubleValue()) * centre.getHeight() >= OPEN_PROBLEMS_MIN) open[0] = now.doubleValue();
        });
        Runnable fold = () -> {
            if (problems.emptyProperty().get()) {
                problems.setMaxHeight(Region.USE_PREF_SIZE);
                centre.setDividerPositions(1);
            } else {
                problems.setMaxHeight(Double.MAX_VALUE);
                centre.setDividerPositions(open[0]);
            }
        };
        problems.emptyProperty().addListener((o, was, now) -> fold.run());
        // A project opened with problems at start-up unfolds the panel before the window has its size; growing to it left
        // the panel its title line alone, the list hidden below it.
        // (The split keeps the panel at the height it had, and it had not been laid out unfolded yet: it is put right once
        // the layout that followed has run.)
        centre.heightProperty().addListener((o, was, h) -> Platform.runLater(() -> {
            if (!problems.emptyProperty().get() && problems.getHeight() < OPEN_PROBLEMS_MIN) centre.setDividerPositions(open[0]);
        }));
        fold.run();
    }
}
