package layerlab.ui;

import java.util.Set;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A tool window the main window owns (the start page, the layer help, Profile a Training Step, Compare Selected Runs)
 * passes the main window's menu keys on to it, as a desktop app's palettes and tool windows do: the menu's accelerators
 * live in the main window's scene, and with a tool window focused Ctrl+S, Ctrl+Z or Ctrl+Shift+T did nothing at all.
 *
 * <p>Only what the tool window leaves alone is passed on: its own controls see the key first (the help's filter field
 * undoes its own typing with Ctrl+Z, its Ctrl+W closes the help), and cut, copy, paste and select all, which act on
 * whatever has the focus, never reach across to the canvas's selection. A modal window (the LR finder, the
 * cross-validation, every dialog) passes nothing on: it holds the main window still until it is answered.
 */
public final class OwnerKeys {
    private OwnerKeys() {
    }

    /** The keys that act on the focused window's own content, whatever the menu bar says they do. */
    static final Set<KeyCombination> OWN = Set.of(KeyCombination.keyCombination("Shortcut+X"), KeyCombination.keyCombination("Shortcut+C"),
            KeyCombination.keyCombination("Shortcut+V"), KeyCombination.keyCombination("Shortcut+A"));

    /** Passes the owner's menu keys pressed in {@code stage} (a non-modal window it owns) on to the owner. */
    public static void forward(Stage stage, Window owner) {
        forward(stage, owner, () -> { });
    }

    /**
     * The same, running {@code before} first (the start page closes itself: it makes way for the window the key acts in).
     *
     * @throws IllegalStateException where {@code stage} is modal
     */
    public static void forward(Stage stage, Window owner, Runnable before) {
        if (stage.getModality() != Modality.NONE) throw new IllegalStateException("a modal window keeps the main window's keys from it");
        // On the window, bubbling: the last to see the key, after every control of the tool window and its scene.
        stage.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.isConsumed() || owner == null || owner.getScene() == null) return;
            for (var key : owner.getScene().getAccelerators().entrySet()) {
                if (key.getKey().match(e)) {
                    if (OWN.contains(key.getKey())) return;
                    e.consume();
                    before.run();
                    key.getValue().run();
                    return;
                }
            }
        });
    }
}
