package layerlab.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One read of a data set that says how far it is and can be cancelled: a 300 MB table took tens of seconds with no sign of
 * progress and no way to stop a file picked by mistake. {@link #run} makes it the reading thread's {@link #current} one; the
 * files that thread opens through {@link InputFiles} then count their bytes into it and, a chunk at a time, end the read
 * with {@link Cancelled} once {@link #cancel} was called or the reading thread was interrupted. Readers that decode on other
 * threads (a folder of pictures) take {@link #current} along and call {@link #advance} per file. A cancelled read leaves
 * nothing behind: the exception unwinds the loader, whose files close as it goes, and no part of the data set is kept.
 */
public final class ReadProgress {
    /** Told the progress on the reading thread (or a thread decoding for it), a whole percent at a time at most: cheap. */
    public interface Listener {
        void progress(ReadProgress p);
    }

    /** How a cancelled read ends: "Reading cancelled", never an error to show as a problem. */
    public static final class Cancelled extends CancellationException {
        public Cancelled(String what) {
            super("Reading " + what + " cancelled");
        }
    }

    /** The most bytes one read call passes on. */
    private static final int CHUNK = 64 * 1024;

    private static final ThreadLocal<ReadProgress> CURRENT = new ThreadLocal<>();

    private final String name;
    private final long total;
    private final Listener listener;
    private final AtomicLong done = new AtomicLong();
    private volatile boolean cancelled;
    private volatile Thread owner;
    /** The last percent told, so the listener hears each one once and never one lower. */
    private int told = -1;
    /** Whether the read is over, the data set made: all bytes in is not yet that (a table's cells are still to become numbers). */
    private volatile boolean finished;

    /**
     * @param name  what is read, for the person ("big.csv", "photos")
     * @param total its bytes (0: unknown, then only "Reading big.csv" is said)
     */
    public ReadProgress(String name, long total, Listener listener) {
        this.name = name;
        this.total = Math.max(0, total);
        this.listener = listener == null ? p -> {} : listener;
    }

    /** The read in progress on this thread, or null. */
    public static ReadProgress current() {
        return CURRENT.get();
    }

    /** Something that reads, as the loaders do. */
    public interface Read<T> {
        T read() throws Exception;
    }

    /**
     * Runs {@code body} as this read on the calling thread; at its end the progress is told at 100 %.
     *
     * @throws Cancelled when the read was cancelled (also if it finished meanwhile: the person asked not to have it)
     */
    public <T> T run(Read<T> body) throws Exception {
        ReadProgress outer = CURRENT.get();
        CURRENT.set(this);
        owner = Thread.currentThread();
        try {
            check();
            T t = body.read();
            check();
            finish();
            return t;
        } catch (Exception e) {
            // A loader may wrap what ended it (or be ended by the interrupt some other way): said as cancelled all the same.
            if (cancelledNow() || interrupted(e)) throw cancelledWith(e);
            throw e;
        } finally {
            owner = null;
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }

    /** Whether {@code e} is how a blocked read ends when its thread is interrupted (which clears the thread's flag). */
    private static boolean interrupted(Exception e) {
        return e instanceof InterruptedException || e instanceof java.io.InterruptedIOException
                || e instanceof java.nio.channels.ClosedByInterruptException;
    }

    private Cancelled cancelledWith(Exception e) {
        if (e instanceof Cancelled c) return c;
        Cancelled c = new Cancelled(name);
        c.initCause(e);
        return c;
    }

    /** Asks the read to stop at its next chunk; from any thread. */
    public void cancel() {
        cancelled = true;
    }

    /** Whether {@link #cancel} was called or the reading thread interrupted. */
    public boolean cancelledNow() {
        Thread t = owner;
        return cancelled || t != null && t.isInterrupted();
    }

    /** @throws Cancelled when the read was cancelled */
    public void check() {
        if (cancelledNow()) {
            cancelled = true;
            throw new Cancelled(name);
        }
    }

    /**
     * Ends the thread's read as {@link Cancelled} if it was cancelled (none: nothing): for the work after the bytes are in
     * (a table's cells made numbers, the statistics), which took seconds more on a big file and would not hear a Stop.
     */
    public static void checkCurrent() {
        ReadProgress r = CURRENT.get();
        if (r != null) r.check();
    }

    /** Counts {@code bytes} more read, checking for a cancel first; from any thread. */
    public void advance(long bytes) {
        check();
        long d = done.addAndGet(bytes);
        if (total > 0 && percent(d) > told) tell();
    }

    private int percent(long d) {
        return (int) (Math.min(d, total) * 100 / total);
    }

    private synchronized void tell() {
        int p = percent(done.get());
        if (p <= told) return;
        told = p;
        listener.progress(this);
    }

    private synchronized void finish() {
        finished = true;
        done.set(Math.max(done.get(), total));
        listener.progress(this);
    }

    public String name() {
        return name;
    }

    public long total() {
        return total;
    }

    /** The bytes read so far, never more than {@link #total} (a file read twice over counts once). */
    public long done() {
        return total > 0 ? Math.min(done.get(), total) : done.get();
    }

    /** Between 0 and 1; 0 while the total is unknown. */
    public double fraction() {
        return total > 0 ? (double) done() / total : 0;
    }

    /**
     * "Reading big.csv — 45 % (120 of 270 MB)"; once every byte is in and the samples are still being made of them (seconds
     * for a big table), "…, making the samples".
     */
    @Override
    public String toString() {
        if (total <= 0) return "Reading " + name + "…";
        String said = "Reading " + name + " — " + percent(done()) + " % (" + size(done(), total) + ")";
        return finished || done.get() < total ? said : said + ", making the samples…";
    }

    private static String size(long done, long total) {
        if (total >= 1e9) return String.format(Locale.ROOT, "%.1f of %.1f GB", done / 1e9, total / 1e9);
        if (total >= 1e6) return Math.round(done / 1e6) + " of " + Math.round(total / 1e6) + " MB";
        return Math.round(done / 1e3) + " of " + Math.max(1, Math.round(total / 1e3)) + " kB";
    }

    /** {@code in}, counted into the thread's read and ended by its cancel, when there is one; else {@code in} itself. */
    static InputStream counted(InputStream in) {
        ReadProgress r = CURRENT.get();
        return r == null ? in : r.new Counted(in);
    }

    /** Counts what passes, a read call at a time (a buffer's fill: thousands of bytes), and checks for a cancel each time. */
    private final class Counted extends FilterInputStream {
        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) advance(1);
            else check();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // A large array is read a megabyte at a call: a chunk at a time, so that the percent moves and a cancel is heard.
            int n = in.read(b, off, Math.min(len, CHUNK));
            if (n > 0) advance(n);
            else check();
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            if (s > 0) advance(s);
            return s;
        }
    }
}
