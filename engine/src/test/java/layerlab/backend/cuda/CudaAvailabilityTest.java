package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.backend.BackendProvider.Availability;
import layerlab.backend.Backends;
import layerlab.backend.DeviceUnavailableException;
import layerlab.tensor.Device;
import org.junit.jupiter.api.Test;

/** Runs everywhere: the probe's reasons, and device resolution with and without a GPU. */
class CudaAvailabilityTest {
    @Test
    void missingDriverIsOneClearLine() {
        Availability a = CudaProvider.probeWith(() -> {
            throw new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                    + "Stack trace from the attempt to load the library as a resource:\n"
                    + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file");
        });
        assertFalse(a.available());
        assertEquals("no NVIDIA driver: libcuda.so.1 could not be loaded", a.detail());
    }

    @Test
    void laterCallsAfterAFailedLoadAreExplained() {
        Availability a = CudaProvider.probeWith(() -> {
            throw new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
        });
        assertFalse(a.available());
        assertTrue(a.detail().startsWith("the JCuda driver bindings failed to initialise earlier"), a.detail());
        assertFalse(a.detail().contains("\n"));
    }

    @Test
    void oldDriverAndOldGpuAreNamed() {
        Availability ptx = CudaProvider.probeWith(() -> {
            throw new CudaError(jcuda.driver.CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION, "cuModuleLoadData");
        });
        assertTrue(ptx.detail().contains("driver is too old"), ptx.detail());
        Availability gpu = CudaProvider.probeWith(() -> {
            throw new CudaDevice.UnsupportedGpu("Quadro P1000 has compute capability 6.1; LayerLab's CUDA kernels need 7.5 or newer");
        });
        assertTrue(gpu.detail().contains("compute capability 6.1"), gpu.detail());
    }

    @Test
    void theRealProbeRunsOnceAndResolutionFollowsIt() {
        Availability a = Backends.availability(Device.Kind.CUDA);
        assertSame(CudaProvider.probe(), CudaProvider.probe(), "probed once, then cached");
        assertFalse(a.detail().isBlank());
        assertFalse(a.detail().contains("\n"), a.detail());
        if (a.available()) {
            assertTrue(a.detail().matches(".+, \\d+ GiB, compute \\d+\\.\\d+, driver \\d+\\.\\d+"), a.detail());
            assertEquals(Device.cuda(0), Backends.resolve("cuda"));
            assertEquals(Device.cuda(0), Backends.resolve("auto"));
        } else {
            DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> Backends.resolve("cuda"));
            assertTrue(e.getMessage().contains(a.detail()), e.getMessage());
            assertThrows(DeviceUnavailableException.class, () -> Backends.get(Device.cuda(0)));
            assertEquals(Device.CPU, Backends.resolve("auto"));
        }
        System.out.println("CUDA: " + (a.available() ? a.detail() : "unavailable (" + a.detail() + ")"));
    }
}
