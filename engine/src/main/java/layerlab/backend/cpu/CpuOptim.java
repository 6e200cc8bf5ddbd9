package layerlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import layerlab.backend.AdamScalars;
import layerlab.backend.OptimKernels;
import layerlab.tensor.Tensor;

/** Fused optimiser steps on the CPU: one parallel pass per parameter. */
final class CpuOptim implements OptimKernels {
    static final CpuOptim INSTANCE = new CpuOptim();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuOptim() {}

    /*
     * Rounded as PyTorch 1.13's single-tensor path on a CPU with FMA (every x86-64 since 2013, every ARM64): the
     * hyper-parameter arithmetic in double (1 - dampening, 1 - beta2, lr / bc1, 1 - lr·wd), each result rounded to float
     * once, as Python hands it to the kernel; then ATen's kernels' own rounding: add_(t, alpha=a) is fma(t, a, self),
     * addcmul_(t1, t2, value=v) is fma(v·t1, t2, self), addcdiv_(t1, t2, value=v) is self + (v·t1) / t2, a mul_ or
     * sqrt a rounding of its own. The later kernels (NAdam to ASGD, below) round so too. OptimRoundingParityTest holds 300
     * steps of each to torch's bits. Math.fma and FloatVector.fma are one instruction where the CPU has FMA.
     */

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                    boolean nesterov, boolean firstStep, boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), b = buf == null ? null : CpuBackend.f(buf);
        int po = param.offset(), go = grad.offset(), bo = buf == null ? 0 : buf.offset();
        float negLr = (float) -lr, mom = (float) momentum, keep = (float) (1 - dampening), wd = (float) weightDecay;
        FloatVector negLrV = FloatVector.broadcast(S, negLr), keepV = FloatVector.broadcast(S, keep), wdV = FloatVector.broadcast(S, wd);
        if (b == null && !maximize) {
            // The common cases on the Vector API (JDK 17 leaves loops over offsets scalar); its fma rounds as Math.fma
            // does, so the result is the same bit for bit.
            Parallel.forRange(param.numel(), 2, (from, to) -> {
                int i = from, e = from + S.loopBound(to - from);
                if (wd == 0f) {
                    for (; i < e; i += L) {
                        FloatVector.fromArray(S, g, go + i).fma(negLrV, FloatVector.fromArray(S, p, po + i)).intoArray(p, po + i);
                    }
                    for (; i < to; i++) p[po + i] = Math.fma(g[go + i], negLr, p[po + i]);
                } else {
                    for (; i < e; i += L) {
                        FloatVector pv = FloatVector.fromArray(S, p, po + i);
                        pv.fma(wdV, FloatVector.fromArray(S, g, go + i)).fma(negLrV, pv).intoArray(p, po + i);
                    }
                    for (; i < to; i++) p[po + i] = Math.fma(Math.fma(p[po + i], wd, g[go + i]), negLr, p[po + i]);
                }
            });
            return;
        }
        if (b != null && !maximize && !nesterov && !firstStep && wd == 0f) {
            Parallel.forRange(param.numel(), 3, (from, to) -> {
                int i = from, e = from + S.loopBound(to - from);
                for (; i < e; i += L) {
                    FloatVector bv = FloatVector.fromArray(S, g, go + i).fma(keepV, FloatVector.fromArray(S, b, bo + i).mul(mom));
                    bv.intoArray(b, bo + i);
                    bv.fma(negLrV, FloatVector.fromArray(S, p, po + i)).intoArray(p, po + i);
                }
                for (; i < to; i++) {
                    float bi = Math.fma(g[go + i], keep, b[bo + i] * mom);
                    b[bo + i] = bi;
                    p[po + i] = Math.fma(bi, negLr, p[po + i]);
                }
            });
            return;
        }
        Parallel.forRange(param.numel(), 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                if (wd != 0f) gi = Math.fma(p[po + i], wd, gi);
                if (b != null) {
                    float bi = firstStep ? gi : Math.fma(gi, keep, b[bo + i] * mom);
                    b[bo + i] = bi;
                    gi = nesterov ? Math.fma(bi, mom, gi) : bi;
                }
                p[po + i] = Math.fma(gi, negLr, p[po + i]);
            }
        });
    }

    @Override
    public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1, double beta2, double eps,
                     double weightDecay, boolean decoupled, int step, boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), mm = CpuBackend.f(m), vv = CpuBackend.f(v);
        float[] vm = vmax == null ? null : CpuBackend.f(vmax);
        int po = param.offset(), go = grad.offset(), mo = m.offset(), vo = v.offset(), xo = vmax == null ? 0 : vmax.offset();
        AdamScalars sc = AdamScalars.of(lr, beta1, beta2, eps, weightDecay, decoupled, step);
        float b1 = sc.beta1(), b2 = sc.beta2(), keep1 = sc.keep1(), keep2 = sc.keep2(), epsF = sc.eps(), wd = sc.weightDecay();
        float negStep = sc.negStepSize(), bc2Sqrt = sc.bc2Sqrt(), decay = sc.decay();
        FloatVector keep1V = FloatVector.broadcast(S, keep1), wdV = FloatVector.broadcast(S, wd);
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            int i = from;
            if (vm == null && !maximize) {
                // Adam and AdamW without amsgrad on the Vector API, every op in the scalar loop's order (fma, sqrt and
                // division are correctly rounded in both), so the same bits. textcnn_train's 361k parameters, 2 threads:
                // 0.69 → 0.10 ms (the scalar loop was a tenth of its step).
                for (int e = from + S.loopBound(to - from); i < e; i += L) {
                    FloatVector gi = FloatVector.fromArray(S, g, go + i), pi = FloatVector.fromArray(S, p, po + i);
                    if (decoupled) pi = pi.mul(decay);
                    else if (wd != 0f) gi = pi.fma(wdV, gi);
                    FloatVector mi = gi.fma(keep1V, FloatVector.fromArray(S, mm, mo + i).mul(b1));
                    FloatVector vi = gi.mul(keep2).fma(gi, FloatVector.fromArray(S, vv, vo + i).mul(b2));
                    mi.intoArray(mm, mo + i);
                    vi.intoArray(vv, vo + i);
                    FloatVector denom = vi.sqrt().div(bc2Sqrt).add(epsF);
                    pi.add(mi.mul(negStep).div(denom)).intoArray(p, po + i);
                }
            }
            for (; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                float pi = p[po + i];
                if (decoupled) pi *= decay;
                else if (wd != 0f) gi = Math.fma(pi, wd, gi);
                float mi = Math.fma(gi, keep1, mm[mo + i] * b1);
                float vi = Math.fma(keep2 * gi, gi, vv[vo + i] * b2);
                mm[mo + i] = mi;
                vv[vo + i] = vi;
                float vUse = vi;
                if (vm != null) {
                    vUse = Math.max(vm[xo + i], vi);
                    vm[xo + i] = vUse;
                }
                float denom = (float) Math.sqrt(vUse) / bc2Sqrt + epsF;
                p[po + i] = pi + negStep * mi / denom;
            }
        });
    }

    @Override
    public void rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf, double lr, double alpha,
                        double eps, double weightDecay, double momentum, boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), sq = CpuBackend.f(squareAvg);
        float[] ga = gradAvg == null ? null : CpuBackend.f(gradAvg), b = buf == null ? null : CpuBackend.f(buf);
        int po = param.offset(), go = grad.offset(), so = squareAvg.offset();
        int ao = gradAvg == null ? 0 : gradAvg.offset(), bo = buf == null ? 0 : buf.offset();
        float a = (float) alpha, keep = (float) (1 - alpha), epsF = (float) eps, wd = (float) weightDecay, mom = (float) momentum;
        float negLr = (float) -lr;
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                if (wd != 0f) gi = Math.fma(p[po + i], wd, gi);
                float si = Math.fma(keep * gi, gi, sq[so + i] * a);
                sq[so + i] = si;
                float avg;
                if (ga != null) {
                    float ai = Math.fma(gi, keep, ga[ao + i] * a);
                    ga[ao + i] = ai;
                    avg = (float) Math.sqrt(Math.fma(-ai, ai, si)) + epsF; // square_avg.addcmul(grad_avg, grad_avg, value=-1)
                } else {
                    avg = (float) Math.sqrt(si) + epsF;
                }
                if (b != null) {
                    float bi = b[bo + i] * mom + gi / avg;
                    b[bo + i] = bi;
                    p[po + i] = Math.fma(bi, negLr, p[po + i]);
                } else {
                    p[po + i] += negLr * gi / avg;
                }
            }
        });
    }

    @Override
    public void adagrad(Tensor param, Tensor grad, Tensor sum, double clr, double weightDecay, double eps, boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), s = CpuBackend.f(sum);
        int po = param.offset(), go = grad.offset(), so = sum.offset();
        float negClr = (float) -clr, wd = (float) weightDecay, epsF = (float) eps;
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                if (wd != 0f) gi = Math.fma(p[po + i], wd, gi);
                float si = Math.fma(gi, gi, s[so + i]);
                s[so + i] = si;
                p[po + i] += negClr * gi / ((float) Math.sqrt(si) + epsF);
            }
        });
    }

    @Override
    public void nadam(Tensor param, Tensor grad, Tensor m, Tensor v, double beta1, double beta2, float eps, float weightDecay,
                      float bc2, float gradCoef, float avgCoef) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), mm = CpuBackend.f(m), vv = CpuBackend.f(v);
        int po = param.offset(), go = grad.offset(), mo = m.offset(), vo = v.offset();
        float b1 = (float) beta1, b2 = (float) beta2, keep1 = (float) (1 - beta1), keep2 = (float) (1 - beta2);
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[go + i];
                if (weightDecay != 0f) gi = Math.fma(p[po + i], weightDecay, gi);
                float mi = Math.fma(gi, keep1, mm[mo + i] * b1);
                float vi = Math.fma(keep2 * gi, gi, vv[vo + i] * b2);
                mm[mo + i] = mi;
                vv[vo + i] = vi;
                float denom = (float) Math.sqrt(vi / bc2) + eps;
                // addcdiv_ computes self + value·t1 / t2, in that order.
                float pi = p[po + i] + gradCoef * gi / denom;
                p[po + i] = pi + avgCoef * mi / denom;
            }
        });
    }

    @Override
    public void radam(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, double beta1, double beta2, float eps, float weightDecay,
                      float bc1, float sqrtBc2, float rect) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), mm = CpuBackend.f(m), vv = CpuBackend.f(v);
        int po = param.offset(), go = grad.offset(), mo = m.offset(), vo = v.offset();
        float b1 = (float) beta1, b2 = (float) beta2, keep1 = (float) (1 - beta1), keep2 = (float) (1 - beta2);
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[go + i];
                if (weightDecay != 0f) gi = Math.fma(p[po + i], weightDecay, gi);
                float mi = Math.fma(gi, keep1, mm[mo + i] * b1);
                float vi = Math.fma(keep2 * gi, gi, vv[vo + i] * b2);
                mm[mo + i] = mi;
                vv[vo + i] = vi;
                float update = mi / bc1 * lr;
                // adaptive_lr = sqrt(bc2) / t is Tensor.__rtruediv__: t.reciprocal() * sqrt(bc2), two roundings.
                if (rect > 0f) update = update * (1f / ((float) Math.sqrt(vi) + eps) * sqrtBc2) * rect;
                p[po + i] -= update;
            }
        });
    }

    @Override
    public void adamax(Tensor param, Tensor grad, Tensor m, Tensor u, float clr, double beta1, double beta2, float eps, float weightDecay,
                       boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), mm = CpuBackend.f(m), uu = CpuBackend.f(u);
        int po = param.offset(), go = grad.offset(), mo = m.offset(), uo = u.offset();
        float b1 = (float) beta1, b2 = (float) beta2, keep1 = (float) (1 - beta1);
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                if (weightDecay != 0f) gi = Math.fma(p[po + i], weightDecay, gi);
                float mi = Math.fma(gi, keep1, mm[mo + i] * b1);
                mm[mo + i] = mi;
                // torch.amax over (b2·u, |g| + eps): a NaN in either wins.
                float a = uu[uo + i] * b2, b = Math.abs(gi) + eps;
                float ui = Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.max(a, b);
                uu[uo + i] = ui;
                p[po + i] += -clr * mi / ui;
            }
        });
    }

    @Override
    public void adadelta(Tensor param, Tensor grad, Tensor squareAvg, Tensor accDelta, float lr, double rho, float eps, float weightDecay,
                         boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), sq = CpuBackend.f(squareAvg), acc = CpuBackend.f(accDelta);
        int po = param.offset(), go = grad.offset(), so = squareAvg.offset(), ao = accDelta.offset();
        float r = (float) rho, keep = (float) (1 - rho);
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                if (weightDecay != 0f) gi = Math.fma(p[po + i], weightDecay, gi);
                float si = Math.fma(keep * gi, gi, sq[so + i] * r);
                sq[so + i] = si;
                float std = (float) Math.sqrt(si + eps);
                float delta = (float) Math.sqrt(acc[ao + i] + eps) / std * gi;
                acc[ao + i] = Math.fma(keep * delta, delta, acc[ao + i] * r);
                p[po + i] = Math.fma(delta, -lr, p[po + i]);
            }
        });
    }

    @Override
    public void rprop(Tensor param, Tensor grad, Tensor prev, Tensor stepSize, float etaminus, float etaplus, float stepMin, float stepMax,
                      boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), pr = CpuBackend.f(prev), st = CpuBackend.f(stepSize);
        int po = param.offset(), go = grad.offset(), ro = prev.offset(), so = stepSize.offset();
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                float s = gi * pr[ro + i];
                // torch sets the factor in three passes (> 0, < 0, == 0); a NaN product stays NaN and poisons the step, as there.
                float f = s > 0 ? etaplus : s < 0 ? etaminus : s == 0 ? 1f : s;
                float si = Math.min(Math.max(st[so + i] * f, stepMin), stepMax); // Math's min and max keep a NaN, as clamp_ does
                st[so + i] = si;
                if (f == etaminus) gi = 0f;
                p[po + i] += -(Math.signum(gi) * si);
                pr[ro + i] = gi;
            }
        });
    }

    @Override
    public void asgd(Tensor param, Tensor grad, Tensor ax, float decay, float eta, float mu, float weightDecay, boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), a = CpuBackend.f(ax);
        int po = param.offset(), go = grad.offset(), ao = ax.offset();
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                float pi = p[po + i];
                if (weightDecay != 0f) gi = Math.fma(pi, weightDecay, gi);
                pi *= decay;
                pi = Math.fma(gi, -eta, pi);
                p[po + i] = pi;
                a[ao + i] = mu != 1f ? a[ao + i] + (pi - a[ao + i]) * mu : pi;
            }
        });
    }
}
