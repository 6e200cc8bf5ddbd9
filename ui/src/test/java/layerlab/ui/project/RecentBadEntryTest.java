package layerlab.ui.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.editor.EditorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recent files survive an entry that is no path here (one kept under another character set: a lone surrogate is
 * what a name in another encoding becomes): it is left out of the list, which still lists the others, and is not
 * dropped when another file is opened. It threw InvalidPathException, and the start page and File › Recent with it.
 */
class RecentBadEntryTest {
    @TempDir
    Path dir;

    @Test
    void anEntryThatIsNoPathIsLeftOutAndKept() throws Exception {
        Preferences prefs = new MemoryPreferences();
        String bad = dir.resolve("bad").toAbsolutePath() + "\uD800.json";
        Path good = dir.resolve("Übung 3").resolve("模型.json").toAbsolutePath();
        prefs.put("recent", bad + "\n" + good + "\n");
        ProjectFiles files = new ProjectFiles(new EditorModel(Runnable::run), prefs, dir.resolve("recovery.json"));
        try {
            assertEquals(List.of(good), files.recent());
            Path other = dir.resolve("iris.json");
            java.nio.file.Files.copy(Path.of("..", "sample-projects", "iris.json"), other);
            files.open(other);
            assertEquals(List.of(other.toAbsolutePath(), good), files.recent());
            assertEquals(3, prefs.get("recent", "").split("\n").length, "the entry that is no path here is still kept");
            files.removeRecent(good);
            assertEquals(List.of(other.toAbsolutePath()), files.recent());
        } finally {
            files.close();
        }
    }
}
