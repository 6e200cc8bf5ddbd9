package layerlab.ui.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.prefs.Preferences;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.editor.EditorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a window's unsaved work is kept, with a second window open on the same user's files. */
class ProjectFilesTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");
    @TempDir
    Path dir;

    private static ProjectFiles window(Preferences prefs, Path recovery) {
        return new ProjectFiles(new EditorModel(Runnable::run), prefs, recovery);
    }

    /** Unsaved work in the document: a sample opened as a copy (no file yet) and renamed. */
    private static void unsavedWork(ProjectFiles files, EditorModel model, String name) throws Exception {
        Graph g = ProjectJson.load(SAMPLES.resolve("iris.json"));
        files.newProject(named(g, name));
        model.markUnsaved();
    }

    private static Graph named(Graph g, String name) {
        return g.set(layerlab.graph.GraphChange.Setting.NAME, name).after();
    }

    @Test
    void aSecondWindowNeitherOverwritesNorDeletesTheFirstsUnsavedWork() throws Exception {
        Preferences prefs = new MemoryPreferences();
        Path base = dir.resolve("recovery.json");
        EditorModel modelA = new EditorModel(Runnable::run), modelB = new EditorModel(Runnable::run);
        ProjectFiles a = new ProjectFiles(modelA, prefs, base);
        ProjectFiles b = new ProjectFiles(modelB, prefs, base);
        try {
            assertEquals(base, a.recoveryFile());
            assertEquals(dir.resolve("recovery-2.json"), b.recoveryFile());
            assertFalse(b.hasRecovery(), "the first window's autosave is not a crash to recover from");

            unsavedWork(a, modelA, "Alpha");
            a.autosave();
            unsavedWork(b, modelB, "Beta");
            b.autosave();
            assertEquals("Alpha", ProjectJson.load(base).name(), "B's autosave went to its own file");
            b.saveAs(dir.resolve("beta.json"));
            assertTrue(Files.exists(base), "B's save deleted only its own recovery file");
            assertFalse(Files.exists(b.recoveryFile()));
        } finally {
            b.close();
        }
        // A is killed (its lock goes with its process; here: closed without cleaning up): the next window offers its work.
        a.close();
        EditorModel modelC = new EditorModel(Runnable::run);
        ProjectFiles c = new ProjectFiles(modelC, prefs, base);
        try {
            assertTrue(c.hasRecovery());
            c.recover();
            assertEquals("Alpha", modelC.graph().name());
        } finally {
            c.close();
        }
    }

    /** Work a crashed second window left is offered by the next window, even when it is the only one. */
    @Test
    void aCrashedSecondWindowsWorkIsOfferedNextTime() throws Exception {
        Preferences prefs = new MemoryPreferences();
        Path base = dir.resolve("recovery.json");
        Files.writeString(ProjectFiles.slotFile(base, 3), ProjectJson.write(named(ProjectJson.load(SAMPLES.resolve("iris.json")), "Gamma")));
        ProjectFiles next = window(prefs, base);
        try {
            assertEquals(dir.resolve("recovery-3.json"), next.recoveryFile());
            assertTrue(next.hasRecovery());
        } finally {
            next.close();
        }
    }

    /**
     * Work recovered without a stamp of its file (autosaved by an older LayerLab) is autosaved again like any other: the
     * stamp stays unknown, so Save still asks. (Autosave failed on it with an ArrayIndexOutOfBoundsException each minute.)
     */
    @Test
    void recoveredWorkWithoutAStampIsAutosavedAgain() throws Exception {
        Preferences prefs = new MemoryPreferences();
        Path base = dir.resolve("recovery.json"), project = dir.resolve("iris.json");
        Files.copy(SAMPLES.resolve("iris.json"), project);
        Files.writeString(base, ProjectJson.write(named(ProjectJson.load(project), "Older")));
        prefs.put("recovery.of", project.toAbsolutePath().toString());
        EditorModel model = new EditorModel(Runnable::run);
        ProjectFiles files = new ProjectFiles(model, prefs, base);
        try {
            files.recover();
            files.autosave();
            assertEquals("Older", ProjectJson.load(base).name(), "written again");
            assertEquals("", prefs.get("recovery.of.stamp", "none"), "still not known");
            assertTrue(files.changedOnDisk(), "so Save asks");
        } finally {
            files.close();
        }
    }

    /** Opening a project deletes the temporary file a killed save of it left behind (AtomicStaleTempTest has the rules). */
    @Test
    void openingAProjectDeletesTheTemporaryFileAKilledSaveLeft() throws Exception {
        Path project = dir.resolve("iris.json"), stale = dir.resolve(".iris.json.tmp-00112233aabb");
        Files.copy(SAMPLES.resolve("iris.json"), project);
        Files.writeString(stale, "{\"format\": \"layerlab-pro");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        ProjectFiles files = window(new MemoryPreferences(), dir.resolve("recovery.json"));
        try {
            files.open(project);
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(project));
        } finally {
            files.close();
        }
    }

    /** A project changed by another program after this window opened it is told apart, so Save can ask first. */
    @Test
    void aFileChangedByAnotherProgramIsNoticed() throws Exception {
        Path project = dir.resolve("iris.json");
        Files.copy(SAMPLES.resolve("iris.json"), project);
        ProjectFiles files = window(new MemoryPreferences(), dir.resolve("recovery.json"));
        try {
            files.open(project);
            assertFalse(files.changedOnDisk());
            Files.writeString(project, Files.readString(project).replace("\"Iris\"", "\"Iris (edited elsewhere)\""));
            assertTrue(files.changedOnDisk());
            files.save();
            assertFalse(files.changedOnDisk(), "after Save the file is this window's again");
            Files.delete(project);
            assertFalse(files.changedOnDisk(), "a deleted file is simply written again");
        } finally {
            files.close();
        }
    }
    /**
     * Work recovered after a crash is compared with the file as that work last knew it: Save asks when another program
     * changed the file after the crash (or before it, unseen), not when nothing did; work an older LayerLab autosaved,
     * which kept no such record, always asks.
     */
    @Test
    void recoveredWorkNoticesTheFileChangedSinceItWasLastBasedOnIt() throws Exception {
        Preferences prefs = new MemoryPreferences();
        Path base = dir.resolve("recovery.json"), project = dir.resolve("iris.json");
        Files.copy(SAMPLES.resolve("iris.json"), project);
        for (String elsewhere : new String[] {null, "changed", "older"}) {
            EditorModel before = new EditorModel(Runnable::run);
            ProjectFiles crashed = new ProjectFiles(before, prefs, base);
            crashed.open(project);
            before.load(named(before.graph(), "Iris, edited"));
            before.markUnsaved();
            crashed.autosave();
            crashed.close(); // killed: its recovery file stays
            if ("changed".equals(elsewhere)) Files.writeString(project, Files.readString(project).replace("\"Iris\"", "\"Iris (edited elsewhere)\""));
            if ("older".equals(elsewhere)) prefs.remove("recovery.of.stamp");
            EditorModel after = new EditorModel(Runnable::run);
            ProjectFiles next = new ProjectFiles(after, prefs, base);
            try {
                assertTrue(next.hasRecovery());
                next.recover();
                assertEquals("Iris, edited", after.graph().name());
                assertEquals(project.toAbsolutePath(), next.fileProperty().get());
                assertEquals(elsewhere != null, next.changedOnDisk(), "file " + (elsewhere == null ? "unchanged" : elsewhere));
                next.save();
                assertFalse(next.changedOnDisk(), "after Save the file is this window's again");
            } finally {
                next.close();
            }
        }
    }

    /** A new project saved as iris-mlp.json is named iris-mlp (its PyTorch class IrisMlp), as one named undo step. */
    @Test
    void anUntitledProjectTakesItsFilesNameOnItsFirstSave() throws Exception {
        Preferences prefs = new MemoryPreferences();
        EditorModel model = new EditorModel(Runnable::run);
        ProjectFiles files = new ProjectFiles(model, prefs, dir.resolve("recovery.json"));
        try {
            files.newProject(Graph.empty());
            model.execute(layerlab.ui.editor.Commands.addNode("Linear", null, new layerlab.graph.Position(0, 0), null));
            assertEquals("Untitled", model.graph().name());
            Path p = dir.resolve("iris-mlp.json");
            files.saveAs(p);
            assertEquals("iris-mlp", model.graph().name());
            assertEquals("iris-mlp", ProjectJson.load(p).name(), "the file holds the new name");
            assertFalse(model.isDirty(), "the rename is part of the save");
            assertEquals("Rename the project to iris-mlp", model.undoNameProperty().get());
            assertEquals("IrisMlp", layerlab.graph.Names.className(model.graph().name()));

            // A name the user gave stays, on Save As to another file too.
            model.execute(layerlab.ui.editor.Commands.setProjectText(layerlab.graph.GraphChange.Setting.NAME, "Flowers"));
            files.saveAs(dir.resolve("other.json"));
            assertEquals("Flowers", model.graph().name());
        } finally {
            files.close();
        }
    }
}
