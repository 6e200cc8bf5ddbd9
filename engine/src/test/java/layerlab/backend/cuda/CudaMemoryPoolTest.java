package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The caching pool's policy, over a fake driver (no GPU needed): when it asks for a garbage collection, when it hands
 * cached blocks back to the driver, and what it says when the device is full.
 */
class CudaMemoryPoolTest {
    private static final long GIB = 1L << 30, MIB = 1L << 20;

    /** A driver with {@code capacity} bytes that counts what it is asked. */
    static final class FakeDriver implements CudaMemoryPool.Driver {
        final long capacity;
        long allocated;
        int allocs, frees;

        FakeDriver(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public DevPtr alloc(long bytes) {
            if (allocated + bytes > capacity) return null;
            allocated += bytes;
            allocs++;
            return new DevPtr();
        }

        @Override
        public void free(DevPtr p) {
            frees++;
        }
    }

    @Test
    void cachedBlocksOfAnotherSizeDoNotCostACollectionPerMiss() {
        // A first model's steps leave about 1 GiB of 64 MiB blocks cached; a second model then takes blocks of another
        // size. The pool used to count the cached blocks against its soft limit and collect garbage on every miss (a
        // full collection and up to 50 ms of waiting per allocation: resnet_train took 48 ms a step on an H200 after
        // two other bench cases, 4.5 ms in a fresh process).
        FakeDriver driver = new FakeDriver(16 * GIB); // a soft limit of 1 GiB (softFloor)
        List<CudaMemoryPool.Block> dead = new ArrayList<>();
        int[] collections = {0};
        CudaMemoryPool[] pool = new CudaMemoryPool[1];
        pool[0] = new CudaMemoryPool(16 * GIB, driver, () -> { // every storage taken so far has become unreachable
            collections[0]++;
            dead.forEach(pool[0]::give);
            dead.clear();
        });
        for (int i = 0; i < 100; i++) dead.add(pool[0].take(64 * MIB));
        assertEquals(6, collections[0], "a collection each time unreachable storages pass 1 GiB");
        pool[0].take(0); // the first model is done; its last blocks come back at the next collection
        dead.forEach(pool[0]::give);
        dead.clear();
        assertTrue(pool[0].reservedBytes() > GIB, "over 1 GiB cached");
        int before = collections[0];
        for (int i = 0; i < 100; i++) dead.add(pool[0].take(3 * MIB));
        assertEquals(before, collections[0], "300 MiB held by storages: no collection");
        for (int i = 0; i < 300; i++) dead.add(pool[0].take(3 * MIB));
        assertEquals(before + 1, collections[0], "storages hold over 1 GiB again: the pool asks for a collection");
    }

    @Test
    void aLargeGpuLetsMoreWaitForTheCollector() {
        assertEquals(GIB / 2, CudaMemoryPool.softFloor(GIB), "at most half the device");
        assertEquals(GIB, CudaMemoryPool.softFloor(16 * GIB), "at least 1 GiB");
        assertEquals(140 * GIB / 16, CudaMemoryPool.softFloor(140 * GIB), "a sixteenth of an H200");
        FakeDriver driver = new FakeDriver(140 * GIB);
        int[] collections = {0};
        CudaMemoryPool pool = new CudaMemoryPool(140 * GIB, driver, () -> collections[0]++);
        for (int i = 0; i < 140; i++) pool.take(64 * MIB); // 8.75 GiB held by storages the collector has not seen yet
        assertEquals(0, collections[0]);
        pool.take(64 * MIB);
        assertEquals(1, collections[0], "past a sixteenth of the device, a collection");
    }

    @Test
    void aCollectionThatFreesBlocksIsReusedAtOnce() {
        FakeDriver driver = new FakeDriver(16 * GIB);
        List<CudaMemoryPool.Block> held = new ArrayList<>();
        CudaMemoryPool[] pool = new CudaMemoryPool[1];
        // The collector finds every storage unreachable: their blocks come back.
        pool[0] = new CudaMemoryPool(16 * GIB, driver, () -> {
            held.forEach(pool[0]::give);
            held.clear();
        });
        for (int i = 0; i < 16; i++) held.add(pool[0].take(64 * MIB));
        int allocs = driver.allocs;
        CudaMemoryPool.Block b = pool[0].take(64 * MIB); // 1 GiB held: collect, then reuse a returned block
        assertEquals(allocs, driver.allocs, "the returned block is reused, not a new allocation");
        assertEquals(64 * MIB, b.bytes());
        assertEquals(64 * MIB, pool[0].inUseBytes());
    }

    @Test
    void cachedBlocksGoBackToTheDriverWhenThePoolHoldsTooMuch() {
        // A 2 GiB device: the pool holds at most 90% of it, 1,843 MiB.
        FakeDriver driver = new FakeDriver(2 * GIB);
        CudaMemoryPool pool = new CudaMemoryPool(2 * GIB, driver, () -> {});
        List<CudaMemoryPool.Block> first = new ArrayList<>();
        for (int i = 0; i < 15; i++) first.add(pool.take(64 * MIB));
        first.forEach(pool::give);
        assertEquals(15 * 64 * MIB, pool.reservedBytes());
        // 960 MiB cached; blocks of a new size fit beside them up to 1,843 MiB, then the cache goes back first.
        for (int i = 0; i < 9; i++) pool.take(96 * MIB);
        assertEquals(0, driver.frees);
        pool.take(96 * MIB);
        assertEquals(15, driver.frees);
        assertEquals(10 * 96 * MIB, pool.reservedBytes());
    }

    @Test
    void outOfMemoryCollectsTrimsAndThenSaysHowMuchWasAsked() {
        FakeDriver driver = new FakeDriver(GIB);
        CudaMemoryPool pool = new CudaMemoryPool(GIB, driver, () -> {});
        CudaMemoryPool.Block a = pool.take(256 * MIB);
        pool.give(a);
        pool.take(300 * MIB);
        // 256 MiB cached + 320 MiB held: 512 MiB more does not fit until the cache goes back to the driver.
        CudaMemoryPool.Block big = pool.take(384 * MIB);
        assertEquals(1, driver.frees);
        assertEquals(384 * MIB, big.bytes());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.take(512 * MIB));
        assertTrue(e.getMessage().startsWith("CUDA out of memory: tried to allocate 512.0 MiB with 704.0 MiB held by live tensors"), e.getMessage());
    }

    @Test
    void sizeClassesWasteAtMostAQuarter() {
        assertEquals(512, CudaMemoryPool.sizeClass(1));
        assertEquals(512, CudaMemoryPool.sizeClass(512));
        assertEquals(640, CudaMemoryPool.sizeClass(513));
        assertEquals(64 * MIB, CudaMemoryPool.sizeClass(64 * MIB));
        assertEquals(80 * MIB, CudaMemoryPool.sizeClass(64 * MIB + 1));
    }
}
