package layerlab.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The profiler charges forward time to the node that runs and backward time to the node that recorded the op. */
class ProfilerTest {
    private static final long MS = 1_000_000;

    /** An op whose forward and backward each take at least {@code ms} milliseconds. */
    private static Tensor slow(Tensor x, long ms) {
        sleep(ms);
        return Autograd.record("Slow", x.mul(x), g -> {
            sleep(ms);
            return new Tensor[] {g.mul(x).mul(Tensor.scalar(2f))};
        }, x);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Profiler.Entry> byPath(Profiler p) {
        return p.entries().stream().collect(Collectors.toMap(Profiler.Entry::path, e -> e));
    }

    @Test
    void eachNodeGetsItsOwnForwardAndTheBackwardOfWhatItRecorded() {
        AtomicInteger syncs = new AtomicInteger();
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        try (Profiler p = Profiler.start(syncs::incrementAndGet)) {
            Tensor y;
            try (var a = Profiler.layer("fast")) {
                y = x.add(x);
            }
            try (var b = Profiler.layer("block")) {
                try (var c = Profiler.layer("slow")) {
                    y = slow(y, 40);
                }
            }
            Tensor loss = y.sum();
            loss.backward();
            Map<String, Profiler.Entry> e = byPath(p);
            assertEquals(java.util.List.of("fast", "block", "block.slow"), p.entries().stream().map(Profiler.Entry::path).toList(),
                    "in the order the nodes started, a block before its children, children by their dotted path");
            assertTrue(e.get("block.slow").forwardNanos() >= 40 * MS, "the slow node's forward");
            assertTrue(e.get("block").forwardNanos() < 40 * MS, "a block's own time leaves out its children's");
            assertTrue(e.get("fast").forwardNanos() < 40 * MS);
            assertTrue(e.get("block.slow").backwardNanos() >= 40 * MS, "the slow op's backward is charged to the node that recorded it");
            assertTrue(e.get("fast").backwardNanos() < 40 * MS);
            assertEquals(0, e.get("block").backwardNanos(), "the block recorded nothing of its own");
            assertEquals(1, e.get("block.slow").forwardCalls());
            assertTrue(p.unattributedBackwardNanos() > 0, "the sum outside every node, and the gradient's arrival at x");
            assertTrue(syncs.get() >= 6, "every clock reading waits for the device first: " + syncs.get());
            // x's gradient is right with the profiler on: d/dx sum((2x)²) = 8x.
            assertEquals(java.util.List.of(8f, 16f, 24f), java.util.List.of(x.grad().toFloatArray()[0], x.grad().toFloatArray()[1], x.grad().toFloatArray()[2]));
            p.reset();
            assertTrue(p.entries().isEmpty());
        }
        // Closed: nothing is timed or remembered.
        try (var a = Profiler.layer("after")) {
            Tensor y = x.mul(x);
            assertNull(y.gradFn().scope());
            assertNull(Profiler.path());
        }
    }

    @Test
    void aFusedNodeSaysWhereItRuns() {
        try (Profiler p = Profiler.start(() -> { })) {
            try (var b = Profiler.layer("res1")) {
                Profiler.fused("relu1", "conv1");
            }
            assertEquals("res1.conv1", byPath(p).get("res1.relu1").fusedInto());
        }
    }

    @Test
    void oneProfilerAThreadClosedWhereItStarted() throws Exception {
        Profiler p = Profiler.start(() -> { });
        try {
            assertThrows(IllegalStateException.class, () -> Profiler.start(() -> { }));
            // Another thread runs unprofiled.
            assertNull(CompletableFuture.supplyAsync(() -> {
                try (var a = Profiler.layer("elsewhere")) {
                    return Profiler.path();
                }
            }).get());
            Throwable t = CompletableFuture.runAsync(p::close).handle((v, e) -> e).get();
            assertTrue(t != null && t.getCause() instanceof IllegalStateException, "closed by another thread: " + t);
        } finally {
            p.close();
        }
        Profiler.start(() -> { }).close();
    }
}
