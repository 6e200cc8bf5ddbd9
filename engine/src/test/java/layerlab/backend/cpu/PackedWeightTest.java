package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import layerlab.autograd.Autograd;
import layerlab.loss.CrossEntropyLoss;
import layerlab.nn.Linear;
import layerlab.optim.SGD;
import layerlab.tensor.Generator;
import layerlab.tensor.LinearAlgebra;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A Linear's weight packed once for inference ({@link CpuStorage#packedTransposed}): used only while nothing else
 * touched the weight, so every way of changing it shows in the next forward, and never made in training.
 */
class PackedWeightTest {
    private final Generator gen = new Generator(7);
    // 70 outputs: three NR panels at 16 lanes, an edge one among them; 37 inputs; 20 rows, an edge MR panel.
    private final Linear linear = new Linear(37, 70);
    private final Tensor x = Tensor.randn(gen, 20, 37);

    private static CpuStorage storage(Tensor t) {
        return (CpuStorage) t.storage();
    }

    private Tensor weight() {
        return linear.weight().data();
    }

    /** The forward without grad, as inference runs it. */
    private float[] infer(Tensor input) {
        try (var ng = Autograd.noGrad()) {
            return linear.forward(input).toFloatArray();
        }
    }

    /**
     * The same product from copies of the current weight and bias: fresh storage, never packed. Copied through
     * {@code toFloatArray} (a host read, which does not count as an access; a kernel's copy would).
     */
    private float[] reference(Tensor input) {
        try (var ng = Autograd.noGrad()) {
            Tensor w = Tensor.of(weight().toFloatArray(), weight().shape());
            Tensor b = Tensor.of(linear.bias().data().toFloatArray(), 70);
            return LinearAlgebra.linear(input, w, b).toFloatArray();
        }
    }

    @Test
    void aWeightAboveTheLimitIsNeverCopied() {
        CpuStorage s = storage(weight());
        long size = 70 * 37;
        for (int batch = 0; batch < 3; batch++) assertNull(s.packedTransposed(weight().offset(), 37, 70, 37, size - 1), "batch " + batch);
        assertFalse(s.holdsPackedCopy());
        s.packedTransposed(weight().offset(), 37, 70, 37, size);
        assertNotNull(s.packedTransposed(weight().offset(), 37, 70, 37, size), "at the limit, the second read packs it");
        assertTrue(CpuStorage.PACK_LIMIT * Float.BYTES * 16 <= Runtime.getRuntime().maxMemory() && CpuStorage.PACK_LIMIT > 0);
    }

    @Test
    void inferenceBatchesShareOnePackedCopyAndGiveTheSameBits() {
        assertArrayEquals(reference(x), infer(x));
        assertFalse(storage(weight()).holdsPackedCopy(), "a first batch only notes the weight");
        assertArrayEquals(reference(x), infer(x));
        assertTrue(storage(weight()).holdsPackedCopy(), "a second batch with the weight untouched packs it");
        Object copy = storage(weight()).packedTransposed(weight().offset(), 37, 70, 37);
        Tensor other = Tensor.randn(gen, 5, 37);
        assertArrayEquals(reference(other), infer(other));
        // A 3-D input (batch, tokens, features) goes through the same product.
        Tensor seq = Tensor.randn(gen, 3, 4, 37);
        assertArrayEquals(reference(seq), infer(seq));
        assertSame(copy, storage(weight()).packedTransposed(weight().offset(), 37, 70, 37), "later batches reuse the copy");
    }

    @Test
    void everyWayOfChangingTheWeightShowsInTheNextBatch() {
        List<Consumer<Tensor>> changes = List.of(
                w -> w.mul_(-0.5f),
                w -> w.add_(Tensor.randn(gen, 70, 37), 0.25f),
                w -> w.copy_(Tensor.randn(gen, 70, 37)),
                w -> w.fill_(0.125f),
                w -> w.normal_(0f, 1f, gen),
                w -> w.uniform_(-1f, 1f, gen),
                w -> w.storage().write(w.offset() + 5, new float[] {3f, -4f}, 0, 2),
                // Only one row: a view of the weight written in place.
                w -> w.select(0, 69).fill_(-2f));
        for (int i = 0; i < changes.size(); i++) {
            infer(x);
            infer(x);
            assertTrue(storage(weight()).holdsPackedCopy(), "change " + i + ": packed before");
            float[] before = infer(x);
            changes.get(i).accept(weight());
            float[] after = infer(x);
            assertArrayEquals(reference(x), after, "change " + i);
            assertFalse(java.util.Arrays.equals(before, after), "change " + i + " changed the output");
        }
    }

    @Test
    void anOptimiserStepAndALoadedStateDictShowInTheNextBatch() {
        infer(x);
        infer(x);
        assertTrue(storage(weight()).holdsPackedCopy());
        Tensor target = Tensor.ofLongs(new long[20]);
        SGD opt = new SGD(linear.parameters(), 0.5);
        opt.zeroGrad();
        new CrossEntropyLoss().forward(linear.forward(x), target).backward();
        opt.step();
        assertArrayEquals(reference(x), infer(x));
        infer(x);
        assertTrue(storage(weight()).holdsPackedCopy());
        linear.loadStateDict(Map.of("weight", Tensor.randn(gen, 70, 37), "bias", Tensor.randn(gen, 70)), true);
        assertArrayEquals(reference(x), infer(x));
        assertArrayEquals(reference(x), infer(x));
    }

    @Test
    void trainingStepsNeverPackButAFrozenWeightIs() {
        SGD opt = new SGD(linear.parameters(), 0.1);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Tensor target = Tensor.ofLongs(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        for (int step = 0; step < 4; step++) {
            opt.zeroGrad();
            loss.forward(linear.forward(x), target).backward();
            opt.step();
            assertFalse(storage(weight()).holdsPackedCopy(), "step " + step);
        }
        // Frozen: the weight gets no gradient and the optimiser leaves it alone, so it is packed, and the outputs
        // (with the bias still learning) stay those of the weight itself.
        weight().requiresGrad(false);
        weight().setGrad(null); // else the optimiser keeps applying the zeroed old gradient, which writes the weight
        for (int step = 0; step < 3; step++) {
            opt.zeroGrad();
            Tensor y = linear.forward(x);
            assertArrayEquals(reference(x), y.detach().toFloatArray(), "frozen step " + step);
            loss.forward(y, target).backward();
            opt.step();
        }
        assertTrue(storage(weight()).holdsPackedCopy());
    }

    @Test
    void aWeightWhoseArrayWasHandedOutIsNeverPacked() {
        float[] raw = storage(weight()).floats();
        for (int i = 0; i < 3; i++) {
            raw[i * 37 + i] += 1f; // written behind the engine's back
            assertArrayEquals(reference(x), infer(x));
        }
        assertFalse(storage(weight()).holdsPackedCopy());
    }
}
