package layerlab.data;

/**
 * One image on its way through the transforms: {@code [c, h, w]} floats as the model sees them, the value per channel
 * that fills, and per channel the {@code offset} and {@code scale} that normalized them (pixel = x·scale + offset).
 */
public final class AugmentedImage {
    float[] data;
    final int c, h, w;
    final float[] fill, offset, scale;

    public AugmentedImage(float[] data, int c, int h, int w, float[] fill) {
        this(data, c, h, w, fill, null, null);
    }

    public AugmentedImage(float[] data, int c, int h, int w, float[] fill, float[] offset, float[] scale) {
        this.data = data;
        this.c = c;
        this.h = h;
        this.w = w;
        this.fill = fill;
        this.offset = offset;
        this.scale = scale;
    }

    /** The pixels as the picture had them, before normalization (a copy). */
    float[] pixels() {
        float[] x = data.clone();
        if (offset == null) return x;
        for (int k = 0; k < x.length; k++) x[k] = x[k] * scale[unit(k)] + offset[unit(k)];
        return x;
    }

    /** Takes pixels back to the model's units (normalized as the samples are). */
    void setPixels(float[] x) {
        if (offset != null) for (int k = 0; k < x.length; k++) x[k] = (x[k] - offset[unit(k)]) / scale[unit(k)];
        data = x;
    }

    /** Which offset and scale value {@code k} was normalized with: its channel's, or its own. */
    private int unit(int k) {
        return offset.length == c ? k / (h * w) : k;
    }

    public float[] data() {
        return data;
    }
}
