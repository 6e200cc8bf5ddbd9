package layerlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.backend.Backends;
import layerlab.backend.OptimKernels;
import layerlab.nn.Parameter;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Parameter groups, checks, zeroing, checkpoints and printing of the optimisers, like torch.optim. */
class OptimizerTest {
    static Parameter param(float... values) {
        return new Parameter(Tensor.of(values));
    }

    @Test
    void invalidHyperParametersAreRejectedWithPyTorchsWords() {
        List<Parameter> ps = List.of(param(1f));
        assertEquals("Invalid learning rate: -0.1", assertThrows(IllegalArgumentException.class, () -> new SGD(ps, -0.1)).getMessage());
        assertEquals("Nesterov momentum requires a momentum and zero dampening",
                assertThrows(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0.9, 0.1, 0, true, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 1.0, 0.999, 1e-8, 0, false, false));
        assertThrows(IllegalArgumentException.class, () -> new RMSprop(ps, 0.1, -0.5, 1e-8, 0, 0, false, false));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(ps, 0.1, -1, 0, 0, 1e-10, false));
        assertEquals("optimizer got an empty parameter list",
                assertThrows(IllegalArgumentException.class, () -> new Adam(List.of())).getMessage());
    }

    @Test
    void groupsRejectDuplicatesAndUnknownOptions() {
        Parameter a = param(1f), b = param(2f);
        SGD sgd = new SGD(List.of(a), 0.1);
        assertThrows(IllegalArgumentException.class, () -> sgd.addParamGroup(List.of(a), Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.addParamGroup(List.of(b), Map.of("betas", 0.9)));
        assertTrue(e.getMessage().contains("SGD has no option 'betas'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sgd.addParamGroup(List.of(b), Map.of("lr", -1.0)));
        sgd.addParamGroup(List.of(b), Map.of("lr", 0.01, "momentum", 0.5));
        assertEquals(2, sgd.paramGroups().size());
        assertEquals(0.01, sgd.getLr(1));
        assertEquals(0.5, sgd.paramGroups().get(1).getDouble("momentum"));
        assertEquals(0.0, sgd.paramGroups().get(0).getDouble("momentum"));
        sgd.setLr(0.2);
        assertEquals(0.2, sgd.getLr(0));
        assertEquals(0.2, sgd.getLr(1));
    }

    @Test
    void defaultsFollowPyTorch() {
        List<Parameter> ps = List.of(param(1f));
        assertEquals(1e-3, new Adam(ps).getLr());
        assertEquals(0.0, new Adam(ps).defaults().get("weight_decay"));
        assertEquals(1e-2, new AdamW(ps).defaults().get("weight_decay"));
        assertEquals(List.of(0.9, 0.999), new AdamW(ps).defaults().get("betas"));
        assertEquals(0.99, new RMSprop(ps).defaults().get("alpha"));
        assertEquals(1e-10, new Adagrad(ps).defaults().get("eps"));
    }

    @Test
    void stepSkipsParametersWithoutGradientAndZeroGradKeepsOrDropsBuffers() {
        Parameter a = param(1f, 2f), b = param(3f);
        SGD sgd = new SGD(List.of(a, b), 0.5);
        a.data().setGrad(Tensor.of(new float[] {1f, -1f}));
        sgd.step();
        assertArrayEquals(new float[] {0.5f, 2.5f}, a.data().toFloatArray());
        assertArrayEquals(new float[] {3f}, b.data().toFloatArray());
        Tensor buffer = a.grad();
        sgd.zeroGrad(false);
        assertArrayEquals(new float[] {0f, 0f}, a.grad().toFloatArray());
        assertTrue(buffer == a.grad());
        assertNull(b.grad());
        sgd.zeroGrad(true);
        assertNull(a.grad());
        a.data().setGrad(Tensor.of(new float[] {1f, -1f}));
        sgd.zeroGrad();
        assertNull(a.grad(), "zeroGrad() drops gradients, as PyTorch 2's zero_grad()");
    }

    @Test
    void stepRecordsNoAutogradHistory() {
        Parameter a = param(1f, 2f);
        Adam adam = new Adam(List.of(a), 0.1);
        a.data().mul(a.data()).sum().backward();
        adam.step();
        assertTrue(a.data().isLeaf());
        assertTrue(a.data().requiresGrad());
    }

    @Test
    void stateDictUsesPyTorchNames() {
        Parameter a = param(1f, 2f), b = param(3f), c = param(4f);
        Adam adam = new Adam(List.of(a, b), 0.1, 0.9, 0.999, 1e-8, 0, true, false);
        adam.addParamGroup(List.of(c), Map.of("lr", 0.01));
        a.data().setGrad(Tensor.of(new float[] {1f, 1f}));
        c.data().setGrad(Tensor.of(new float[] {1f}));
        adam.step();
        adam.step();
        Map<String, Object> sd = adam.stateDict();
        assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq",
                "state.2.step", "state.2.exp_avg", "state.2.exp_avg_sq", "state.2.max_exp_avg_sq"),
                sd.keySet().stream().filter(k -> k.startsWith("state.")).toList());
        assertEquals(2L, sd.get("state.0.step"));
        assertEquals(List.of(0, 1), sd.get("param_groups.0.params"));
        assertEquals(List.of(2), sd.get("param_groups.1.params"));
        assertEquals(0.01, sd.get("param_groups.1.lr"));
        assertEquals(true, sd.get("param_groups.1.amsgrad"));

        Adam other = new Adam(List.of(param(0f, 0f), param(0f)), 0.5);
        assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(sd));
        SGD plain = new SGD(List.of(a, b), 0.1);
        plain.step();
        assertFalse(plain.stateDict().keySet().stream().anyMatch(k -> k.startsWith("state.")));
    }

    @Test
    void loadStateDictRestoresHyperParametersAndRejectsMismatches() {
        Parameter a = param(1f, 2f);
        SGD sgd = new SGD(List.of(a), 0.1, 0.9);
        a.data().setGrad(Tensor.of(new float[] {1f, 1f}));
        sgd.step();
        sgd.setLr(0.01);
        Map<String, Object> sd = sgd.stateDict();
        SGD fresh = new SGD(List.of(param(0f, 0f)), 0.5, 0.9);
        fresh.loadStateDict(sd);
        assertEquals(0.01, fresh.getLr());
        assertArrayEquals(new float[] {1f, 1f}, ((Tensor) fresh.stateDict().get("state.0.momentum_buffer")).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param(0f, 0f, 0f)), 0.1, 0.9).loadStateDict(sd));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param(0f, 0f), param(1f)), 0.1, 0.9).loadStateDict(sd));
    }

    @Test
    void printsLikePyTorch() {
        SGD sgd = new SGD(List.of(param(1f)), 0.1, 0.9);
        assertEquals("SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n    maximize: False\n    momentum: 0.9\n"
                + "    nesterov: False\n    weight_decay: 0\n)", sgd.toString());
        assertTrue(new Adam(List.of(param(1f))).toString().contains("betas: (0.9, 0.999)"));
        assertTrue(new Adam(List.of(param(1f))).toString().contains("eps: 1e-08"));
    }

    /** A backend without its own RMSprop/Adagrad kernels inherits host-side defaults; they must equal the CPU's. */
    @Test
    void defaultKernelsMatchTheCpuKernels() {
        OptimKernels bare = new OptimKernels() {
            @Override
            public void sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                            boolean nesterov, boolean firstStep, boolean maximize) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1, double beta2,
                             double eps, double weightDecay, boolean decoupled, int step, boolean maximize) {
                throw new UnsupportedOperationException();
            }
        };
        OptimKernels cpu = Backends.cpu().optim();
        Generator gen = new Generator(3);
        Tensor p1 = Tensor.randn(gen, 40), g = Tensor.randn(gen, 40), p2 = p1.copy();
        Tensor[] s1 = {Tensor.zeros(40), Tensor.zeros(40), Tensor.zeros(40)}, s2 = {Tensor.zeros(40), Tensor.zeros(40), Tensor.zeros(40)};
        for (int k = 0; k < 3; k++) {
            cpu.rmsprop(p1, g, s1[0], s1[1], s1[2], 0.01f, 0.9f, 1e-8f, 0.1f, 0.5f, false);
            bare.rmsprop(p2, g, s2[0], s2[1], s2[2], 0.01f, 0.9f, 1e-8f, 0.1f, 0.5f, false);
            cpu.adagrad(p1, g, s1[0], 0.05f, 0.01f, 1e-10f, true);
            bare.adagrad(p2, g, s2[0], 0.05f, 0.01f, 1e-10f, true);
        }
        Fixtures.assertClose(p1, p2, 0, 0, "params");
        for (int i = 0; i < 3; i++) Fixtures.assertClose(s1[i], s2[i], 0, 0, "state " + i);
    }
}
