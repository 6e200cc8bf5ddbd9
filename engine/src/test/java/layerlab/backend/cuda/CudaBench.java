package layerlab.backend.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import layerlab.backend.Backend;
import layerlab.backend.Backends;
import layerlab.bench.BenchCases;
import layerlab.bench.BenchRunner;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.LinearAlgebra;
import layerlab.tensor.Tensor;

/**
 * Timings for the CUDA backend (a main, not a test): SGEMM GFLOP/s on square sizes, and one training step of
 * a Linear-heavy MLP (784-512-512-10, batch 64, SGD, cross entropy as log_softmax + NLL) on the GPU; then
 * {@code layerlab bench}'s own cases (the same case classes and runner, so the figures compare with the bench's and
 * with {@code bench/pytorch_bench.py --device cuda}) on cuda:0, each with what one of its steps asks of the GPU.
 * The CPU figures the speed-ups are taken against come from {@code layerlab bench --threads 2} on the 2-core
 * development machine, not from the GPU machine's CPU. Run by target/gpu-kit/run-tests.sh; arguments name the bench
 * cases (default {@link #BENCH_CASES}); {@code cpu} as the first argument times the MLP step on the CPU instead.
 */
public final class CudaBench {
    /** The bench cases timed on the GPU, the two bars first (a case that breaks the context spoils the rest). */
    static final List<String> BENCH_CASES = List.of("cnn_train", "mlp_train", "resnet_train", "convnext_train", "vit_train",
            "transformer_train", "lstm_text_train", "gru_train", "textcnn_train", "cnn_infer", "mlp_infer");

    private CudaBench() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("cpu")) {
            System.out.printf("MLP 784-512-512-10 b64 SGD step, cpu (%d threads): %.3f ms%n",
                    Runtime.getRuntime().availableProcessors(), mlpStep(Device.CPU, 10, 50));
            return;
        }
        var a = Backends.availability(Device.Kind.CUDA);
        if (!a.available()) {
            System.out.println("CUDA unavailable: " + a.detail());
            return;
        }
        System.out.println("GPU: " + a.detail());
        CudaBackend be = (CudaBackend) Backends.get(Device.cuda(0));
        if (args.length > 0 && args[0].equals("profile")) {
            System.out.println(hostCosts(be));
            for (String name : args.length > 1 ? List.of(args).subList(1, args.length) : BENCH_CASES) {
                try {
                    System.out.println(kernelProfile(be, name, 40));
                } catch (RuntimeException e) {
                    System.out.println(name + " failed: " + e);
                    e.printStackTrace(System.out);
                }
            }
            return;
        }
        System.out.println("---- LayerLab timings (" + be.describe() + ")");
        for (int n : new int[] {1024, 2048, 4096}) System.out.printf("sgemm %d^3: %.0f GFLOP/s%n", n, sgemm(be, n));
        System.out.printf("MLP 784-512-512-10 b64 SGD step, cuda: %.3f ms%n", mlpStep(Device.cuda(0), 30, 300));
        System.out.println("---- layerlab bench cases on cuda:0 (median of 5 windows of 1 s after 3 s of warm-up)");
        benchCases(args.length > 0 ? List.of(args) : BENCH_CASES);
    }

    /**
     * Times each case on cuda:0, printing its bench row and its activity per step as they come. A case that fails is
     * reported and the next one still runs: one run of the kit should bring back every figure it can.
     */
    static void benchCases(List<String> names) {
        for (String name : names) {
            try {
                BenchRunner.Result r = new BenchRunner(5, 1.0, 3.0, Device.cuda(0)).runAll(BenchCases.get(name), 1).get(0);
                System.out.println(r.toText());
                System.out.println("  " + activityPerStep(name));
            } catch (RuntimeException e) {
                System.out.println(name + " failed: " + e);
                e.printStackTrace(System.out);
            }
        }
    }

    /**
     * What one step of bench case {@code name} asks of the GPU (mean over 20 steps after 5 untimed): kernel launches,
     * waits for the stream, storages allocated, memsets and blocks the pool had to ask the driver for. A launch-bound step's time is roughly launches × the host's cost
     * of one launch, plus a GPU round trip per wait.
     */
    static String activityPerStep(String name) {
        Device gpu = Device.cuda(0);
        CudaBackend be = (CudaBackend) Backends.get(gpu);
        layerlab.bench.StepCase c = (layerlab.bench.StepCase) BenchCases.get(name);
        Runnable step = c.prepare(gpu);
        for (int i = 0; i < 5; i++) step.run();
        be.synchronize();
        long[] before = be.activityCounts();
        int steps = 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) step.run();
        long t1 = System.nanoTime();
        be.synchronize();
        long t2 = System.nanoTime();
        long[] after = be.activityCounts();
        // A longer run: whether the host keeps its pace (queued) and the GPU keeps up (done), with the collections it took.
        int many = 400;
        long gcBefore = gcCount(), poolBefore = be.activityCounts()[5];
        long t3 = System.nanoTime();
        for (int i = 0; i < many; i++) step.run();
        long t4 = System.nanoTime();
        be.synchronize();
        long t5 = System.nanoTime();
        return String.format("per step: %.1f kernel launches, %.1f waits for the GPU, %.1f storages allocated, %.1f memsets, "
                + "%.1f blocks from the driver; %d steps queued in %.3f ms a step, done %.3f ms a step; %d steps queued in %.3f ms a step, "
                + "done %.3f ms a step, %d garbage collections (%d asked for by the pool)", (after[0] - before[0]) / (double) steps,
                (after[1] - before[1] - 1) / (double) steps, (after[2] - before[2]) / (double) steps, (after[3] - before[3]) / (double) steps,
                (after[4] - before[4]) / (double) steps, steps, (t1 - t0) * 1e-6 / steps, (t2 - t0) * 1e-6 / steps, many,
                (t4 - t3) * 1e-6 / many, (t5 - t3) * 1e-6 / many, gcCount() - gcBefore, be.activityCounts()[5] - poolBefore);
    }

    private static long gcCount() {
        long n = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionCount());
        return n;
    }

    /**
     * What the host pays per launch and per fresh storage (medians of 5 rounds of 20,000, the GPU waited for at the end
     * of each round): the floor under a launch-bound step.
     */
    static String hostCosts(CudaBackend be) {
        Tensor a = Tensor.zeros(be.device(), 1), b = Tensor.zeros(be.device(), 1);
        long pa = be.addr(a), pb = be.addr(b);
        int reps = 20_000;
        double[] launch = new double[5], alloc = new double[5];
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) be.dev.launch1d("axpy_f32", 1, new CudaDevice.Args().f32(1f).ptr(pa).ptr(pb).i32(1));
            be.synchronize();
            launch[r] = (System.nanoTime() - t0) * 1e-3 / reps;
            t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) Tensor.empty(be.device(), DType.FLOAT32, 64);
            be.synchronize();
            alloc[r] = (System.nanoTime() - t0) * 1e-3 / reps;
        }
        Arrays.sort(launch);
        Arrays.sort(alloc);
        return String.format("host cost: %.2f us a launch (axpy of one float), %.2f us a fresh 64-float storage", launch[2], alloc[2]);
    }

    /**
     * Where one step of bench case {@code name} spends the GPU's time: every launch between two events (see
     * {@link CudaDevice#profileKernels}) over 5 steps after 3 s of warm-up, the {@code top} costliest labels with their
     * calls and GPU milliseconds per step, and the step's wall time without timing for comparison (where it exceeds
     * the GPU's time, the step waits on the host: launches, autograd, allocation, reads).
     */
    static String kernelProfile(CudaBackend be, String name, int top) {
        layerlab.bench.StepCase c = (layerlab.bench.StepCase) BenchCases.get(name);
        Runnable step = c.prepare(be.device());
        // As the bench warms up (3 s), so that the untimed figure is the JIT's steady state; then one timed step,
        // discarded, so that the timing code's own first use (class loading, its JIT) lies outside the table.
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) step.run();
        be.synchronize();
        long t0 = System.nanoTime();
        int plain = 20;
        for (int i = 0; i < plain; i++) step.run();
        be.synchronize();
        double wallMs = (System.nanoTime() - t0) * 1e-6 / plain;
        be.dev.profileKernels(true);
        step.run();
        be.dev.kernelTimes();
        be.dev.profileKernels(true);
        int steps = 5;
        try {
            for (int i = 0; i < steps; i++) step.run();
            be.synchronize();
        } finally {
            var times = be.dev.kernelTimes();
            be.dev.profileKernels(false);
            double total = times.values().stream().mapToDouble(v -> v[1]).sum() / steps;
            StringBuilder out = new StringBuilder(String.format("---- %s: %.3f ms a step untimed; GPU time of its launches %.3f ms a step%n",
                    name, wallMs, total));
            times.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1])).limit(top).forEach(e -> {
                double[] v = e.getValue();
                out.append(String.format("  %8.3f ms %5.1f%%  %6.1f calls  %9.1f us/call  %s%n", v[1] / steps, 100 * v[1] / steps / total,
                        v[0] / steps, 1000 * v[1] / v[0], e.getKey()));
            });
            return out.toString();
        }
    }

    /** Median GFLOP/s over 5 rounds of back-to-back products, each round timed between two synchronisations. */
    static double sgemm(CudaBackend be, int n) {
        Generator g = new Generator(1);
        Tensor a = Tensor.randn(g, n, n).to(be.device()), b = Tensor.randn(g, n, n).to(be.device());
        Tensor c = Tensor.empty(be.device(), DType.FLOAT32, n, n);
        int reps = Math.max(3, (int) (2e11 / (2.0 * n * n * n)));
        for (int i = 0; i < 3; i++) be.gemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n, 1, 0, 0, 0);
        double[] rounds = new double[5];
        for (int r = 0; r < rounds.length; r++) {
            be.synchronize();
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) be.gemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n, 1, 0, 0, 0);
            be.synchronize();
            rounds[r] = 2.0 * n * n * n * reps / ((System.nanoTime() - t0) * 1e-9) / 1e9;
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    /** Milliseconds per training step (forward, backward, SGD update, reading the loss), median of 5 rounds. */
    static double mlpStep(Device device, int warm, int steps) {
        Generator g = new Generator(7);
        int[] sizes = {784, 512, 512, 10};
        List<Tensor> params = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            float bound = (float) (1 / Math.sqrt(sizes[l]));
            params.add(Tensor.rand(g, sizes[l + 1], sizes[l]).mul(2 * bound).sub(bound).to(device).requiresGrad(true));
            params.add(Tensor.rand(g, sizes[l + 1]).mul(2 * bound).sub(bound).to(device).requiresGrad(true));
        }
        Tensor x = Tensor.randn(g, 64, 784).to(device);
        long[] y = new long[64];
        for (int i = 0; i < y.length; i++) y[i] = g.nextInt(10);
        Tensor labels = Tensor.ofLongs(y).to(device);
        Backend be = Backends.get(device);
        Runnable step = () -> {
            Tensor h = x;
            for (int l = 0; l < 3; l++) {
                h = LinearAlgebra.linear(h, params.get(2 * l), params.get(2 * l + 1));
                if (l < 2) h = h.relu();
            }
            Tensor loss = h.logSoftmax(1).gatherLast(labels).neg().mean();
            for (Tensor p : params) p.zeroGrad();
            loss.backward();
            for (Tensor p : params) be.optim().sgd(p, p.grad(), null, 0.01f, 0f, 0f, 0f, false, false, false);
            loss.item();
        };
        for (int i = 0; i < warm; i++) step.run();
        double[] rounds = new double[5];
        for (int r = 0; r < rounds.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps / rounds.length; i++) step.run();
            rounds[r] = (System.nanoTime() - t0) * 1e-6 / (steps / rounds.length);
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
