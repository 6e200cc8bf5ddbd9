package layerlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** LBFGS's own contract beside its parity (LbfgsParityTest): torch's refusals, its printout, a closure it needs. */
class LBFGSTest {
    @Test
    void refusesWhatTorchRefuses() {
        List<Parameter> ps = List.of(new Parameter(Tensor.zeros(2)));
        LBFGS opt = new LBFGS(ps);
        assertEquals("LBFGS doesn't support per-parameter options (parameter groups)", assertThrows(IllegalArgumentException.class,
                () -> opt.addParamGroup(List.of(new Parameter(Tensor.zeros(1))), Map.of())).getMessage());
        assertEquals("only 'strong_wolfe' is supported", assertThrows(IllegalArgumentException.class,
                () -> new LBFGS(ps, 1, 20, null, 1e-7, 1e-9, 100, "backtracking")).getMessage());
        assertEquals("LBFGS re-evaluates the model several times per step: call step(closure)", assertThrows(IllegalStateException.class, opt::step)
                .getMessage());
    }

    @Test
    void printsLikeTorch() {
        assertEquals("LBFGS (\nParameter Group 0\n    history_size: 100\n    line_search_fn: None\n    lr: 1\n    max_eval: 25\n    max_iter: 20\n"
                + "    tolerance_change: 1e-09\n    tolerance_grad: 1e-07\n)", new LBFGS(List.of(new Parameter(Tensor.zeros(2)))).toString());
    }

    /** A quadratic f(x) = Σ (i+1)·(x_i - 1)²: LBFGS with strong_wolfe reaches its minimum in one step, at most max_eval evaluations. */
    @Test
    void minimisesAQuadraticThroughItsClosure() {
        Parameter x = new Parameter(Tensor.zeros(5));
        LBFGS opt = new LBFGS(List.of(x), 1, 20, null, 1e-7, 1e-9, 100, "strong_wolfe");
        int[] calls = {0};
        double first = opt.step(() -> {
            calls[0]++;
            float[] v = x.data().toFloatArray(), g = new float[5];
            double f = 0;
            for (int i = 0; i < 5; i++) {
                f += (i + 1) * (v[i] - 1.0) * (v[i] - 1.0);
                g[i] = (float) (2 * (i + 1) * (v[i] - 1.0));
            }
            x.data().setGrad(Tensor.of(g, 5));
            return (float) f;
        });
        assertEquals(15.0, first, "the loss where it started");
        for (float v : x.data().toFloatArray()) assertEquals(1.0, v, 1e-5);
        assertEquals(calls[0], opt.funcEvals());
        assertEquals(true, calls[0] <= 25, calls[0] + " evaluations");
    }
}
