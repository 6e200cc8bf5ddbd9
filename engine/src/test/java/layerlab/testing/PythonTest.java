package layerlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run in the python3 zygote answers as {@code python3} run alone does: the same output and exit status for a script,
 * {@code -c} and {@code -m}, exit codes, tracebacks, argparse's errors, stdin, environment, threads and atexit; each run
 * starts from a fresh interpreter's state; a run past its timeout fails and the next runs; a killed zygote is replaced.
 */
class PythonTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsTheZygote() {
        Torch.assume();
        org.junit.jupiter.api.Assumptions.assumeTrue(PythonZygote.ENABLED, "-Dlayerlab.python.zygote=false");
    }

    /** Runs {@code p} in the zygote and alone; asserts both answer the same and returns the zygote's answer. */
    private static Python.Result same(Python p) throws Exception {
        Python.Result forked = PythonZygote.run(p);
        assertNotNull(forked, "the zygote ran " + p);
        assertEquals(p.alone(), forked, p.toString());
        return forked;
    }

    private Path script(String name, String... lines) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    @Test
    void aScriptSeesWhatPython3GivesIt() throws Exception {
        script("s.py", "import os, sys", "print(__name__, repr(__file__), sys.argv, sys.path[0], os.getcwd(), __package__, __spec__)",
                "print(sorted(k for k in globals()))", "print(os.environ.get('LAYERLAB_ZYGOTE_TEST'))");
        Python.Result r = same(Python.of("s.py", "a b", "--train").in(dir).env("LAYERLAB_ZYGOTE_TEST", "ö"));
        assertTrue(r.output().startsWith("__main__ '" + dir.toRealPath().resolve("s.py") + "' ['s.py', 'a b', '--train'] " + dir.toRealPath()), r.output());
        assertTrue(r.output().endsWith("\nö\n"), r.output());
        same(Python.of("-c", "import sys; print(__name__, sys.argv, repr(sys.path[0]), sorted(globals()))", "x", "y"));
        same(Python.of("-m", "json.tool").stdin("{\"a\": [1, 2]}"));
    }

    @Test
    void exitStatusesAndTracebacksAreThoseOfPython3() throws Exception {
        assertEquals(3, same(Python.of("-c", "import sys; print('before'); sys.exit(3)")).exit());
        assertEquals(1, same(Python.of("-c", "import sys; sys.exit('bye')")).exit());
        assertEquals(0, same(Python.of("-c", "raise SystemExit")).exit());
        script("raises.py", "def f(x):", "    return 1 / x", "", "try:", "    f(0)", "except ZeroDivisionError as e:", "    raise ValueError('no') from e");
        Python.Result r = same(Python.of(dir.resolve("raises.py").toString()));
        assertEquals(1, r.exit());
        assertTrue(r.output().startsWith("Traceback (most recent call last):\n  File \"" + dir.resolve("raises.py")), r.output());
        assertTrue(r.output().endsWith("ValueError: no\n"), r.output());
        script("syntax.py", "def (");
        assertEquals(1, same(Python.of(dir.resolve("syntax.py").toString())).exit());
        assertEquals(2, same(Python.of(dir.resolve("missing.py").toString())).exit());
        script("cli.py", "import argparse", "p = argparse.ArgumentParser()", "p.add_argument('--train', nargs=2)", "if __name__ == '__main__':",
                "    p.parse_args()");
        assertEquals(2, same(Python.of(dir.resolve("cli.py").toString(), "--train", "x")).exit());
        assertEquals(1, same(Python.of("-m", "py_compile", dir.resolve("syntax.py").toString())).exit());
        assertEquals(128 + 9, same(Python.of("-c", "import os; print('x'); os.kill(os.getpid(), 9)")).exit());
    }

    @Test
    void outputThreadsAndAtexitComeAsInPython3() throws Exception {
        same(Python.of("-c", "import sys; print('out'); print('err', file=sys.stderr); sys.stdout.write('no newline')"));
        same(Python.of("-c", String.join("\n", "import atexit, threading, time", "atexit.register(print, 'at exit')",
                "threading.Thread(target=lambda: (time.sleep(0.2), print('thread'))).start()", "print('main ends')")));
        same(Python.of("-c", "import sys; print(sys.stdin.read().upper(), end='')").stdin("line one\nzwei ö\n"));
        same(Python.of("-c", "import sys; print(repr(sys.stdin.read()))"));
    }

    /**
     * Each run starts as a fresh python3: torch's thread count, no state left by the run before, seeds of its own (two
     * runs draw alike only where seeded, as two processes do).
     */
    @Test
    void eachRunStartsFresh() throws Exception {
        String state = "import torch, json; print(torch.get_num_threads(), hasattr(json, 'seen'))";
        Python.Result first = same(Python.of("-c", state));
        assertEquals("", Torch.python(0, "-c", "import torch, json; torch.manual_seed(1); json.seen = 1; torch.set_num_threads(2)"));
        assertEquals(first, PythonZygote.run(Python.of("-c", state)));
        same(Python.of("-c", "import torch; torch.manual_seed(5); print(torch.rand(3).tolist())"));
        String draw = "import random, numpy, torch; print(torch.initial_seed(), torch.rand(3).tolist(), numpy.random.rand(), random.random())";
        List<String> one = List.of(Torch.python(0, "-c", draw).strip().split(" ")), two = List.of(Torch.python(0, "-c", draw).strip().split(" "));
        for (String d : one) assertFalse(two.contains(d), one + " and " + two);
        // Torch's intra-op pool starts in the child: a parallel op ends (a pool started before fork can hang it).
        assertEquals("16777216.0\n", Python.of("-c", "import torch; torch.set_num_threads(2); print(float((torch.ones(256, 256) @ torch.ones(256, 256)).sum()))")
                .timeout(Duration.ofMinutes(2)).expect(0));
    }

    @Test
    void aRunPastItsTimeoutFailsAndTheNextRuns() throws Exception {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Python.of("-c", "import time; print('started', flush=True); time.sleep(600)").timeout(Duration.ofMillis(500)).run());
        assertTrue(e.getMessage().contains("ran past") && e.getMessage().contains("started"), e.getMessage());
        assertEquals("next\n", Torch.python(0, "-c", "print('next')"));
    }

    /** A zygote killed under a run takes the run's child with it, and the run starts again in a new zygote. */
    @Test
    void aZygoteThatDiedIsReplaced() throws Exception {
        Torch.python(0, "-c", "pass");
        long zygote = PythonZygote.pid().orElseThrow();
        Path started = dir.resolve("child.pid");
        String run = String.join("\n", "import os, sys, time", "if os.path.exists(sys.argv[1]):", "    print('again')", "    sys.exit()",
                "open(sys.argv[1] + '.tmp', 'w').write(str(os.getpid()))", "os.rename(sys.argv[1] + '.tmp', sys.argv[1])", "time.sleep(600)");
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            try {
                return Torch.python(0, "-c", run, started.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(started)) {
            assertTrue(System.nanoTime() < end, "the run did not start in a minute");
            Thread.sleep(20);
        }
        Optional<ProcessHandle> child = ProcessHandle.of(Long.parseLong(Files.readString(started)));
        ProcessHandle.of(zygote).orElseThrow().destroyForcibly();
        if (child.isPresent()) child.get().onExit().get(60, TimeUnit.SECONDS);
        assertEquals("again\n", second.get(120, TimeUnit.SECONDS));
        assertNotEquals(zygote, PythonZygote.pid().orElseThrow());
    }

    /**
     * Options of python3 itself, environment only a starting interpreter reads, and a folder that is not there (which
     * fails to start) take a process of their own.
     */
    @Test
    void whatAForkCannotGiveRunsAlone() throws Exception {
        for (Python p : List.of(Python.of("-u", "-c", "print(1)"), Python.of("-c", "import os; print(os.environ['PYTHONHASHSEED'])").env("PYTHONHASHSEED", "7"),
                Python.of("-c", "pass").in(dir.resolve("missing"))))
            assertNull(PythonZygote.run(p), p.toString());
        assertThrows(java.io.IOException.class, () -> Python.of("-c", "pass").in(dir.resolve("missing")).run());
        assertEquals("7\n", Python.of("-c", "import os; print(os.environ['PYTHONHASHSEED'])").env("PYTHONHASHSEED", "7").expect(0));
    }
}
