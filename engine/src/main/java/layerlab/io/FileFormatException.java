package layerlab.io;

import java.io.IOException;

/**
 * A file that cannot be read as what it claims to be — a weights file, a bundle, a data set — with a one-line
 * message that names the file and the place (entry, tensor, line and column, or byte offset) and says what was
 * expected there: {@code model.safetensors: tensor 'fc1.weight': data_offsets [0, 12] hold 12 bytes, but F32
 * (2, 3) needs 24}, {@code train.csv:12: column 3 ("petal_width"): expected a number, got "n/a"}. (Project
 * files, whose checks report several issues at once, have {@code ProjectFormatException}.)
 */
public final class FileFormatException extends IOException {
    /** {@code message} already names the file and the place. */
    public FileFormatException(String message) {
        super(message);
    }

    /** {@code source: message}, where {@code source} is the file name (or {@code bundle.llab/entry}). */
    public FileFormatException(String source, String message) {
        super(source + ": " + message);
    }

    public FileFormatException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
    }
}
