package layerlab.io;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** A folder where a file is read ({@link InputFiles}): {@code "data/iris.csv is a folder, not a file"}. */
public final class NotAFileException extends FileSystemException {
    public NotAFileException(Path path) {
        super(path.toString());
    }

    @Override
    public String getMessage() {
        return getFile() + " is a folder, not a file";
    }
}
