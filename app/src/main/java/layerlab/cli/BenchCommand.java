package layerlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import layerlab.backend.Backends;
import layerlab.backend.cpu.Gemm;
import layerlab.backend.cpu.HeapPages;
import layerlab.backend.cpu.Parallel;
import layerlab.bench.BenchCase;
import layerlab.bench.BenchCases;
import layerlab.bench.BenchRunner;
import layerlab.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code layerlab bench}: where every speed figure lives. Its twin {@code bench/pytorch_bench.py} runs the
 * same cases in PyTorch; {@code bench/compare.py} alternates the two and prints the ratio table. With
 * {@code --device cuda} the step cases run on the GPU; an unavailable device, or a case that cannot run there, is one
 * line on stderr and exit code 2, as in {@code train}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time LayerLab's engine on standard cases (medians of timed windows after warm-up).")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--case", paramLabel = "NAME", description = "case to run (repeatable; default: all). See --list.")
    List<String> cases;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = "cpu, cuda[:N] or auto (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "timed windows per case (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "1.0", description = "length of a timed window (default: ${DEFAULT-VALUE})")
    double window;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "6.0", description = "warm-up before timing (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--json", description = "one JSON object per line (case, device, threads, samples_per_s or gflops, ms_per_step, runs)")
    boolean json;

    @Option(names = "--list", description = "list the cases and exit")
    boolean list;

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "bench", this::bench);
    }

    private int bench() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (String n : BenchCases.names()) out.printf(java.util.Locale.ROOT, "%-16s %s%n", n, BenchCases.get(n).description());
            return CliSupport.OK;
        }
        CliSupport.checkDevice(device);
        if (runs < 1) throw new CliSupport.BadInput("--runs must be at least 1, got " + runs);
        if (!(window > 0)) throw new CliSupport.BadInput("--window must be more than 0 seconds, got " + window);
        if (!(warmup >= 0)) throw new CliSupport.BadInput("--warmup must be 0 seconds or more, got " + warmup);
        Device on = Backends.resolve(device);
        List<String> names = casesFor(on);
        if (threads != null) {
            if (threads < 1) throw new CliSupport.BadInput("--threads must be at least 1, got " + threads);
            Parallel.setThreads(threads);
        }
        if (!json) {
            out.println(on.kind() == Device.Kind.CPU ? Gemm.describe() : Backends.get(on).describe());
            out.println(HeapPages.describe());
        }
        BenchRunner runner = new BenchRunner(runs, window, warmup, on);
        for (String n : names) {
            BenchCase c = BenchCases.get(n);
            for (BenchRunner.Result r : runner.runAll(c, Parallel.threads())) {
                out.println(json ? r.toJson() : r.toText());
                out.flush();
            }
        }
        return CliSupport.OK;
    }

    /**
     * The cases to run on {@code on}, checked before anything runs: an unknown name, or a named case that cannot run
     * there, is an error; of all cases (no --case) those that cannot run there are left out, in one line on stderr.
     */
    private List<String> casesFor(Device on) {
        if (cases != null && !cases.isEmpty()) {
            for (String n : cases) {
                if (!BenchCases.get(n).runsOn(on)) throw new CliSupport.BadInput(BenchRunner.cannotRun(n, on));
                String lacks = BenchCases.get(n).unavailable();
                if (lacks != null) throw new CliSupport.BadInput(lacks);
            }
            return cases;
        }
        List<String> names = new ArrayList<>(), skipped = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        for (String n : BenchCases.names()) {
            BenchCase c = BenchCases.get(n);
            if (!c.runsOn(on)) skipped.add(n);
            else if (c.unavailable() != null) err.println("layerlab bench: skipping " + n + ": " + c.unavailable());
            else names.add(n);
        }
        if (!skipped.isEmpty()) err.println("layerlab bench: skipping " + String.join(", ", skipped) + ": cannot run on " + on);
        err.flush();
        return names;
    }
}
