package layerlab.ui.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import layerlab.graph.GraphChange;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.editor.EditorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recovery copy that cannot be written (a home on a full or read-only network drive): autosave says so once, naming the
 * file and why, not every minute over whatever the status line says meanwhile; once it can write again and then fails
 * anew, it says so again.
 */
class AutosaveFailsOnceTest {
    @TempDir
    Path dir;

    @Test
    void aFailingAutosaveIsSaidOnceWithTheFileAndWhy() throws Exception {
        Path recovery = dir.resolve("recovery.json");
        EditorModel model = new EditorModel(Runnable::run);
        ProjectFiles files = new ProjectFiles(model, new MemoryPreferences(), recovery);
        List<String> said = new ArrayList<>();
        model.messageProperty().addListener((o, was, now) -> said.add(now));
        try {
            files.newProject(ProjectJson.load(Path.of("..", "sample-projects", "iris.json")).set(GraphChange.Setting.NAME, "Mine").after());
            model.markUnsaved();
            // Something in the way that even root cannot write over: a folder with a file in it where the copy goes.
            Files.createDirectories(recovery.resolve("in-the-way"));
            files.autosave();
            assertEquals(1, said.size(), "said: " + said);
            assertTrue(said.get(0).startsWith("Autosave failed (" + recovery), said.get(0));
            assertTrue(said.get(0).contains("save it in a folder of your own"), said.get(0));

            model.messageProperty().set("Trained 5 epochs");
            files.autosave();
            files.autosave();
            assertEquals("Trained 5 epochs", model.messageProperty().get(), "the next minutes' failures leave the status line alone");

            Files.delete(recovery.resolve("in-the-way"));
            Files.delete(recovery);
            model.markUnsaved();
            files.autosave();
            assertEquals("Mine", ProjectJson.load(recovery).name(), "written once it can be");

            Files.delete(recovery);
            Files.createDirectories(recovery.resolve("in-the-way"));
            model.markUnsaved();
            files.autosave();
            assertTrue(model.messageProperty().get().startsWith("Autosave failed ("), "a new failure is said again: " + model.messageProperty().get());
        } finally {
            files.close();
        }
    }
}
