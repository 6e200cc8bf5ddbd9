// The foreach optimiser kernels of optim.cuh on the CPU (cuda_host.h): sgd_step_many and adam_step_many must give, bit
// for bit, what sgd_step and adam_step give one parameter at a time (tensors of different lengths in one launch, a
// parameter at its first momentum step beside others, Adam's per-parameter step scalars). And their by-value structs
// must have the layout CudaOptim packs them in (byte offsets below; x86-64 and CUDA lay these structs out alike).
#include <cstddef>
#define CHECK_SEED 9
#include "cuda_host.h"
#include "check.h"
#include "../optim.cuh"

#include <random>
#include <string>

static void same(const std::string& what, const std::vector<float>& want, const std::vector<float>& got) {
    checks++;
    if (memcmp(want.data(), got.data(), 4 * want.size()) != 0) {
        for (size_t i = 0; i < want.size(); i++)
            if (memcmp(&want[i], &got[i], 4) != 0) {
                printf("FAIL %s: element %zu expected %.9g got %.9g\n", what.c_str(), i, want[i], got[i]);
                break;
            }
        failures++;
    }
}

static void layout(const char* what, size_t got, size_t want) {
    checks++;
    if (got != want) {
        printf("FAIL layout %s: %zu, CudaOptim packs %zu\n", what, got, want);
        failures++;
    }
}

int main() {
    // CudaOptim.sgdForeach: p at 0, g at 64, buf at 128, n at 192, firstMask at 224, count at 228, 232 bytes.
    layout("SgdMany.g", offsetof(SgdMany, g), 64);
    layout("SgdMany.buf", offsetof(SgdMany, buf), 128);
    layout("SgdMany.n", offsetof(SgdMany, n), 192);
    layout("SgdMany.firstMask", offsetof(SgdMany, firstMask), 224);
    layout("SgdMany.count", offsetof(SgdMany, count), 228);
    layout("sizeof SgdMany", sizeof(SgdMany), 232);
    // CudaOptim.adamForeach: AdamTensors p, g, m at 0, 64, 128 (192 bytes); AdamState v at 0, vmax at 64, n at 128,
    // negStepSize at 160, bc2Sqrt at 192, count at 224, 232 bytes.
    layout("AdamTensors.m", offsetof(AdamTensors, m), 128);
    layout("sizeof AdamTensors", sizeof(AdamTensors), 192);
    layout("AdamState.vmax", offsetof(AdamState, vmax), 64);
    layout("AdamState.n", offsetof(AdamState, n), 128);
    layout("AdamState.negStepSize", offsetof(AdamState, negStepSize), 160);
    layout("AdamState.bc2Sqrt", offsetof(AdamState, bc2Sqrt), 192);
    layout("AdamState.count", offsetof(AdamState, count), 224);
    layout("sizeof AdamState", sizeof(AdamState), 232);
    // CudaOptim.finiteProbe: p at 0, n at 64, count at 96, 104 bytes.
    layout("NonFiniteMany.n", offsetof(NonFiniteMany, n), 64);
    layout("NonFiniteMany.count", offsetof(NonFiniteMany, count), 96);
    layout("sizeof NonFiniteMany", sizeof(NonFiniteMany), 104);

    const int lens[] = {300, 1, 70, 513, 8};
    const int count = 5;
    const dim3 grid1{3}, block{64};
    for (int momentum = 0; momentum <= 1; momentum++) {
        std::vector<std::vector<float>> p0, g, b0;
        for (int q = 0; q < count; q++) {
            p0.push_back(randn(lens[q]));
            g.push_back(randn(lens[q]));
            b0.push_back(randn(lens[q]));
        }
        auto p1 = p0, b1 = b0, p2 = p0, b2 = b0;
        SgdMany t{};
        for (int q = 0; q < count; q++) {
            int first = q == 2;
            launch(sgd_step, grid1, block, p1[q].data(), (const float*) g[q].data(), momentum ? b1[q].data() : (float*) nullptr, lens[q], -0.1f,
                   0.9f, 0.75f, 0.01f, 0, first, 0);
            t.p[q] = (i64) (uintptr_t) p2[q].data();
            t.g[q] = (i64) (uintptr_t) g[q].data();
            t.buf[q] = momentum ? (i64) (uintptr_t) b2[q].data() : 0;
            t.n[q] = lens[q];
            t.firstMask |= first << q;
        }
        t.count = count;
        launch(sgd_step_many, dim3{3, (unsigned) count}, block, t, -0.1f, 0.9f, 0.75f, 0.01f, 0, 0);
        for (int q = 0; q < count; q++) {
            same("sgd_step_many param " + std::to_string(q) + (momentum ? " momentum" : ""), p1[q], p2[q]);
            if (momentum) same("sgd_step_many buffer " + std::to_string(q), b1[q], b2[q]);
        }
    }
    for (int amsgrad = 0; amsgrad <= 1; amsgrad++) {
        for (int decoupled = 0; decoupled <= 1; decoupled++) {
            std::vector<std::vector<float>> p0, g, m0, v0, x0;
            for (int q = 0; q < count; q++) {
                p0.push_back(randn(lens[q]));
                g.push_back(randn(lens[q]));
                m0.push_back(randn(lens[q]));
                std::vector<float> v = randn(lens[q]), x = randn(lens[q]);
                for (auto& e : v) e = fabsf(e);
                for (auto& e : x) e = fabsf(e);
                v0.push_back(v);
                x0.push_back(x);
            }
            auto p1 = p0, m1 = m0, v1 = v0, x1 = x0, p2 = p0, m2 = m0, v2 = v0, x2 = x0;
            AdamTensors t{};
            AdamState s{};
            float decay = decoupled ? 1.f - 0.01f * 0.1f : 1.f;
            for (int q = 0; q < count; q++) {
                float negStepSize = -0.01f / (1.f - powf(0.9f, q + 1)), bc2Sqrt = sqrtf(1.f - powf(0.999f, q + 1));
                launch(adam_step, grid1, block, p1[q].data(), (const float*) g[q].data(), m1[q].data(), v1[q].data(),
                       amsgrad ? x1[q].data() : (float*) nullptr, lens[q], 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f, 0.1f, decoupled, negStepSize, bc2Sqrt,
                       decay, 0);
                t.p[q] = (i64) (uintptr_t) p2[q].data();
                t.g[q] = (i64) (uintptr_t) g[q].data();
                t.m[q] = (i64) (uintptr_t) m2[q].data();
                s.v[q] = (i64) (uintptr_t) v2[q].data();
                s.vmax[q] = amsgrad ? (i64) (uintptr_t) x2[q].data() : 0;
                s.n[q] = lens[q];
                s.negStepSize[q] = negStepSize;
                s.bc2Sqrt[q] = bc2Sqrt;
            }
            s.count = count;
            launch(adam_step_many, dim3{3, (unsigned) count}, block, t, s, 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f, 0.1f, decoupled, decay, 0);
            std::string tag = std::string(amsgrad ? " amsgrad" : "") + (decoupled ? " decoupled" : "");
            for (int q = 0; q < count; q++) {
                same("adam_step_many param " + std::to_string(q) + tag, p1[q], p2[q]);
                same("adam_step_many exp_avg " + std::to_string(q) + tag, m1[q], m2[q]);
                same("adam_step_many exp_avg_sq " + std::to_string(q) + tag, v1[q], v2[q]);
                if (amsgrad) same("adam_step_many max_exp_avg_sq " + std::to_string(q) + tag, x1[q], x2[q]);
            }
        }
    }
    // nonfinite_many: the flag stays 0 while every element is finite (the largest floats included), and becomes NaN
    // for a NaN or an infinity anywhere in any of the tensors, the first and last elements included.
    {
        std::vector<std::vector<float>> ts;
        for (int q = 0; q < count; q++) ts.push_back(randn(lens[q]));
        ts[2][5] = 3.402823466e38f;
        ts[3][0] = -3.402823466e38f;
        const float bad[] = {NAN, INFINITY, -INFINITY};
        for (int trial = -1; trial < 3 * count; trial++) {
            int q = trial < 0 ? -1 : trial / 3, which = trial < 0 ? 0 : trial % 3;
            std::vector<std::vector<float>> u = ts;
            if (q >= 0) u[q][which == 2 ? lens[q] - 1 : which * lens[q] / 2] = bad[which];
            NonFiniteMany t{};
            for (int r = 0; r < count; r++) {
                t.p[r] = (i64) (intptr_t) u[r].data();
                t.n[r] = lens[r];
            }
            t.count = count;
            float flag = 0.f;
            launch(nonfinite_many, dim3{3, 8}, block, t, &flag);
            checks++;
            bool want = q >= 0;
            if ((flag != flag) != want || (!want && flag != 0.f)) {
                printf("FAIL nonfinite_many: tensor %d element kind %d gave %g\n", q, which, flag);
                failures++;
            }
        }
    }
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
