package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;

/**
 * Stand-ins for the NVIDIA driver's {@code libcuda.so.1}, compiled with gcc from a C source among the test resources
 * ({@code stub_driver.c}, {@code fake_driver.c}) plus a do-nothing definition (returning CUDA_SUCCESS) of every other
 * driver function JCuda's own native binding imports, so that binding loads against it as against the real driver.
 * A child JVM started with {@link #childJvm} then runs JCuda's real native code without a GPU.
 */
final class DriverStubs {
    private static final Pattern DEFINED = Pattern.compile("(?m)^int (cu\\w+)\\(");

    private DriverStubs() {}

    /** Skips the calling test, saying why, where JCuda's Linux x86-64 natives, gcc or nm are missing. */
    static Path nativesJarOrSkip() throws InterruptedException {
        Path natives = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("jcuda-natives") && entry.contains("linux-x86_64")) natives = Path.of(entry);
        }
        Assumptions.assumeTrue(natives != null, "JCuda's Linux x86-64 natives are not on the class path");
        Assumptions.assumeTrue(works("gcc", "--version") && works("nm", "--version"), "no gcc or nm on this machine");
        return natives;
    }

    /** Compiles {@code resource} and the do-nothing rest into {@code dir}/libcuda.so.1; returns {@code dir}. */
    static Path compile(Path dir, String resource) throws IOException, InterruptedException {
        String source = resource(resource);
        String rest = undefinedRest(dir, source, "");
        Files.writeString(dir.resolve("stub.c"), source + '\n' + rest);
        run(dir, "gcc", "-O2", "-shared", "-fPIC", "-o", "libcuda.so.1", "stub.c", "-Wl,-soname,libcuda.so.1");
        return dir;
    }

    /**
     * The emulated driver ({@code emulated_driver.cpp}: fake_driver.c's device, whose launches run LayerLab's kernels
     * from engine/src/main/cuda on the CPU) into {@code dir}/libcuda.so.1, with g++ (C++20); skips the caller where g++
     * cannot build it. Every entry point of the bundled PTX goes into its kernel table. About 10 s.
     */
    static Path compileEmulated(Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(works("g++", "-std=c++20", "-x", "c++", "-fsyntax-only", "/dev/null"), "no g++ with C++20 on this machine");
        Path cuda = Path.of("src", "main", "cuda");
        Assumptions.assumeTrue(Files.isDirectory(cuda), "the kernels' sources are not at " + cuda.toAbsolutePath());
        try (var files = Files.list(cuda)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".cuh") || f.toString().endsWith(".cu")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.copy(cuda.resolve("host-check").resolve("cuda_host.h"), dir.resolve("cuda_host.h"));
        Files.writeString(dir.resolve("fake_driver.c"), resource("fake_driver.c"));
        String ptx = resource(CudaDevice.PTX_RESOURCE);
        StringBuilder table = new StringBuilder();
        for (String name : CudaDevice.parameterSizes(ptx).keySet()) table.append("K(").append(name).append(")\n");
        Files.writeString(dir.resolve("kernel_table.inc"), table);
        String source = resource("emulated_driver.cpp");
        String rest = undefinedRest(dir, resource("fake_driver.c") + source, "extern \"C\" ");
        Files.writeString(dir.resolve("driver.cpp"), source + '\n' + rest);
        // -U_FORTIFY_SOURCE: the fibers switch stacks with _longjmp, which a fortified build refuses. -mfma where the CPU
        // has it: the kernels' fmaf becomes one instruction instead of a call (4x faster here; both round once).
        List<String> gxx = new ArrayList<>(List.of("g++", "-std=c++20", "-O2", "-U_FORTIFY_SOURCE", "-ffp-contract=off", "-pthread", "-w",
                "-shared", "-fPIC", "-I.", "-o", "libcuda.so.1", "driver.cpp", "-Wl,-soname,libcuda.so.1"));
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo) && Pattern.compile("(?m)^flags\\s*:.*\\bfma\\b").matcher(Files.readString(cpuinfo)).find()) gxx.add(2, "-mfma");
        run(dir, gxx.toArray(String[]::new));
        return dir;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DriverStubs.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("no resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * A do-nothing definition (each prefixed with {@code linkage}) of every driver function JCuda's native binding imports
     * that {@code source} does not define.
     */
    private static String undefinedRest(Path dir, String source, String linkage) throws IOException, InterruptedException {
        Path natives = nativesJarOrSkip();
        Path binding = dir.resolve("binding.so");
        try (ZipFile zip = new ZipFile(natives.toFile())) {
            ZipEntry e = zip.stream().filter(z -> z.getName().matches(".*/libJCudaDriver-.*\\.so")).findFirst().orElseThrow();
            try (InputStream in = zip.getInputStream(e)) {
                Files.copy(in, binding);
            }
        }
        Set<String> defined = new HashSet<>();
        Matcher m = DEFINED.matcher(source);
        while (m.find()) defined.add(m.group(1));
        StringBuilder src = new StringBuilder();
        for (String line : run(dir, "nm", "-D", "--undefined-only", binding.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            String name = f[f.length - 1].replaceAll("@.*", "");
            if (name.startsWith("cu") && defined.add(name)) src.append(linkage).append("int ").append(name).append("(void) { return 0; }\n");
        }
        return src.toString();
    }

    /** A child JVM on this test's class path running {@code main} with the driver in {@code driverDir}. */
    static ProcessBuilder childJvm(Path driverDir, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true);
        child.environment().put("LD_LIBRARY_PATH", driverDir.toString());
        return child;
    }

    /** Runs {@code child} to its end (at most {@code seconds}); returns its output, failing on a non-zero exit. */
    static String runChild(ProcessBuilder child, int seconds) throws IOException, InterruptedException {
        Process p = child.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), log);
        return log;
    }

    static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted((x, y) -> y.compareTo(x)).forEach(f -> f.toFile().delete());
        }
    }

    private static boolean works(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
