package layerlab.backend.cpu;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Whether the Java heap lies on transparent huge pages, for {@code layerlab bench} and {@code --version}.
 *
 * <p>A training step allocates its activations and gradients afresh, megabytes per op at gigabytes per second, and
 * the collector hands the young generation back and forth with the kernel as it resizes it. On 4 KiB pages every
 * fresh page is a fault; on a virtual machine that returns freed memory to its host (free page reporting) each
 * fault costs far more. Measured on a 2-core VM of this kind (`layerlab bench --threads 2`, five runs each):
 * {@code cnn_train} 316–3,306 samples/s (a third of its time in the kernel) on 4 KiB pages, 4,900–5,150 on huge
 * pages; {@code resnet_train}, {@code lstm_text_train} and {@code mlp_infer} 1.7–3.3× faster. {@code ./layerlab}
 * asks for them ({@code -XX:+UseTransparentHugePages}) wherever the kernel offers them.
 */
public final class HeapPages {
    private static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private HeapPages() {}

    /** Whether the heap lies on transparent huge pages: the kernel gives them always, or on request and this JVM asked. */
    public static boolean huge() {
        return huge(kernelMode());
    }

    private static boolean huge(String mode) {
        return "always".equals(mode) || ("madvise".equals(mode) && Boolean.TRUE.equals(jvmAsks()));
    }

    /** One line, "Memory: …", saying how large the heap may grow, which pages it is on and, when they are small, what would help. */
    public static String describe() {
        String mode = kernelMode();
        String heap = String.format(Locale.ROOT, "Memory: heap up to %.1f GB, ", Runtime.getRuntime().maxMemory() / 1e9);
        if (huge(mode)) return heap + "on transparent huge pages";
        if (mode == null) return heap + "on the system's default pages";
        if ("madvise".equals(mode)) {
            return heap + "on 4 KiB pages (training allocates a lot; start Java with -XX:+UseTransparentHugePages, "
                    + "as ./layerlab does, for steps up to several times faster)";
        }
        return heap + "on 4 KiB pages (transparent huge pages are '" + mode + "' in " + THP + "; 'madvise' "
                + "lets LayerLab use them, for training steps up to several times faster)";
    }

    /** The kernel's setting, the bracketed word of {@code always [madvise] never}; null where there is none (not Linux). */
    public static String kernelMode() {
        try {
            return modeOf(Files.readString(THP));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    static String modeOf(String setting) {
        int open = setting.indexOf('['), close = setting.indexOf(']', open + 1);
        return open < 0 || close < 0 ? null : setting.substring(open + 1, close);
    }

    /** Whether this JVM was started with -XX:+UseTransparentHugePages; null where the JVM cannot say (not HotSpot). */
    private static Boolean jvmAsks() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hs == null ? null : Boolean.valueOf(hs.getVMOption("UseTransparentHugePages").getValue());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
