package layerlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** State-dict naming and loading, like PyTorch's nn.Module. */
class ModuleTest {
    static final class Affine extends Module {
        final Parameter weight = registerParameter("weight", Tensor.ones(2, 3));
        final Buffer count = registerBuffer("count", Tensor.zeros(1));

        @Override
        public Tensor forward(Tensor input) {
            return input.matmul(weight.data().t());
        }
    }


    @Test
    void stateDictUsesDottedNamesInRegistrationOrder() {
        Module m = new Sequential(new Affine(), new Affine());
        assertEquals(List.of("0.weight", "0.count", "1.weight", "1.count"), List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("0.weight", "1.weight"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(12, m.parameterCount());
    }

    @Test
    void loadStateDictReportsMissingUnexpectedAndWrongShapeByName() {
        Module m = new Sequential(new Affine());
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("0.weight", Tensor.zeros(3, 2));
        sd.put("0.extra", Tensor.zeros(1));
        LoadResult r = m.loadStateDict(sd, false);
        assertEquals(List.of("0.count"), r.missingKeys());
        assertEquals(List.of("0.extra"), r.unexpectedKeys());
        assertEquals(1, r.shapeMismatches().size());
        assertTrue(r.shapeMismatches().get(0).contains("0.weight"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(sd, true));
        assertTrue(e.getMessage().contains("0.extra") && e.getMessage().contains("0.count"), e.getMessage());
    }

    /** A state dict for {@link Affine}: its weight all 5, its count 2. */
    private static Map<String, Tensor> affineState() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("weight", Tensor.full(5f, 2, 3));
        sd.put("count", Tensor.full(2f, 1));
        return sd;
    }

    @Test
    void loadStateDictCopiesValuesAndKeepsParameterHolders() {
        Affine a = new Affine();
        Parameter before = a.weight;
        Map<String, Tensor> sd = affineState();
        assertTrue(a.loadStateDict(sd, true).isClean());
        assertEquals(before, a.namedParameters().get("weight"));
        assertEquals(5f, a.weight.data().get(1, 2));
        assertTrue(a.weight.data().requiresGrad());
        sd.get("weight").fill_(0f);
        assertEquals(5f, a.weight.data().get(0, 0), "loaded values are copies");
    }

    @Test
    void anAssigningLoadTakesTheTensorsThemselves() {
        Affine a = new Affine();
        Parameter before = a.weight;
        Map<String, Tensor> sd = affineState();
        assertTrue(a.loadStateDict(sd, true, true).isClean());
        assertEquals(before, a.namedParameters().get("weight"), "the holder stays");
        assertSame(sd.get("weight").storage(), a.weight.data().storage(), "PyTorch's assign=True: no copy");
        assertSame(sd.get("count").storage(), a.count.data().storage());
        assertTrue(a.weight.data().requiresGrad());
        // A tensor on another dtype is converted (a new tensor), as a copying load converts it.
        sd.put("count", Tensor.ofLongs(new long[] {3}, 1));
        a.loadStateDict(sd, true, true);
        assertEquals(layerlab.tensor.DType.FLOAT32, a.count.data().dtype());
        assertEquals(3f, a.count.data().get(0));
    }

    @Test
    void trainAndEvalPropagateToChildren() {
        Sequential s = new Sequential(new Affine(), new Sequential(new Affine()));
        s.eval();
        assertTrue(!((Sequential) s.get(1)).get(0).isTraining());
        s.train();
        assertTrue(((Sequential) s.get(1)).get(0).isTraining());
    }

    @Test
    void hostBuffersStayOnTheCpu() {
        // BatchNorm's step counter: moving the layer (to any device) leaves it on the CPU, loading or setting one from
        // elsewhere puts it there, and the layer counts on it.
        BatchNorm2d bn = new BatchNorm2d(3);
        Buffer nbt = bn.namedBuffers().get("num_batches_tracked");
        assertTrue(nbt.host());
        assertTrue(!bn.namedBuffers().get("running_mean").host());
        nbt.to(layerlab.tensor.Device.cuda(0)); // no device is touched: a host buffer does not move
        assertEquals(layerlab.tensor.Device.CPU, nbt.data().device());
        bn.train();
        bn.forward(Tensor.ones(2, 3, 4, 4));
        bn.forward(Tensor.ones(2, 3, 4, 4));
        assertEquals(2L, nbt.data().toLongArray()[0]);
        Tensor loaded = Tensor.empty(layerlab.tensor.Device.CPU, layerlab.tensor.DType.INT64);
        loaded.storage().write(0, new long[] {41}, 0, 1);
        nbt.set(loaded);
        bn.forward(Tensor.ones(2, 3, 4, 4));
        assertEquals(42L, nbt.data().toLongArray()[0]);
    }
}
