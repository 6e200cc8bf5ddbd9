package layerlab.ui;

import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * A key a menu item shows in its accelerator column, right-aligned like every other shortcut, but never takes from the
 * control with the focus: a scene's accelerators run before the focused control sees the key, so a real accelerator on
 * Shift+F, Delete or Esc would type no capital F, delete no character and close no popup. The canvas (or the window's
 * filter) handles such a key itself; the item only names it. It matches no key event, and equals only itself, so it
 * never collides with a real accelerator in the scene's table.
 */
public final class ShownKey extends KeyCombination {
    private final KeyCombination shown;

    private ShownKey(KeyCombination shown) {
        this.shown = shown;
    }

    /** {@code "Shift+F"}, {@code "Esc"}, {@code "Shortcut+Delete"}: KeyCombination's own syntax. */
    public static ShownKey of(String keys) {
        return new ShownKey(KeyCombination.keyCombination(keys));
    }

    @Override
    public boolean match(KeyEvent event) {
        return false;
    }

    @Override
    public String getDisplayText() {
        return shown.getDisplayText();
    }

    @Override
    public String getName() {
        return shown.getName();
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return getDisplayText();
    }
}
