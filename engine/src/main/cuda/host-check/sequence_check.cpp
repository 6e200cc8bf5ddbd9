// Runs the recurrent cells of sequence.cuh on the CPU (cuda_host.h) against CpuSequence's scalar formulas,
// on a batch with padded rows (lengths) and an output sequence whose rows interleave two directions; and the GRU's
// and the LSTM's fused steps (gru_steps, gru_steps_bwd, lstm_steps, lstm_steps_bwd) against the launches they replace,
// step by step: the recurrent product as CudaGemm launches the SGEMM, then the cell (the cell's backward, then the
// product into dh), bit for bit.
#define CHECK_SEED 7
#include "cuda_host.h"
#include "check.h"
#include "../sequence.cuh"
#include "../gemm.cuh"

#include <random>
#include <string>

static void expect(const std::string& what, const std::vector<float>& want, const std::vector<float>& got) {
    checks++;
    for (size_t i = 0; i < want.size(); i++) {
        if (!(fabs((double) want[i] - got[i]) <= 1e-6 + 1e-5 * fabs(want[i]))) {
            printf("FAIL %s: element %zu expected %.9g got %.9g\n", what.c_str(), i, want[i], got[i]);
            failures++;
            return;
        }
    }
}

static float sig(float x) { return (float) (1 / (1 + exp(-(double) x))); }

static const int B = 5, H = 7, T = 2, OS = 2 * H;  // out rows are 2H apart (bidirectional interleave)
static const i64 LEN[B] = {3, 1, 5, 2, 4};          // at t = 2, rows 1 and 3 are padding
static const dim3 GRID{2}, BLOCK{16};

static bool live(int b) { return T < LEN[b]; }

static void check_rnn(bool relu) {
    std::string name = relu ? "rnn relu" : "rnn tanh";
    auto gates = randn(B * H), hp = randn(B * H), out0 = randn(B * OS), gh = randn(B * H), gout = randn(B * OS);
    std::vector<float> hn(B * H), out = out0, rhn(B * H), rout = out0;
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) {
            int i = b * H + j;
            float y = live(b) ? (relu ? (gates[i] > 0 ? gates[i] : 0) : tanhf(gates[i])) : hp[i];
            rhn[i] = y;
            rout[b * OS + j] = live(b) ? y : 0.f;
        }
    launch(rnn_cell, GRID, BLOCK, (int) relu, (const float*) gates.data(), (const float*) hp.data(), hn.data(), out.data(), OS, LEN, T, B, H);
    expect(name + " hNext", rhn, hn);
    expect(name + " out", rout, out);
    std::vector<float> dg(B * H), rdg(B * H), rgh = gh;
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) {
            int i = b * H + j;
            if (!live(b)) continue;
            float g = gh[i] + gout[b * OS + j], y = rhn[i];
            rdg[i] = relu ? (y > 0 ? g : 0) : g * (1 - y * y);
            rgh[i] = 0;
        }
    launch(rnn_cell_bwd, GRID, BLOCK, (int) relu, (const float*) rhn.data(), gh.data(), (const float*) gout.data(), OS, dg.data(), LEN, T, B, H);
    expect(name + " dGates", rdg, dg);
    expect(name + " gh", rgh, gh);
}

static void check_lstm() {
    auto g0 = randn(B * 4 * H), cp = randn(B * H), hp = randn(B * H), out0 = randn(B * OS);
    std::vector<float> g = g0, cn(B * H), hn(B * H), tc(B * H), out = out0;
    std::vector<float> rg = g0, rcn(B * H), rhn(B * H), rtc(B * H), rout = out0;
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) {
            int i = b * H + j, gi = b * 4 * H + j;
            if (!live(b)) {
                rhn[i] = hp[i];
                rcn[i] = cp[i];
                rout[b * OS + j] = 0;
                continue;
            }
            float ig = sig(g0[gi]), fg = sig(g0[gi + H]), cg = tanhf(g0[gi + 2 * H]), og = sig(g0[gi + 3 * H]);
            rg[gi] = ig, rg[gi + H] = fg, rg[gi + 2 * H] = cg, rg[gi + 3 * H] = og;
            rcn[i] = fg * cp[i] + ig * cg;
            rtc[i] = tanhf(rcn[i]);
            rhn[i] = og * rtc[i];
            rout[b * OS + j] = rhn[i];
        }
    launch(lstm_cell, GRID, BLOCK, g.data(), (const float*) cp.data(), (const float*) hp.data(), cn.data(), hn.data(), tc.data(), out.data(),
           OS, LEN, T, B, H);
    expect("lstm activations", rg, g);
    expect("lstm cNext", rcn, cn);
    expect("lstm tanhC", rtc, tc);
    expect("lstm hNext", rhn, hn);
    expect("lstm out", rout, out);
    auto gh = randn(B * H), gc = randn(B * H), gout = randn(B * OS);
    std::vector<float> rgh = gh, rgc = gc, dg(B * 4 * H, 9.f), rdg(B * 4 * H, 0.f);
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) {
            int i = b * H + j, gi = b * 4 * H + j;
            if (!live(b)) continue;
            float dh = gh[i] + gout[b * OS + j], ig = rg[gi], fg = rg[gi + H], cg = rg[gi + 2 * H], og = rg[gi + 3 * H], th = rtc[i];
            float dc = gc[i] + dh * og * (1 - th * th);
            rdg[gi] = dc * cg * ig * (1 - ig);
            rdg[gi + H] = dc * cp[i] * fg * (1 - fg);
            rdg[gi + 2 * H] = dc * ig * (1 - cg * cg);
            rdg[gi + 3 * H] = dh * th * og * (1 - og);
            rgc[i] = dc * fg;
            rgh[i] = 0;
        }
    launch(lstm_cell_bwd, GRID, BLOCK, (const float*) rg.data(), (const float*) cp.data(), (const float*) rtc.data(), gh.data(), gc.data(),
           (const float*) gout.data(), OS, dg.data(), LEN, T, B, H);
    expect("lstm dGates", rdg, dg);
    expect("lstm gc", rgc, gc);
    expect("lstm gh", rgh, gh);
}

static void check_gru(bool withBias) {
    std::string name = withBias ? "gru" : "gru without bias";
    auto xg = randn(B * 3 * H), hg = randn(B * 3 * H), bhh = randn(3 * H), hp = randn(B * H), out0 = randn(B * OS);
    std::vector<float> hn(B * H), saved(B * 4 * H), out = out0, rhn(B * H), rsaved(B * 4 * H), rout = out0;
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) {
            int i = b * H + j, x = b * 3 * H + j, s = b * 4 * H + j;
            if (!live(b)) {
                rhn[i] = hp[i];
                rout[b * OS + j] = 0;
                continue;
            }
            float ar = xg[x] + hg[x], az = xg[x + H] + hg[x + H], hn_ = hg[x + 2 * H];
            if (withBias) ar += bhh[j], az += bhh[H + j], hn_ += bhh[2 * H + j];
            float r = sig(ar), z = sig(az), n = tanhf(xg[x + 2 * H] + r * hn_);
            rsaved[s] = r, rsaved[s + H] = z, rsaved[s + 2 * H] = n, rsaved[s + 3 * H] = hn_;
            rhn[i] = n + z * (hp[i] - n);
            rout[b * OS + j] = rhn[i];
        }
    launch(gru_cell, GRID, BLOCK, (const float*) xg.data(), (const float*) hg.data(), withBias ? (const float*) bhh.data() : nullptr,
           (const float*) hp.data(), hn.data(), saved.data(), out.data(), OS, LEN, T, B, H);
    expect(name + " hNext", rhn, hn);
    expect(name + " saved", rsaved, saved);
    expect(name + " out", rout, out);
    auto gh = randn(B * H), gout = randn(B * OS);
    std::vector<float> rgh = gh, dx(B * 3 * H, 9.f), dr(B * 3 * H, 9.f), rdx(B * 3 * H, 0.f), rdr(B * 3 * H, 0.f);
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) {
            int i = b * H + j, x = b * 3 * H + j, s = b * 4 * H + j;
            if (!live(b)) continue;
            float g = gh[i] + gout[b * OS + j], r = rsaved[s], z = rsaved[s + H], n = rsaved[s + 2 * H], hn_ = rsaved[s + 3 * H];
            float dn = g * (1 - z) * (1 - n * n), dz = g * (hp[i] - n) * z * (1 - z), drv = dn * hn_ * r * (1 - r);
            rdx[x] = rdr[x] = drv;
            rdx[x + H] = rdr[x + H] = dz;
            rdx[x + 2 * H] = dn;
            rdr[x + 2 * H] = dn * r;
            rgh[i] = g * z;
        }
    launch(gru_cell_bwd, GRID, BLOCK, (const float*) rsaved.data(), (const float*) hp.data(), gh.data(), (const float*) gout.data(), OS,
           dx.data(), dr.data(), LEN, T, B, H);
    expect(name + " dxg", rdx, dx);
    expect(name + " dhg", rdr, dr);
    expect(name + " gh", rgh, gh);
}

// C [m, n] = A [m, k] · B [k, n] (row-major, leading dimensions k and n) + beta·C, as CudaGemm launches it unsplit.
static void sgemm(int m, int n, int k, const float* a, const float* b, float beta, float* c) {
    launch(sgemm_32x32, dim3{(unsigned) ((n + 31) / 32), (unsigned) ((m + 31) / 32), 1}, dim3{256}, 0, 0, m, n, k, 1.f, a, k, b, n, beta, c,
           n, (i64) 0, (i64) 0, (i64) 0, 1, k, (float*) nullptr, (const float*) nullptr, 0, (int*) nullptr);
}

static void same_bits(const std::string& what, const std::vector<float>& want, const std::vector<float>& got) {
    checks++;
    for (size_t i = 0; i < want.size(); i++) {
        // == : a zero's sign may differ (the SGEMM's padded k adds fmaf(0, 0, acc)); NaN on both sides: left unwritten by both
        // (a padded row's cache).
        if (!(want[i] == got[i] || (want[i] != want[i] && got[i] != got[i]))) {
            printf("FAIL %s: element %zu expected %.9g got %.9g\n", what.c_str(), i, want[i], got[i]);
            failures++;
            return;
        }
    }
}

// One direction of a 2-direction GRU layer over T steps, in chunks, as Recurrent.forwardDirection/backwardDirection.
static void check_gru_steps(int h, unsigned threads, bool reverse, bool zeroState, bool needH0, bool withBias) {
    const int T6 = 6, G = 3 * h, dirs = 2, d = reverse ? 1 : 0, os = dirs * h;
    const i64 outT = (i64) B * os, len[B] = {6, 1, 4, 2, 5};
    const int chunks[][2] = {{0, 2}, {2, 5}, {5, 6}};
    std::string name = "gru_steps H " + std::to_string(h) + (reverse ? " reverse" : "") + (zeroState ? " zero state" : "") +
                       (needH0 ? " needH0" : "") + (withBias ? "" : " no bias");
    auto gates = randn((size_t) T6 * B * G), whh = randn((size_t) G * h, 0.3f), bhh = randn(G), hAll0 = randn((size_t) (T6 + 1) * B * h);
    std::vector<float> whhT((size_t) h * G);
    for (int q = 0; q < G; q++)
        for (int k = 0; k < h; k++) whhT[(size_t) k * G + q] = whh[(size_t) q * h + k];
    auto out0 = randn((size_t) T6 * outT);
    std::vector<float> hAll = hAll0, cache((size_t) T6 * B * 4 * h, NAN), out = out0, hg((size_t) B * G);
    std::vector<float> rhAll = hAll0, rcache = cache, rout = out0;
    const float* bias = withBias ? bhh.data() : nullptr;
    for (int s = 0; s < T6; s++) {
        int t = reverse ? T6 - 1 - s : s, prev = reverse ? t + 1 : t, next = reverse ? t : t + 1;
        float* hp = &rhAll[(size_t) prev * B * h];
        if (s > 0 || !zeroState) sgemm(B, G, h, hp, whhT.data(), 0.f, hg.data());
        else std::fill(hg.begin(), hg.end(), 0.f);
        launch(gru_cell, GRID, BLOCK, (const float*) &gates[(size_t) t * B * G], (const float*) hg.data(), bias, (const float*) hp,
               &rhAll[(size_t) next * B * h], &rcache[(size_t) t * B * 4 * h], &rout[(size_t) t * outT + d * h], os, len, t, B, h);
    }
    for (auto& c : chunks)
        launch(gru_steps, dim3{(unsigned) B}, dim3{threads}, (const float*) gates.data(), (const float*) whhT.data(), bias, hAll.data(),
               cache.data(), out.data() + d * h, outT, os, len, c[0], c[1], T6, (int) reverse, (int) zeroState, B, h);
    same_bits(name + " states", rhAll, hAll);
    same_bits(name + " cache", rcache, cache);
    same_bits(name + " out", rout, out);

    auto gp = randn((size_t) T6 * outT), dh0 = randn((size_t) B * h);
    std::vector<float> dh = dh0, dG((size_t) T6 * B * G, NAN), dHG = dG, rdh = dh0, rdG = dG, rdHG = dG;
    for (int i = 0; i < T6; i++) {
        int s = T6 - 1 - i, t = reverse ? T6 - 1 - s : s, prev = reverse ? t + 1 : t;
        launch(gru_cell_bwd, GRID, BLOCK, (const float*) &rcache[(size_t) t * B * 4 * h], (const float*) &rhAll[(size_t) prev * B * h],
               rdh.data(), (const float*) &gp[(size_t) t * outT + d * h], os, &rdG[(size_t) t * B * G], &rdHG[(size_t) t * B * G], len, t, B, h);
        if (s > 0 || needH0) sgemm(B, h, G, &rdHG[(size_t) t * B * G], whh.data(), 1.f, rdh.data());
    }
    for (auto& c : chunks)
        launch(gru_steps_bwd, dim3{(unsigned) B}, dim3{threads}, (const float*) cache.data(), (const float*) hAll.data(), dh.data(),
               (const float*) gp.data() + d * h, outT, os, dG.data(), dHG.data(), (const float*) whh.data(), len, c[0], c[1], T6,
               (int) reverse, (int) needH0, B, h);
    same_bits(name + " dh", rdh, dh);
    same_bits(name + " dG", rdG, dG);
    same_bits(name + " dHG", rdHG, dHG);
}

// The LSTM's fused steps against the SGEMM (beta = 1, into the step's gates) + lstm_cell, and lstm_cell_bwd + the
// SGEMM into dh, as check_gru_steps.
static void check_lstm_steps(int h, unsigned threads, bool reverse, bool zeroState, bool needH0) {
    const int T6 = 6, G = 4 * h, dirs = 2, d = reverse ? 1 : 0, os = dirs * h;
    const i64 outT = (i64) B * os, len[B] = {6, 1, 4, 2, 5};
    const int chunks[][2] = {{0, 3}, {3, 4}, {4, 6}};
    std::string name = "lstm_steps H " + std::to_string(h) + (reverse ? " reverse" : "") + (zeroState ? " zero state" : "") +
                       (needH0 ? " needH0" : "");
    auto gates0 = randn((size_t) T6 * B * G), whh = randn((size_t) G * h, 0.3f), hAll0 = randn((size_t) (T6 + 1) * B * h),
         cAll0 = randn((size_t) (T6 + 1) * B * h), out0 = randn((size_t) T6 * outT);
    std::vector<float> whhT((size_t) h * G);
    for (int q = 0; q < G; q++)
        for (int k = 0; k < h; k++) whhT[(size_t) k * G + q] = whh[(size_t) q * h + k];
    std::vector<float> gates = gates0, hAll = hAll0, cAll = cAll0, tanhC((size_t) T6 * B * h, NAN), out = out0;
    std::vector<float> rgates = gates0, rhAll = hAll0, rcAll = cAll0, rtanhC = tanhC, rout = out0;
    for (int s = 0; s < T6; s++) {
        int t = reverse ? T6 - 1 - s : s, prev = reverse ? t + 1 : t, next = reverse ? t : t + 1;
        float* hp = &rhAll[(size_t) prev * B * h];
        float* gt = &rgates[(size_t) t * B * G];
        if (s > 0 || !zeroState) sgemm(B, G, h, hp, whhT.data(), 1.f, gt);
        launch(lstm_cell, GRID, BLOCK, gt, (const float*) &rcAll[(size_t) prev * B * h], (const float*) hp, &rcAll[(size_t) next * B * h],
               &rhAll[(size_t) next * B * h], &rtanhC[(size_t) t * B * h], &rout[(size_t) t * outT + d * h], os, len, t, B, h);
    }
    for (auto& c : chunks)
        launch(lstm_steps, dim3{(unsigned) B}, dim3{threads}, gates.data(), (const float*) whhT.data(), hAll.data(), cAll.data(),
               tanhC.data(), out.data() + d * h, outT, os, len, c[0], c[1], T6, (int) reverse, (int) zeroState, B, h);
    // A padded row's gates: the step-by-step SGEMM adds the product to the whole batch, the fused kernel skips rows past
    // their length, whose gates nothing reads (their cell and its backward pass the state through).
    for (int t = 0; t < T6; t++)
        for (int b = 0; b < B; b++)
            if (t >= len[b]) std::copy_n(&rgates[((size_t) t * B + b) * G], G, &gates[((size_t) t * B + b) * G]);
    same_bits(name + " gates (live rows)", rgates, gates);
    same_bits(name + " states", rhAll, hAll);
    same_bits(name + " cells", rcAll, cAll);
    same_bits(name + " tanh", rtanhC, tanhC);
    same_bits(name + " out", rout, out);

    auto gp = randn((size_t) T6 * outT), dh0 = randn((size_t) B * h), dc0 = randn((size_t) B * h);
    std::vector<float> dh = dh0, dc = dc0, dG((size_t) T6 * B * G, NAN), rdh = dh0, rdc = dc0, rdG = dG;
    for (int i = 0; i < T6; i++) {
        int s = T6 - 1 - i, t = reverse ? T6 - 1 - s : s, prev = reverse ? t + 1 : t;
        launch(lstm_cell_bwd, GRID, BLOCK, (const float*) &rgates[(size_t) t * B * G], (const float*) &rcAll[(size_t) prev * B * h],
               (const float*) &rtanhC[(size_t) t * B * h], rdh.data(), rdc.data(), (const float*) &gp[(size_t) t * outT + d * h], os,
               &rdG[(size_t) t * B * G], len, t, B, h);
        if (s > 0 || needH0) sgemm(B, h, G, &rdG[(size_t) t * B * G], whh.data(), 1.f, rdh.data());
    }
    for (auto& c : chunks)
        launch(lstm_steps_bwd, dim3{(unsigned) B}, dim3{threads}, (const float*) gates.data(), (const float*) cAll.data(),
               (const float*) tanhC.data(), dh.data(), dc.data(), (const float*) gp.data() + d * h, outT, os, dG.data(),
               (const float*) whh.data(), len, c[0], c[1], T6, (int) reverse, (int) needH0, B, h);
    same_bits(name + " dh", rdh, dh);
    same_bits(name + " dc", rdc, dc);
    same_bits(name + " dG", rdG, dG);
}

int main() {
    for (int reverse = 0; reverse <= 1; reverse++)
        for (int zero = 0; zero <= 1; zero++) {
            check_lstm_steps(7, 32, reverse, zero, !zero);
            check_lstm_steps(40, 32, reverse, zero, zero);
        }
    for (int reverse = 0; reverse <= 1; reverse++)
        for (int zero = 0; zero <= 1; zero++) {
            check_gru_steps(7, 32, reverse, zero, !zero, true);
            check_gru_steps(40, 32, reverse, zero, zero, reverse);
        }
    check_rnn(false);
    check_rnn(true);
    check_lstm();
    check_gru(true);
    check_gru(false);
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
