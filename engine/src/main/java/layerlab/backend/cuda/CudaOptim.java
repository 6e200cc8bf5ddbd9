package layerlab.backend.cuda;

import java.util.List;
import layerlab.backend.OptimKernels;
import layerlab.tensor.Tensor;

/** Fused optimiser steps on the GPU (optim.cuh), bit-compatible with the CPU's {@code CpuOptim}. */
final class CudaOptim implements OptimKernels {
    private final CudaBackend be;

    CudaOptim(CudaBackend be) {
        this.be = be;
    }

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor buf, float lr, float momentum, float dampening, float weightDecay,
                    boolean nesterov, boolean firstStep, boolean maximize) {
        int n = param.numel();
        if (n == 0) return;
        be.dev.makeCurrent();
        be.dev.launch1d("sgd_step", n, new CudaDevice.Args().ptr(be.addr(param)).ptr(be.addr(grad)).ptr(be.addr(buf)).i32(n)
                .f32(lr).f32(momentum).f32(dampening).f32(weightDecay).bool(nesterov).bool(firstStep).bool(maximize));
    }

    /** Parameters per launch of sgd_step_many (SGD_MANY in optim.cuh). */
    static final int SGD_MANY = 8;

    @Override
    public void sgdForeach(List<Tensor> params, List<Tensor> grads, List<Tensor> bufs, float lr, float momentum, float dampening,
                           float weightDecay, boolean nesterov, boolean[] firstStep, boolean maximize) {
        be.dev.makeCurrent();
        for (int from = 0; from < params.size(); from += SGD_MANY) {
            int count = Math.min(SGD_MANY, params.size() - from);
            // struct SgdMany { i64 p[8], g[8], buf[8]; int n[8]; int firstMask, count; } as ints, little-endian.
            int[] w = new int[3 * 2 * SGD_MANY + SGD_MANY + 2];
            int firstMask = 0, most = 0;
            for (int i = 0; i < count; i++) {
                Tensor p = params.get(from + i);
                putLong(w, i, be.addr(p));
                putLong(w, SGD_MANY + i, be.addr(grads.get(from + i)));
                putLong(w, 2 * SGD_MANY + i, be.addr(bufs.get(from + i)));
                w[6 * SGD_MANY + i] = p.numel();
                if (firstStep[from + i]) firstMask |= 1 << i;
                most = Math.max(most, p.numel());
            }
            if (most == 0) continue;
            w[7 * SGD_MANY] = firstMask;
            w[7 * SGD_MANY + 1] = count;
            be.dev.launch("sgd_step_many", be.dev.blocks(most), count, 1, CudaDevice.THREADS, 1, 1, new CudaDevice.Args().words(w)
                    .f32(lr).f32(momentum).f32(dampening).f32(weightDecay).bool(nesterov).bool(maximize));
        }
    }

    private static void putLong(int[] w, int at, long v) {
        w[2 * at] = (int) v;
        w[2 * at + 1] = (int) (v >>> 32);
    }

    @Override
    public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vmax, float lr, float beta1, float beta2, float eps,
                     float weightDecay, boolean decoupled, int step, boolean maximize) {
        int n = param.numel();
        if (n == 0) return;
        // The same scalars as CpuOptim.adam, computed the same way.
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = decoupled ? 1f - lr * weightDecay : 1f;
        be.dev.makeCurrent();
        be.dev.launch1d("adam_step", n, new CudaDevice.Args().ptr(be.addr(param)).ptr(be.addr(grad)).ptr(be.addr(m))
                .ptr(be.addr(v)).ptr(be.addr(vmax)).i32(n).f32(beta1).f32(beta2).f32(eps).f32(weightDecay).bool(decoupled)
                .f32(stepSize).f32(bc2Sqrt).f32(decay).bool(maximize));
    }

    @Override
    public void rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf, float lr, float alpha,
                        float eps, float weightDecay, float momentum, boolean maximize) {
        int n = param.numel();
        if (n == 0) return;
        be.dev.makeCurrent();
        be.dev.launch1d("rmsprop_step", n, new CudaDevice.Args().ptr(be.addr(param)).ptr(be.addr(grad)).ptr(be.addr(squareAvg))
                .ptr(be.addr(gradAvg)).ptr(be.addr(buf)).i32(n).f32(lr).f32(alpha).f32(1f - alpha).f32(eps).f32(weightDecay)
                .f32(momentum).bool(maximize));
    }

    @Override
    public void adagrad(Tensor param, Tensor grad, Tensor sum, float clr, float weightDecay, float eps, boolean maximize) {
        int n = param.numel();
        if (n == 0) return;
        be.dev.makeCurrent();
        be.dev.launch1d("adagrad_step", n, new CudaDevice.Args().ptr(be.addr(param)).ptr(be.addr(grad)).ptr(be.addr(sum)).i32(n)
                .f32(clr).f32(weightDecay).f32(eps).bool(maximize));
    }
}
