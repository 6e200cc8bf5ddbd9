package layerlab.bench;

import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/** {@code gemm_N}: an N×N by N×N float32 matrix product through {@code Tensor.matmul}, as {@code torch.mm}. */
final class GemmCase implements StepCase {
    private final int n;

    GemmCase(int n) {
        this.n = n;
    }

    @Override
    public String name() {
        return "gemm_" + n;
    }

    @Override
    public String description() {
        return n + "×" + n + " matrix product (torch.mm)";
    }

    @Override
    public Unit unit() {
        return Unit.FLOPS;
    }

    @Override
    public double workPerStep() {
        return 2.0 * n * n * n;
    }

    @Override
    public Runnable prepare(Device device) {
        Generator g = new Generator(1);
        Tensor a = Tensor.randn(g, n, n).to(device), b = Tensor.randn(g, n, n).to(device);
        return () -> a.matmul(b);
    }
}
