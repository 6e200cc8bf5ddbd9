package layerlab.graph;

import java.util.Objects;

/** A sticky note on the canvas: text only, never part of the model. */
public record Note(String id, String text, Position position, double width, double height) {
    public Note {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(position, "position");
        if (!(width > 0) || !(height > 0)) throw new IllegalArgumentException("a note needs a positive size, got " + width + "×" + height);
    }

    public Note withText(String newText) {
        return new Note(id, newText, position, width, height);
    }

    public Note withPosition(Position p) {
        return new Note(id, text, p, width, height);
    }
}
