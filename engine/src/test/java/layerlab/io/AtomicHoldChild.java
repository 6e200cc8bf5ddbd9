package layerlab.io;

import java.nio.file.Path;

/**
 * The process {@link AtomicStaleTempTest} keeps in the middle of a save: it writes a few bytes of {@code args[0]}, says
 * "writing", and waits to be killed, its temporary file open and locked.
 */
public final class AtomicHoldChild {
    private AtomicHoldChild() {
    }

    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write(new byte[] {1, 2, 3});
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        });
    }
}
