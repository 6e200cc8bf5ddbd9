package layerlab.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import layerlab.backend.cpu.CpuBackend;
import layerlab.backend.cpu.Gemm;
import layerlab.backend.cpu.HeapPages;
import layerlab.backend.cpu.Parallel;
import layerlab.tensor.Device;

/** Finds backends: the CPU one always, others through {@link ServiceLoader}, each probed once. */
public final class Backends {
    private static final Map<Device, Backend> BACKENDS = new ConcurrentHashMap<>();
    private static volatile List<BackendProvider> providers;
    private static final Map<Device.Kind, BackendProvider.Availability> PROBES = new ConcurrentHashMap<>();

    private Backends() {}

    public static Backend cpu() {
        return CpuBackend.INSTANCE;
    }

    public static Backend get(Device device) {
        if (device.kind() == Device.Kind.CPU) return CpuBackend.INSTANCE;
        return BACKENDS.computeIfAbsent(device, d -> {
            BackendProvider p = provider(d.kind());
            BackendProvider.Availability a = availability(d.kind());
            if (p == null || !a.available()) throw new DeviceUnavailableException(d + " is unavailable: " + a.detail());
            return p.create(d.index());
        });
    }

    /** Whether {@code kind} can be used here, with the reason when not (probed once, then cached). */
    public static BackendProvider.Availability availability(Device.Kind kind) {
        if (kind == Device.Kind.CPU) return BackendProvider.Availability.yes("always");
        return PROBES.computeIfAbsent(kind, k -> {
            BackendProvider p = provider(k);
            if (p == null) return BackendProvider.Availability.no("no " + k.name() + " backend is installed");
            try {
                return p.availability();
            } catch (Throwable t) {
                return BackendProvider.Availability.no(t.getClass().getSimpleName() + ": " + t.getMessage());
            }
        });
    }

    /**
     * Resolves a user's device choice: {@code cpu}, {@code cuda[:N]}, or {@code auto} (CUDA when available,
     * else CPU). An explicit device that is unavailable is an error; only {@code auto} falls back.
     */
    public static Device resolve(String choice) {
        if (choice.trim().equalsIgnoreCase("auto")) {
            return availability(Device.Kind.CUDA).available() ? Device.cuda(0) : Device.CPU;
        }
        Device d = Device.parse(choice);
        if (d.kind() != Device.Kind.CPU) {
            BackendProvider.Availability a = availability(d.kind());
            if (!a.available()) throw new DeviceUnavailableException(d + " is unavailable: " + a.detail());
        }
        return d;
    }

    private static BackendProvider provider(Device.Kind kind) {
        if (providers == null) {
            List<BackendProvider> found = new ArrayList<>();
            try {
                for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) found.add(p);
            } catch (Throwable t) {
                // A provider whose classes cannot load is the same as no provider.
            }
            providers = found;
        }
        for (BackendProvider p : providers) if (p.kind() == kind) return p;
        return null;
    }

    /** Lines describing the compute setup, for {@code layerlab --version} and the About box. */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(Gemm.describe());
        lines.add("CPU: " + Parallel.threads() + " threads");
        lines.add(HeapPages.describe());
        BackendProvider.Availability cuda = availability(Device.Kind.CUDA);
        lines.add("CUDA: " + (cuda.available() ? cuda.detail() : "unavailable (" + cuda.detail() + ")"));
        return lines;
    }
}
