package layerlab.backend.cuda;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts {@link CudaEmulatedTest}'s child JVM as a test plan that holds that class begins (registered in
 * META-INF/services), so its minutes on one core pass while the other classes run one after the other, as they always
 * do; the class's own test then waits for the child's end. Does nothing in the child itself (which runs on the
 * emulated GPU) nor in a plan without the class (a run of other tests, the JDK 25 run that leaves it out). The build
 * runs the engine's tests in two JVMs (engine/pom.xml), where each class is a plan of its own: there the class starts
 * its child as it begins and its JVM waits while the other takes the next classes; this matters in one JVM
 * ({@code -Dengine.test.forks=1}).
 */
public final class EmulatedGpuEarlyStart implements TestExecutionListener {
    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (Boolean.getBoolean("layerlab.test.emulatedGpu")) return;
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.getSource().orElse(null) instanceof ClassSource c && c.getClassName().equals(CudaEmulatedTest.class.getName())) {
                    CudaEmulatedTest.start();
                    return;
                }
            }
        }
    }
}
