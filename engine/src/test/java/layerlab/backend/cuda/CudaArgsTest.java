package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import layerlab.backend.Backends;
import org.junit.jupiter.api.Test;

/**
 * Kernel arguments as the launch hands them to the driver (no GPU needed): each value at its own slot of the argument
 * block, in the bytes the kernel's parameter type has. On a GPU, every kernel test runs through this block.
 */
class CudaArgsTest {
    private static final int BLOCK = CudaDevice.ArgBlock.TABLE + CudaDevice.Args.MAX * CudaDevice.Args.SLOT;

    private static int slot(int i) {
        return CudaDevice.ArgBlock.TABLE + i * CudaDevice.Args.SLOT;
    }

    @Test
    void eachArgumentLandsInItsSlotWithItsTypesBytes() {
        ByteBuffer b = ByteBuffer.allocate(BLOCK).order(ByteOrder.nativeOrder());
        new CudaDevice.Args().i32(-7).bool(true).f32(2.5f).ptr(0x123456789AL).i64(-2L).f64(0.125).words(new int[] {11, 12, 13}).bool(false)
                .writeTo(b);
        assertEquals(-7, b.getInt(slot(0)));
        assertEquals(1, b.getInt(slot(1)));
        assertEquals(2.5f, b.getFloat(slot(2)));
        assertEquals(0x123456789AL, b.getLong(slot(3)));
        assertEquals(-2L, b.getLong(slot(4)));
        assertEquals(0.125, b.getDouble(slot(5)));
        assertEquals(11, b.getInt(slot(6)));
        assertEquals(12, b.getInt(slot(6) + 4));
        assertEquals(13, b.getInt(slot(6) + 8));
        assertEquals(0, b.getInt(slot(7)));
        // The table before the slots is the block's own (its pointers), never written by arguments.
        for (int i = 0; i < CudaDevice.ArgBlock.TABLE; i++) assertEquals(0, b.get(i));
    }

    @Test
    void aReusedBlockTakesTheNextLaunchsValues() {
        ByteBuffer b = ByteBuffer.allocate(BLOCK).order(ByteOrder.nativeOrder());
        new CudaDevice.Args().i64(-1L).i32(5).writeTo(b);
        new CudaDevice.Args().i32(3).i32(4).writeTo(b);
        assertEquals(3, b.getInt(slot(0)));
        assertEquals(4, b.getInt(slot(1)));
    }

    @Test
    void onAGpuLaunchesPassTheirArgumentsThroughTheBlock() {
        CudaTesting.assumeCuda();
        CudaBackend be = (CudaBackend) Backends.get(CudaTesting.GPU);
        // The device checks the block at open (a kernel writes two 8-byte arguments back) and otherwise falls back.
        assertEquals("arguments through a native block", be.dev.argumentPassing());
    }

    @Test
    void tooManyArgumentsOrTooLargeAStructAreRefused() {
        CudaDevice.Args a = new CudaDevice.Args();
        for (int i = 0; i < CudaDevice.Args.MAX; i++) a.i32(i);
        assertThrows(IllegalStateException.class, () -> a.i32(0));
        assertThrows(IllegalArgumentException.class, () -> new CudaDevice.Args().words(new int[CudaDevice.Args.SLOT / 4 + 1]));
    }
}
