package layerlab.graph;

import java.util.Map;
import layerlab.init.InitChoice;

/**
 * One typed change to a {@link Graph}, as reported by its operations: the canvas applies them incrementally,
 * shape inference re-runs only downstream of them, and undo applies their {@link #inverse()}s in reverse.
 * Indexes keep document order exact through undo, so a saved file does not change by undoing.
 */
public sealed interface GraphChange {
    /** The change that undoes this one. */
    GraphChange inverse();

    record NodeAdded(Node node, int index) implements GraphChange {
        public GraphChange inverse() { return new NodeRemoved(node, index); }
    }

    record NodeRemoved(Node node, int index) implements GraphChange {
        public GraphChange inverse() { return new NodeAdded(node, index); }
    }

    record NodeMoved(String nodeId, Position from, Position to) implements GraphChange {
        public GraphChange inverse() { return new NodeMoved(nodeId, to, from); }
    }

    /** A param set, changed or unset; null stands for "unset" (the default, or auto from the shape). */
    record ParamChanged(String nodeId, String param, Object oldValue, Object newValue) implements GraphChange {
        public GraphChange inverse() { return new ParamChanged(nodeId, param, newValue, oldValue); }
    }

    record NodeRenamed(String nodeId, String oldName, String newName) implements GraphChange {
        public GraphChange inverse() { return new NodeRenamed(nodeId, newName, oldName); }
    }

    /** A node's weights frozen (kept as they are while the rest trains) or unfrozen. */
    record NodeFrozen(String nodeId, boolean frozen) implements GraphChange {
        public GraphChange inverse() { return new NodeFrozen(nodeId, !frozen); }
    }

    /** A node's initialiser for one role ({@code weight} or {@code bias}) set, changed or unset (null: PyTorch's default). */
    record InitChanged(String nodeId, String role, InitChoice oldChoice, InitChoice newChoice) implements GraphChange {
        public GraphChange inverse() { return new InitChanged(nodeId, role, newChoice, oldChoice); }
    }

    record EdgeAdded(Edge edge, int index) implements GraphChange {
        public GraphChange inverse() { return new EdgeRemoved(edge, index); }
    }

    record EdgeRemoved(Edge edge, int index) implements GraphChange {
        public GraphChange inverse() { return new EdgeAdded(edge, index); }
    }

    record NoteAdded(Note note, int index) implements GraphChange {
        public GraphChange inverse() { return new NoteRemoved(note, index); }
    }

    record NoteRemoved(Note note, int index) implements GraphChange {
        public GraphChange inverse() { return new NoteAdded(note, index); }
    }

    record NoteChanged(Note oldNote, Note newNote) implements GraphChange {
        public GraphChange inverse() { return new NoteChanged(newNote, oldNote); }
    }

    record BlockAdded(Block block, int index) implements GraphChange {
        public GraphChange inverse() { return new BlockRemoved(block, index); }
    }

    record BlockRemoved(Block block, int index) implements GraphChange {
        public GraphChange inverse() { return new BlockAdded(block, index); }
    }

    /** A block definition edited in place (same name): every instance changes with it. */
    record BlockChanged(Block oldBlock, Block newBlock) implements GraphChange {
        public GraphChange inverse() { return new BlockChanged(newBlock, oldBlock); }
    }

    record ViewChanged(CanvasView oldView, CanvasView newView) implements GraphChange {
        public GraphChange inverse() { return new ViewChanged(newView, oldView); }
    }

    /** The project's name, description, dataset or training config replaced. */
    record SettingChanged(Setting setting, Object oldValue, Object newValue) implements GraphChange {
        public GraphChange inverse() { return new SettingChanged(setting, newValue, oldValue); }
    }

    /** The parts of a project that are not drawn: its name and description (strings), dataset and training config (JSON-like maps). */
    enum Setting {
        NAME, DESCRIPTION, DATASET, TRAINING;

        /** The value's type check: strings for NAME and DESCRIPTION, maps for the others. */
        Object check(Object v) {
            boolean ok = this == NAME || this == DESCRIPTION ? v instanceof String : v instanceof Map<?, ?>;
            if (!ok) throw new IllegalArgumentException(this + " cannot be set to " + v);
            return v;
        }
    }
}
