package layerlab.backend.cuda;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import layerlab.backend.AdamScalars;
import layerlab.backend.OptimKernels;
import layerlab.tensor.Tensor;

/** Fused optimiser steps on the GPU (optim.cuh), bit-compatible with the CPU's {@code CpuOptim}. */
final class CudaOptim implements OptimKernels {
    private final CudaBackend be;

    CudaOptim(CudaBackend be) {
        this.be = be;
    }

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                    boolean nesterov, boolean firstStep, boolean maximize) {
        int n = param.numel();
        if (n == 0) return;
        be.dev.makeCurrent();
        // -lr and 1 - dampening from the doubles, rounded once, as CpuOptim.sgd and torch's Python.
        be.dev.launch1d("sgd_step", n, new CudaDevice.Args().ptr(be.addr(param)).ptr(be.addr(grad)).ptr(be.addr(buf)).i32(n)
                .f32((float) -lr).f32((float) momentum).f32((float) (1 - dampening)).f32((float) weightDecay).bool(nesterov).bool(firstStep)
                .bool(maximize));
    }

    /** Tensors per launch of nonfinite_many (NONFINITE_MANY in optim.cuh). */
    static final int NONFINITE_MANY = 8;

    /** Zero, or NaN once nonfinite_many found NaN or infinity in a tensor: a memset and one launch per 8 tensors. */
    @Override
    public Tensor finiteProbe(List<Tensor> tensors) {
        if (tensors.isEmpty()) return null;
        be.dev.makeCurrent();
        Tensor flag = Tensor.zeros(be.device(), 1);
        List<Tensor> held = new ArrayList<>();
        for (int from = 0; from < tensors.size(); from += NONFINITE_MANY) {
            int count = Math.min(NONFINITE_MANY, tensors.size() - from);
            long[] p = new long[count];
            int[] n = new int[count];
            int most = 0;
            for (int i = 0; i < count; i++) {
                Tensor t = tensors.get(from + i).detach().contiguous();
                held.add(t);
                p[i] = be.addr(t);
                n[i] = t.numel();
                most = Math.max(most, n[i]);
            }
            if (most == 0) continue;
            be.dev.launch("nonfinite_many", be.dev.blocks(most), count, 1, CudaDevice.THREADS, 1, 1,
                    new CudaDevice.Args().words(nonFiniteMany(p, n)).ptr(be.addr(flag)));
        }
        Reference.reachabilityFence(held);
        return flag;
    }

    /**
     * optim.cuh's {@code struct NonFiniteMany {i64 p[8]; int n[8]; int count;}} (104 bytes with its padding) as ints,
     * little-endian; host-check/optim_check.cpp checks the struct's offsets, CudaOptimPackTest this packing.
     */
    static int[] nonFiniteMany(long[] p, int[] n) {
        int[] w = new int[2 * NONFINITE_MANY + NONFINITE_MANY + 2];
        for (int i = 0; i < p.length; i++) {
            putLong(w, i, p[i]);
            w[2 * NONFINITE_MANY + i] = n[i];
        }
        w[3 * NONFINITE_MANY] = p.length;
        return w;
    }

    /** Parameters per launch of sgd_step_many (SGD_MANY in optim.cuh). */
    static final int SGD_MANY = 8;

    @Override
    public void sgdForeach(List<Tensor> params, List<Tensor> grads, List<Tensor> bufs, double lr, double momentum, double dampening,
                           double weightDecay, boolean nesterov, boolean[] firstStep, boolean maximize) {
        be.dev.makeCurrent();
        for (int from = 0; from < params.size(); from += SGD_MANY) {
            int count = Math.min(SGD_MANY, params.size() - from);
            long[] p = new long[count], g = new long[count], b = new long[count];
            int[] n = new int[count];
            int firstMask = 0, most = 0;
            for (int i = 0; i < count; i++) {
                p[i] = be.addr(params.get(from + i));
                g[i] = be.addr(grads.get(from + i));
                b[i] = be.addr(bufs.get(from + i));
                n[i] = params.get(from + i).numel();
                if (firstStep[from + i]) firstMask |= 1 << i;
                most = Math.max(most, n[i]);
            }
            if (most == 0) continue;
            be.dev.launch("sgd_step_many", be.dev.blocks(most), count, 1, CudaDevice.THREADS, 1, 1, new CudaDevice.Args()
                    .words(sgdMany(p, g, b, n, firstMask)).f32((float) -lr).f32((float) momentum).f32((float) (1 - dampening))
                    .f32((float) weightDecay).bool(nesterov).bool(maximize));
        }
    }

    /**
     * optim.cuh's {@code struct SgdMany {i64 p[8], g[8], buf[8]; int n[8]; int firstMask, count;}} (232 bytes) as ints,
     * little-endian, for up to 8 parameters; host-check/optim_check.cpp checks the struct's offsets, CudaOptimPackTest
     * this packing.
     */
    static int[] sgdMany(long[] p, long[] g, long[] buf, int[] n, int firstMask) {
        int count = p.length;
        int[] w = new int[3 * 2 * SGD_MANY + SGD_MANY + 2];
        for (int i = 0; i < count; i++) {
            putLong(w, i, p[i]);
            putLong(w, SGD_MANY + i, g[i]);
            putLong(w, 2 * SGD_MANY + i, buf[i]);
            w[6 * SGD_MANY + i] = n[i];
        }
        w[7 * SGD_MANY] = firstMask;
        w[7 * SGD_MANY + 1] = count;
        return w;
    }

    private static void putLong(int[] w, int at, long v) {
        w[2 * at] = (int) v;
        w[2 * at + 1] = (int) (v >>> 32);
    }

    @Override
    public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1, double beta2, double eps,
                     double weightDecay, boolean decoupled, int step, boolean maximize) {
        int n = param.numel();
        if (n == 0) return;
        AdamScalars sc = AdamScalars.of(lr, beta1, beta2, eps, weightDecay, decoupled, step);
        be.dev.makeCurrent();
        be.dev.launch1d("adam_step", n, new CudaDevice.Args().ptr(be.addr(param)).ptr(be.addr(grad)).ptr(be.addr(m))
                .ptr(be.addr(v)).ptr(be.addr(vmax)).i32(n).f32(sc.beta1()).f32(sc.beta2()).f32(sc.keep1()).f32(sc.keep2()).f32(sc.eps())
                .f32(sc.weightDecay()).bool(decoupled).f32(sc.negStepSize()).f32(sc.bc2Sqrt()).f32(sc.decay()).bool(maximize));
    }

    /** Parameters per launch of adam_step_many (ADAM_MANY in optim.cuh). */
    static final int ADAM_MANY = 8;

    @Override
    public void adamForeach(List<Tensor> params, List<Tensor> grads, List<Tensor> ms, List<Tensor> vs, List<Tensor> vmaxs, double lr,
                            double beta1, double beta2, double eps, double weightDecay, boolean decoupled, int[] steps, boolean maximize) {
        AdamScalars first = AdamScalars.of(lr, beta1, beta2, eps, weightDecay, decoupled, 1);
        be.dev.makeCurrent();
        for (int from = 0; from < params.size(); from += ADAM_MANY) {
            int count = Math.min(ADAM_MANY, params.size() - from);
            long[] p = new long[count], g = new long[count], m = new long[count], v = new long[count], vmax = new long[count];
            int[] n = new int[count];
            float[] negStepSize = new float[count], bc2Sqrt = new float[count];
            int most = 0;
            for (int i = 0; i < count; i++) {
                p[i] = be.addr(params.get(from + i));
                g[i] = be.addr(grads.get(from + i));
                m[i] = be.addr(ms.get(from + i));
                v[i] = be.addr(vs.get(from + i));
                vmax[i] = be.addr(vmaxs.get(from + i));
                n[i] = params.get(from + i).numel();
                AdamScalars sc = AdamScalars.of(lr, beta1, beta2, eps, weightDecay, decoupled, steps[from + i]);
                negStepSize[i] = sc.negStepSize();
                bc2Sqrt[i] = sc.bc2Sqrt();
                most = Math.max(most, n[i]);
            }
            if (most == 0) continue;
            int[][] structs = adamMany(p, g, m, v, vmax, n, negStepSize, bc2Sqrt);
            be.dev.launch("adam_step_many", be.dev.blocks(most), count, 1, CudaDevice.THREADS, 1, 1, new CudaDevice.Args().words(structs[0])
                    .words(structs[1]).f32(first.beta1()).f32(first.beta2()).f32(first.keep1()).f32(first.keep2()).f32(first.eps())
                    .f32(first.weightDecay()).bool(decoupled).f32(first.decay()).bool(maximize));
        }
    }

    /**
     * optim.cuh's {@code struct AdamTensors {i64 p[8], g[8], m[8];}} (192 bytes) and {@code struct AdamState {i64 v[8],
     * vmax[8]; int n[8]; float negStepSize[8], bc2Sqrt[8]; int count;}} (232 bytes) as ints, little-endian, for up to 8
     * parameters; host-check/optim_check.cpp checks the structs' offsets, CudaOptimPackTest this packing.
     */
    static int[][] adamMany(long[] p, long[] g, long[] m, long[] v, long[] vmax, int[] n, float[] negStepSize, float[] bc2Sqrt) {
        int count = p.length;
        int[] t = new int[3 * 2 * ADAM_MANY], st = new int[2 * 2 * ADAM_MANY + 3 * ADAM_MANY + 2];
        for (int i = 0; i < count; i++) {
            putLong(t, i, p[i]);
            putLong(t, ADAM_MANY + i, g[i]);
            putLong(t, 2 * ADAM_MANY + i, m[i]);
            putLong(st, i, v[i]);
            putLong(st, ADAM_MANY + i, vmax[i]);
            st[4 * ADAM_MANY + i] = n[i];
            st[5 * ADAM_MANY + i] = Float.floatToRawIntBits(negStepSize[i]);
            st[6 * ADAM_MANY + i] = Float.floatToRawIntBits(bc2Sqrt[i]);
        }
        st[7 * ADAM_MANY] = count;
        return new int[][] {t, st};
    }
}
