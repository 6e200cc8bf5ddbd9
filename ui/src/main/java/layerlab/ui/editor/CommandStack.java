package layerlab.ui.editor;

import java.util.ArrayDeque;
import java.util.Deque;
import layerlab.graph.Edit;

/**
 * Done and undone commands, each with the edit it made. The save point marks the entry the file on disk
 * matches, so undoing back to it clears the dirty marker again. It holds the last {@link #LIMIT} commands: each holds
 * the document before and after it (14 KB a step on a 200-node drawing), and a window left open for days of nudging
 * and retyping kept every one.
 */
public final class CommandStack {
    /** Commands Undo can take back, at most; the oldest beyond go. */
    public static final int LIMIT = 1000;

    /** A command that ran: its name and what it changed. */
    public record Entry(String name, Edit edit) {}

    private final Deque<Entry> done = new ArrayDeque<>(), undone = new ArrayDeque<>();
    /** The number of done entries when the document was last saved; -1 when no reachable state was saved. */
    private int savePoint = 0;

    public void push(String name, Edit edit) {
        if (edit.isEmpty()) return;
        if (savePoint > done.size()) savePoint = -1; // the saved state was in the redo branch that goes now
        done.push(new Entry(name, edit));
        undone.clear();
        if (done.size() > LIMIT) {
            done.removeLast();
            // The saved state was the one before the command that went: out of reach now (-1 stays -1).
            savePoint = savePoint <= 0 ? -1 : savePoint - 1;
        }
    }

    public boolean canUndo() {
        return !done.isEmpty();
    }

    public boolean canRedo() {
        return !undone.isEmpty();
    }

    /** "Move 3 nodes", or null when there is nothing to undo. */
    public String undoName() {
        return done.isEmpty() ? null : done.peek().name();
    }

    public String redoName() {
        return undone.isEmpty() ? null : undone.peek().name();
    }

    /** Takes the last command back and returns the edit that undoes it. */
    public Edit undo() {
        Entry e = done.pop();
        undone.push(e);
        return e.edit().undo();
    }

    /** Does the last undone command again and returns its edit. */
    public Edit redo() {
        Entry e = undone.pop();
        done.push(e);
        return e.edit();
    }

    public void markSaved() {
        savePoint = done.size();
    }

    public void markUnsaved() {
        savePoint = -1;
    }

    public boolean isDirty() {
        return savePoint != done.size();
    }

    public void clear() {
        done.clear();
        undone.clear();
        savePoint = 0;
    }
}
