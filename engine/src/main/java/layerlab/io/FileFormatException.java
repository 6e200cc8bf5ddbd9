package layerlab.io;

import java.io.IOException;

/**
 * A weights file or bundle that cannot be read, with the file (and the tensor or entry) named in the message:
 * {@code model.safetensors: tensor 'fc1.weight': data_offsets [0, 12] hold 12 bytes, but F32 (2, 3) needs 24}.
 */
public final class FileFormatException extends IOException {
    private final String source;

    public FileFormatException(String source, String message) {
        super(source + ": " + message);
        this.source = source;
    }

    public FileFormatException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
    }

    /** The file name (or {@code bundle.llab/entry}) the problem is in. */
    public String source() {
        return source;
    }
}
