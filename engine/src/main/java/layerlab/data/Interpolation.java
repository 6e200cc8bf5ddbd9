package layerlab.data;

import java.util.Locale;

/** How a transform reads pixels between pixels: the nearest one (torchvision's default) or bilinear. */
public enum Interpolation {
    NEAREST, BILINEAR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
