package layerlab.nn;

import layerlab.nn.functional.Interpolate;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.Upsample} over {@code [N, C, H, W]}: grows each image to {@code size}, or by
 * {@code scale_factor} (exactly one of the two), by {@code nearest} copies or {@code bilinear} interpolation.
 * A size or scale given as one number applies to both H and W. No parameters.
 */
public final class Upsample extends Module {
    private final int[] sizeArg;
    private final double[] scaleArg;
    private final String mode;
    private final Boolean alignCorners;

    /** Upsample by {@code scaleFactor} with nearest copies. */
    public Upsample(double scaleFactor) {
        this(null, new double[] {scaleFactor}, "nearest", null);
    }

    /**
     * {@code size} or {@code scaleFactor} (one or two entries each; the other null); {@code mode} "nearest" or
     * "bilinear"; {@code alignCorners} null for PyTorch's None (false), and only with bilinear.
     */
    public Upsample(int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException("Upsample: give exactly one of size or scale_factor");
        }
        if (!mode.equals("nearest") && !mode.equals("bilinear")) {
            throw new IllegalArgumentException("Upsample: mode must be 'nearest' or 'bilinear', got '" + mode + "'");
        }
        if (alignCorners != null && !mode.equals("bilinear")) {
            throw new IllegalArgumentException("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
        }
        if (size != null && (size.length < 1 || size.length > 2)) throw new IllegalArgumentException("Upsample: size must have 1 or 2 entries");
        if (scaleFactor != null && (scaleFactor.length < 1 || scaleFactor.length > 2)) {
            throw new IllegalArgumentException("Upsample: scale_factor must have 1 or 2 entries");
        }
        this.sizeArg = size == null ? null : size.clone();
        this.scaleArg = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] size = sizeArg == null ? null : (sizeArg.length == 1 ? new int[] {sizeArg[0], sizeArg[0]} : sizeArg);
        double[] scale = scaleArg == null ? null : (scaleArg.length == 1 ? new double[] {scaleArg[0], scaleArg[0]} : scaleArg);
        return Interpolate.interpolate(input, size, scale, mode.equals("bilinear"), Boolean.TRUE.equals(alignCorners));
    }

    public String mode() {
        return mode;
    }

    @Override
    protected String extraRepr() {
        String info;
        if (scaleArg != null) {
            info = "scale_factor=" + (scaleArg.length == 1 ? pyDouble(scaleArg[0]) : "(" + pyDouble(scaleArg[0]) + ", " + pyDouble(scaleArg[1]) + ")");
        } else {
            info = "size=" + (sizeArg.length == 1 ? Integer.toString(sizeArg[0]) : "(" + sizeArg[0] + ", " + sizeArg[1] + ")");
        }
        return info + ", mode=" + mode;
    }

    /** Python's repr of a float: Java's shortest digits agree for the usual scales (2.0, 1.5). */
    private static String pyDouble(double v) {
        return Double.toString(v);
    }
}
