package layerlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import layerlab.backend.Backends;
import layerlab.backend.DeviceUnavailableException;
import layerlab.tensor.Device;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The runner's timing on a device (never its figures: those come from running the bench). */
class BenchRunnerTest {
    /** Counts steps, and sleeps in {@link #sync} as a device would while it finishes queued work. */
    static final class QueuedCase implements StepCase {
        static final long SYNC_MS = 30;
        final List<Device> preparedOn = new ArrayList<>();
        final List<Integer> stepsAtSync = new ArrayList<>();
        int steps;

        @Override
        public String name() {
            return "queued";
        }

        @Override
        public String description() {
            return "a step that only counts";
        }

        @Override
        public Unit unit() {
            return Unit.STEPS;
        }

        @Override
        public double workPerStep() {
            return 1;
        }

        @Override
        public Runnable prepare(Device device) {
            preparedOn.add(device);
            return () -> steps++;
        }

        @Override
        public void sync(Device device) {
            stepsAtSync.add(steps);
            try {
                Thread.sleep(SYNC_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void everyWindowEndsWithTheDeviceSynchronisedAndCountsTheWait() {
        QueuedCase c = new QueuedCase();
        BenchRunner.Result r = new BenchRunner(4, 0.005, 0.01).run(c, 1);
        assertEquals(List.of(Device.CPU), c.preparedOn);
        assertEquals(Device.CPU, r.device());
        // Once after the warm-up, then once at the end of each of the 4 windows, after its last step.
        assertEquals(5, c.stepsAtSync.size(), "sync calls: " + c.stepsAtSync);
        assertEquals(c.steps, c.stepsAtSync.get(4));
        for (int w = 0; w < 4; w++) {
            int stepsInWindow = c.stepsAtSync.get(w + 1) - c.stepsAtSync.get(w);
            assertTrue(stepsInWindow > 0, "window " + w + " ran no step");
            // The window's time includes the wait: the clock is read after sync, not before.
            double windowMs = r.windowMs()[w] * stepsInWindow;
            assertTrue(windowMs >= QueuedCase.SYNC_MS, "window " + w + " lasted " + windowMs + " ms, less than its sync");
        }
    }

    @Test
    void everyStepCaseRunsPreparedForTheCpu() {
        for (String name : BenchCases.names()) {
            if (!(BenchCases.get(name) instanceof StepCase c) || name.equals("gemm_2048")) continue; // 2048³ is 17 GFLOP
            assertTrue(c.runsOn(Device.CPU) && c.runsOn(Device.cuda(0)), name);
            Runnable step = c.prepare(Device.CPU);
            step.run();
            c.sync(Device.CPU);
        }
    }

    /** Each case moves its model and batch in prepare: an absent GPU shows there, with the probe's reason, not mid-step. */
    @Test
    void preparingForAnUnavailableDeviceFailsWithTheReason() {
        var cuda = Backends.availability(Device.Kind.CUDA);
        Assumptions.assumeFalse(cuda.available(), "CUDA is available here");
        for (String name : BenchCases.names()) {
            if (!(BenchCases.get(name) instanceof StepCase c)) continue;
            var e = assertThrows(DeviceUnavailableException.class, () -> c.prepare(Device.cuda(0)), name);
            assertTrue(e.getMessage().startsWith("cuda:0 is unavailable: " + cuda.detail()), e.getMessage());
        }
    }

    @Test
    void aSelfTimedCaseRunsOnTheCpuOnly() {
        BenchCase selfTimed = new BenchCase() {
            @Override
            public String name() {
                return "frames";
            }

            @Override
            public String description() {
                return "times itself";
            }

            @Override
            public List<BenchRunner.Result> measure(BenchRunner runner, int threads) {
                return List.of(BenchRunner.ofSamples(name(), threads, new double[] {1}));
            }
        };
        assertTrue(selfTimed.runsOn(Device.CPU));
        assertFalse(selfTimed.runsOn(Device.cuda(0)));
        var e = assertThrows(IllegalArgumentException.class, () -> new BenchRunner(1, 0.01, 0, Device.cuda(0)).runAll(selfTimed, 1));
        assertEquals("bench case 'frames' cannot run on cuda:0", e.getMessage());
    }

    @Test
    void jsonAndTextNameTheDevice() {
        var r = new BenchRunner.Result("mlp_train", Device.cuda(0), 2, BenchCase.Unit.SAMPLES, 1000, 64, 5, new double[] {64});
        assertTrue(r.toJson().startsWith("{\"case\": \"mlp_train\", \"device\": \"cuda:0\", \"threads\": 2, \"samples_per_s\": 1000.0,"), r.toJson());
        assertTrue(r.toText().startsWith("mlp_train        cuda:0  2 thr"), r.toText());
    }

    /** How far apart the windows were, beside their median: how much a figure on a busy machine is worth. */
    @Test
    void textAndJsonSayTheSpreadOfTheWindows() {
        var r = new BenchRunner.Result("cnn_train", Device.CPU, 2, BenchCase.Unit.SAMPLES, 4000, 16, 5, new double[] {16, 15.5, 41.75, 16.25, 14});
        assertTrue(r.toText().endsWith("16.000 ms/step  (median of 5; windows 14.000–41.750 ms)"), r.toText());
        assertTrue(r.toJson().endsWith("\"ms_min\": 14.0000, \"ms_max\": 41.7500}"), r.toJson());
        var one = new BenchRunner.Result("cnn_train", Device.CPU, 2, BenchCase.Unit.SAMPLES, 4000, 16, 1, new double[] {16});
        assertTrue(one.toText().endsWith("(median of 1)"), one.toText());
    }
}
