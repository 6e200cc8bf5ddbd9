package layerlab.testing;

import java.util.ArrayList;
import java.util.List;
import layerlab.data.TensorDataset;

/** Made-up MNIST-shaped data that the PyTorch fixture scripts make the same way. */
public final class ParityData {
    private ParityData() {}

    /**
     * {@code n} samples of {@code [1, 28, 28]}: x[i, j] = 0.5 + 0.5·sin(0.37·i + 0.0113·j) (in float64, then float32),
     * labels (7·i + 3) mod 10 (the data of engine/src/test/resources/fixtures/train/neural_network_sgd.json).
     */
    public static TensorDataset sinusoidDigits(int n) {
        float[] x = new float[n * 784];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 784; j++) x[i * 784 + j] = (float) (0.5 + 0.5 * Math.sin(0.37 * i + 0.0113 * j));
            y[i] = (7L * i + 3) % 10;
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < 10; c++) classes.add(Integer.toString(c));
        return TensorDataset.classification("parity", x, new int[] {1, 28, 28}, y, classes);
    }
}
