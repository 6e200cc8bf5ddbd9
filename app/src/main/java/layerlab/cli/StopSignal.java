package layerlab.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Which signal ended the command line's process, for what it writes on the way out: a run stopped by {@code timeout}'s
 * SIGTERM or by a closed terminal's SIGHUP said "Ctrl-C" in grade's and sweep's rows, since every one of them ends Java
 * through the same shutdown hooks, which cannot tell. Each signal's handler notes its name and then hands the signal to
 * the handler it replaced (Java's own, which runs those hooks and exits with 128 + the signal's number), so nothing else
 * changes; a signal the process was started to ignore (a job a shell starts in the background ignores SIGINT) stays
 * ignored. {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's own way to do this; where it refuses a signal,
 * that one is not noted, and the wording falls back to "Ctrl-C".
 */
public final class StopSignal {
    private static volatile String received;

    private StopSignal() {
    }

    /** Notes SIGINT, SIGTERM and SIGHUP from now on (once per process). */
    public static synchronized void install() {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] previous = new SignalHandler[1];
                previous[0] = Signal.handle(signal, s -> {
                    received = name;
                    SignalHandler then = previous[0];
                    if (then != null && then != SignalHandler.SIG_DFL && then != SignalHandler.SIG_IGN) then.handle(s);
                    else if (then != SignalHandler.SIG_IGN) System.exit(128 + s.getNumber());
                });
                // Started ignoring it (or with the default action, as under -Xrs): back to that, nothing noted.
                if (previous[0] == SignalHandler.SIG_IGN || previous[0] == SignalHandler.SIG_DFL) Signal.handle(signal, previous[0]);
            } catch (IllegalArgumentException | UnsupportedOperationException refused) {
                // This JVM or system keeps the signal to itself (Windows has no SIGHUP).
            }
        }
    }

    /**
     * How a stop by the signal received is said: "Ctrl-C" (SIGINT), "SIGTERM" ({@code timeout}, {@code kill}), "SIGHUP" (the
     * terminal closed); "Ctrl-C" when none was noted.
     */
    public static String said() {
        String s = received;
        return s == null || s.equals("INT") ? "Ctrl-C" : "SIG" + s;
    }

    /** Whether a signal was noted (the process is ending because of it). */
    public static boolean received() {
        return received != null;
    }
}
