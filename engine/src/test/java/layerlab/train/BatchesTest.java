package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches that run out of memory run again halved, and the size that fit is kept. */
class BatchesTest {
    /** Each run batch as {start, size}; a batch above {@code fits} samples runs out of memory. */
    private static Batches.Work upTo(int fits, List<int[]> ran) {
        return (start, size) -> {
            if (size > fits) throw new OutOfMemoryError("Java heap space");
            ran.add(new int[] {start, size});
        };
    }

    @Test
    void aBatchThatRunsOutOfMemoryRunsAgainHalvedAndSoDoTheRest() {
        Batches b = new Batches();
        List<int[]> ran = new ArrayList<>();
        int[] shrunk = {0};
        b.run(300, 256, upTo(70, ran), () -> shrunk[0]++);
        assertEquals(2, shrunk[0], "256 and 128 ran out");
        assertEquals(64, b.limit());
        List<String> got = ran.stream().map(r -> r[0] + "+" + r[1]).toList();
        assertEquals(List.of("0+64", "64+64", "128+64", "192+64", "256+44"), got, "every sample once, in order");

        // The next run starts at the size that fit.
        ran.clear();
        b.run(100, 256, upTo(70, ran), () -> shrunk[0]++);
        assertEquals(List.of("0+64", "64+36"), ran.stream().map(r -> r[0] + "+" + r[1]).toList());
        assertEquals(2, shrunk[0]);
    }

    @Test
    void oneSampleThatDoesNotFitIsTheCallersError() {
        Batches b = new Batches();
        assertThrows(OutOfMemoryError.class, () -> b.run(10, 4, upTo(0, new ArrayList<>()), () -> {}));
        assertEquals(1, b.limit());
    }

    @Test
    void batchesThatFitAreAsAsked() {
        Batches b = new Batches();
        List<int[]> ran = new ArrayList<>();
        b.run(10, 4, upTo(4, ran), () -> {});
        assertEquals(List.of("0+4", "4+4", "8+2"), ran.stream().map(r -> r[0] + "+" + r[1]).toList());
        assertEquals(Integer.MAX_VALUE, b.limit());
    }
}
