package layerlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import layerlab.backend.OptimKernels;
import layerlab.tensor.Tensor;

/** Fused optimiser steps on the CPU: one parallel pass per parameter. */
final class CpuOptim implements OptimKernels {
    static final CpuOptim INSTANCE = new CpuOptim();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuOptim() {}

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor buf, float lr, float momentum, float dampening, float weightDecay,
                    boolean nesterov, boolean firstStep, boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), b = buf == null ? null : CpuBackend.f(buf);
        int po = param.offset(), go = grad.offset(), bo = buf == null ? 0 : buf.offset();
        if (b == null && !maximize) {
            // The common cases on the Vector API (JDK 17 leaves loops over offsets scalar); each vector op rounds
            // as the scalar tail does, so the result is the same bit for bit.
            Parallel.forRange(param.numel(), 2, (from, to) -> {
                int i = from, e = from + S.loopBound(to - from);
                if (weightDecay == 0f) {
                    for (; i < e; i += L) {
                        FloatVector pv = FloatVector.fromArray(S, p, po + i);
                        pv.sub(FloatVector.fromArray(S, g, go + i).mul(lr)).intoArray(p, po + i);
                    }
                    for (; i < to; i++) p[po + i] -= lr * g[go + i];
                } else {
                    for (; i < e; i += L) {
                        FloatVector pv = FloatVector.fromArray(S, p, po + i);
                        pv.sub(FloatVector.fromArray(S, g, go + i).add(pv.mul(weightDecay)).mul(lr)).intoArray(p, po + i);
                    }
                    for (; i < to; i++) p[po + i] -= lr * (g[go + i] + weightDecay * p[po + i]);
                }
            });
            return;
        }
        if (b != null && !maximize && !nesterov && !firstStep && weightDecay == 0f) {
            float keep = 1f - dampening;
            Parallel.forRange(param.numel(), 3, (from, to) -> {
                int i = from, e = from + S.loopBound(to - from);
                for (; i < e; i += L) {
                    FloatVector bv = FloatVector.fromArray(S, b, bo + i).mul(momentum).add(FloatVector.fromArray(S, g, go + i).mul(keep));
                    bv.intoArray(b, bo + i);
                    FloatVector.fromArray(S, p, po + i).sub(bv.mul(lr)).intoArray(p, po + i);
                }
                for (; i < to; i++) {
                    float bi = momentum * b[bo + i] + keep * g[go + i];
                    b[bo + i] = bi;
                    p[po + i] -= lr * bi;
                }
            });
            return;
        }
        Parallel.forRange(param.numel(), 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                if (weightDecay != 0f) gi += weightDecay * p[po + i];
                if (b != null) {
                    float bi = firstStep ? gi : momentum * b[bo + i] + (1f - dampening) * gi;
                    b[bo + i] = bi;
                    gi = nesterov ? gi + momentum * bi : bi;
                }
                p[po + i] -= lr * gi;
            }
        });
    }

    @Override
    public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vmax, float lr, float beta1, float beta2, float eps,
                     float weightDecay, boolean decoupled, int step, boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), mm = CpuBackend.f(m), vv = CpuBackend.f(v);
        float[] vm = vmax == null ? null : CpuBackend.f(vmax);
        int po = param.offset(), go = grad.offset(), mo = m.offset(), vo = v.offset(), xo = vmax == null ? 0 : vmax.offset();
        // PyTorch 1.13 (single-tensor Adam, the fixtures' version): step_size = lr / bc1; denom = sqrt(v) / sqrt(bc2) + eps.
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = decoupled ? 1f - lr * weightDecay : 1f;
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            int i = from;
            if (vm == null && !maximize) {
                // Adam and AdamW without amsgrad on the Vector API, every op in the scalar loop's order (sqrt and
                // division are correctly rounded in both), so the same bits. textcnn_train's 361k parameters, 2 threads:
                // 0.69 → 0.10 ms (the scalar loop was a tenth of its step).
                float keep1 = 1f - beta1, keep2 = 1f - beta2, minusStep = -stepSize;
                for (int e = from + S.loopBound(to - from); i < e; i += L) {
                    FloatVector gi = FloatVector.fromArray(S, g, go + i), pi = FloatVector.fromArray(S, p, po + i);
                    if (decoupled) pi = pi.mul(decay);
                    else if (weightDecay != 0f) gi = gi.add(pi.mul(weightDecay));
                    FloatVector mi = FloatVector.fromArray(S, mm, mo + i).mul(beta1).add(gi.mul(keep1));
                    FloatVector vi = FloatVector.fromArray(S, vv, vo + i).mul(beta2).add(gi.mul(keep2).mul(gi));
                    mi.intoArray(mm, mo + i);
                    vi.intoArray(vv, vo + i);
                    FloatVector denom = vi.sqrt().div(bc2Sqrt).add(eps);
                    pi.add(mi.div(denom).mul(minusStep)).intoArray(p, po + i);
                }
            }
            for (; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                float pi = p[po + i];
                if (decoupled) pi *= decay;
                else if (weightDecay != 0f) gi += weightDecay * pi;
                float mi = mm[mo + i] * beta1 + gi * (1f - beta1);
                float vi = vv[vo + i] * beta2 + (1f - beta2) * gi * gi;
                mm[mo + i] = mi;
                vv[vo + i] = vi;
                float vUse = vi;
                if (vm != null) {
                    vUse = Math.max(vm[xo + i], vi);
                    vm[xo + i] = vUse;
                }
                float denom = (float) Math.sqrt(vUse) / bc2Sqrt + eps;
                p[po + i] = pi + -stepSize * (mi / denom);
            }
        });
    }

    @Override
    public void rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf, float lr, float alpha,
                        float eps, float weightDecay, float momentum, boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), sq = CpuBackend.f(squareAvg);
        float[] ga = gradAvg == null ? null : CpuBackend.f(gradAvg), b = buf == null ? null : CpuBackend.f(buf);
        int po = param.offset(), go = grad.offset(), so = squareAvg.offset();
        int ao = gradAvg == null ? 0 : gradAvg.offset(), bo = buf == null ? 0 : buf.offset();
        float oneMinusAlpha = 1f - alpha;
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                if (weightDecay != 0f) gi += weightDecay * p[po + i];
                float si = sq[so + i] * alpha + oneMinusAlpha * gi * gi;
                sq[so + i] = si;
                float avg;
                if (ga != null) {
                    float ai = ga[ao + i] * alpha + oneMinusAlpha * gi;
                    ga[ao + i] = ai;
                    avg = (float) Math.sqrt(si - ai * ai) + eps;
                } else {
                    avg = (float) Math.sqrt(si) + eps;
                }
                if (b != null) {
                    float bi = b[bo + i] * momentum + gi / avg;
                    b[bo + i] = bi;
                    p[po + i] += -lr * bi;
                } else {
                    p[po + i] += -lr * (gi / avg);
                }
            }
        });
    }

    @Override
    public void adagrad(Tensor param, Tensor grad, Tensor sum, float clr, float weightDecay, float eps, boolean maximize) {
        float[] p = CpuBackend.f(param), g = CpuBackend.f(grad), s = CpuBackend.f(sum);
        int po = param.offset(), go = grad.offset(), so = sum.offset();
        Parallel.forRange(param.numel(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[go + i] : g[go + i];
                if (weightDecay != 0f) gi += weightDecay * p[po + i];
                float si = s[so + i] + gi * gi;
                s[so + i] = si;
                p[po + i] += -clr * (gi / ((float) Math.sqrt(si) + eps));
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
                if (weightDecay != 0f) gi += weightDecay * p[po + i];
                float mi = mm[mo + i] * b1 + gi * keep1;
                float vi = vv[vo + i] * b2 + keep2 * gi * gi;
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
                if (weightDecay != 0f) gi += weightDecay * p[po + i];
                float mi = mm[mo + i] * b1 + gi * keep1;
                float vi = vv[vo + i] * b2 + keep2 * gi * gi;
                mm[mo + i] = mi;
                vv[vo + i] = vi;
                float update = mi / bc1 * lr;
                if (rect > 0f) update = update * (sqrtBc2 / ((float) Math.sqrt(vi) + eps)) * rect;
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
                if (weightDecay != 0f) gi += weightDecay * p[po + i];
                float mi = mm[mo + i] * b1 + gi * keep1;
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
                if (weightDecay != 0f) gi += weightDecay * p[po + i];
                float si = sq[so + i] * r + keep * gi * gi;
                sq[so + i] = si;
                float std = (float) Math.sqrt(si + eps);
                float delta = (float) Math.sqrt(acc[ao + i] + eps) / std * gi;
                acc[ao + i] = acc[ao + i] * r + keep * delta * delta;
                p[po + i] += -lr * delta;
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
                if (weightDecay != 0f) gi += weightDecay * pi;
                pi *= decay;
                pi += -eta * gi;
                p[po + i] = pi;
                a[ao + i] = mu != 1f ? a[ao + i] + (pi - a[ao + i]) * mu : pi;
            }
        });
    }
}
