package layerlab.testing;

import static org.junit.jupiter.api.Assertions.fail;

import layerlab.backend.BackendProvider;
import layerlab.backend.Backends;
import layerlab.nn.Module;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;

/**
 * The device the PyTorch fixture tests run on: system property {@value #PROPERTY}, {@code cpu} unless set (the GPU
 * kit's run-tests.sh sets {@code cuda:0}; Maven passes {@code -Dlayerlab.test.device=…} on to the test JVM). A test
 * builds its module and inputs on the CPU as always, moves them with {@link #on}, and compares what it gets back
 * through {@link #assertClose}, which moves it to the CPU. Off the CPU the relative tolerance is at least
 * {@value #DEVICE_RTOL} and the absolute floor at least {@value #DEVICE_ATOL}: a GPU's tiled and split-K GEMMs add
 * their float32 products in another order than PyTorch's CPU did for the fixtures.
 */
public final class TestDevice {
    public static final String PROPERTY = "layerlab.test.device";
    static final double DEVICE_RTOL = 1e-4;
    static final double DEVICE_ATOL = 1e-5;

    private TestDevice() {}

    /** The device the property names; a name that is no device fails the test that asks (it is read on every call). */
    private static Device named() {
        return Device.parse(System.getProperty(PROPERTY, "cpu"));
    }

    /**
     * The device to run on. When it is unavailable here, skips the calling test with the probe's reason, so that a
     * run meant for a GPU never passes by testing nothing; call it first in every test that honours the property.
     */
    public static Device device() {
        Device d = named();
        if (d.kind() != Device.Kind.CPU) {
            BackendProvider.Availability a = Backends.availability(d.kind());
            Assumptions.assumeTrue(a.available(), PROPERTY + "=" + d + ", which is unavailable: " + a.detail());
        }
        return d;
    }

    public static boolean isCpu() {
        return named().kind() == Device.Kind.CPU;
    }

    /** {@code t} on the device ({@code t} itself on the CPU); null stays null. */
    public static Tensor on(Tensor t) {
        return t == null ? null : t.to(device());
    }

    /** {@code m} with its parameters and buffers moved to the device. */
    public static <M extends Module> M on(M m) {
        m.to(device());
        return m;
    }

    /** {@code t} back on the CPU; null stays null. */
    public static Tensor cpu(Tensor t) {
        return t == null ? null : t.to(Device.CPU);
    }

    /** A test's relative tolerance on the CPU, widened off it. */
    public static double rtol(double cpu) {
        return isCpu() ? cpu : Math.max(cpu, DEVICE_RTOL);
    }

    /** A test's absolute floor on the CPU, widened off it. */
    public static double atol(double cpu) {
        return isCpu() ? cpu : Math.max(cpu, DEVICE_ATOL);
    }

    /** {@link Fixtures#assertClose} of {@code actual} moved to the CPU, with the device's tolerances. */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        Fixtures.assertClose(expected, cpu(actual), rtol(rtol), atol(atol), what);
    }

    /** {@code |expected − actual| ≤ atol + rtol·|expected|} for a scalar (a loss), with the device's tolerances. */
    public static void assertClose(double expected, double actual, double rtol, double atol, String what) {
        double bound = atol(atol) + rtol(rtol) * Math.abs(expected);
        if (!(Math.abs(expected - actual) <= bound)) {
            fail(String.format("%s: expected %s, got %s (|diff| %.3e > %.3e)", what, expected, actual,
                    Math.abs(expected - actual), bound));
        }
    }
}
