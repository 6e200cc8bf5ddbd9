package layerlab.backend.cuda;

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
