#!/usr/bin/env bash
# Compiles spatial.cuh as host C++ (cuda_host.h) and runs spatial_check.cpp: the spatial kernels on the CPU
# against reference loops. Needs g++ 12+ (C++20 std::barrier, std::atomic_ref); no GPU, no CUDA toolkit.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=c++20 -O1 -ffp-contract=off -pthread -Wall -Wno-unused-function -o "$tmp/spatial_check" spatial_check.cpp
"$tmp/spatial_check"
