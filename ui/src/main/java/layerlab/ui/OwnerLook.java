package layerlab.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * A tool window wears its owner's look: the owner's stylesheets (base.css, the theme's colours, the text size) and the
 * window's own sheets after them, set as one list, from the moment it is made, again as it is shown, and whenever the
 * owner's change while it is open (View › Theme, View › Text Size).
 *
 * <p>One list, never the owner's first and the window's own added after: the help pages' rules (start.css) use the
 * theme's looked-up colours (-ll-text), and styled in a state that had the one sheet without the other, every text,
 * code block and heading of the layer help fell back to Modena's defaults ("Could not resolve '-ll-text'" in the log,
 * dark text on the dark theme's panels).
 */
public final class OwnerLook {
    private OwnerLook() {
    }

    /** Keeps {@code scene} (of a window {@code owner} owns) in the owner's stylesheets followed by {@code own}. */
    public static void follow(Scene scene, Window owner, String... own) {
        Runnable wear = () -> scene.getStylesheets().setAll(sheets(owner, own));
        wear.run();
        InvalidationListener changed = o -> wear.run();
        // Only while shown: a listener on the owner's sheets would keep a closed window alive as long as its owner.
        ObservableList<?>[] on = {null};
        Window w = scene.getWindow();
        if (w == null) throw new IllegalStateException("the scene is on no window yet");
        w.addEventHandler(WindowEvent.WINDOW_SHOWING, e -> {
            wear.run();
            if (owner != null && owner.getScene() != null) {
                on[0] = owner.getScene().getStylesheets();
                on[0].addListener(changed);
            }
        });
        w.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            if (on[0] != null) on[0].removeListener(changed);
            on[0] = null;
        });
    }

    /** The owner's sheets (the light theme's where it has none, so that the -ll-* colours are always defined), then {@code own}. */
    public static List<String> sheets(Window owner, String... own) {
        List<String> out = new ArrayList<>(owner != null && owner.getScene() != null ? owner.getScene().getStylesheets() : List.of());
        if (out.isEmpty()) out.addAll(layerlab.ui.shell.Theme.LIGHT.stylesheets());
        for (String s : own) if (!out.contains(s)) out.add(s);
        return out;
    }
}
