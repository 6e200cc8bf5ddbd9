#!/usr/bin/env bash
# Builds target/gpu-kit: everything needed to run the CUDA tests, the PyTorch fixture tests on the GPU and the
# timings on a GPU machine that has an NVIDIA driver but no Java, Maven or network — a jlink'd JRE, the engine jar,
# its compiled tests and fixtures, the runtime jars (JCuda with only the Linux driver natives, Jackson) and the JUnit
# console launcher — plus run-tests.sh.
# target/ is git-ignored, so the kit travels to such a machine as a carried path, the folder or (smaller, which
# leaves more of the 64 MiB that travel to the repository's files) its tarball:
#   engine/src/main/cuda/gpu-kit.sh                                       # here
#   target/gpu-kit/run-tests.sh                                           # there, carrying target/gpu-kit, or
#   tar xzf target/gpu-kit.tar.gz -C /tmp && /tmp/gpu-kit/run-tests.sh    # carrying target/gpu-kit.tar.gz
# JUnit trees and summaries on stdout; XML reports and logs in $OUT.
# Options: JLINK_JDK=/path/to/jdk (default: the JDK of the javac on the PATH; use a JDK 17).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$ROOT"
KIT=target/gpu-kit
CONSOLE_VERSION=1.10.3   # JUnit Platform of the project's JUnit 5.10.3
JDK=${JLINK_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}

rm -rf "$KIT"
mkdir -p "$KIT/lib"
./mvnw -q -B -pl engine -am package -DskipTests          # -DskipTests still compiles the tests
./mvnw -q -B -pl engine dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$ROOT/$KIT/lib"
./mvnw -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:$CONSOLE_VERSION \
    -DoutputDirectory="$ROOT/$KIT/lib"
cp "$(ls engine/target/layerlab-engine-*.jar | grep -v -E -- '-(sources|tests|javadoc)\.jar$' | head -n 1)" "$KIT/engine.jar"
# The compiled tests alone: their fixtures (engine/src/test/resources, 15 MB, 6.6 of the jar's 8) are tracked files,
# which travel to the GPU machine anyway, and run-tests.sh puts that folder on the class path (Fixtures reads them as
# class-path resources). With them in the jar as well, the tarball and the tracked files came to 67 MiB of the 64.
(cd engine/target/test-classes && find . -name '*.class' | sed 's|^\./||' > "$ROOT/$KIT/classes.txt")
(cd engine/target/test-classes && "$JDK/bin/jar" --create --file "$ROOT/$KIT/test-classes.jar" @"$ROOT/$KIT/classes.txt")
rm "$KIT/classes.txt"
cp engine/src/test/python/cuda_bench.py bench/pytorch_bench.py "$KIT/"
# TrainParityTest, CudaHostPathTest and SampleProjectsOnGpuTest read ../sample-projects, SeededRunsRepeatTest
# ../docs/classroom too (their data sets are in the engine's jar), as from engine/ under Maven: the kit runs its tests
# from its own (empty) engine/ folder.
mkdir -p "$KIT/engine" "$KIT/sample-projects" "$KIT/docs/classroom"
cp sample-projects/*.json "$KIT/sample-projects/"
cp docs/classroom/*.json "$KIT/docs/classroom/"

# The backend uses JCuda's driver API, and cuBLAS where libcublas.so.12 loads (the binding is 0.5 MB): drop,
# from the natives jar, the 24 MB PTX compiler and NVRTC (they would need CUDA 12 toolkit libraries anyway).
for natives in "$KIT"/lib/jcuda-natives-*.jar; do
    tmp=$(mktemp -d)
    (cd "$tmp" && "$JDK/bin/jar" xf "$ROOT/$natives" && find lib -name '*.so' ! -name 'libJCudaDriver*' ! -name 'libJCudaRuntime*' -delete)
    rm "$natives"
    "$JDK/bin/jar" --create --file "$natives" -C "$tmp" .
    rm -rf "$tmp"
done

# A JRE with just the modules the engine and the runtime jars use (jdeps, jar by jar), plus the Vector API
# module the CPU GEMM opens at run time. Test classes are left out of the scan: tests of other packages pull
# in java.desktop, and the kit runs only the CUDA package and the fixture tests, which need nothing beyond the engine.
# java.desktop is left out too: only ImageFolderLoader (javax.imageio) uses it, nothing the kit runs loads that class,
# and with the X11, font and image libraries it links it was 25 of the kit's 76 MB. The kit travels to the GPU
# machine with the repository's tracked files, 64 MiB in all.
CP=$(ls "$KIT"/lib/*.jar | paste -sd: -)
MODS=jdk.incubator.vector,jdk.zipfs   # zipfs: JUnit scans jars for test classes through it
for jar in "$KIT/engine.jar" "$KIT"/lib/*.jar; do
    MODS="$MODS,$("$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 --class-path "$CP" "$jar" 2>/dev/null | tail -n 1 || true)"
done
MODS=$(echo "$MODS" | tr ',' '\n' | grep -v -x -e '' -e java.desktop | sort -u | paste -sd, -)
echo "jlink modules: $MODS"
# Not --compress=2: jlink's zipped modules image (15 MB) gzips to 13.6 MiB, the plain one (32 MB) to 9.9, and it is the
# tarball that travels.
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODS" --strip-debug --no-header-files --no-man-pages \
    --output "$KIT/jre"
# Debian's libjvm.so keeps its full symbol table (4 of its 24 MB); the dynamic symbols the JVM runs on stay.
command -v strip >/dev/null && strip --strip-unneeded "$KIT/jre/lib/server/libjvm.so"
# Shared libraries the JRE needs beyond the C and C++ runtimes (Debian's JDK links the system zlib, for one),
# so that it starts on a machine image that lacks them.
mkdir -p "$KIT/jre/lib/extra"
find "$KIT/jre" -name '*.so' -print0 | xargs -0 ldd 2>/dev/null | awk '/=> \// {print $3}' | grep -v '/gpu-kit/jre/' \
    | sort -u | while read -r lib; do
    case "$(basename "$lib")" in
        libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|ld-linux*|libstdc++.so*|libgcc_s.so*) ;;
        *) cp -L "$lib" "$KIT/jre/lib/extra/" ;;
    esac
done

cat > "$KIT/run-tests.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the CUDA tests (package layerlab.backend.cuda), then the PyTorch fixture tests on the GPU (the classes that
# honour -Dlayerlab.test.device, set to $TEST_DEVICE, default cuda:0; they skip with the probe's reason where it is
# unavailable), then the timings (CudaBench: SGEMM, an MLP step, layerlab bench's cases on the GPU, and a kernel
# profile of a few of them; then PyTorch's twins on the same GPU if python3 has it: cuda_bench.py's SGEMM and MLP
# step, pytorch_bench.py --device cuda for the same bench cases). Each phase has a time limit, so that one that hangs
# leaves the others their time. Output: JUnit's trees and summaries on stdout; in $OUT the CUDA tests' XML report
# and junit.log, the fixture tests' in fixtures/, bench.log and profile.log.
# Pass --tests-only to skip the timings; set SANITIZE=1 to run the tests under compute-sanitizer's memcheck
# (out-of-bounds and misaligned device accesses, leaks of launches' errors). Exit status: 0 when both JUnit runs
# pass, else the first failing run's launcher status (1: a test failed).
set -uo pipefail
K=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$K/out}
TEST_DEVICE=${TEST_DEVICE:-cuda:0}
mkdir -p "$OUT/fixtures" "$OUT/extra"
OUT=$(cd "$OUT" && pwd)   # the fixture tests run from another folder
export LD_LIBRARY_PATH="$K/jre/lib/extra${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# cuBLAS 12 from a pip wheel (nvidia-cublas-cu12, as CUDA 12 builds of PyTorch bring it), if python3 has one.
CUBLAS_LIB=$(python3 -c 'import nvidia.cublas as m; print(list(m.__path__)[0] + "/lib")' 2>/dev/null || true)
if [ -n "$CUBLAS_LIB" ] && [ -e "$CUBLAS_LIB/libcublas.so.12" ]; then
    export LD_LIBRARY_PATH="$CUBLAS_LIB:$LD_LIBRARY_PATH"
    echo "cuBLAS 12 from $CUBLAS_LIB"
fi
JAVA=("$K/jre/bin/java" --add-modules jdk.incubator.vector -Xmx8g)
# The tests poison storages an op promises to write whole (NaN), as the Maven build does on the CPU.
TEST_JAVA=("${JAVA[@]}" -Dlayerlab.poisonUninitialized=true)
[ -n "${SANITIZE:-}" ] && TEST_JAVA=(compute-sanitizer --tool memcheck --print-limit 20 "${TEST_JAVA[@]}")
# The fixtures: the repository's engine/src/test/resources (the kit runs from the repository's root, where the GPU
# machine's copy of the working tree is; TEST_RESOURCES names another folder).
RESOURCES=${TEST_RESOURCES:-$PWD/engine/src/test/resources}
if [ ! -d "$RESOURCES/fixtures" ]; then
    echo "run-tests.sh: no fixtures in $RESOURCES: run it from the repository's root, or set TEST_RESOURCES to its engine/src/test/resources" >&2
    exit 2
fi
RESOURCES=$(cd "$RESOURCES" && pwd)   # the tests run from another folder
CP="$K/engine.jar:$K/test-classes.jar:$RESOURCES:$(ls "$K"/lib/*.jar | paste -sd: -)"
JUNIT=(org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors --details=tree
    --include-engine=junit-jupiter)
FIXTURE_TESTS=(layerlab.nn.LayerParityTest layerlab.loss.LossParityTest layerlab.nn.spatial.SpatialParityTest
    layerlab.nn.spatial.UnpoolParityTest layerlab.nn.spatial.AdaptiveMaxIndicesParityTest layerlab.nn.spatial.MaxUnpool1dParityTest
    layerlab.nn.spatial.BatchNormParityTest layerlab.nn.seq.RecurrentParityTest layerlab.nn.seq.LstmProjParityTest
    layerlab.nn.seq.EmbeddingParityTest layerlab.nn.seq.EmbeddingFreqParityTest
    layerlab.nn.seq.SequenceProofTest layerlab.optim.OptimizerFixtureTest layerlab.optim.ClipGradTest
    layerlab.nn.MlpSgdTest layerlab.nn.spatial.CnnTrainingTest layerlab.train.TrainParityTest layerlab.train.FineTuneParityTest
    layerlab.nn.seq.AttentionParityTest layerlab.train.SaliencyTest layerlab.train.TokenSharesTest layerlab.train.FeatureSharesTest
    layerlab.nn.spatial.DropoutTest layerlab.train.TrainerTest layerlab.train.ResumeTest layerlab.train.FeatureSpaceTest
    layerlab.train.FreezeTest layerlab.train.CrossValidationTest layerlab.tensor.SignNonFiniteTest
    layerlab.optim.OptimMoreParityTest layerlab.train.TrainLoopParityTest layerlab.train.LossSumParityTest)
# Device tests too slow for the emulated GPU of the build, run last (after the figures): sequence models trained twice
# to the same bits, and the learning-rate finder.
EXTRA_TESTS=(layerlab.train.SeededRunsRepeatTest layerlab.train.LrFinderTest)
# The bench cases timed on the GPU, by both engines.
CASES=(cnn_train mlp_train resnet_train convnext_train vit_train transformer_train lstm_text_train gru_train textcnn_train)
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
# From the kit's engine/ folder, as Maven runs them from engine/ (CudaHostPathTest reads ../sample-projects; the tests
# that need the kernels' sources, HostCheckTest and CudaEmulatedTest, skip there).
(cd "$K/engine" && timeout 150 "${TEST_JAVA[@]}" -cp "$CP" "${JUNIT[@]}" --select-package=layerlab.backend.cuda \
    --select-class=layerlab.nn.seq.RecurrentDeviceTest --reports-dir="$OUT") 2>&1 | tee "$OUT/junit.log"
cuda_rc=${PIPESTATUS[0]}
echo "---- PyTorch fixture tests on $TEST_DEVICE"
# From the kit's engine/ folder, as Maven runs them from engine/ (TrainParityTest reads ../sample-projects).
(cd "$K/engine" && timeout 150 "${TEST_JAVA[@]}" -Dlayerlab.test.device="$TEST_DEVICE" -cp "$CP" "${JUNIT[@]}" \
    "${FIXTURE_TESTS[@]/#/--select-class=}" --reports-dir="$OUT/fixtures") 2>&1 | tee "$OUT/fixtures/junit.log"
fixture_rc=${PIPESTATUS[0]}
if [ "${1:-}" != "--tests-only" ]; then
    # The parallel collector, as the layerlab launcher runs the bench (the CPU's SimpleCNN step is 5-10% faster).
    timeout 130 "${JAVA[@]}" -XX:+UseParallelGC -cp "$CP" layerlab.backend.cuda.CudaBench "${CASES[@]}" 2>&1 | tee "$OUT/bench.log"
    # Where the GPU's time goes in a step of the issue's two cases and the slowest others (every launch between events).
    timeout 60 "${JAVA[@]}" -XX:+UseParallelGC -cp "$CP" layerlab.backend.cuda.CudaBench profile cnn_train mlp_train convnext_train \
        vit_train gru_train 2>&1 | tee "$OUT/profile.log"
    if python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
        export PYTHONUNBUFFERED=1
        timeout 30 python3 "$K/cuda_bench.py" 2>&1 | tee -a "$OUT/bench.log"
        echo "---- pytorch_bench.py --device cuda (median of 5 windows of 1 s after 3 s of warm-up)" | tee -a "$OUT/bench.log"
        timeout 100 python3 "$K/pytorch_bench.py" --device cuda --warmup 3 "${CASES[@]/#/--case=}" 2>&1 | tee -a "$OUT/bench.log"
    fi
    # A/B of the two launch savings that only a real GPU can time: split products summed by a reduce launch instead of
    # their tiles' last blocks, and the recurrent layers' steps launched one by one instead of in fused chunks.
    echo "---- A/B: -Dlayerlab.cuda.serialSplitK=false -Dlayerlab.cuda.fusedSteps=false" | tee "$OUT/ab.log"
    timeout 70 "${JAVA[@]}" -XX:+UseParallelGC -Dlayerlab.cuda.serialSplitK=false -Dlayerlab.cuda.fusedSteps=false -cp "$CP" \
        layerlab.backend.cuda.CudaBench mlp_train cnn_train gru_train lstm_text_train 2>&1 | tee -a "$OUT/ab.log"
fi
echo "---- slower device tests on $TEST_DEVICE"
(cd "$K/engine" && timeout 150 "${TEST_JAVA[@]}" -Dlayerlab.test.device="$TEST_DEVICE" -cp "$CP" "${JUNIT[@]}" \
    "${EXTRA_TESTS[@]/#/--select-class=}" --reports-dir="$OUT/extra") 2>&1 | tee "$OUT/extra/junit.log"
extra_rc=${PIPESTATUS[0]}
# Aborted tests were skipped by an assumption (a device that is unavailable): they prove nothing, so say how many.
aborted() { sed -n 's/.* \([0-9][0-9]*\) tests aborted .*/\1/p' "$1" | tail -n 1; }
echo "run-tests: CUDA tests exit $cuda_rc ($(aborted "$OUT/junit.log") aborted)," \
    "fixture tests on $TEST_DEVICE exit $fixture_rc ($(aborted "$OUT/fixtures/junit.log") aborted)," \
    "slower device tests exit $extra_rc ($(aborted "$OUT/extra/junit.log") aborted)"
[ "$cuda_rc" -ne 0 ] && exit "$cuda_rc"
[ "$fixture_rc" -ne 0 ] && exit "$fixture_rc"
exit "$extra_rc"
RUN
chmod +x "$KIT/run-tests.sh"
du -sh "$KIT/jre" "$KIT/lib"
# The kit travels to the GPU machine as a carried path, with the repository's tracked files: 64 MiB in all. As a
# tarball it is a third smaller (libjvm.so compresses well): carry target/gpu-kit.tar.gz and unpack it there.
tar -czf target/gpu-kit.tar.gz -C target gpu-kit
tracked=$(git ls-files -z | xargs -0 stat -c %s 2>/dev/null | awk '{s += $1} END {print s + 0}')
for carried in "$KIT" target/gpu-kit.tar.gz; do
    size=$(du -sb "$carried" | cut -f1)
    echo "$carried: $((size >> 20)) MiB + tracked files $((tracked >> 20)) MiB = $(((size + tracked) >> 20)) MiB of the 64 MiB that travel"
done
