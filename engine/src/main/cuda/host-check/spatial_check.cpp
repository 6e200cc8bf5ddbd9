// Runs the kernels of spatial.cuh on the CPU (cuda_host.h) against plain reference loops written from the
// definitions (PyTorch's), on odd shapes: strides, padding, dilation, groups, 1-d/2-d/3-d, a batch split into
// chunks. The convolution is driven exactly as CudaSpatial drives it (same GEMM operands and offsets), with a
// naive GEMM standing in for the SGEMM kernels. It checks index arithmetic and reduction logic without a GPU;
// the GPU run (CudaSpatialTest) checks the same kernels against the CPU backend. Exit status 1 on any miss.
#define CHECK_SEED 42
#include "cuda_host.h"
#include "check.h"
#include "../spatial.cuh"

#include <random>
#include <string>

static void expect(const std::string& what, const std::vector<float>& want, const std::vector<float>& got, double rtol = 1e-5,
                   double atol = 1e-5) {
    checks++;
    if (want.size() != got.size()) {
        printf("FAIL %s: size %zu != %zu\n", what.c_str(), got.size(), want.size());
        failures++;
        return;
    }
    for (size_t i = 0; i < want.size(); i++) {
        float e = want[i], a = got[i];
        if (std::isnan(e) && std::isnan(a)) continue;
        if (!(fabs((double) a - e) <= atol + rtol * fabs(e))) {
            printf("FAIL %s: element %zu expected %.9g got %.9g\n", what.c_str(), i, e, a);
            failures++;
            return;
        }
    }
}

static const dim3 FLAT_GRID{3}, FLAT_BLOCK{64}, RED_GRID{2}, RED_BLOCK{RED_THREADS};

// Backend.gemm on row-major operands: C = alpha·op(A)·op(B) + beta·C.
static void gemm(bool ta, bool tb, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc) {
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) s += (double) (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
            c[i * ldc + j] = (float) (s + (beta == 0.f ? 0.0 : (double) beta * c[i * ldc + j]));
        }
}

struct Conv {
    int batch, cin, cout, groups;
    Geo3 g;
};

static int vol(const int* v) { return v[0] * v[1] * v[2]; }

// Direct convolution and its three gradients, from the definition.
static void conv_reference(const Conv& c, const std::vector<float>& x, const std::vector<float>& w, const std::vector<float>& b,
                           const std::vector<float>& gy, std::vector<float>& y, std::vector<float>& gx, std::vector<float>& gw,
                           std::vector<float>& gb) {
    const Geo3& g = c.g;
    int cg = c.cin / c.groups, mg = c.cout / c.groups, inV = vol(g.in), outV = vol(g.out), kv = vol(g.k);
    std::vector<double> yd(y.size(), 0), gxd(gx.size(), 0), gwd(gw.size(), 0), gbd(gb.size(), 0);
    for (int n = 0; n < c.batch; n++)
        for (int co = 0; co < c.cout; co++)
            for (int o = 0; o < outV; o++) {
                int ow = o % g.out[2], oh = o / g.out[2] % g.out[1], od = o / (g.out[2] * g.out[1]);
                size_t yi = ((size_t) n * c.cout + co) * outV + o;
                double s = b[co];
                gbd[co] += gy[yi];
                for (int ci = 0; ci < cg; ci++) {
                    int cin = co / mg * cg + ci;
                    for (int kk = 0; kk < kv; kk++) {
                        int kw = kk % g.k[2], kh = kk / g.k[2] % g.k[1], kd = kk / (g.k[2] * g.k[1]);
                        int id = od * g.s[0] - g.p[0] + kd * g.d[0], ih = oh * g.s[1] - g.p[1] + kh * g.d[1],
                            iw = ow * g.s[2] - g.p[2] + kw * g.d[2];
                        if (id < 0 || id >= g.in[0] || ih < 0 || ih >= g.in[1] || iw < 0 || iw >= g.in[2]) continue;
                        size_t xi = ((size_t) n * c.cin + cin) * inV + (id * g.in[1] + ih) * g.in[2] + iw;
                        size_t wi = ((size_t) co * cg + ci) * kv + kk;
                        s += (double) x[xi] * w[wi];
                        gxd[xi] += (double) gy[yi] * w[wi];
                        gwd[wi] += (double) gy[yi] * x[xi];
                    }
                }
                yd[yi] = s;
            }
    for (size_t i = 0; i < y.size(); i++) y[i] = (float) yd[i];
    for (size_t i = 0; i < gx.size(); i++) gx[i] = (float) gxd[i];
    for (size_t i = 0; i < gw.size(); i++) gw[i] = (float) gwd[i];
    for (size_t i = 0; i < gb.size(); i++) gb[i] = (float) gbd[i];
}

// The convolution as CudaSpatial runs it: chunks of `chunk` images, im2col, a GEMM per group, unfold.
static void check_conv(const std::string& name, Conv c, int chunk) {
    Geo3& g = c.g;
    int inV = vol(g.in), outV = vol(g.out), kv = vol(g.k), kg = c.cin / c.groups * kv, mg = c.cout / c.groups;
    auto x = randn((size_t) c.batch * c.cin * inV), w = randn((size_t) c.cout * kg, 0.3f), b = randn(c.cout),
         gy = randn((size_t) c.batch * c.cout * outV);
    std::vector<float> y(gy.size()), gx(x.size()), gw(w.size()), gb(c.cout);
    std::vector<float> ry(gy.size()), rgx(x.size()), rgw(w.size()), rgb(c.cout);
    conv_reference(c, x, w, b, gy, ry, rgx, rgw, rgb);
    for (int b0 = 0; b0 < c.batch; b0 += chunk) {
        int nb = std::min(chunk, c.batch - b0), n = nb * outV;
        std::vector<float> cols((size_t) c.cin * kv * n), yt((size_t) c.cout * n), gyt((size_t) c.cout * n), gcols(cols.size());
        launch(im2col_f32, FLAT_GRID, FLAT_BLOCK, x.data(), cols.data(), g, c.cin, b0, nb);
        for (int gi = 0; gi < c.groups; gi++) {
            gemm(false, false, mg, n, kg, w.data() + gi * mg * kg, kg, cols.data() + (size_t) gi * kg * n, n, 0.f, yt.data() + (size_t) gi * mg * n, n);
        }
        launch(conv_unfold_out, FLAT_GRID, FLAT_BLOCK, (const float*) yt.data(), (const float*) b.data(), y.data(), c.cout, outV, b0, nb);
        launch(conv_fold_grad, FLAT_GRID, FLAT_BLOCK, (const float*) gy.data(), gyt.data(), c.cout, outV, b0, nb);
        for (int gi = 0; gi < c.groups; gi++) {
            gemm(false, true, mg, kg, n, gyt.data() + (size_t) gi * mg * n, n, cols.data() + (size_t) gi * kg * n, n, b0 == 0 ? 0.f : 1.f,
                 gw.data() + gi * mg * kg, kg);
            gemm(true, false, kg, n, mg, w.data() + gi * mg * kg, kg, gyt.data() + (size_t) gi * mg * n, n, 0.f, gcols.data() + (size_t) gi * kg * n, n);
        }
        launch(col2im_f32, FLAT_GRID, FLAT_BLOCK, (const float*) gcols.data(), gx.data(), g, c.cin, b0, nb);
    }
    launch(channel_sum, RED_GRID, RED_BLOCK, (const float*) gy.data(), c.batch, c.cout, outV, gb.data());
    expect(name + " y", ry, y, 1e-4, 1e-5);
    expect(name + " gx", rgx, gx, 1e-4, 1e-5);
    expect(name + " gw", rgw, gw, 1e-4, 1e-4);
    expect(name + " gb", rgb, gb, 1e-5, 1e-5);
}

static int conv_out(int in, int k, int s, int p, int d) { return (in + 2 * p - d * (k - 1) - 1) / s + 1; }

static Conv conv(int batch, int cin, int cout, int groups, std::array<int, 3> in, std::array<int, 3> k, std::array<int, 3> s,
                 std::array<int, 3> p, std::array<int, 3> d) {
    Conv c{batch, cin, cout, groups, {}};
    for (int a = 0; a < 3; a++) {
        c.g.in[a] = in[a];
        c.g.k[a] = k[a];
        c.g.s[a] = s[a];
        c.g.p[a] = p[a];
        c.g.d[a] = d[a];
        c.g.out[a] = conv_out(in[a], k[a], s[a], p[a], d[a]);
    }
    return c;
}

// ---------------------------------------------------------------- pooling references

struct Pool {
    int planes;
    Geo3 g;
    bool ceil;
};

static int pool_out(int in, int k, int s, int p, int d, bool ceilMode) {
    int num = in + 2 * p - d * (k - 1) - 1 + (ceilMode ? s - 1 : 0);
    int out = num / s + 1;
    if (ceilMode && (out - 1) * s >= in + p) out--;
    return out;
}

static Pool pool(int planes, std::array<int, 3> in, std::array<int, 3> k, std::array<int, 3> s, std::array<int, 3> p,
                 std::array<int, 3> d, bool ceilMode) {
    Pool q{planes, {}, ceilMode};
    for (int a = 0; a < 3; a++) {
        q.g.in[a] = in[a];
        q.g.k[a] = k[a];
        q.g.s[a] = s[a];
        q.g.p[a] = p[a];
        q.g.d[a] = d[a];
        q.g.out[a] = pool_out(in[a], k[a], s[a], p[a], d[a], ceilMode);
    }
    return q;
}

static void check_maxpool(const std::string& name, const Pool& q, bool withNaN) {
    const Geo3& g = q.g;
    int inV = vol(g.in), outV = vol(g.out);
    auto x = randn((size_t) q.planes * inV);
    for (size_t i = 0; i < x.size(); i += 7) x[i] = x[i - (i % 14 == 0 ? 0 : 1)] ;  // ties
    if (withNaN) x[inV + 3] = NAN;
    std::vector<float> ry(q.planes * outV), y(ry.size()), y2(ry.size());
    std::vector<i64> ridx(ry.size()), idx(ry.size());
    for (int pl = 0; pl < q.planes; pl++)
        for (int o = 0; o < outV; o++) {
            int ow = o % g.out[2], oh = o / g.out[2] % g.out[1], od = o / (g.out[2] * g.out[1]);
            float m = -INFINITY;
            i64 best = -1;
            for (int kd = 0; kd < g.k[0]; kd++)
                for (int kh = 0; kh < g.k[1]; kh++)
                    for (int kw = 0; kw < g.k[2]; kw++) {
                        int id = od * g.s[0] - g.p[0] + kd * g.d[0], ih = oh * g.s[1] - g.p[1] + kh * g.d[1], iw = ow * g.s[2] - g.p[2] + kw * g.d[2];
                        if (id < 0 || id >= g.in[0] || ih < 0 || ih >= g.in[1] || iw < 0 || iw >= g.in[2]) continue;
                        int at = (id * g.in[1] + ih) * g.in[2] + iw;
                        float v = x[(size_t) pl * inV + at];
                        if (best < 0 || v > m || (v != v && m == m)) {
                            m = v;
                            best = at;
                        }
                    }
            ry[pl * outV + o] = m;
            ridx[pl * outV + o] = best;
        }
    launch(maxpool_fwd, FLAT_GRID, FLAT_BLOCK, (const float*) x.data(), y.data(), idx.data(), g, q.planes);
    launch(maxpool_fwd, FLAT_GRID, FLAT_BLOCK, (const float*) x.data(), y2.data(), (i64*) nullptr, g, q.planes);
    expect(name + " y", ry, y, 0, 0);
    expect(name + " y without indices", ry, y2, 0, 0);
    checks++;
    for (size_t i = 0; i < ridx.size(); i++) {
        if (ridx[i] != idx[i]) {
            printf("FAIL %s indices: element %zu expected %lld got %lld\n", name.c_str(), i, ridx[i], idx[i]);
            failures++;
            break;
        }
    }
    auto gy = randn(ry.size());
    std::vector<float> rgx((size_t) q.planes * inV, 0.f), gx(rgx.size(), 0.f);
    for (int pl = 0; pl < q.planes; pl++)
        for (int o = 0; o < outV; o++) rgx[(size_t) pl * inV + ridx[pl * outV + o]] += gy[pl * outV + o];
    launch(maxpool_bwd, FLAT_GRID, FLAT_BLOCK, (const float*) gy.data(), (const i64*) idx.data(), gx.data(), q.planes, inV, outV);
    expect(name + " gx", rgx, gx, 1e-6, 1e-6);
}

static void check_avgpool(const std::string& name, const Pool& q, int countIncludePad, int divisorOverride) {
    const Geo3& g = q.g;
    int inV = vol(g.in), outV = vol(g.out);
    auto x = randn((size_t) q.planes * inV), gy = randn((size_t) q.planes * outV);
    std::vector<float> ry(gy.size()), y(gy.size()), rgx(x.size(), 0.f), gx(x.size());
    for (int pl = 0; pl < q.planes; pl++)
        for (int o = 0; o < outV; o++) {
            int oc[3] = {o / (g.out[2] * g.out[1]), o / g.out[2] % g.out[1], o % g.out[2]};
            int lo[3], hi[3], padded = 1, inside = 1;
            for (int a = 0; a < 3; a++) {
                int start = oc[a] * g.s[a] - g.p[a], end = std::min(start + g.k[a], g.in[a] + g.p[a]);
                padded *= end - start;
                lo[a] = std::max(start, 0);
                hi[a] = std::min(end, g.in[a]);
                inside *= std::max(hi[a] - lo[a], 0);
            }
            if (inside == 0) continue;
            float div = (float) (divisorOverride > 0 ? divisorOverride : countIncludePad ? padded : inside);
            double s = 0;
            float share = gy[pl * outV + o] / div;
            for (int id = lo[0]; id < hi[0]; id++)
                for (int ih = lo[1]; ih < hi[1]; ih++)
                    for (int iw = lo[2]; iw < hi[2]; iw++) {
                        size_t at = (size_t) pl * inV + (id * g.in[1] + ih) * g.in[2] + iw;
                        s += x[at];
                        rgx[at] += share;
                    }
            ry[pl * outV + o] = (float) (s / div);
        }
    launch(avgpool_fwd, FLAT_GRID, FLAT_BLOCK, (const float*) x.data(), y.data(), g, q.planes, countIncludePad, divisorOverride);
    launch(avgpool_bwd, FLAT_GRID, FLAT_BLOCK, (const float*) gy.data(), gx.data(), g, q.planes, countIncludePad, divisorOverride);
    expect(name + " y", ry, y);
    expect(name + " gx", rgx, gx);
}

static void check_adaptive(const std::string& name, int planes, std::array<int, 3> in, std::array<int, 3> out) {
    Geo3 g{};
    for (int a = 0; a < 3; a++) {
        g.in[a] = in[a];
        g.out[a] = out[a];
    }
    int inV = vol(g.in), outV = vol(g.out);
    auto x = randn((size_t) planes * inV), gy = randn((size_t) planes * outV);
    x[2] = NAN;
    std::vector<float> rmax(gy.size()), ravg(gy.size()), rgx(x.size(), 0.f), ymax(gy.size()), yavg(gy.size()), gx(x.size());
    std::vector<i64> ridx(gy.size()), idx(gy.size());
    for (int pl = 0; pl < planes; pl++)
        for (int o = 0; o < outV; o++) {
            int oc[3] = {o / (g.out[2] * g.out[1]), o / g.out[2] % g.out[1], o % g.out[2]};
            int lo[3], hi[3];
            for (int a = 0; a < 3; a++) {
                lo[a] = (int) floor((double) oc[a] * g.in[a] / g.out[a]);
                hi[a] = (int) ceil((double) (oc[a] + 1) * g.in[a] / g.out[a]);
            }
            int count = (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
            double s = 0;
            float m = -INFINITY;
            i64 best = -1;
            float share = gy[pl * outV + o] / (float) count;
            for (int id = lo[0]; id < hi[0]; id++)
                for (int ih = lo[1]; ih < hi[1]; ih++)
                    for (int iw = lo[2]; iw < hi[2]; iw++) {
                        int at = (id * g.in[1] + ih) * g.in[2] + iw;
                        float v = x[(size_t) pl * inV + at];
                        s += v;
                        rgx[(size_t) pl * inV + at] += share;
                        if (best < 0 || v > m || (v != v && m == m)) {
                            m = v;
                            best = at;
                        }
                    }
            ravg[pl * outV + o] = (float) (s / count);
            rmax[pl * outV + o] = m;
            ridx[pl * outV + o] = best;
        }
    launch(adaptive_pool_fwd, FLAT_GRID, FLAT_BLOCK, 1, (const float*) x.data(), ymax.data(), idx.data(), g, planes);
    launch(adaptive_pool_fwd, FLAT_GRID, FLAT_BLOCK, 0, (const float*) x.data(), yavg.data(), (i64*) nullptr, g, planes);
    launch(adaptive_avgpool_bwd, FLAT_GRID, FLAT_BLOCK, (const float*) gy.data(), gx.data(), g, planes);
    expect(name + " max", rmax, ymax, 0, 0);
    expect(name + " avg", ravg, yavg);
    expect(name + " avg gx", rgx, gx);
    checks++;
    for (size_t i = 0; i < idx.size(); i++)
        if (idx[i] != ridx[i]) {
            printf("FAIL %s max indices: element %zu expected %lld got %lld\n", name.c_str(), i, ridx[i], idx[i]);
            failures++;
            break;
        }
}

// ---------------------------------------------------------------- padding

static int pad_ref_source(int mode, int i, int lo, int n) {
    int j = i - lo;
    if (j >= 0 && j < n) return j;
    switch (mode) {
        case PAD_ZEROS: return -1;
        case PAD_REPLICATE: return j < 0 ? 0 : n - 1;
        case PAD_CIRCULAR: return ((j % n) + n) % n;
        default:  // reflect by walking: bounce off the ends
            while (j < 0 || j >= n) j = j < 0 ? -j : 2 * (n - 1) - j;
            return j;
    }
}

static void check_pad(const std::string& name, int mode, int planes, std::array<int, 3> in, std::array<int, 3> lo, std::array<int, 3> hi) {
    Geo3 g{};
    for (int a = 0; a < 3; a++) {
        g.in[a] = in[a];
        g.p[a] = lo[a];
        g.out[a] = in[a] + lo[a] + hi[a];
    }
    int inV = vol(g.in), outV = vol(g.out);
    auto x = randn((size_t) planes * inV), gy = randn((size_t) planes * outV);
    std::vector<float> ry(gy.size()), y(gy.size()), rgx(x.size(), 0.f), gx(x.size(), 0.f);
    for (int pl = 0; pl < planes; pl++)
        for (int o = 0; o < outV; o++) {
            int oc[3] = {o / (g.out[2] * g.out[1]), o / g.out[2] % g.out[1], o % g.out[2]}, src[3];
            bool constant = false;
            for (int a = 0; a < 3; a++) constant |= (src[a] = pad_ref_source(mode, oc[a], g.p[a], g.in[a])) < 0;
            size_t at = (size_t) pl * inV + (src[0] * g.in[1] + src[1]) * g.in[2] + src[2];
            ry[pl * outV + o] = constant ? 0.5f : x[at];
            if (!constant) rgx[at] += gy[pl * outV + o];
        }
    launch(pad_fwd, FLAT_GRID, FLAT_BLOCK, mode, 0.5f, (const float*) x.data(), y.data(), g, planes);
    launch(pad_bwd, FLAT_GRID, FLAT_BLOCK, mode, (const float*) gy.data(), gx.data(), g, planes);
    expect(name + " y", ry, y, 0, 0);
    expect(name + " gx", rgx, gx, 1e-6, 1e-6);
}

// ---------------------------------------------------------------- normalisation

static void check_batchnorm(const std::string& name, int n, int c, int inner, bool affine, bool training, float offset) {
    size_t total = (size_t) n * c * inner;
    auto x = randn(total, 2.f), gy = randn(total), w = randn(c), b = randn(c);
    for (auto& v : x) v += offset;
    // Outputs start as NaN: a kernel that leaves an element unwritten fails the comparison (LayerLab allocates them
    // uninitialized).
    std::vector<float> rm = randn(c, 0.1f), rv(c), y(total, NAN), sm(c, NAN), si(c, NAN);
    for (auto& v : rv) v = 0.5f + (float) (rng() % 100) / 100.f;
    std::vector<float> rm0 = rm, rv0 = rv;
    const float eps = 1e-5f;
    const double factor = 0.1;
    launch(batchnorm_fwd, RED_GRID, RED_BLOCK, (const float*) x.data(), n, c, inner, affine ? (const float*) w.data() : nullptr,
           affine ? (const float*) b.data() : nullptr, (int) training, factor, eps, rm.data(), rv.data(), sm.data(), si.data(), y.data());
    std::vector<float> gx(total, NAN), gw(c, NAN), gb(c, NAN);
    launch(batchnorm_bwd, RED_GRID, RED_BLOCK, (const float*) x.data(), (const float*) gy.data(), n, c, inner,
           affine ? (const float*) w.data() : nullptr, (const float*) sm.data(), (const float*) si.data(), (int) training, gx.data(),
           affine ? gw.data() : nullptr, affine ? gb.data() : nullptr);
    std::vector<float> ry(total), rgx(total), rgw(c), rgb(c), rrm(c), rrv(c);
    size_t cnt = (size_t) n * inner;
    for (int ch = 0; ch < c; ch++) {
        auto at = [&](size_t e) { return (e / inner * c + ch) * inner + e % inner; };
        double mean, var;
        if (training) {
            double s = 0, q = 0;
            for (size_t e = 0; e < cnt; e++) s += x[at(e)];
            mean = s / cnt;
            for (size_t e = 0; e < cnt; e++) q += (x[at(e)] - mean) * (x[at(e)] - mean);
            var = q / cnt;
            rrm[ch] = (float) (0.9 * rm0[ch] + 0.1 * mean);
            rrv[ch] = (float) (0.9 * rv0[ch] + 0.1 * q / (cnt - 1));
        } else {
            mean = rm0[ch];
            var = rv0[ch];
            rrm[ch] = rm0[ch];
            rrv[ch] = rv0[ch];
        }
        double is = 1 / sqrt(var + eps), wv = affine ? w[ch] : 1, bv = affine ? b[ch] : 0;
        double sg = 0, sgh = 0;
        for (size_t e = 0; e < cnt; e++) {
            double xh = (x[at(e)] - mean) * is;
            ry[at(e)] = (float) (xh * wv + bv);
            sg += gy[at(e)];
            sgh += gy[at(e)] * xh;
        }
        rgw[ch] = (float) sgh;
        rgb[ch] = (float) sg;
        for (size_t e = 0; e < cnt; e++) {
            double xh = (x[at(e)] - mean) * is;
            rgx[at(e)] = (float) (training ? wv * is * (gy[at(e)] - sg / cnt - xh * sgh / cnt) : wv * is * gy[at(e)]);
        }
    }
    expect(name + " y", ry, y, 1e-4, 1e-4);
    expect(name + " running mean", rrm, rm, 1e-5, 1e-6);
    expect(name + " running var", rrv, rv, 1e-5, 1e-6);
    expect(name + " gx", rgx, gx, 1e-3, 1e-4);
    if (affine) {
        expect(name + " gw", rgw, gw, 1e-4, 1e-4);
        expect(name + " gb", rgb, gb, 1e-5, 1e-5);
    }
}

static void check_layernorm(const std::string& name, int rows, int d, bool affine, float offset) {
    size_t total = (size_t) rows * d;
    auto x = randn(total, 1.5f), gy = randn(total), w = randn(d), b = randn(d);
    for (auto& v : x) v += offset;
    std::vector<float> y(total, NAN), mean(rows, NAN), rstd(rows, NAN), corr(rows, NAN), gx(total, NAN), gw(d, NAN), gb(d, NAN);
    const float eps = 1e-5f;
    const float* wp = affine ? w.data() : nullptr;
    launch(layernorm_fwd, RED_GRID, RED_BLOCK, (const float*) x.data(), rows, d, wp, affine ? (const float*) b.data() : nullptr, eps,
           y.data(), mean.data(), rstd.data());
    launch(layernorm_bwd_x, RED_GRID, RED_BLOCK, (const float*) x.data(), (const float*) gy.data(), rows, d, wp, (const float*) mean.data(),
           (const float*) rstd.data(), corr.data(), gx.data());
    // Chunks of 2 or 17 rows (the last one short), driven as CudaSpatial drives them; 17 rows make the lanes loop.
    int per = rows >= 20 ? 17 : 2, chunks = (rows + per - 1) / per;
    std::vector<double> part((size_t) chunks * d * 2, -1.0);
    launch(layernorm_bwd_params_part, dim3{(unsigned) (d + LN_COLS - 1) / LN_COLS, (unsigned) chunks}, dim3{LN_COLS, LN_LANES},
           (const float*) x.data(), (const float*) gy.data(), rows, d, (const float*) mean.data(), (const float*) rstd.data(),
           (const float*) corr.data(), per, part.data());
    launch(layernorm_bwd_params_sum, FLAT_GRID, FLAT_BLOCK, (const double*) part.data(), chunks, d, gw.data(), gb.data());
    std::vector<float> ry(total), rgx(total), rgw(d, 0.f), rgb(d, 0.f), rmean(rows), rrstd(rows);
    std::vector<double> gwd(d, 0), gbd(d, 0);
    for (int r = 0; r < rows; r++) {
        const float* xr = x.data() + (size_t) r * d;
        double s = 0, q = 0;
        for (int j = 0; j < d; j++) s += xr[j];
        double m = s / d;
        for (int j = 0; j < d; j++) q += (xr[j] - m) * (xr[j] - m);
        double is = 1 / sqrt(q / d + eps);
        rmean[r] = (float) m;
        rrstd[r] = (float) is;
        double s1 = 0, s2 = 0;
        for (int j = 0; j < d; j++) {
            double xh = (xr[j] - m) * is, g = gy[(size_t) r * d + j], gh = affine ? g * w[j] : g;
            ry[(size_t) r * d + j] = (float) (affine ? xh * w[j] + b[j] : xh);
            gwd[j] += g * xh;
            gbd[j] += g;
            s1 += gh;
            s2 += gh * xh;
        }
        for (int j = 0; j < d; j++) {
            double xh = (xr[j] - m) * is, g = gy[(size_t) r * d + j], gh = affine ? g * w[j] : g;
            rgx[(size_t) r * d + j] = (float) (is * (gh - s1 / d - xh * s2 / d));
        }
    }
    for (int j = 0; j < d; j++) {
        rgw[j] = (float) gwd[j];
        rgb[j] = (float) gbd[j];
    }
    expect(name + " y", ry, y, 1e-4, 1e-4);
    expect(name + " mean", rmean, mean, 1e-6, 1e-6);
    expect(name + " rstd", rrstd, rstd, 1e-5, 0);
    expect(name + " gx", rgx, gx, 1e-3, 1e-4);
    expect(name + " gw", rgw, gw, 1e-4, 1e-4);
    expect(name + " gb", rgb, gb, 1e-5, 1e-5);
}

static void check_dropout() {
    const int n = 10007;
    const float p = 0.3f;
    const i64 seed = 0x1234abcdLL;
    std::vector<float> m(n);
    const float scale = 1.f / (float) (1.0 - (double) p);  // Dropout.scale
    launch(dropout_mask, FLAT_GRID, FLAT_BLOCK, m.data(), n, p, scale, seed);
    std::vector<float> want(n);
    int dropped = 0;
    for (int i = 0; i < n; i++) {
        // SpatialKernels.dropoutUniform with Java's long arithmetic (two's complement wrap = unsigned wrap).
        uint64_t z = (uint64_t) seed + (uint64_t) (i + 1) * 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        float u = (float) (z >> 40) * 0x1.0p-24f;
        want[i] = u < p ? 0.f : scale;
        dropped += u < p;
    }
    expect("dropout mask", want, m, 0, 0);
    checks++;
    if (fabs(dropped / (double) n - p) > 0.02) {
        printf("FAIL dropout: dropped %d of %d\n", dropped, n);
        failures++;
    }
}

int main() {
    // Convolutions: 2-d with padding (chunked batch), strided, dilated, grouped, depthwise, pointwise, 1-d, 3-d,
    // and PyTorch's padding='same' with an even kernel (the high side pads one more).
    check_conv("conv2d 3x3 p1", conv(3, 2, 4, 1, {1, 6, 7}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1}), 2);
    check_conv("conv2d 3x3 p1 one chunk", conv(3, 2, 4, 1, {1, 6, 7}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1}), 3);
    check_conv("conv2d stride 2", conv(2, 3, 5, 1, {1, 9, 8}, {1, 3, 2}, {1, 2, 3}, {0, 1, 0}, {1, 1, 1}), 1);
    check_conv("conv2d dilation 2", conv(2, 2, 3, 1, {1, 9, 10}, {1, 3, 3}, {1, 1, 2}, {0, 2, 1}, {1, 2, 2}), 2);
    check_conv("conv2d groups 2", conv(2, 4, 6, 2, {1, 5, 6}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1}), 2);
    check_conv("conv2d depthwise", conv(2, 3, 3, 3, {1, 5, 5}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}, {1, 1, 1}), 1);
    check_conv("conv2d pointwise", conv(3, 4, 2, 1, {1, 3, 5}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {1, 1, 1}), 2);
    check_conv("conv1d", conv(2, 3, 4, 1, {1, 1, 11}, {1, 1, 4}, {1, 1, 2}, {0, 0, 2}, {1, 1, 1}), 2);
    check_conv("conv3d", conv(2, 2, 3, 1, {4, 5, 3}, {2, 3, 2}, {1, 2, 1}, {1, 0, 1}, {1, 1, 1}), 1);
    Conv same = conv(2, 2, 2, 1, {1, 6, 6}, {1, 4, 4}, {1, 1, 1}, {0, 1, 1}, {1, 1, 1});
    same.g.out[1] = same.g.out[2] = 6;  // padding 'same': 1 before, 2 after
    check_conv("conv2d padding same, even kernel", same, 2);

    check_maxpool("maxpool 2x2", pool(3, {1, 6, 8}, {1, 2, 2}, {1, 2, 2}, {0, 0, 0}, {1, 1, 1}, false), true);
    check_maxpool("maxpool 3x3 s2 p1 (overlapping)", pool(2, {1, 7, 9}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}, {1, 1, 1}, false), true);
    check_maxpool("maxpool ceil mode", pool(2, {1, 7, 7}, {1, 2, 3}, {1, 2, 2}, {0, 0, 1}, {1, 1, 1}, true), false);
    check_maxpool("maxpool dilation", pool(2, {1, 9, 9}, {1, 3, 2}, {1, 1, 2}, {0, 1, 0}, {1, 2, 3}, false), true);
    check_maxpool("maxpool1d", pool(3, {1, 1, 13}, {1, 1, 3}, {1, 1, 2}, {0, 0, 1}, {1, 1, 1}, false), false);
    check_maxpool("maxpool3d", pool(2, {4, 5, 6}, {2, 2, 3}, {2, 1, 2}, {1, 0, 1}, {1, 1, 1}, false), true);
    for (int cip = 0; cip < 2; cip++) {
        std::string tag = cip ? " count_include_pad" : "";
        check_avgpool("avgpool 2x2" + tag, pool(3, {1, 6, 8}, {1, 2, 2}, {1, 2, 2}, {0, 0, 0}, {1, 1, 1}, false), cip, 0);
        check_avgpool("avgpool 3x3 s2 p1" + tag, pool(2, {1, 7, 9}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}, {1, 1, 1}, false), cip, 0);
        check_avgpool("avgpool ceil mode" + tag, pool(2, {1, 7, 7}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}, {1, 1, 1}, true), cip, 0);
        check_avgpool("avgpool3d" + tag, pool(2, {4, 5, 6}, {2, 3, 3}, {2, 1, 2}, {1, 1, 1}, {1, 1, 1}, false), cip, 0);
    }
    check_avgpool("avgpool divisor_override", pool(2, {1, 7, 9}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}, {1, 1, 1}, false), 1, 5);
    check_adaptive("adaptive 7x9 -> 3x4", 3, {1, 7, 9}, {1, 3, 4});
    check_adaptive("adaptive 5x5 -> 7x3 (upsampling rows)", 2, {1, 5, 5}, {1, 7, 3});
    check_adaptive("adaptive global", 4, {1, 6, 6}, {1, 1, 1});
    check_adaptive("adaptive3d", 2, {5, 4, 7}, {2, 3, 3});
    const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
    for (int mode = 0; mode < 4; mode++) {
        check_pad(std::string("pad2d ") + modes[mode], mode, 3, {1, 4, 5}, {0, 2, 1}, {0, 1, 3});
        check_pad(std::string("pad3d ") + modes[mode], mode, 2, {3, 3, 4}, {1, 2, 1}, {2, 1, 0});
    }
    check_pad("pad2d crop (negative)", PAD_ZEROS, 2, {1, 6, 7}, {0, -1, 2}, {0, -2, -1});
    check_batchnorm("batchnorm train affine", 5, 3, 37, true, true, 0.f);
    check_batchnorm("batchnorm train no affine, |mean| >> std", 4, 2, 300, false, true, 300.f);
    check_batchnorm("batchnorm eval", 3, 4, 11, true, false, 0.5f);
    check_batchnorm("batchnorm1d (inner 1)", 17, 5, 1, true, true, 0.f);
    check_layernorm("layernorm d 300 affine", 5, 300, true, 0.f);
    check_layernorm("layernorm d 7 plain, mean 1e5", 9, 7, false, 1e5f);
    check_layernorm("layernorm 37 rows d 70 affine", 37, 70, true, 0.5f);
    check_dropout();
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
