package layerlab.data;

import java.io.IOException;

/**
 * A data file that cannot be read as what it claims to be. The message is one line that names the file and
 * the place (line and column, or byte offset) and says what was expected there, e.g.
 * {@code train.csv:12: column 3 ("petal_width"): expected a number, got "n/a"}.
 */
public class DataFormatException extends IOException {
    public DataFormatException(String message) {
        super(message);
    }
}
