package layerlab.io;

import java.io.IOException;

/** A {@link java.util.function.Consumer} that may throw {@link IOException}: what writes a file's content. */
@FunctionalInterface
public interface IOConsumer<T> {
    void accept(T t) throws IOException;
}
