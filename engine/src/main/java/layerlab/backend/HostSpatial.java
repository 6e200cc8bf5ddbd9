package layerlab.backend;

import layerlab.backend.cpu.CpuSpatial;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Spatial kernels for a backend that has none of its own: each call copies its tensors to the host, runs
 * {@link CpuSpatial}, and copies the outputs back. Correct everywhere, fast nowhere — a backend overrides
 * {@link Backend#spatial()} with native kernels when it has them.
 */
public final class HostSpatial implements SpatialKernels {
    public static final HostSpatial INSTANCE = new HostSpatial();

    private HostSpatial() {}

    /** A contiguous CPU copy of a raw tensor (null stays null). */
    private static Tensor in(Tensor t) {
        if (t == null) return null;
        if (t.device().equals(Device.CPU)) return t;
        Tensor h = Tensor.empty(Device.CPU, t.dtype(), t.shape());
        int n = t.numel();
        if (t.dtype() == DType.FLOAT32) {
            float[] a = new float[n];
            t.storage().read(t.offset(), a, 0, n);
            h.storage().write(0, a, 0, n);
        } else {
            long[] a = new long[n];
            t.storage().read(t.offset(), a, 0, n);
            h.storage().write(0, a, 0, n);
        }
        return h;
    }

    /** A CPU tensor to receive an output (or an in/out value, hence the copy). */
    private static Tensor out(Tensor t) {
        return in(t);
    }

    private static void back(Tensor host, Tensor dev) {
        if (dev == null || host == dev) return;
        int n = dev.numel();
        if (dev.dtype() == DType.FLOAT32) {
            float[] a = new float[n];
            host.storage().read(host.offset(), a, 0, n);
            dev.storage().write(dev.offset(), a, 0, n);
        } else {
            long[] a = new long[n];
            host.storage().read(host.offset(), a, 0, n);
            dev.storage().write(dev.offset(), a, 0, n);
        }
    }

    private static final SpatialKernels CPU = CpuSpatial.INSTANCE;

    @Override
    public void convForward(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) {
        Tensor hy = out(y);
        CPU.convForward(g, in(x), in(w), in(bias), hy);
        back(hy, y);
    }

    @Override
    public void convBackward(ConvGeometry g, Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gb) {
        Tensor hx = out(gx), hw = out(gw), hb = out(gb);
        CPU.convBackward(g, in(x), in(w), in(gy), hx, hw, hb);
        back(hx, gx);
        back(hw, gw);
        back(hb, gb);
    }

    @Override
    public void pad(PadMode mode, float value, int planes, int[] inSize, int[] outSize, int[] padLo, Tensor x, Tensor y) {
        Tensor hy = out(y);
        CPU.pad(mode, value, planes, inSize, outSize, padLo, in(x), hy);
        back(hy, y);
    }

    @Override
    public void padBackward(PadMode mode, int planes, int[] inSize, int[] outSize, int[] padLo, Tensor gy, Tensor gx) {
        Tensor hx = out(gx);
        CPU.padBackward(mode, planes, inSize, outSize, padLo, in(gy), hx);
        back(hx, gx);
    }

    @Override
    public void maxPoolForward(PoolGeometry g, Tensor x, Tensor y, Tensor indices) {
        Tensor hy = out(y), hi = out(indices);
        CPU.maxPoolForward(g, in(x), hy, hi);
        back(hy, y);
        back(hi, indices);
    }

    @Override
    public void maxPoolBackward(int planes, int inVolume, int outVolume, Tensor gy, Tensor indices, Tensor gx) {
        Tensor hx = out(gx);
        CPU.maxPoolBackward(planes, inVolume, outVolume, in(gy), in(indices), hx);
        back(hx, gx);
    }

    @Override
    public void avgPoolForward(PoolGeometry g, boolean countIncludePad, int divisorOverride, Tensor x, Tensor y) {
        Tensor hy = out(y);
        CPU.avgPoolForward(g, countIncludePad, divisorOverride, in(x), hy);
        back(hy, y);
    }

    @Override
    public void avgPoolBackward(PoolGeometry g, boolean countIncludePad, int divisorOverride, Tensor gy, Tensor gx) {
        Tensor hx = out(gx);
        CPU.avgPoolBackward(g, countIncludePad, divisorOverride, in(gy), hx);
        back(hx, gx);
    }

    @Override
    public void adaptivePoolForward(boolean max, int planes, int[] inSize, int[] outSize, Tensor x, Tensor y, Tensor indices) {
        Tensor hy = out(y), hi = out(indices);
        CPU.adaptivePoolForward(max, planes, inSize, outSize, in(x), hy, hi);
        back(hy, y);
        back(hi, indices);
    }

    @Override
    public void adaptiveAvgPoolBackward(int planes, int[] inSize, int[] outSize, Tensor gy, Tensor gx) {
        Tensor hx = out(gx);
        CPU.adaptiveAvgPoolBackward(planes, inSize, outSize, in(gy), hx);
        back(hx, gx);
    }

    @Override
    public void upsampleForward(UpsampleGeometry g, Tensor x, Tensor y) {
        Tensor hy = out(y);
        CPU.upsampleForward(g, in(x), hy);
        back(hy, y);
    }

    @Override
    public void upsampleBackward(UpsampleGeometry g, Tensor gy, Tensor gx) {
        Tensor hx = out(gx);
        CPU.upsampleBackward(g, in(gy), hx);
        back(hx, gx);
    }

    @Override
    public void batchNormForward(Tensor x, int n, int c, int inner, Tensor weight, Tensor bias, boolean training, double factor,
                                 float eps, Tensor runningMean, Tensor runningVar, Tensor saveMean, Tensor saveInvstd, Tensor y) {
        Tensor rm = out(runningMean), rv = out(runningVar), sm = out(saveMean), si = out(saveInvstd), hy = out(y);
        CPU.batchNormForward(in(x), n, c, inner, in(weight), in(bias), training, factor, eps, rm, rv, sm, si, hy);
        back(rm, runningMean);
        back(rv, runningVar);
        back(sm, saveMean);
        back(si, saveInvstd);
        back(hy, y);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, int n, int c, int inner, Tensor weight, Tensor saveMean, Tensor saveInvstd,
                                  boolean training, Tensor gx, Tensor gw, Tensor gb) {
        Tensor hx = out(gx), hw = out(gw), hb = out(gb);
        CPU.batchNormBackward(in(x), in(gy), n, c, inner, in(weight), in(saveMean), in(saveInvstd), training, hx, hw, hb);
        back(hx, gx);
        back(hw, gw);
        back(hb, gb);
    }

    @Override
    public void layerNormForward(Tensor x, int rows, int d, Tensor weight, Tensor bias, float eps, Tensor y, Tensor mean, Tensor rstd) {
        Tensor hy = out(y), hm = out(mean), hr = out(rstd);
        CPU.layerNormForward(in(x), rows, d, in(weight), in(bias), eps, hy, hm, hr);
        back(hy, y);
        back(hm, mean);
        back(hr, rstd);
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gy, int rows, int d, Tensor weight, Tensor mean, Tensor rstd,
                                  Tensor gx, Tensor gw, Tensor gb) {
        Tensor hx = out(gx), hw = out(gw), hb = out(gb);
        CPU.layerNormBackward(in(x), in(gy), rows, d, in(weight), in(mean), in(rstd), hx, hw, hb);
        back(hx, gx);
        back(hw, gw);
        back(hb, gb);
    }

    @Override
    public void dropoutMask(Tensor mask, float p, float scale, long seed) {
        Tensor hm = out(mask);
        CPU.dropoutMask(hm, p, scale, seed);
        back(hm, mask);
    }
}
