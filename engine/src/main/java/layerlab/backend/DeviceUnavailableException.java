package layerlab.backend;

/** A device the user asked for cannot be used here; the message is one line a user can act on. */
public final class DeviceUnavailableException extends RuntimeException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
