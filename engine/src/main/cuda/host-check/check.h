// What the host checks share: a generator (seeded with CHECK_SEED, which a check defines before including this, so
// that its inputs stay what they were), the counts of checks and failures main() reports, and normal samples.
#pragma once
#include <random>
#include <vector>

#ifndef CHECK_SEED
#define CHECK_SEED 1
#endif

inline std::mt19937 rng(CHECK_SEED);
inline int failures = 0, checks = 0;

inline std::vector<float> randn(size_t n, float scale = 1.f) {
    std::normal_distribution<float> d(0.f, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}
