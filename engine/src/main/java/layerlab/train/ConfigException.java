package layerlab.train;

/** A project's "training" object (or an override of it) holds a value LayerLab cannot use; the message names the key. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
