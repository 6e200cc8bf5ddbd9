package layerlab.backend.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import layerlab.backend.Backend;
import layerlab.backend.Backends;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.LinearAlgebra;
import layerlab.tensor.Tensor;

/**
 * Timings for the CUDA backend (a main, not a test): SGEMM GFLOP/s on square sizes, and one training step of
 * a Linear-heavy MLP (784-512-512-10, batch 64, SGD, cross entropy as log_softmax + NLL) on the GPU and on the
 * CPU backend. Run by target/gpu-kit/run-tests.sh; {@code cpu} as the first argument times the CPU only.
 */
public final class CudaBench {
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
