#!/usr/bin/env bash
# Builds target/gpu-kit: everything needed to run the CUDA tests and timings on a GPU machine that has an
# NVIDIA driver but no Java, Maven or network — a jlink'd JRE, the engine jar, its compiled tests, the runtime
# jars (JCuda with only the Linux driver natives, Jackson) and the JUnit console launcher — plus run-tests.sh.
# target/ is git-ignored, so the kit travels to such a machine as a carried path:
#   engine/src/main/cuda/gpu-kit.sh            # here
#   target/gpu-kit/run-tests.sh                # there: JUnit summary on stdout, XML report + logs in $OUT
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
cp -r engine/target/test-classes "$KIT/test-classes"
cp engine/src/test/python/cuda_bench.py "$KIT/"

# The backend uses JCuda's driver API only: drop cuBLAS and, from the natives jar, the 24 MB PTX compiler
# and NVRTC (they would need CUDA 12 toolkit libraries anyway).
rm -f "$KIT"/lib/jcublas*.jar
for natives in "$KIT"/lib/jcuda-natives-*.jar; do
    tmp=$(mktemp -d)
    (cd "$tmp" && "$JDK/bin/jar" xf "$ROOT/$natives" && find lib -name '*.so' ! -name 'libJCudaDriver*' ! -name 'libJCudaRuntime*' -delete)
    rm "$natives"
    "$JDK/bin/jar" --create --file "$natives" -C "$tmp" .
    rm -rf "$tmp"
done

# A JRE with just the modules the engine and the runtime jars use (jdeps, jar by jar), plus the Vector API
# module the CPU GEMM opens at run time. Test classes are left out of the scan: tests of other packages pull
# in java.desktop, and the kit runs only the CUDA package.
CP=$(ls "$KIT"/lib/*.jar | paste -sd: -)
MODS=jdk.incubator.vector,jdk.zipfs   # zipfs: JUnit scans jars for test classes through it
for jar in "$KIT/engine.jar" "$KIT"/lib/*.jar; do
    MODS="$MODS,$("$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 --class-path "$CP" "$jar" 2>/dev/null | tail -n 1 || true)"
done
MODS=$(echo "$MODS" | tr ',' '\n' | grep -v '^$' | sort -u | paste -sd, -)
echo "jlink modules: $MODS"
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODS" --strip-debug --no-header-files --no-man-pages \
    --compress=2 --output "$KIT/jre"
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
# Runs the CUDA tests (package layerlab.backend.cuda) and then the timings (CudaBench, cuda_bench.py with
# PyTorch if python3 has it). Output: JUnit's tree and summary on stdout; XML report and logs in $OUT.
# Pass --tests-only to skip the timings; set SANITIZE=1 to run the tests under compute-sanitizer's memcheck
# (out-of-bounds and misaligned device accesses, leaks of launches' errors). Exit status: the JUnit launcher's.
set -uo pipefail
K=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$K/out}
mkdir -p "$OUT"
export LD_LIBRARY_PATH="$K/jre/lib/extra${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
JAVA=("$K/jre/bin/java" --add-modules jdk.incubator.vector -Xmx8g)
TEST_JAVA=("${JAVA[@]}")
[ -n "${SANITIZE:-}" ] && TEST_JAVA=(compute-sanitizer --tool memcheck --print-limit 20 "${JAVA[@]}")
CP="$K/engine.jar:$K/test-classes:$(ls "$K"/lib/*.jar | paste -sd: -)"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
"${TEST_JAVA[@]}" -cp "$CP" org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors \
    --details=tree --include-engine=junit-jupiter --select-package=layerlab.backend.cuda --reports-dir="$OUT" 2>&1 \
    | tee "$OUT/junit.log"
rc=${PIPESTATUS[0]}
if [ "${1:-}" != "--tests-only" ]; then
    "${JAVA[@]}" -cp "$CP" layerlab.backend.cuda.CudaBench 2>&1 | tee "$OUT/bench.log"
    if python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
        PYTHONUNBUFFERED=1 python3 "$K/cuda_bench.py" 2>&1 | tee -a "$OUT/bench.log"
    fi
fi
exit "$rc"
RUN
chmod +x "$KIT/run-tests.sh"
du -sh "$KIT" "$KIT/jre" "$KIT/lib"
