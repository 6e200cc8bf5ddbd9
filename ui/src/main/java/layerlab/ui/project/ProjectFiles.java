package layerlab.ui.project;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.json.ProjectJson;
import layerlab.io.AtomicFiles;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;

/**
 * Where the document lives on disk: its file, Save / Save As / Open, the recent files, and the recovery file that
 * autosave writes every minute while there is unsaved work (deleted on a clean close, offered after a crash).
 *
 * <p>Each window (each LayerLab process) keeps its own recovery file, held by a lock while it runs: {@code recovery.json},
 * then {@code recovery-2.json} for a second window, and so on. With one file for all, a second window overwrote the
 * first's unsaved work, deleted it when it saved its own project, and offered it at start as if LayerLab had crashed. The
 * system releases a lock when its process ends, however it ends, so a free slot's file is a crashed window's work.
 */
public final class ProjectFiles {
    private static final int RECENT = 8;
    /** Windows at once that keep their own recovery file; beyond that they share the last (as all did before). */
    private static final int SLOTS = 16;

    private final EditorModel model;
    private final Preferences prefs;
    private final Path recoveryFile;
    /** The preference that names the project file the recovery file belongs to. */
    private final String recoveryOf;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>(this, "file");
    private final List<Runnable> savedListeners = new ArrayList<>();
    /** The file's modification time and size when this window last read or wrote it; null when unknown. */
    private Object[] stamp;
    /** The trained model's bundle or ONNX file the document was opened from (no project file yet), else null. */
    private Path openedFrom;

    public ProjectFiles(EditorModel model, Preferences prefs, Path recoveryFile) {
        this.model = model;
        this.prefs = prefs;
        // The free slot that holds a crashed window's work, else the first free one.
        int slot = 0;
        FileChannel channel = null;
        FileLock held = null;
        for (boolean withWork : new boolean[] {true, false}) {
            for (int n = 1; n <= SLOTS && held == null; n++) {
                Path f = slotFile(recoveryFile, n);
                if (withWork && !Files.isRegularFile(f)) continue;
                try {
                    Files.createDirectories(f.toAbsolutePath().getParent());
                    FileChannel c = FileChannel.open(f.resolveSibling(f.getFileName() + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock l = tryLock(c);
                    if (l == null) c.close();
                    else {
                        channel = c;
                        held = l;
                        slot = n;
                    }
                } catch (IOException e) {
                    break; // a folder that cannot be written: one file, as autosave will say
                }
            }
            if (held != null) break;
        }
        this.lockChannel = channel;
        this.lock = held;
        this.recoveryFile = slotFile(recoveryFile, Math.max(slot, 1));
        this.recoveryOf = slot <= 1 ? "recovery.of" : "recovery.of." + slot;
    }

    /** {@code recovery.json} for slot 1, {@code recovery-<n>.json} for slot n. */
    static Path slotFile(Path base, int n) {
        if (n == 1) return base;
        String name = base.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return base.resolveSibling(dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot));
    }

    private static FileLock tryLock(FileChannel c) throws IOException {
        try {
            return c.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            return null; // another window of this process (the tests) holds it
        }
    }

    /** This window's recovery file (its slot's). */
    public Path recoveryFile() {
        return recoveryFile;
    }

    /** The window closes: its slot is free for the next. */
    public void close() {
        try {
            if (lock != null) lock.release();
            if (lockChannel != null) lockChannel.close();
        } catch (IOException ignored) {
            // the process's end frees it
        }
    }

    /** The default recovery file: {@code ~/.layerlab/recovery.json}. */
    public static Path defaultRecoveryFile() {
        return Path.of(System.getProperty("user.home"), ".layerlab", "recovery.json");
    }

    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    /** The title's project name: the file's name, else the graph's. */
    public String displayName() {
        Path f = file.get();
        return f != null ? f.getFileName().toString() : model.graph().name();
    }

    public void newProject(Graph g) {
        stamp = null;
        file.set(null);
        openedFrom = null;
        model.load(g);
    }

    /**
     * Opens a model read from {@code source} (a trained model's bundle, an ONNX model) as a new project that has no file
     * yet: unsaved, though while it is as opened it is {@link #unchangedCopy() a copy} of that file.
     */
    public void openCopy(Graph g, Path source) {
        newProject(g);
        model.markUnsaved();
        openedFrom = source;
    }

    /**
     * Whether the document is a model opened from a file that still exists, not changed since (nothing to undo): unsaved
     * as a project, yet nothing is lost when another document replaces it, since opening that file again brings it back.
     */
    public boolean unchangedCopy() {
        return openedFrom != null && file.get() == null && !model.canUndo() && Files.isRegularFile(openedFrom);
    }

    public void open(Path p) throws IOException {
        // A save killed midway (Ctrl+C, a crash) left its temporary file beside the project: gone now, as the next save would.
        AtomicFiles.cleanStale(p);
        Object[] before = stampOf(p);
        Graph g = ProjectJson.load(p);
        stamp = before;
        file.set(p);
        openedFrom = null;
        model.load(g);
        addRecent(p);
    }

    /** Saves to the current file; false when there is none yet (the caller asks where, then {@link #saveAs}). */
    public boolean save() throws IOException {
        if (file.get() == null) return false;
        saveAs(file.get());
        return true;
    }

    /**
     * Writes the document to {@code p}, which becomes its file. A project still named as New named it ("Untitled") takes
     * the file's name first ({@code iris-mlp.json} → "iris-mlp"), so its title and exported class say what it is; that
     * rename is an undo step of its own, named in the Edit menu. A name the user gave is kept.
     */
    public void saveAs(Path p) throws IOException {
        String stem = stem(p);
        if (model.graph().name().equals(Graph.empty().name()) && !p.equals(file.get()) && !stem.isBlank()) {
            model.executeOnProject(Commands.setProjectText(GraphChange.Setting.NAME, stem));
        }
        ProjectJson.save(model.graph(), p);
        stamp = stampOf(p);
        file.set(p);
        model.markSaved();
        addRecent(p);
        deleteRecovery();
        for (Runnable l : List.copyOf(savedListeners)) l.run();
    }

    /** The file's name without its extension: {@code iris-mlp} for {@code iris-mlp.json}. */
    private static String stem(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).trim();
    }

    /**
     * The folder a file dialog proposes for writing (Save As, Export): the project's, unless it cannot be written (a
     * read-only course folder, a sample installed by IT), then the user's home; null when the project has no file yet.
     */
    public Path folderToWrite() {
        Path f = file.get();
        Path folder = f == null ? null : f.toAbsolutePath().getParent();
        if (folder != null && Files.isDirectory(folder) && !Files.isWritable(folder)) return Path.of(System.getProperty("user.home"));
        return folder;
    }

    /** Called after each save, the project's file then named by {@link #fileProperty}. */
    public void addSavedListener(Runnable l) {
        savedListeners.add(l);
    }

    /**
     * Whether another program changed the document's file since this window opened or saved it (an editor, a script, a
     * second LayerLab window): Save would overwrite those changes unseen.
     */
    public boolean changedOnDisk() {
        Path f = file.get();
        if (f == null || stamp == null || !Files.exists(f)) return false;
        return !java.util.Arrays.equals(stamp, stampOf(f));
    }

    /** A stamp as autosave wrote it ({@code 2026-12-05T09:57:41.123456789Z|2048}), or one no file matches when unknown. */
    private static Object[] parseStamp(String text) {
        int bar = text.lastIndexOf('|');
        try {
            if (bar > 0) return new Object[] {FileTime.from(Instant.parse(text.substring(0, bar))), Long.parseLong(text.substring(bar + 1))};
        } catch (RuntimeException damaged) {
            // unknown, as below
        }
        return UNKNOWN;
    }

    /** What the file was when the document was based on it, not known: it counts as changed. */
    private static final Object[] UNKNOWN = {"unknown"};

    private static Object[] stampOf(Path p) {
        try {
            return new Object[] {Files.getLastModifiedTime(p), Files.size(p)};
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The recent files, latest first. An entry that is no path here is left out, not thrown: one written under another
     * character set (a name in "学生/" kept by a LayerLab started in a UTF-8 locale, read under plain ASCII) made the start
     * page and File › Recent fail with it. It stays in the list, for a start in which it is a path again.
     */
    public List<Path> recent() {
        String s = prefs.get("recent", "");
        List<Path> out = new ArrayList<>();
        for (String line : s.split("\n")) {
            if (line.isBlank()) continue;
            try {
                out.add(Path.of(line));
            } catch (java.nio.file.InvalidPathException notHere) {
                // left out, as said above
            }
        }
        return out;
    }

    /** Takes {@code p} off the recent files (a file deleted for good). */
    public void removeRecent(Path p) {
        Path abs = p.toAbsolutePath();
        List<String> kept = new ArrayList<>();
        for (String line : prefs.get("recent", "").split("\n")) if (!line.isBlank() && !line.equals(abs.toString())) kept.add(line);
        prefs.put("recent", String.join("\n", kept));
    }

    private void addRecent(Path p) {
        // The lines as kept (an entry no path here included), so that adding one does not drop another.
        List<String> r = new ArrayList<>();
        for (String line : prefs.get("recent", "").split("\n")) if (!line.isBlank()) r.add(line);
        String abs = p.toAbsolutePath().toString();
        r.remove(abs);
        r.add(0, abs);
        while (r.size() > RECENT) r.remove(r.size() - 1);
        prefs.put("recent", String.join("\n", r));
    }

    /** Whether the last autosave failed (and said so); the next success clears it. */
    private boolean autosaveFailing;

    /** Writes the unsaved document to the recovery file (autosave); nothing when there is nothing unsaved. */
    public void autosave() {
        if (!model.isDirty() || unchangedCopy()) return;
        try {
            Files.createDirectories(recoveryFile.getParent());
            AtomicFiles.writeString(recoveryFile, ProjectJson.write(model.graph()));
            prefs.put(recoveryOf, file.get() == null ? "" : file.get().toAbsolutePath().toString());
            // The file as this work last knew it: after a crash, Save then tells another program's changes since.
            // Not known (work recovered from an older LayerLab's autosave) stays not known: Save still asks.
            prefs.put(recoveryOf + ".stamp", stamp == null || stamp == UNKNOWN ? "" : stamp[0] + "|" + stamp[1]);
            autosaveFailing = false;
        } catch (IOException e) {
            // Said once, not every minute over whatever the user reads there (a home that cannot be written stays so).
            if (!autosaveFailing) model.messageProperty().set("Autosave failed (" + AtomicFiles.problem(e) + "): unsaved work has no recovery "
                    + "copy until it can be written; save it in a folder of your own");
            autosaveFailing = true;
        }
    }

    /** Whether a recovery file from a session that did not close cleanly is waiting. */
    public boolean hasRecovery() {
        return Files.isRegularFile(recoveryFile);
    }

    /**
     * Opens the recovery file as unsaved work (its original file, if any, stays the target of Save). The file is compared
     * with what the work last knew of it, so Save asks when another program changed it meanwhile, a crash or not; where
     * that is not known (work autosaved by an older LayerLab, or based on a file never read here), Save asks.
     */
    public void recover() throws IOException {
        Graph g = ProjectJson.load(recoveryFile);
        String of = prefs.get(recoveryOf, "");
        file.set(of.isEmpty() ? null : Path.of(of));
        stamp = parseStamp(prefs.get(recoveryOf + ".stamp", ""));
        openedFrom = null;
        model.load(g);
        // Recovered work is unsaved: mark it dirty by making the loaded state differ from the saved point.
        model.markUnsaved();
        deleteRecovery();
    }

    public void deleteRecovery() {
        try {
            Files.deleteIfExists(recoveryFile);
        } catch (IOException ignored) {
            // a stale recovery file is offered again next time; nothing is lost
        }
    }
}
