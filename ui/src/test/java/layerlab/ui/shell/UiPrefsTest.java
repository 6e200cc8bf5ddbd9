package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import layerlab.ui.MemoryPreferences;
import org.junit.jupiter.api.Test;

class UiPrefsTest {
    private final MemoryPreferences node = new MemoryPreferences();
    private final UiPrefs prefs = new UiPrefs(node);

    @Test
    void defaultsAreLightAndNoSavedWindow() {
        assertEquals(Theme.LIGHT, prefs.theme());
        assertTrue(prefs.window().isEmpty());
    }

    @Test
    void remembersThemeAndWindow() {
        prefs.setTheme(Theme.DARK);
        WindowState w = new WindowState(10, 20, 800, 600, true);
        prefs.setWindow(w);
        UiPrefs again = new UiPrefs(node);
        assertEquals(Theme.DARK, again.theme());
        assertEquals(Optional.of(w), again.window());
    }

    @Test
    void anUnknownThemeFallsBackToLight() {
        node.put("theme", "SOLARIZED");
        assertEquals(Theme.LIGHT, prefs.theme());
    }

    @Test
    void themesHaveTheirStylesheets() {
        assertTrue(Theme.DARK.stylesheet().endsWith("/layerlab/ui/dark.css"));
        assertTrue(Theme.LIGHT.stylesheets().get(0).endsWith("/layerlab/ui/base.css"));
    }
}
