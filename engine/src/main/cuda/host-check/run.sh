#!/usr/bin/env bash
# Compiles spatial.cuh, sequence.cuh, gemm.cuh, reduce.cuh and optim.cuh as host C++ (cuda_host.h) and runs their checks
# (spatial_check.cpp, sequence_check.cpp, gemm_check.cpp, reduce_check.cpp, optim_check.cpp): kernels on the CPU against reference
# loops. Needs g++ 12+ (C++20 std::barrier, std::atomic_ref); no GPU, no CUDA toolkit. Exit status 1 if any check fails.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
# A block's threads as fibers (cuda_host.h), ten times faster than as threads; HOST_CHECK_THREADS=1 runs them as threads.
mode=-DCUDA_HOST_FIBERS
[ -n "${HOST_CHECK_THREADS:-}" ] && mode=
for check in spatial_check sequence_check gemm_check reduce_check optim_check; do
    g++ -std=c++20 -O1 -U_FORTIFY_SOURCE -ffp-contract=off -pthread -Wall -Wno-unused-function -Wno-unknown-pragmas $mode -o "$tmp/$check" "$check.cpp"
    echo "$check:"
    "$tmp/$check" || rc=1
done
exit $rc
