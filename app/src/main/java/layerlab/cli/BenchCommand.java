package layerlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import layerlab.backend.cpu.Gemm;
import layerlab.backend.cpu.Parallel;
import layerlab.bench.BenchCase;
import layerlab.bench.BenchCases;
import layerlab.bench.BenchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code layerlab bench}: where every speed figure lives. Its twin {@code bench/pytorch_bench.py} runs the
 * same cases in PyTorch; {@code bench/compare.py} alternates the two and prints the ratio table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time LayerLab's engine on standard cases (medians of timed windows after warm-up).")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--case", paramLabel = "NAME", description = "case to run (repeatable; default: all). See --list.")
    List<String> cases;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "timed windows per case (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "1.0", description = "length of a timed window (default: ${DEFAULT-VALUE})")
    double window;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "6.0", description = "warm-up before timing (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--json", description = "one JSON object per line (case, threads, samples_per_s or gflops, ms_per_step, runs)")
    boolean json;

    @Option(names = "--list", description = "list the cases and exit")
    boolean list;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (String n : BenchCases.names()) out.printf("%-16s %s%n", n, BenchCases.get(n).description());
            return 0;
        }
        List<String> names = cases == null || cases.isEmpty() ? BenchCases.names() : cases;
        for (String n : names) BenchCases.get(n); // unknown names fail before anything runs
        if (threads != null) {
            if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            Parallel.setThreads(threads);
        }
        if (!json) out.println(Gemm.describe());
        BenchRunner runner = new BenchRunner(runs, window, warmup);
        for (String n : names) {
            BenchCase c = BenchCases.get(n);
            for (BenchRunner.Result r : runner.runAll(c, Parallel.threads())) {
                out.println(json ? r.toJson() : r.toText());
                out.flush();
            }
        }
        return 0;
    }
}
