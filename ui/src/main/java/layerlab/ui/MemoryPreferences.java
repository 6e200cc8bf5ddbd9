package layerlab.ui;

import java.util.Map;
import java.util.TreeMap;
import java.util.prefs.AbstractPreferences;

/**
 * Preferences held in memory: a warm-up start's ({@link LayerLabApp#WARM_UP}) and the tests', so that neither reads or
 * writes the user's real settings (a file under the home on Linux, but the registry on Windows and a property list on
 * macOS, which no other {@code user.home} keeps apart).
 */
public final class MemoryPreferences extends AbstractPreferences {
    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, MemoryPreferences> children = new TreeMap<>();

    public MemoryPreferences() {
        this(null, "");
    }

    private MemoryPreferences(MemoryPreferences parent, String name) {
        super(parent, name);
    }

    @Override
    protected void putSpi(String key, String value) {
        values.put(key, value);
    }

    @Override
    protected String getSpi(String key) {
        return values.get(key);
    }

    @Override
    protected void removeSpi(String key) {
        values.remove(key);
    }

    @Override
    protected void removeNodeSpi() {
        values.clear();
    }

    @Override
    protected String[] keysSpi() {
        return values.keySet().toArray(String[]::new);
    }

    @Override
    protected String[] childrenNamesSpi() {
        return children.keySet().toArray(String[]::new);
    }

    @Override
    protected AbstractPreferences childSpi(String name) {
        return children.computeIfAbsent(name, n -> new MemoryPreferences(this, n));
    }

    @Override
    protected void syncSpi() {}

    /** Whether writing these settings out fails, as Java's own do on a home that cannot be written. */
    private boolean unwritable;

    /** These settings, failing to be written out from now on. */
    public MemoryPreferences unwritable() {
        unwritable = true;
        return this;
    }

    @Override
    protected void flushSpi() throws java.util.prefs.BackingStoreException {
        if (unwritable) throw new java.util.prefs.BackingStoreException("Couldn't get file lock.");
    }
}
