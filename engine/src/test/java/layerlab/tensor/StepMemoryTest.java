package layerlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoublePredicate;
import layerlab.backend.cpu.CpuStorage;
import layerlab.nn.Linear;
import layerlab.optim.SGD;
import org.junit.jupiter.api.Test;

/** The memory a training step hands to the next: what it takes back, what it leaves, and that a retired tensor fails. */
class StepMemoryTest {
    private static final int N = StepMemory.MIN_FLOATS + 37;

    /** An op's output: what the memory pools. */
    private static Tensor output(float value, int n) {
        return Tensor.uninitialized(Device.CPU, DType.FLOAT32, n).fill_(value);
    }

    private static boolean allEqual(Tensor t, float v) {
        return every(t, f -> f == v);
    }

    private static boolean allNaN(Tensor t) {
        return every(t, Double::isNaN);
    }

    private static boolean every(Tensor t, DoublePredicate test) {
        for (float f : t.toFloatArray()) {
            if (!test.test(f)) return false;
        }
        return true;
    }

    @Test
    void aStepsOutputsServeTheNextStepAndZeroedTensorsStayOutOfIt() {
        StepMemory memory = new StepMemory();
        Tensor zeroed;
        try (StepMemory.Step s = memory.step()) {
            assertSame(s, StepMemory.current());
            output(7f, N);
            zeroed = Tensor.zeros(N + 3);
            assertEquals(0, memory.heldFloats(), "nothing is held while the step runs");
            s.end(List.of());
        }
        assertNull(StepMemory.current(), "the step leaves the thread when closed");
        assertEquals(N, memory.heldFloats(), "the output went back; the zeroed tensor did not come from the memory");
        assertTrue(allEqual(zeroed, 0f));
        try (StepMemory.Step s = memory.step()) {
            output(1f, N);
            assertEquals(0, memory.heldFloats(), "the next step takes the array back");
            Tensor zeros = Tensor.zeros(N);
            assertTrue(allEqual(zeros, 0f), "a zeroed tensor is zero inside a step");
            output(2f, N + 1);
            s.end(List.of());
        }
        assertEquals(2L * N + 1, memory.heldFloats());
    }

    @Test
    void testsRunWithUninitializedTensorsPoisoned() {
        assertTrue(StepMemory.POISON, "the build runs the tests with -Dlayerlab.poisonUninitialized=true (pom.xml)");
        assertTrue(allNaN(Tensor.uninitialized(Device.CPU, DType.FLOAT32, 5)), "outside a step too");
        StepMemory memory = new StepMemory();
        memory.run(() -> output(3f, N), List::of);
        try (StepMemory.Step s = memory.step()) {
            assertTrue(allNaN(Tensor.uninitialized(Device.CPU, DType.FLOAT32, N)), "a reused array is poisoned too");
            assertEquals(0, memory.heldFloats());
        }
    }

    /** Max pooling's int64 indices come from the memory as the float outputs do: poisoned, handed on, retired. */
    @Test
    void int64IndicesAreHandedOnToo() {
        StepMemory memory = new StepMemory();
        Tensor kept;
        try (StepMemory.Step s = memory.step()) {
            kept = Tensor.uninitialized(Device.CPU, DType.INT64, N);
            for (long v : kept.toLongArray()) assertEquals(Long.MAX_VALUE, v, "poisoned: no index casts to a place in an array");
            s.end(List.of());
        }
        assertEquals(2L * N, memory.heldFloats(), "a long is two floats' worth");
        IllegalStateException e = assertThrows(IllegalStateException.class, kept::toLongArray);
        assertTrue(e.getMessage().contains("ended training step"), e.getMessage());
        try (StepMemory.Step s = memory.step()) {
            Tensor again = Tensor.uninitialized(Device.CPU, DType.INT64, N);
            assertEquals(0, memory.heldFloats(), "the next step's indices take the array back");
            Tensor small = Tensor.uninitialized(Device.CPU, DType.INT64, 100);
            s.end(List.of(again));
            assertEquals(N, again.toLongArray().length, "a survivor stays readable");
            assertEquals(100, small.toLongArray().length, "a small one was never pooled");
        }
        assertEquals(0, memory.heldFloats());

        // Through a real max pool and its backward, step after step: each gradient equals one made without the memory.
        Tensor w = Tensor.randn(new Generator(4), 4, 16, 16, 16);
        float[] want = poolGradient(w);
        for (int step = 0; step < 3; step++) {
            float[][] got = new float[1][];
            memory.run(() -> got[0] = poolGradient(w), List::of);
            assertTrue(java.util.Arrays.equals(want, got[0]), "step " + step);
        }
    }

    /** d/dx of Σ w·maxpool2d(x, 2) for x [4, 16, 32, 32] (fixed; 16,384 indices, pooled): w's entries at each window's maximum. */
    private static float[] poolGradient(Tensor w) {
        Tensor x = Tensor.randn(new Generator(5), 4, 16, 32, 32).requiresGrad(true);
        Tensor y = layerlab.nn.functional.Pool.maxPool(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, false);
        y.mul(w).sum().backward();
        return x.grad().toFloatArray();
    }

    @Test
    void aTensorOfAnEndedStepFailsInsteadOfReadingTheNextOnes() {
        StepMemory memory = new StepMemory();
        Tensor old;
        try (StepMemory.Step s = memory.step()) {
            old = output(3f, N);
            s.end(List.of());
        }
        Tensor view = old.reshape(1, N);
        IllegalStateException e = assertThrows(IllegalStateException.class, old::toFloatArray);
        assertTrue(e.getMessage().contains("ended training step"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> view.add(1f));
        assertThrows(IllegalStateException.class, () -> ((CpuStorage) old.storage()).floats());
    }

    @Test
    void survivorsHandedOutArraysAndSmallTensorsStay() {
        StepMemory memory = new StepMemory();
        Tensor kept, handedOut, small, other;
        float[] array;
        try (StepMemory.Step s = memory.step()) {
            kept = output(2f, N);
            handedOut = output(4f, N + 1);
            array = ((CpuStorage) handedOut.storage()).floats();
            small = output(5f, StepMemory.MIN_FLOATS - 1);
            AtomicReference<Tensor> elsewhere = new AtomicReference<>();
            Thread t = new Thread(() -> elsewhere.set(output(6f, N + 2)));
            t.start();
            t.join();
            other = elsewhere.get();
            s.end(List.of(kept.reshape(N, 1)));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, memory.heldFloats(), "a survivor (named by a view), a handed-out array, a small tensor, another thread's");
        try (StepMemory.Step s = memory.step()) {
            output(9f, N);
            output(9f, N + 1);
            s.end(List.of());
        }
        assertTrue(allEqual(kept, 2f));
        assertTrue(allEqual(handedOut, 4f));
        assertEquals(4f, array[N]);
        assertTrue(allEqual(small, 5f));
        assertTrue(allEqual(other, 6f));
    }

    @Test
    void aStepLeftByAnExceptionRetiresNothing() {
        StepMemory memory = new StepMemory();
        Tensor made = null;
        try (StepMemory.Step s = memory.step()) {
            made = output(8f, N);
            throw new IllegalArgumentException("the loss became NaN");
        } catch (IllegalArgumentException expected) {
            // As a run that fails inside a step: its report may still read the step's tensors.
        }
        assertTrue(allEqual(made, 8f));
        assertEquals(0, memory.heldFloats());
        assertNull(StepMemory.current());
    }

    @Test
    void aNestedStepLeavesTheDecisionToTheOpenOne() {
        StepMemory outer = new StepMemory(), inner = new StepMemory();
        Tensor a, b;
        try (StepMemory.Step s = outer.step()) {
            try (StepMemory.Step n = inner.step()) {
                a = output(1f, N);
                n.end(List.of());
            }
            assertSame(s, StepMemory.current(), "the open step is still the thread's");
            assertTrue(allEqual(a, 1f), "the nested end retired nothing");
            b = output(1f, N);
            s.end(List.of(b));
        }
        assertEquals(0, inner.heldFloats());
        assertEquals(N, outer.heldFloats());
        assertThrows(IllegalStateException.class, a::toFloatArray);
        assertTrue(allEqual(b, 1f));
    }

    @Test
    void whatIsHeldBetweenStepsIsCapped() {
        StepMemory memory = new StepMemory((long) Float.BYTES * (N + N / 2));
        memory.run(() -> {
            output(0f, N);
            output(0f, N);
        }, List::of);
        assertEquals(N, memory.heldFloats(), "the second array went to the garbage collector");
        memory.release();
        assertEquals(0, memory.heldFloats(), "a run that ended lets go of all");
    }

    @Test
    void aGradientDroppedByZeroGradGoesBackWhenTheStepEnds() {
        Generator.manualSeed(3);
        Linear fc = new Linear(200, 200); // its weight's gradient (40,000 floats) is made from the step's memory
        SGD opt = new SGD(fc.parameters(), 0.1);
        Tensor x = Tensor.randn(new Generator(4), 100, 200);
        StepMemory memory = new StepMemory();
        Runnable work = () -> {
            opt.zeroGrad();
            fc.forward(x).pow(2f).mean().backward();
        };
        memory.run(work, fc::heldTensors);
        Tensor first = fc.weight().grad();
        float[] firstValues = first.toFloatArray();
        memory.run(work, fc::heldTensors);
        Tensor second = fc.weight().grad();
        assertTrue(first != second, "zeroGrad() dropped the first gradient; backward made another");
        assertThrows(IllegalStateException.class, first::toFloatArray, "the dropped gradient's memory went to the next step");
        org.junit.jupiter.api.Assertions.assertArrayEquals(firstValues, second.toFloatArray(), "the same step twice, the same gradient");
        long held = memory.heldFloats();
        memory.run(work, fc::heldTensors);
        assertTrue(memory.heldFloats() <= held, "a gradient a step: the memory does not grow");
    }

    @Test
    void trainingStepsOnTheMemoryLearnWhatTheyLearnWithout() {
        float[] plain = train(null), pooled = train(new StepMemory());
        org.junit.jupiter.api.Assertions.assertArrayEquals(plain, pooled, "bit for bit");
    }

    /** Three SGD steps of a Linear layer big enough that its output and the output's gradient are pooled. */
    private static float[] train(StepMemory memory) {
        Generator.manualSeed(3);
        Linear fc = new Linear(200, 200);
        SGD opt = new SGD(fc.parameters(), 0.1);
        Tensor x = Tensor.randn(new Generator(4), 100, 200);
        for (int step = 0; step < 3; step++) {
            Runnable work = () -> {
                opt.zeroGrad();
                fc.forward(x).pow(2f).mean().backward();
            };
            if (memory == null) work.run();
            else memory.run(work, fc::heldTensors);
            opt.step();
        }
        if (memory != null) assertTrue(memory.heldFloats() >= 100 * 200, "the output and its gradient were handed on");
        return fc.weight().data().toFloatArray();
    }
}
