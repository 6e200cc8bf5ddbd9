package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void regressionErrorsAndTheCoefficientOfDetermination() {
        // y = 1, 2, 3, 4 and ŷ = 1, 2, 3, 5 in two batches: SSE 1, SST 5 (mean 2.5), so R² = 0.8; RMSE √(1/4); MAE 1/4.
        Metrics m = Metrics.forTask(Metrics.Task.REGRESSION, false);
        m.add(0, 2, Tensor.of(new float[] {1, 2}, 2, 1), Tensor.of(new float[] {1, 2}, 2, 1));
        m.add(0, 2, Tensor.of(new float[] {3, 5}, 2, 1), Tensor.of(new float[] {3, 4}, 2, 1));
        assertEquals(0.25, m.mae(), 1e-12);
        assertEquals(0.5, m.rmse(), 1e-12);
        assertEquals(0.8, m.r2(), 1e-12);

        Metrics flat = Metrics.forTask(Metrics.Task.REGRESSION, false);
        flat.add(0, 2, Tensor.of(new float[] {1, 2}, 2, 1), Tensor.of(new float[] {3, 3}, 2, 1));
        assertTrue(Double.isNaN(flat.r2()), "equal targets: nothing to explain");
        assertTrue(Double.isNaN(Metrics.forTask(Metrics.Task.MULTICLASS, false).rmse()), "not for classifiers");
    }
}
