// Runs kernels of reduce.cuh that use warp shuffles on the CPU (cuda_host.h emulates them): row sums and means,
// softmax and log-softmax over rows, and the fused cross entropy and its gradient, against reference loops in double on
// odd shapes (rows that do not fill a warp's lanes, more rows than warps). Exit status 1 on any miss.
#define CHECK_SEED 5
#include "cuda_host.h"
#include "check.h"

#include <cstring>
#include "../reduce.cuh"

#include <random>
#include <string>

static void expect(const std::string& what, const std::vector<double>& want, const std::vector<float>& got, double rtol, double atol) {
    checks++;
    for (size_t i = 0; i < want.size(); i++) {
        if (!(fabs(got[i] - want[i]) <= atol + rtol * fabs(want[i]))) {
            printf("FAIL %s: element %zu expected %.9g got %.9g\n", what.c_str(), i, want[i], got[i]);
            failures++;
            return;
        }
    }
}

static void checkRows(int rows, int r) {
    std::string shape = std::to_string(rows) + "x" + std::to_string(r);
    std::vector<float> x = randn((size_t) rows * r, 3.f);
    // reduce_rows: sum and mean (warp_sum in double).
    for (int op = 0; op <= 1; op++) {
        std::vector<float> out(rows, NAN);
        launch(reduce_rows, dim3{2}, dim3{64}, op, (const float*) x.data(), rows, r, out.data(), (i64*) nullptr);
        std::vector<double> want(rows);
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < r; j++) s += x[(size_t) i * r + j];
            want[i] = op == 1 ? s / r : s;
        }
        expect("reduce_rows " + std::string(op ? "mean " : "sum ") + shape, want, out, 1e-6, 1e-5);
    }
    // softmax_rows and log-softmax.
    for (int log = 0; log <= 1; log++) {
        std::vector<float> y(x.size(), NAN);
        launch(softmax_rows, dim3{2}, dim3{64}, log, (const float*) x.data(), y.data(), rows, r);
        std::vector<double> want(x.size());
        for (int i = 0; i < rows; i++) {
            double mx = -INFINITY, s = 0;
            for (int j = 0; j < r; j++) mx = std::max(mx, (double) x[(size_t) i * r + j]);
            for (int j = 0; j < r; j++) s += exp(x[(size_t) i * r + j] - mx);
            for (int j = 0; j < r; j++) {
                double v = x[(size_t) i * r + j] - mx;
                want[(size_t) i * r + j] = log ? v - ::log(s) : exp(v) / s;
            }
        }
        expect(std::string(log ? "log_softmax " : "softmax ") + shape, want, y, 1e-5, 1e-6);
    }
    // The fused cross entropy: loss = scale·Σ (lse − x[t]), then its gradient for an upstream g.
    std::vector<i64> t(rows);
    for (int i = 0; i < rows; i++) t[i] = rng() % r;
    float scale = 1.f / rows, g = 0.75f;
    std::vector<float> lse(rows, NAN), loss(1, NAN), gx(x.size(), NAN);
    launch(cross_entropy_fwd, dim3{1}, dim3{1024}, (const float*) x.data(), (const i64*) t.data(), rows, r, scale, lse.data(), loss.data(),
           (float*) nullptr);
    std::vector<double> wantLse(rows), wantGx(x.size());
    double total = 0;
    for (int i = 0; i < rows; i++) {
        double mx = -INFINITY, s = 0;
        for (int j = 0; j < r; j++) mx = std::max(mx, (double) x[(size_t) i * r + j]);
        for (int j = 0; j < r; j++) s += exp(x[(size_t) i * r + j] - mx);
        wantLse[i] = mx + ::log(s);
        total += wantLse[i] - x[(size_t) i * r + t[i]];
        for (int j = 0; j < r; j++) wantGx[(size_t) i * r + j] = (exp(x[(size_t) i * r + j] - wantLse[i]) - (j == t[i])) * g * scale;
    }
    expect("cross_entropy_fwd lse " + shape, wantLse, lse, 1e-6, 1e-5);
    expect("cross_entropy_fwd loss " + shape, {total * scale}, loss, 1e-5, 1e-6);
    launch(cross_entropy_bwd, dim3{3}, dim3{64}, (const float*) x.data(), (const i64*) t.data(), (const float*) lse.data(), (const float*) &g, rows, r,
           scale, gx.data());
    expect("cross_entropy_bwd " + shape, wantGx, gx, 1e-5, 1e-7);
    // The forward's gradient for a loss gradient of 1: the backward's with g = 1 bit for bit, the same lse and loss.
    float one = 1.f;
    std::vector<float> lse1(rows, NAN), loss1(1, NAN), gxOne(x.size(), NAN), gx1(x.size(), NAN);
    launch(cross_entropy_fwd, dim3{1}, dim3{1024}, (const float*) x.data(), (const i64*) t.data(), rows, r, scale, lse1.data(), loss1.data(),
           gxOne.data());
    launch(cross_entropy_bwd, dim3{3}, dim3{64}, (const float*) x.data(), (const i64*) t.data(), (const float*) lse1.data(), (const float*) &one,
           rows, r, scale, gx1.data());
    checks++;
    if (memcmp(lse.data(), lse1.data(), 4 * rows) != 0 || memcmp(loss.data(), loss1.data(), 4) != 0
        || memcmp(gx1.data(), gxOne.data(), 4 * x.size()) != 0) {
        printf("FAIL cross_entropy_fwd's gradient for 1 %s: not cross_entropy_bwd's with g = 1 (or lse/loss changed)\n", shape.c_str());
        failures++;
    }
}

int main() {
    checkRows(1, 1);
    checkRows(3, 10);
    checkRows(37, 31);
    checkRows(70, 100);
    checkRows(5, 257);
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
