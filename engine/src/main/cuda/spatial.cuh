// The spatial layers' kernels (SpatialKernels): im2col/col2im around the SGEMM for convolution, pooling,
// padding, batch and layer normalisation, dropout masks. The rules are CpuPool's and CpuNorm's: max pooling
// keeps the first maximum and lets a NaN win; average pooling divides by PyTorch's divisor; statistics sum
// in double; gradients that gather (avg pooling, col2im) add in the CPU's order, so they match it bit for
// bit where the CPU sums in float. Block reductions use shared memory and __syncthreads only (no warp
// shuffles), so that engine/src/main/cuda/host-check can run these kernels on the CPU.
#pragma once
#include "common.cuh"

// One convolution's or pooling's spatial geometry (ConvGeometry / PoolGeometry): depth, height, width.
struct Geo3 {
    int in[3], out[3], k[3], s[3], p[3], d[3];
};

__device__ __forceinline__ int vol3(const int* v) {
    return v[0] * v[1] * v[2];
}

// Position pos of a [d, h, w] volume (dims) as its three coordinates.
__device__ __forceinline__ void unravel3(int pos, const int* dims, int& d, int& h, int& w) {
    w = pos % dims[2];
    h = (pos / dims[2]) % dims[1];
    d = pos / (dims[2] * dims[1]);
}

// ---------------------------------------------------------------- convolution

// Column matrix of images b0 .. b0+nb-1: row r = c·K + (kd·kh + kh)·kw + kw, column j = image·outVol + o, so that
// one GEMM per group multiplies the whole chunk of the batch: yᵀ[cout, nb·outVol] = w · cols.
extern "C" __global__ void im2col_f32(const float* __restrict__ x, float* __restrict__ cols, Geo3 g, int cin, int b0, int nb) {
    int outVol = vol3(g.out), inVol = vol3(g.in), kv = vol3(g.k);
    int n = nb * outVol;
    int total = cin * kv * n;
    GRID_STRIDE(i, total) {
        int r = (int) (i / (unsigned) n), j = (int) (i % (unsigned) n);
        int img = j / outVol, o = j % outVol;
        int c = r / kv, kk = r % kv;
        int kd, kh, kw;
        unravel3(kk, g.k, kd, kh, kw);
        int od, oh, ow;
        unravel3(o, g.out, od, oh, ow);
        int id = od * g.s[0] - g.p[0] + kd * g.d[0];
        int ih = oh * g.s[1] - g.p[1] + kh * g.d[1];
        int iw = ow * g.s[2] - g.p[2] + kw * g.d[2];
        float v = 0.f;
        if (id >= 0 && id < g.in[0] && ih >= 0 && ih < g.in[1] && iw >= 0 && iw < g.in[2]) {
            v = x[(i64) ((b0 + img) * cin + c) * inVol + (id * g.in[1] + ih) * g.in[2] + iw];
        }
        cols[i] = v;
    }
}

// The input positions o·s - p + k·d = i of one dim: the first k and the k step... solved per candidate k, which
// is what the gather below does; kept in a helper so col2im reads like the forward.
__device__ __forceinline__ bool conv_out_pos(int i, int k, int s, int p, int d, int out, int& o) {
    int num = i + p - k * d;
    if (num < 0 || num % s != 0) return false;
    o = num / s;
    return o < out;
}

// gx of images b0 .. b0+nb-1 from the column-matrix gradient: each input element gathers every column entry
// that read it, in increasing kernel offset (no atomics; deterministic).
extern "C" __global__ void col2im_f32(const float* __restrict__ gcols, float* __restrict__ gx, Geo3 g, int cin, int b0, int nb) {
    int outVol = vol3(g.out), inVol = vol3(g.in), kv = vol3(g.k);
    int n = nb * outVol;
    int total = nb * cin * inVol;
    GRID_STRIDE(i, total) {
        int pos = (int) (i % (unsigned) inVol), ic = (int) (i / (unsigned) inVol);
        int c = ic % cin, img = ic / cin;
        int id, ih, iw;
        unravel3(pos, g.in, id, ih, iw);
        float sum = 0.f;
        for (int kd = 0; kd < g.k[0]; kd++) {
            int od;
            if (!conv_out_pos(id, kd, g.s[0], g.p[0], g.d[0], g.out[0], od)) continue;
            for (int kh = 0; kh < g.k[1]; kh++) {
                int oh;
                if (!conv_out_pos(ih, kh, g.s[1], g.p[1], g.d[1], g.out[1], oh)) continue;
                for (int kw = 0; kw < g.k[2]; kw++) {
                    int ow;
                    if (!conv_out_pos(iw, kw, g.s[2], g.p[2], g.d[2], g.out[2], ow)) continue;
                    int r = c * kv + (kd * g.k[1] + kh) * g.k[2] + kw;
                    sum += gcols[(i64) r * n + img * outVol + (od * g.out[1] + oh) * g.out[2] + ow];
                }
            }
        }
        gx[(i64) b0 * cin * inVol + i] = sum;
    }
}

// y[b0+img, co, o] = yt[co, img·outVol + o] + bias[co] (bias may be null): the GEMM's channel-major result
// back in the batch-major layout.
extern "C" __global__ void conv_unfold_out(const float* __restrict__ yt, const float* __restrict__ bias, float* __restrict__ y,
                                           int cout, int outVol, int b0, int nb) {
    int total = nb * cout * outVol;
    GRID_STRIDE(i, total) {
        int o = (int) (i % (unsigned) outVol), ic = (int) (i / (unsigned) outVol);
        int co = ic % cout, img = ic / cout;
        float v = yt[(i64) co * nb * outVol + img * outVol + o];
        if (bias) v += bias[co];
        y[(i64) b0 * cout * outVol + i] = v;
    }
}

// gyt[co, img·outVol + o] = gy[b0+img, co, o]: the upstream gradient in the column matrix's layout.
extern "C" __global__ void conv_fold_grad(const float* __restrict__ gy, float* __restrict__ gyt, int cout, int outVol, int b0, int nb) {
    int n = nb * outVol;
    int total = cout * n;
    GRID_STRIDE(i, total) {
        int j = (int) (i % (unsigned) n), co = (int) (i / (unsigned) n);
        int img = j / outVol, o = j % outVol;
        gyt[i] = gy[((i64) (b0 + img) * cout + co) * outVol + o];
    }
}

// ---------------------------------------------------------------- block reduction

#define RED_THREADS 256

// Element e (of n·inner) of channel ch in x seen as [n, c, inner]; counts fit in 31 bits (one storage).
__device__ __forceinline__ int channel_at(int e, int c, int ch, int inner) {
    unsigned img = (unsigned) e / (unsigned) inner;
    return (int) ((img * c + ch) * inner + ((unsigned) e - img * inner));
}

// The sum of v over the block (RED_THREADS threads, one dimension); every thread gets it. sh holds RED_THREADS.
__device__ __forceinline__ double block_sum(double v, double* sh) {
    sh[threadIdx.x] = v;
    __syncthreads();
    for (int s = RED_THREADS / 2; s > 0; s >>= 1) {
        if ((int) threadIdx.x < s) sh[threadIdx.x] += sh[threadIdx.x + s];
        __syncthreads();
    }
    double r = sh[0];
    __syncthreads();
    return r;
}

// Per-channel sum of x seen as [n, c, inner] (a convolution's bias gradient); one block per channel.
extern "C" __global__ void channel_sum(const float* __restrict__ x, int n, int c, int inner, float* __restrict__ out) {
    __shared__ double sh[RED_THREADS];
    int count = n * inner;
    for (int ch = blockIdx.x; ch < c; ch += gridDim.x) {
        double s = 0;
        for (int e = threadIdx.x; e < count; e += RED_THREADS) s += x[channel_at(e, c, ch, inner)];
        s = block_sum(s, sh);
        if (threadIdx.x == 0) out[ch] = (float) s;
    }
}

// ---------------------------------------------------------------- pooling

// One window's clipped start along a dim (CpuPool.maxForward): the first tap at or after 0.
__device__ __forceinline__ void max_window(int o, int s, int p, int k, int d, int in, int& lo, int& hi) {
    lo = o * s - p;
    hi = min(lo + (k - 1) * d + 1, in);
    while (lo < 0) lo += d;
}

// Max pooling over planes × out; idx (int64, may be null) receives the position within the input plane.
extern "C" __global__ void maxpool_fwd(const float* __restrict__ x, float* __restrict__ y, i64* __restrict__ idx, Geo3 g, int planes) {
    int inVol = vol3(g.in), outVol = vol3(g.out);
    int total = planes * outVol;
    GRID_STRIDE(i, total) {
        int o = (int) (i % (unsigned) outVol), pl = (int) (i / (unsigned) outVol);
        int od, oh, ow;
        unravel3(o, g.out, od, oh, ow);
        int d0, d1, h0, h1, w0, w1;
        max_window(od, g.s[0], g.p[0], g.k[0], g.d[0], g.in[0], d0, d1);
        max_window(oh, g.s[1], g.p[1], g.k[1], g.d[1], g.in[1], h0, h1);
        max_window(ow, g.s[2], g.p[2], g.k[2], g.d[2], g.in[2], w0, w1);
        const float* xp = x + (i64) pl * inVol;
        int best = (d0 * g.in[1] + h0) * g.in[2] + w0;
        float m = -INFINITY;
        for (int id = d0; id < d1; id += g.d[0]) {
            for (int ih = h0; ih < h1; ih += g.d[1]) {
                int row = (id * g.in[1] + ih) * g.in[2];
                for (int iw = w0; iw < w1; iw += g.d[2]) {
                    float v = xp[row + iw];
                    if (v > m || v != v) {
                        m = v;
                        best = row + iw;
                    }
                }
            }
        }
        y[i] = m;
        if (idx) idx[i] = best;
    }
}

// gx[pl, idx[pl, o]] += gy[pl, o] over a cleared gx. Windows that overlap add with atomics, in no fixed order
// (where they do not, every input receives at most one value and the result is exact).
extern "C" __global__ void maxpool_bwd(const float* __restrict__ gy, const i64* __restrict__ idx, float* gx, int planes, int inVol, int outVol) {
    int total = planes * outVol;
    GRID_STRIDE(i, total) {
        int pl = (int) (i / (unsigned) outVol);
        atomicAdd(gx + (i64) pl * inVol + idx[i], gy[i]);
    }
}

// CpuPool.avgWindows for one output along one dim: the clipped window and the padded extent.
__device__ __forceinline__ void avg_window(int o, int s, int p, int k, int in, int& lo, int& hi, int& padded) {
    lo = o * s - p;
    hi = min(lo + k, in + p);
    padded = hi - lo;
    lo = max(lo, 0);
    hi = min(hi, in);
}

__device__ __forceinline__ float avg_divisor(const Geo3& g, int od, int oh, int ow, int countIncludePad, int divisorOverride,
                                             int& d0, int& d1, int& h0, int& h1, int& w0, int& w1) {
    int dn, hn, wn;
    avg_window(od, g.s[0], g.p[0], g.k[0], g.in[0], d0, d1, dn);
    avg_window(oh, g.s[1], g.p[1], g.k[1], g.in[1], h0, h1, hn);
    avg_window(ow, g.s[2], g.p[2], g.k[2], g.in[2], w0, w1, wn);
    if (d0 >= d1 || h0 >= h1 || w0 >= w1) return 0.f;
    int div = divisorOverride > 0 ? divisorOverride : countIncludePad ? dn * hn * wn : (d1 - d0) * (h1 - h0) * (w1 - w0);
    return (float) div;
}

extern "C" __global__ void avgpool_fwd(const float* __restrict__ x, float* __restrict__ y, Geo3 g, int planes, int countIncludePad,
                                       int divisorOverride) {
    int inVol = vol3(g.in), outVol = vol3(g.out);
    int total = planes * outVol;
    GRID_STRIDE(i, total) {
        int o = (int) (i % (unsigned) outVol), pl = (int) (i / (unsigned) outVol);
        int od, oh, ow;
        unravel3(o, g.out, od, oh, ow);
        int d0, d1, h0, h1, w0, w1;
        float div = avg_divisor(g, od, oh, ow, countIncludePad, divisorOverride, d0, d1, h0, h1, w0, w1);
        if (div == 0.f) {
            y[i] = 0.f;
            continue;
        }
        const float* xp = x + (i64) pl * inVol;
        float sum = 0.f;
        for (int id = d0; id < d1; id++)
            for (int ih = h0; ih < h1; ih++) {
                int row = (id * g.in[1] + ih) * g.in[2];
                for (int iw = w0; iw < w1; iw++) sum += xp[row + iw];
            }
        y[i] = sum / div;
    }
}

// The outputs along one dim whose (unclipped) window [o·s - p, o·s - p + k) holds input position i.
__device__ __forceinline__ void avg_outputs(int i, int s, int p, int k, int out, int& lo, int& hi) {
    int num = i + p - k + 1;  // o·s > i + p - k
    lo = num <= 0 ? 0 : (num + s - 1) / s;
    hi = min((i + p) / s + 1, out);
}

// Each input gathers gy/divisor from the windows that hold it, in increasing output order (the CPU's).
extern "C" __global__ void avgpool_bwd(const float* __restrict__ gy, float* __restrict__ gx, Geo3 g, int planes, int countIncludePad,
                                       int divisorOverride) {
    int inVol = vol3(g.in), outVol = vol3(g.out);
    int total = planes * inVol;
    GRID_STRIDE(i, total) {
        int pos = (int) (i % (unsigned) inVol), pl = (int) (i / (unsigned) inVol);
        int id, ih, iw;
        unravel3(pos, g.in, id, ih, iw);
        int od0, od1, oh0, oh1, ow0, ow1;
        avg_outputs(id, g.s[0], g.p[0], g.k[0], g.out[0], od0, od1);
        avg_outputs(ih, g.s[1], g.p[1], g.k[1], g.out[1], oh0, oh1);
        avg_outputs(iw, g.s[2], g.p[2], g.k[2], g.out[2], ow0, ow1);
        const float* gp = gy + (i64) pl * outVol;
        float sum = 0.f;
        for (int od = od0; od < od1; od++)
            for (int oh = oh0; oh < oh1; oh++)
                for (int ow = ow0; ow < ow1; ow++) {
                    int d0, d1, h0, h1, w0, w1;
                    float div = avg_divisor(g, od, oh, ow, countIncludePad, divisorOverride, d0, d1, h0, h1, w0, w1);
                    if (div == 0.f || id < d0 || id >= d1 || ih < h0 || ih >= h1 || iw < w0 || iw >= w1) continue;
                    sum += gp[(od * g.out[1] + oh) * g.out[2] + ow] / div;
                }
        gx[i] = sum;
    }
}

// PyTorch's adaptive window along one dim: [floor(o·in/out), ceil((o+1)·in/out)).
__device__ __forceinline__ void adaptive_window(int o, int in, int out, int& lo, int& hi) {
    lo = (int) (((i64) o * in) / out);
    hi = (int) (((i64) (o + 1) * in + out - 1) / out);
}

// Adaptive pooling of [planes, in] to [planes, out] (Geo3's in/out only); idx is null for the average.
extern "C" __global__ void adaptive_pool_fwd(int isMax, const float* __restrict__ x, float* __restrict__ y, i64* __restrict__ idx,
                                             Geo3 g, int planes) {
    int inVol = vol3(g.in), outVol = vol3(g.out);
    int total = planes * outVol;
    GRID_STRIDE(i, total) {
        int o = (int) (i % (unsigned) outVol), pl = (int) (i / (unsigned) outVol);
        int od, oh, ow;
        unravel3(o, g.out, od, oh, ow);
        int d0, d1, h0, h1, w0, w1;
        adaptive_window(od, g.in[0], g.out[0], d0, d1);
        adaptive_window(oh, g.in[1], g.out[1], h0, h1);
        adaptive_window(ow, g.in[2], g.out[2], w0, w1);
        const float* xp = x + (i64) pl * inVol;
        float acc = isMax ? -INFINITY : 0.f;
        int best = (d0 * g.in[1] + h0) * g.in[2] + w0;
        for (int id = d0; id < d1; id++)
            for (int ih = h0; ih < h1; ih++) {
                int row = (id * g.in[1] + ih) * g.in[2];
                for (int iw = w0; iw < w1; iw++) {
                    float v = xp[row + iw];
                    if (!isMax) acc += v;
                    else if (v > acc || v != v) {
                        acc = v;
                        best = row + iw;
                    }
                }
            }
        if (isMax) {
            y[i] = acc;
            idx[i] = best;
        } else {
            y[i] = acc / (float) ((d1 - d0) * (h1 - h0) * (w1 - w0));
        }
    }
}

// The adaptive windows along one dim that hold input position i: ceil((o+1)·in/out) > i ⟺ o ≥ floor(i·out/in),
// and floor(o·in/out) ≤ i ⟺ o < ceil((i+1)·out/in). The caller still checks each window (cheap, and exact).
__device__ __forceinline__ void adaptive_outputs(int i, int in, int out, int& lo, int& hi) {
    lo = (int) (((i64) i * out) / in);
    hi = min((int) (((i64) (i + 1) * out + in - 1) / in), out);
}

extern "C" __global__ void adaptive_avgpool_bwd(const float* __restrict__ gy, float* __restrict__ gx, Geo3 g, int planes) {
    int inVol = vol3(g.in), outVol = vol3(g.out);
    int total = planes * inVol;
    GRID_STRIDE(i, total) {
        int pos = (int) (i % (unsigned) inVol), pl = (int) (i / (unsigned) inVol);
        int id, ih, iw;
        unravel3(pos, g.in, id, ih, iw);
        int od0, od1, oh0, oh1, ow0, ow1;
        adaptive_outputs(id, g.in[0], g.out[0], od0, od1);
        adaptive_outputs(ih, g.in[1], g.out[1], oh0, oh1);
        adaptive_outputs(iw, g.in[2], g.out[2], ow0, ow1);
        const float* gp = gy + (i64) pl * outVol;
        float sum = 0.f;
        for (int od = od0; od < od1; od++) {
            int d0, d1;
            adaptive_window(od, g.in[0], g.out[0], d0, d1);
            if (id < d0 || id >= d1) continue;
            for (int oh = oh0; oh < oh1; oh++) {
                int h0, h1;
                adaptive_window(oh, g.in[1], g.out[1], h0, h1);
                if (ih < h0 || ih >= h1) continue;
                for (int ow = ow0; ow < ow1; ow++) {
                    int w0, w1;
                    adaptive_window(ow, g.in[2], g.out[2], w0, w1);
                    if (iw < w0 || iw >= w1) continue;
                    int count = (d1 - d0) * (h1 - h0) * (w1 - w0);
                    sum += gp[(od * g.out[1] + oh) * g.out[2] + ow] / (float) count;
                }
            }
        }
        gx[i] = sum;
    }
}

// ---------------------------------------------------------------- padding

enum { PAD_ZEROS, PAD_REFLECT, PAD_REPLICATE, PAD_CIRCULAR };

// SpatialKernels.PadMode.source: the input index read by output position i, or -1 for the constant.
__device__ __forceinline__ int pad_source(int mode, int i, int lo, int n) {
    int j = i - lo;
    if (j >= 0 && j < n) return j;
    if (mode == PAD_ZEROS) return -1;
    if (mode == PAD_REPLICATE) return j < 0 ? 0 : n - 1;
    if (mode == PAD_CIRCULAR) return ((j % n) + n) % n;
    if (n == 1) return 0;
    int period = 2 * (n - 1);
    int m = ((j % period) + period) % period;
    return m < n ? m : period - m;
}

// Geo3's in/out are the shapes, p the low-side padding.
extern "C" __global__ void pad_fwd(int mode, float value, const float* __restrict__ x, float* __restrict__ y, Geo3 g, int planes) {
    int inVol = vol3(g.in), outVol = vol3(g.out);
    int total = planes * outVol;
    GRID_STRIDE(i, total) {
        int o = (int) (i % (unsigned) outVol), pl = (int) (i / (unsigned) outVol);
        int od, oh, ow;
        unravel3(o, g.out, od, oh, ow);
        int sd = pad_source(mode, od, g.p[0], g.in[0]), sh = pad_source(mode, oh, g.p[1], g.in[1]), sw = pad_source(mode, ow, g.p[2], g.in[2]);
        y[i] = sd < 0 || sh < 0 || sw < 0 ? value : x[(i64) pl * inVol + (sd * g.in[1] + sh) * g.in[2] + sw];
    }
}

// gx (cleared first) receives every gy element read from it; reflect/replicate/circular borders read an input
// more than once, so those adds are atomic.
extern "C" __global__ void pad_bwd(int mode, const float* __restrict__ gy, float* gx, Geo3 g, int planes) {
    int inVol = vol3(g.in), outVol = vol3(g.out);
    int total = planes * outVol;
    GRID_STRIDE(i, total) {
        int o = (int) (i % (unsigned) outVol), pl = (int) (i / (unsigned) outVol);
        int od, oh, ow;
        unravel3(o, g.out, od, oh, ow);
        int sd = pad_source(mode, od, g.p[0], g.in[0]), sh = pad_source(mode, oh, g.p[1], g.in[1]), sw = pad_source(mode, ow, g.p[2], g.in[2]);
        if (sd < 0 || sh < 0 || sw < 0) continue;
        float* t = gx + (i64) pl * inVol + (sd * g.in[1] + sh) * g.in[2] + sw;
        if (mode == PAD_ZEROS) *t = gy[i];  // one reader per input: no atomic needed
        else atomicAdd(t, gy[i]);
    }
}

// ---------------------------------------------------------------- normalisation

// Batch norm of x [n, c, inner], one block per channel (CpuNorm.batchNormForward): two-pass statistics in
// double around a shift (the channel's first element), the running stats' update, then y = x·scale + shift.
extern "C" __global__ void batchnorm_fwd(const float* __restrict__ x, int n, int c, int inner, const float* __restrict__ weight,
                                         const float* __restrict__ bias, int training, double factor, float eps,
                                         float* runningMean, float* runningVar, float* saveMean, float* saveInvstd, float* __restrict__ y) {
    __shared__ double sh[RED_THREADS];
    int count = n * inner;
    for (int ch = blockIdx.x; ch < c; ch += gridDim.x) {
        float mean, invstd;
        if (training) {
            float shift = x[(i64) ch * inner];
            double s = 0;
            for (int e = threadIdx.x; e < count; e += RED_THREADS) {
                s += x[channel_at(e, c, ch, inner)] - shift;
            }
            double m = shift + block_sum(s, sh) / count;
            float mf = (float) m;
            double v = 0;
            for (int e = threadIdx.x; e < count; e += RED_THREADS) {
                float dv = x[channel_at(e, c, ch, inner)] - mf;
                v += (double) dv * dv;
            }
            v = block_sum(v, sh);
            double dm = m - mf;
            v -= count * dm * dm;
            mean = mf;
            invstd = (float) (1.0 / sqrt(v / count + eps));
            if (threadIdx.x == 0 && runningMean) {
                runningMean[ch] = (float) ((1 - factor) * runningMean[ch] + factor * m);
                double unbiased = count > 1 ? v / (count - 1) : (double) NAN;
                runningVar[ch] = (float) ((1 - factor) * runningVar[ch] + factor * unbiased);
            }
        } else {
            mean = runningMean[ch];
            invstd = (float) (1.0 / sqrt((double) runningVar[ch] + eps));
        }
        if (threadIdx.x == 0) {
            saveMean[ch] = mean;
            saveInvstd[ch] = invstd;
        }
        float scale = weight ? weight[ch] * invstd : invstd;
        float shift = (bias ? bias[ch] : 0.f) - mean * scale;
        for (int e = threadIdx.x; e < count; e += RED_THREADS) {
            int at = channel_at(e, c, ch, inner);
            y[at] = fmaf(x[at], scale, shift);
        }
    }
}

// Gradients of batchnorm_fwd, one block per channel (CpuNorm.batchNormBackward); gx, gw, gb may be null.
extern "C" __global__ void batchnorm_bwd(const float* __restrict__ x, const float* __restrict__ gy, int n, int c, int inner,
                                         const float* __restrict__ weight, const float* __restrict__ saveMean,
                                         const float* __restrict__ saveInvstd, int training, float* __restrict__ gx,
                                         float* __restrict__ gw, float* __restrict__ gb) {
    __shared__ double sh[RED_THREADS];
    int count = n * inner;
    for (int ch = blockIdx.x; ch < c; ch += gridDim.x) {
        float mean = saveMean[ch], invstd = saveInvstd[ch];
        double sg = 0, sgx = 0;
        for (int e = threadIdx.x; e < count; e += RED_THREADS) {
            int at = channel_at(e, c, ch, inner);
            float g = gy[at];
            sg += g;
            sgx += (double) g * (x[at] - mean);
        }
        sg = block_sum(sg, sh);
        sgx = block_sum(sgx, sh);
        double sgxhat = sgx * invstd;
        if (threadIdx.x == 0) {
            if (gw) gw[ch] = (float) sgxhat;
            if (gb) gb[ch] = (float) sg;
        }
        if (!gx) continue;
        float wv = weight ? weight[ch] : 1.f;
        float scale = wv * invstd;
        float k = (float) (sgxhat / count) * invstd;
        float gMean = (float) (sg / count);
        for (int e = threadIdx.x; e < count; e += RED_THREADS) {
            int at = channel_at(e, c, ch, inner);
            gx[at] = training ? __fmul_rn(__fsub_rn(__fsub_rn(gy[at], gMean), __fmul_rn(__fsub_rn(x[at], mean), k)), scale)
                              : __fmul_rn(gy[at], scale);
        }
    }
}

// The row's mean in double around its first element, and the mean rounded to float.
__device__ __forceinline__ double row_mean(const float* xr, int d, double* sh) {
    float shift = xr[0];
    double s = 0;
    for (int j = threadIdx.x; j < d; j += RED_THREADS) s += xr[j] - shift;
    return shift + block_sum(s, sh) / d;
}

// Layer norm over the last d elements of each row, one block per row (CpuNorm.layerNormForward): x̂ is
// (x − m₃₂)·rstd − (m − m₃₂)·rstd, where m₃₂ is the mean rounded to float.
extern "C" __global__ void layernorm_fwd(const float* __restrict__ x, int rows, int d, const float* __restrict__ weight,
                                         const float* __restrict__ bias, float eps, float* __restrict__ y, float* __restrict__ mean,
                                         float* __restrict__ rstd) {
    __shared__ double sh[RED_THREADS];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + (i64) r * d;
        double m = row_mean(xr, d, sh);
        float mf = (float) m;
        double v = 0;
        for (int j = threadIdx.x; j < d; j += RED_THREADS) {
            float dv = xr[j] - mf;
            v += (double) dv * dv;
        }
        v = block_sum(v, sh);
        double dm = m - mf;
        float rs = (float) (1.0 / sqrt(v / d - dm * dm + eps));
        float cr = (float) (dm * rs);
        if (threadIdx.x == 0) {
            mean[r] = mf;
            rstd[r] = rs;
        }
        float* yr = y + (i64) r * d;
        for (int j = threadIdx.x; j < d; j += RED_THREADS) {
            float xh = __fsub_rn(__fmul_rn(__fsub_rn(xr[j], mf), rs), cr);
            yr[j] = __fadd_rn(weight ? __fmul_rn(xh, weight[j]) : xh, bias ? bias[j] : 0.f);
        }
    }
}

// gx of layer norm (may be null), one block per row; corr[r] receives the row's (m − m₃₂)·rstd, recomputed
// from x as the CPU's backward does, for layernorm_bwd_params_part.
extern "C" __global__ void layernorm_bwd_x(const float* __restrict__ x, const float* __restrict__ gy, int rows, int d,
                                           const float* __restrict__ weight, const float* __restrict__ mean,
                                           const float* __restrict__ rstd, float* __restrict__ corr, float* __restrict__ gx) {
    __shared__ double sh[RED_THREADS];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float *xr = x + (i64) r * d, *gr = gy + (i64) r * d;
        float mf = mean[r], rs = rstd[r];
        float cr = (float) ((row_mean(xr, d, sh) - mf) * rs);
        if (threadIdx.x == 0) corr[r] = cr;
        if (!gx) continue;
        double s1 = 0, s2 = 0;
        for (int j = threadIdx.x; j < d; j += RED_THREADS) {
            float xh = __fsub_rn(__fmul_rn(__fsub_rn(xr[j], mf), rs), cr);
            float gh = weight ? __fmul_rn(gr[j], weight[j]) : gr[j];
            s1 += gh;
            s2 += (double) gh * xh;
        }
        s1 = block_sum(s1, sh);
        s2 = block_sum(s2, sh);
        float m1 = (float) (s1 / d), m2 = (float) (s2 / d);
        float* out = gx + (i64) r * d;
        for (int j = threadIdx.x; j < d; j += RED_THREADS) {
            float xh = __fsub_rn(__fmul_rn(__fsub_rn(xr[j], mf), rs), cr);
            float gh = weight ? __fmul_rn(gr[j], weight[j]) : gr[j];
            out[j] = __fmul_rn(rs, __fsub_rn(__fsub_rn(gh, m1), __fmul_rn(xh, m2)));
        }
    }
}

// gw[j] = Σ_r gy·x̂ and gb[j] = Σ_r gy in two passes, both in double and in a fixed order. First, per chunk of
// rowsPerChunk rows (blockIdx.y), blocks of LN_COLS x LN_LANES threads: x walks 32 columns (coalesced), y splits the
// chunk's rows into LN_LANES interleaved parts, added in lane order; part[chunk, j] = (Σ gy·x̂, Σ gy). One thread per
// column over all rows (the first version) took 0.3-0.8 ms a call on an H200 for ViT's 64 columns by 4,160 rows.
#define LN_COLS 32
#define LN_LANES 8
extern "C" __global__ void layernorm_bwd_params_part(const float* __restrict__ x, const float* __restrict__ gy, int rows, int d,
                                                     const float* __restrict__ mean, const float* __restrict__ rstd,
                                                     const float* __restrict__ corr, int rowsPerChunk, double* __restrict__ part) {
    __shared__ double shw[LN_LANES][LN_COLS], shb[LN_LANES][LN_COLS];
    int tx = threadIdx.x, ty = threadIdx.y;
    int j = blockIdx.x * LN_COLS + tx;
    int r0 = blockIdx.y * rowsPerChunk, r1 = min(rows, r0 + rowsPerChunk);
    double sw = 0, sb = 0;
    if (j < d) {
        for (int r = r0 + ty; r < r1; r += LN_LANES) {
            float g = gy[(i64) r * d + j];
            float xh = __fsub_rn(__fmul_rn(__fsub_rn(x[(i64) r * d + j], mean[r]), rstd[r]), corr[r]);
            sw += (double) g * xh;
            sb += g;
        }
    }
    shw[ty][tx] = sw;
    shb[ty][tx] = sb;
    __syncthreads();
    if (ty == 0 && j < d) {
        for (int y = 1; y < LN_LANES; y++) {
            sw += shw[y][tx];
            sb += shb[y][tx];
        }
        i64 at = ((i64) blockIdx.y * d + j) * 2;
        part[at] = sw;
        part[at + 1] = sb;
    }
}

// Second pass: the chunks' partial sums in chunk order (either output may be null).
extern "C" __global__ void layernorm_bwd_params_sum(const double* __restrict__ part, int chunks, int d, float* __restrict__ gw,
                                                    float* __restrict__ gb) {
    GRID_STRIDE(j, d) {
        double sw = 0, sb = 0;
        for (int c = 0; c < chunks; c++) {
            sw += part[((i64) c * d + j) * 2];
            sb += part[((i64) c * d + j) * 2 + 1];
        }
        if (gw) gw[j] = (float) sw;
        if (gb) gb[j] = (float) sb;
    }
}

// ---------------------------------------------------------------- dropout

// SpatialKernels.dropoutUniform: SplitMix64 of seed + (i+1)·golden, top 24 bits.
__device__ __forceinline__ float dropout_uniform(i64 seed, i64 i) {
    unsigned long long z = (unsigned long long) seed + (unsigned long long) (i + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (float) (z >> 40) * 5.9604644775390625e-8f;  // 2^-24
}

// scale: the kept elements' value, Dropout.scale(p) (PyTorch's 1 / float(1 - p), 1 - p in double).
extern "C" __global__ void dropout_mask(float* __restrict__ mask, int n, float p, float scale, i64 seed) {
    GRID_STRIDE(i, n) mask[i] = dropout_uniform(seed, i) < p ? 0.f : scale;
}
