package layerlab.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What JavaFX's CSS engine complains of while it is open: a looked-up colour (-ll-text) that no sheet defines where the
 * node lives ("Could not resolve '-ll-text' while resolving lookups for '-fx-text-fill'"), a value that does not convert
 * ("String cannot be cast to Paint"). Such a node is drawn in Modena's defaults, not the theme's colours, and JavaFX only
 * says so in the log, so a test that opens a window catches it here.
 */
public final class CssWarnings extends Handler implements AutoCloseable {
    /** JavaFX's CSS logger (PlatformLogger "javafx.css", which java.util.logging receives); held so it is not collected. */
    private static final Logger CSS = Logger.getLogger("javafx.css");

    private final List<String> seen = new ArrayList<>();

    private CssWarnings() {
        setLevel(Level.WARNING);
    }

    /** Starts listening; {@link #close} stops. */
    public static CssWarnings capture() {
        CssWarnings w = new CssWarnings();
        CSS.addHandler(w);
        return w;
    }

    @Override
    public synchronized void publish(LogRecord r) {
        if (r.getLevel().intValue() < Level.WARNING.intValue()) return;
        String m = r.getMessage();
        if (r.getParameters() != null && r.getParameters().length > 0) m = java.text.MessageFormat.format(m, r.getParameters());
        if (r.getThrown() != null) m += " (" + r.getThrown() + ")";
        seen.add(m);
    }

    /** The warnings so far, each once, in the order first seen. */
    public synchronized List<String> messages() {
        return seen.stream().distinct().toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        CSS.removeHandler(this);
    }
}
