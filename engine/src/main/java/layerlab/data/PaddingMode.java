package layerlab.data;

import java.util.Locale;

/** What RandomCrop's padding holds: {@code fill}, the edge pixel repeated, or the image mirrored without or with its edge. */
public enum PaddingMode {
    CONSTANT, EDGE, REFLECT, SYMMETRIC;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
