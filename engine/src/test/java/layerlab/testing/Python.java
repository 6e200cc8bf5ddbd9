package layerlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A run of {@code python3} ({@link Torch#PYTHON}) for a test: its arguments as on the command line (a script and its
 * arguments, {@code -c} code, {@code -m} module), the folder it runs in ({@code null}: the test JVM's), environment
 * additions, what it reads on stdin ({@code null}: nothing) and how long it may take. {@link #run} runs it in the test
 * JVM's {@link PythonZygote} (torch already imported, each run a forked child: about 1.5 s of CPU less a run) and in a
 * process of its own where the zygote cannot (other python3 options, {@code -Dlayerlab.python.zygote=false}, no zygote).
 * Either way the script sees what {@code python3 args} gives it and answers the same: the same output and exit status.
 */
public record Python(List<String> args, Path dir, Map<String, String> env, String stdin, Duration timeout) {
    /** How long a run may take unless {@link #timeout} says otherwise: ten times the slowest test's on a loaded machine. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** What a run printed, stdout and stderr as they came, and its exit status (128 + a signal that killed it). */
    public record Result(int exit, String output) {
    }

    public Python {
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** {@code python3 args} in the test JVM's folder, with its environment and nothing on stdin. */
    public static Python of(String... args) {
        return new Python(List.of(args), null, Map.of(), null, TIMEOUT);
    }

    /** This run in {@code folder}. */
    public Python in(Path folder) {
        return new Python(args, folder, env, stdin, timeout);
    }

    /** This run with {@code name=value} added to its environment. */
    public Python env(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(name, value);
        return new Python(args, dir, more, stdin, timeout);
    }

    /** This run reading {@code text} (UTF-8) on stdin. */
    public Python stdin(String text) {
        return new Python(args, dir, env, text, timeout);
    }

    /** This run stopped (a test failure) after {@code limit}. */
    public Python timeout(Duration limit) {
        return new Python(args, dir, env, stdin, limit);
    }

    /** Runs it, asserts that it exits with {@code exit} (showing what it printed where not) and returns what it printed. */
    public String expect(int exit) throws IOException {
        Result r = run();
        assertEquals(exit, r.exit(), r.output());
        return r.output();
    }

    /** Runs it in the zygote where it can, else in a process of its own; fails the test where it takes past its timeout. */
    public Result run() throws IOException {
        Result r = PythonZygote.run(this);
        return r != null ? r : alone();
    }

    /** The command as a shell shows it, for messages. */
    @Override
    public String toString() {
        return Torch.PYTHON + " " + String.join(" ", args) + (dir != null ? " (in " + dir + ")" : "");
    }

    /** The folder it runs in, absolute. */
    Path folder() {
        return (dir != null ? dir : Path.of("")).toAbsolutePath();
    }

    /** Runs it as a process of its own, as the tests did before the zygote (and still do where it cannot help). */
    Result alone() throws IOException {
        List<String> command = new ArrayList<>(List.of(Torch.PYTHON));
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command).directory(folder().toFile()).redirectErrorStream(true);
        b.environment().putAll(env);
        Process p = b.start();
        CompletableFuture<byte[]> printed = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // It ended (or closed stdin) before reading all: python3 run by a shell sees the same.
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(this + " ran past " + timeout.toSeconds() + " s; it printed:\n" + text(printed.get()));
            }
            return new Result(p.exitValue(), text(printed.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while " + this + " ran", e);
        } catch (ExecutionException e) {
            throw new IOException("reading what " + this + " printed", e.getCause());
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
