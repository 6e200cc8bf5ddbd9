package layerlab.backend.cuda;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The engine's test classes in the order the build gives them, {@link CudaEmulatedTest} last: its child JVM, started
 * with the test plan ({@link EmulatedGpuEarlyStart}), has then had the other classes' time to run beside them, and the
 * class only waits for what is left. (engine/pom.xml names this orderer.)
 */
public final class EmulatedGpuLast implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        // A stable sort: every other class keeps its place.
        context.getClassDescriptors().sort(Comparator.comparing(d -> d.getTestClass() == CudaEmulatedTest.class));
    }
}
