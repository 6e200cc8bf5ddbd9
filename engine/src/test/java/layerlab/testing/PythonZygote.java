package layerlab.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code python3} per test JVM that has imported torch and numpy ({@code python_zygote.py} beside this class, which
 * describes the protocol) and runs each {@link Python} in a forked child: a run costs the fork, not the ~1.5 s of CPU
 * that importing torch takes, and still starts from a fresh interpreter's state (its own modules' state, seeds and
 * torch thread pool). Started at the first run; started again where it died; ended with the JVM. Where it cannot start,
 * {@link #run} answers null and the runs take processes of their own for the rest of the JVM.
 */
final class PythonZygote {
    /** {@code -Dlayerlab.python.zygote=false} runs every python3 as a process of its own (to compare, or to rule the zygote out). */
    static final boolean ENABLED = !"false".equals(System.getProperty("layerlab.python.zygote"));

    /** How long the zygote may take to import torch: seconds on a quiet machine, far more on a loaded one. */
    private static final long START_SECONDS = 300;

    /** How much longer than a run's own timeout (which the zygote keeps) the JVM waits before it gives the zygote up. */
    private static final long GRACE_SECONDS = 60;

    /** Environment variables that only a starting interpreter or library reads (a forked child would not see them). */
    private static final List<String> READ_AT_START = List.of("PYTHON", "OMP_", "MKL_", "OPENBLAS_", "GOMP_", "KMP_", "LD_");

    private static PythonZygote current;
    private static boolean unusable;
    private static volatile Process running;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = running;
            if (p != null) p.destroy();
        }, "python zygote shutdown"));
    }

    private final Process process;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final Path log;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "python zygote reader");
        t.setDaemon(true);
        return t;
    });

    private PythonZygote(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.out = new DataOutputStream(process.getOutputStream());
        this.in = new DataInputStream(process.getInputStream());
    }

    /** What {@code p} printed and its exit status, run in the zygote; null where the zygote cannot run it. */
    static synchronized Python.Result run(Python p) throws IOException {
        if (!ENABLED || unusable || !forkable(p)) return null;
        for (int attempt = 1; ; attempt++) {
            if (current == null) current = start();
            if (current == null) {
                unusable = true;
                return null;
            }
            try {
                return current.request(p);
            } catch (Died e) {
                String said = current.stop();
                current = null;
                if (attempt == 2) throw new IOException("the python3 zygote died twice running " + p + "; it said:\n" + said, e);
            }
        }
    }

    /**
     * Whether a forked child runs {@code p} as {@code python3} would: no interpreter options, nothing read at start, a
     * folder that is there (a process of its own then fails to start, as before).
     */
    private static boolean forkable(Python p) {
        List<String> a = p.args();
        boolean plain = !a.isEmpty() && (a.get(0).equals("-c") || a.get(0).equals("-m") ? a.size() >= 2 : !a.get(0).startsWith("-"));
        return plain && Files.isDirectory(p.folder()) && p.env().keySet().stream().noneMatch(k -> READ_AT_START.stream().anyMatch(k::startsWith));
    }

    private static PythonZygote start() throws IOException {
        String source;
        try (InputStream s = PythonZygote.class.getResourceAsStream("python_zygote.py")) {
            source = new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path log = Files.createTempFile("layerlab-python-zygote", ".log");
        log.toFile().deleteOnExit();
        Process process;
        try {
            process = new ProcessBuilder(Torch.PYTHON, "-c", source).redirectError(log.toFile()).start();
        } catch (IOException e) {
            return null;
        }
        running = process;
        PythonZygote z = new PythonZygote(process, log);
        try {
            List<byte[]> ready = z.answer(START_SECONDS);
            if (Python.text(ready.get(0)).equals("ready")) return z;
        } catch (Died | IOException | TimeoutException e) {
            // Said below.
        }
        System.err.println("the python3 zygote did not start; python3 runs as a process of its own each time. It said:\n" + z.stop());
        return null;
    }

    private Python.Result request(Python p) throws IOException, Died {
        List<byte[]> fields = new ArrayList<>();
        fields.add(bytes("run"));
        fields.add(bytes(p.folder().toString()));
        fields.add(bytes(Double.toString(p.timeout().toMillis() / 1000.0)));
        fields.add(bytes(p.stdin() != null ? "1" : "0"));
        fields.add(bytes(p.stdin() != null ? p.stdin() : ""));
        fields.add(bytes(Integer.toString(p.env().size())));
        for (Map.Entry<String, String> e : p.env().entrySet()) {
            fields.add(bytes(e.getKey()));
            fields.add(bytes(e.getValue()));
        }
        for (String a : p.args()) fields.add(bytes(a));
        try {
            out.writeInt(fields.size());
            for (byte[] f : fields) {
                out.writeInt(f.length);
                out.write(f);
            }
            out.flush();
        } catch (IOException e) {
            throw new Died(e);
        }
        List<byte[]> answer;
        try {
            answer = answer(p.timeout().toSeconds() + GRACE_SECONDS);
        } catch (TimeoutException e) {
            String said = stop();
            current = null;
            throw new AssertionError(p + " ran past " + p.timeout().toSeconds() + " s and the python3 zygote did not answer; it said:\n" + said);
        }
        String output = Python.text(answer.get(2));
        if (Python.text(answer.get(0)).equals("timeout")) throw new AssertionError(p + " ran past " + p.timeout().toSeconds() + " s; it printed:\n" + output);
        return new Python.Result(Integer.parseInt(Python.text(answer.get(1))), output);
    }

    /** The zygote's next message, read within {@code seconds}. */
    private List<byte[]> answer(long seconds) throws IOException, Died, TimeoutException {
        Future<List<byte[]>> next = reader.submit(() -> {
            int n = in.readInt();
            List<byte[]> fields = new ArrayList<>(n);
            for (int i = 0; i < n; i++) fields.add(in.readNBytes(in.readInt()));
            return fields;
        });
        try {
            return next.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the python3 zygote", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) throw new Died(e.getCause());
            throw new IOException("reading the python3 zygote's answer", e.getCause());
        }
    }

    /** Ends the zygote (its running child dies with it) and returns the end of what it wrote to stderr. */
    private String stop() {
        process.destroyForcibly();
        reader.shutdownNow();
        if (running == process) running = null;
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            String said = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return said.length() > 4000 ? "…" + said.substring(said.length() - 4000) : said;
        } catch (IOException e) {
            return "(its log " + log + " could not be read: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The running zygote's process id (none before the first run, or where it cannot start): for the tests of its restart. */
    static synchronized java.util.OptionalLong pid() {
        return current != null ? java.util.OptionalLong.of(current.process.pid()) : java.util.OptionalLong.empty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The zygote's pipe closed under a request: it died (killed, or crashed), and a new one takes the run. */
    private static final class Died extends Exception {
        Died(Throwable cause) {
            super(cause);
        }
    }
}
