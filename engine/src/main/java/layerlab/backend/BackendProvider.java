package layerlab.backend;

import layerlab.tensor.Device;

/**
 * A backend found through {@link java.util.ServiceLoader} (so the CUDA backend is optional at run time).
 * {@link #availability} is probed once and cached by {@link Backends}.
 */
public interface BackendProvider {
    Device.Kind kind();

    /** Whether this backend can run here, and if not, one line saying why (no driver, no GPU, ...). */
    Availability availability();

    /** The backend for device {@code index}; only called when available. */
    Backend create(int index);

    record Availability(boolean available, String detail) {
        public static Availability yes(String detail) {
            return new Availability(true, detail);
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
