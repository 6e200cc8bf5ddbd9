package layerlab.backend.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import layerlab.backend.Backend;
import layerlab.backend.Backends;
import layerlab.backend.cpu.Parallel;
import layerlab.bench.BenchCases;
import layerlab.bench.BenchRunner;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.LinearAlgebra;
import layerlab.tensor.Tensor;

/**
 * Timings for the CUDA backend (a main, not a test): SGEMM GFLOP/s on square sizes, and one training step of
 * a Linear-heavy MLP (784-512-512-10, batch 64, SGD, cross entropy as log_softmax + NLL) on the GPU and on the
 * CPU backend; then {@code layerlab bench}'s own {@code cnn_train} and {@code mlp_train} (the same case classes and
 * runner, so the figures compare with the bench's) on the GPU and on the CPU backend at 2 threads (our 2-core
 * development machine) and at every core, with the GPU's speed-up over each. Run by target/gpu-kit/run-tests.sh;
 * {@code cpu} as the first argument times the CPU only.
 */
public final class CudaBench {
    /** The bench cases timed on both devices. */
    static final List<String> BENCH_CASES = List.of("cnn_train", "mlp_train");

    private CudaBench() {}

    public static void main(String[] args) {
        boolean cpuOnly = args.length > 0 && args[0].equals("cpu");
        List<String> rows = new ArrayList<>();
        if (!cpuOnly) {
            var a = Backends.availability(Device.Kind.CUDA);
            if (!a.available()) {
                System.out.println("CUDA unavailable: " + a.detail());
                return;
            }
            System.out.println("GPU: " + a.detail());
            CudaBackend be = (CudaBackend) Backends.get(Device.cuda(0));
            for (int n : new int[] {1024, 2048, 4096}) rows.add(String.format("sgemm %d^3 (ours, fp32 SIMT): %.0f GFLOP/s", n, sgemm(be, n)));
            double gpu = mlpStep(Device.cuda(0), 30, 300);
            rows.add(String.format("MLP 784-512-512-10 b64 SGD step, cuda: %.3f ms", gpu));
        }
        double cpu = mlpStep(Device.CPU, 10, 50);
        rows.add(String.format("MLP 784-512-512-10 b64 SGD step, cpu (%d threads): %.3f ms", Runtime.getRuntime().availableProcessors(), cpu));
        System.out.println("---- LayerLab timings");
        rows.forEach(System.out::println);
        System.out.println("---- layerlab bench cases (its defaults: median of 5 windows of 1 s after 6 s of warm-up)");
        benchCases(!cpuOnly);
    }

    /**
     * Times each of {@link #BENCH_CASES} on the CPU at every core and at 2 threads, then on cuda:0 (when {@code gpu}),
     * printing each figure as it comes and then the GPU's speed-ups (CPU ms per step over GPU ms per step). A first
     * round on the CPU goes untimed: in a fresh JVM the bench's 6 s of warm-up leave the CPU kernels short of their
     * speed (on our 2-core machine cnn_train's first figure was 21.8 ms per step, the next 14.7), and a slow CPU figure
     * would flatter the GPU. A case that fails is reported and the next one still runs: one run of the kit should
     * bring back every figure it can.
     */
    static void benchCases(boolean gpu) {
        int cores = Runtime.getRuntime().availableProcessors();
        for (String name : BENCH_CASES) {
            try {
                Parallel.setThreads(cores);
                new BenchRunner(1, 1.0, 6.0, Device.CPU).runAll(BenchCases.get(name), cores);
                double cpuAll = benchCase(name, Device.CPU, cores), cpu2 = benchCase(name, Device.CPU, 2);
                double onGpu = gpu ? benchCase(name, Device.cuda(0), cores) : Double.NaN;
                if (gpu) {
                    System.out.println(activityPerStep(name));
                    System.out.printf("%s speed-up on cuda:0: %.1fx over the CPU backend at 2 threads, %.1fx at %d threads%n",
                            name, cpu2 / onGpu, cpuAll / onGpu, cores);
                }
            } catch (RuntimeException e) {
                System.out.println(name + " failed: " + e);
                e.printStackTrace();
            }
        }
    }

    /** Milliseconds per step of bench case {@code name} on {@code device} with {@code threads} CPU threads; prints its row. */
    static double benchCase(String name, Device device, int threads) {
        Parallel.setThreads(threads);
        BenchRunner.Result r = new BenchRunner(5, 1.0, 6.0, device).runAll(BenchCases.get(name), threads).get(0);
        System.out.println(r.toText());
        return r.msPerStep();
    }

    /**
     * What one step of bench case {@code name} asks of the GPU (mean over 20 steps after 5 untimed): kernel launches,
     * waits for the stream and storages allocated. A launch-bound step's time is roughly launches × the host's cost
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
        for (int i = 0; i < steps; i++) step.run();
        be.synchronize();
        long[] after = be.activityCounts();
        return String.format("%s on cuda:0 per step: %.1f kernel launches, %.1f waits for the GPU, %.1f storages allocated; %s",
                name, (after[0] - before[0]) / (double) steps, (after[1] - before[1] - 1) / (double) steps,
                (after[2] - before[2]) / (double) steps, be.describe());
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
