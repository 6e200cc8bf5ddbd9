package layerlab.backend.cpu;

import static layerlab.backend.cpu.CpuBackend.f;
import static layerlab.backend.cpu.CpuBackend.l;

import layerlab.backend.ConvGeometry;
import layerlab.backend.PoolGeometry;
import layerlab.backend.SpatialKernels;
import layerlab.backend.UpsampleGeometry;
import layerlab.tensor.Tensor;

/** The CPU's spatial kernels: convolution in {@link CpuConv}, pooling and padding in {@link CpuPool}, norms in {@link CpuNorm}. */
public final class CpuSpatial implements SpatialKernels {
    public static final CpuSpatial INSTANCE = new CpuSpatial();

    private CpuSpatial() {}

    private static float[] fOrNull(Tensor t) {
        return t == null ? null : f(t);
    }

    private static int off(Tensor t) {
        return t == null ? 0 : t.offset();
    }

    @Override
    public void convForward(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) {
        CpuConv.forward(g, f(x), x.offset(), f(w), w.offset(), fOrNull(bias), off(bias), f(y), y.offset());
    }

    @Override
    public void convBackward(ConvGeometry g, Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gb) {
        CpuConv.backward(g, fOrNull(x), off(x), fOrNull(w), off(w), f(gy), gy.offset(),
                fOrNull(gx), off(gx), fOrNull(gw), off(gw), fOrNull(gb), off(gb));
    }

    @Override
    public void pad(PadMode mode, float value, int planes, int[] in, int[] out, int[] padLo, Tensor x, Tensor y) {
        CpuPool.pad(mode, value, planes, in, out, padLo, f(x), x.offset(), f(y), y.offset());
    }

    @Override
    public void padBackward(PadMode mode, int planes, int[] in, int[] out, int[] padLo, Tensor gy, Tensor gx) {
        CpuPool.padBackward(mode, planes, in, out, padLo, f(gy), gy.offset(), f(gx), gx.offset());
    }

    @Override
    public void maxPoolForward(PoolGeometry g, Tensor x, Tensor y, Tensor indices) {
        CpuPool.maxForward(g, f(x), x.offset(), f(y), y.offset(), indices == null ? null : l(indices), off(indices));
    }

    @Override
    public void maxPoolBackward(int planes, int inVolume, int outVolume, Tensor gy, Tensor indices, Tensor gx) {
        CpuPool.maxBackward(planes, inVolume, outVolume, f(gy), gy.offset(), l(indices), indices.offset(), f(gx), gx.offset());
    }

    @Override
    public void avgPoolForward(PoolGeometry g, boolean countIncludePad, int divisorOverride, Tensor x, Tensor y) {
        CpuPool.avgForward(g, countIncludePad, divisorOverride, f(x), x.offset(), f(y), y.offset());
    }

    @Override
    public void avgPoolBackward(PoolGeometry g, boolean countIncludePad, int divisorOverride, Tensor gy, Tensor gx) {
        CpuPool.avgBackward(g, countIncludePad, divisorOverride, f(gy), gy.offset(), f(gx), gx.offset());
    }

    @Override
    public void adaptivePoolForward(boolean max, int planes, int[] in, int[] out, Tensor x, Tensor y, Tensor indices) {
        CpuPool.adaptiveForward(max, planes, in, out, f(x), x.offset(), f(y), y.offset(),
                indices == null ? null : l(indices), off(indices));
    }

    @Override
    public void adaptiveAvgPoolBackward(int planes, int[] in, int[] out, Tensor gy, Tensor gx) {
        CpuPool.adaptiveAvgBackward(planes, in, out, f(gy), gy.offset(), f(gx), gx.offset());
    }

    @Override
    public void upsampleForward(UpsampleGeometry g, Tensor x, Tensor y) {
        CpuUpsample.forward(g, f(x), x.offset(), f(y), y.offset());
    }

    @Override
    public void upsampleBackward(UpsampleGeometry g, Tensor gy, Tensor gx) {
        CpuUpsample.backward(g, f(gy), gy.offset(), f(gx), gx.offset());
    }

    @Override
    public void batchNormForward(Tensor x, int n, int c, int inner, Tensor weight, Tensor bias, boolean training, double factor,
                                 float eps, Tensor runningMean, Tensor runningVar, Tensor saveMean, Tensor saveInvstd, Tensor y) {
        CpuNorm.batchNormForward(f(x), x.offset(), n, c, inner, fOrNull(weight), off(weight), fOrNull(bias), off(bias),
                training, factor, eps, fOrNull(runningMean), off(runningMean), fOrNull(runningVar), off(runningVar),
                f(saveMean), saveMean.offset(), f(saveInvstd), saveInvstd.offset(), f(y), y.offset());
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, int n, int c, int inner, Tensor weight, Tensor saveMean, Tensor saveInvstd,
                                  boolean training, Tensor gx, Tensor gw, Tensor gb) {
        CpuNorm.batchNormBackward(f(x), x.offset(), f(gy), gy.offset(), n, c, inner, fOrNull(weight), off(weight),
                f(saveMean), saveMean.offset(), f(saveInvstd), saveInvstd.offset(), training,
                fOrNull(gx), off(gx), fOrNull(gw), off(gw), fOrNull(gb), off(gb));
    }

    @Override
    public void layerNormForward(Tensor x, int rows, int d, Tensor weight, Tensor bias, float eps, Tensor y, Tensor mean, Tensor rstd) {
        CpuNorm.layerNormForward(f(x), x.offset(), rows, d, fOrNull(weight), off(weight), fOrNull(bias), off(bias), eps,
                f(y), y.offset(), f(mean), mean.offset(), f(rstd), rstd.offset());
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gy, int rows, int d, Tensor weight, Tensor mean, Tensor rstd,
                                  Tensor gx, Tensor gw, Tensor gb) {
        CpuNorm.layerNormBackward(f(x), x.offset(), f(gy), gy.offset(), rows, d, fOrNull(weight), off(weight),
                f(mean), mean.offset(), f(rstd), rstd.offset(), fOrNull(gx), off(gx), fOrNull(gw), off(gw), fOrNull(gb), off(gb));
    }

    @Override
    public void dropoutMask(Tensor mask, float p, float scale, long seed) {
        float[] m = f(mask);
        int mo = mask.offset();
        Parallel.forRange(mask.numel(), 8, (from, to) -> DropoutMask.fill(m, mo, from, to, p, scale, seed));
    }
}
