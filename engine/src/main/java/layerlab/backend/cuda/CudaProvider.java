package layerlab.backend.cuda;

import java.util.function.Supplier;
import jcuda.driver.CUresult;
import layerlab.backend.Backend;
import layerlab.backend.BackendProvider;
import layerlab.backend.DeviceUnavailableException;
import layerlab.tensor.Device;

/**
 * Finds the CUDA backend (registered in META-INF/services). The probe runs once per process: it initialises
 * the driver, reads device 0 and loads the kernels, and turns any failure into one line a user can act on.
 * It must catch {@link Throwable}: without a driver JCuda's first call throws {@link UnsatisfiedLinkError}
 * and every later one {@link NoClassDefFoundError}.
 */
public final class CudaProvider implements BackendProvider {
    private static Availability probed;

    @Override
    public Device.Kind kind() {
        return Device.Kind.CUDA;
    }

    @Override
    public Availability availability() {
        return probe();
    }

    /** The cached result of the one probe. */
    public static synchronized Availability probe() {
        if (probed == null) probed = probeWith(CudaProvider::probeDriver);
        return probed;
    }

    /** Runs {@code driverProbe}, turning whatever it throws into a reason (a seam for tests without a driver). */
    static Availability probeWith(Supplier<Availability> driverProbe) {
        try {
            return driverProbe.get();
        } catch (Throwable t) {
            return Availability.no(explain(t));
        }
    }

    private static Availability probeDriver() {
        int count;
        try {
            count = CudaDevice.deviceCount();
        } catch (CudaError e) {
            return Availability.no(switch (e.code) {
                case CUresult.CUDA_ERROR_NO_DEVICE -> "no NVIDIA GPU found (the driver is installed but reports no device)";
                case CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH -> "the NVIDIA kernel driver and libcuda versions do not match (" + e.getMessage() + ")";
                case CUresult.CUDA_ERROR_STUB_LIBRARY -> "only the CUDA stub library was found, not a real NVIDIA driver";
                default -> "CUDA initialisation failed: " + e.getMessage();
            });
        }
        if (count == 0) return Availability.no("no NVIDIA GPU found (the driver reports 0 devices)");
        return Availability.yes(CudaDevice.open(0).describe());
    }

    /** One line saying why CUDA cannot be used, from what the probe threw. */
    static String explain(Throwable t) {
        String msg = firstLine(t.getMessage());
        if (t instanceof UnsatisfiedLinkError) {
            // JCuda's message nests the loader's attempts; the missing driver shows up deep inside it.
            if (String.valueOf(t.getMessage()).contains("libcuda.so")) return "no NVIDIA driver: libcuda.so.1 could not be loaded";
            return "the JCuda native library could not be loaded on this platform (" + msg + ")";
        }
        if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
            return msg.contains("jcuda") && !msg.contains("Could not initialize")
                    ? "JCuda is not on the class path (" + msg + ")"
                    : "the JCuda driver bindings failed to initialise earlier (" + msg + ")";
        }
        if (t instanceof CudaDevice.UnsupportedGpu) return msg;
        if (t instanceof CudaError e) {
            return switch (e.code) {
                case CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION ->
                        "the NVIDIA driver is too old for LayerLab's kernels (PTX ISA 7.0 needs a CUDA 11.0+ driver); update the driver";
                case CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU, CUresult.CUDA_ERROR_INVALID_PTX ->
                        "LayerLab's kernels could not be compiled for this GPU (" + msg + ")";
                default -> "CUDA initialisation failed: " + msg;
            };
        }
        return "CUDA initialisation failed: " + t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        s = s.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }

    @Override
    public Backend create(int index) {
        int count = CudaDevice.deviceCount();
        if (index < 0 || index >= count) {
            throw new DeviceUnavailableException("cuda:" + index + " does not exist: " + count + " CUDA device" + (count == 1 ? "" : "s") + " found");
        }
        return new CudaBackend(CudaDevice.open(index));
    }
}
