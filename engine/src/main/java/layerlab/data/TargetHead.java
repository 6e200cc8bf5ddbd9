package layerlab.data;

import java.util.List;
import java.util.Objects;

/**
 * One target Input's share of a data set read with {@code "targets"} ({@code {"species": "species", "mass": "body_mass_g"}}):
 * the Input it feeds, the column(s) it takes, and what they hold. A set of several heads holds its targets as float32
 * {@code [N, W]}, each head's {@link #width} values in turn in the heads' order: a column of words as its class index
 * (the words numbered in sorted order, {@link #classes}), a column of numbers as the number (its distinct whole numbers
 * in {@link #classes} when all are whole, so that a class-index loss may take them as classes, as one label column's are).
 * Whether a head is a class or an amount is the loss's business: {@code layerlab.train.Feeds} reads it from the loss
 * node the Input feeds.
 *
 * @param input   the target Input's node name
 * @param columns the columns it takes, by header name
 * @param classes a word column's words, or a column of whole numbers' distinct values, in class-index order; empty for
 *                other numbers and for several columns
 * @param words   whether the one column holds words (its values are then class indices)
 */
public record TargetHead(String input, List<String> columns, List<String> classes, boolean words) {
    public TargetHead {
        Objects.requireNonNull(input, "input");
        columns = List.copyOf(columns);
        classes = List.copyOf(classes);
        if (columns.isEmpty()) throw new IllegalArgumentException("target Input \"" + input + "\" has no column");
    }

    /** Values per sample. */
    public int width() {
        return columns.size();
    }

    /** The columns for a message: {@code "body_mass_g"}, or {@code "a", "b"}. */
    public String describeColumns() {
        return String.join(", ", columns.stream().map(c -> "\"" + c + "\"").toList());
    }
}
