package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import layerlab.backend.BackendProvider;
import layerlab.backend.Backends;
import layerlab.backend.cpu.Parallel;
import layerlab.tensor.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The bench command's interface (not its speed: figures come from running it, never from a unit test). */
class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void listNamesEveryCase() {
        assertEquals(0, run("bench", "--list"));
        assertTrue(out.toString().contains("gemm_1024"), out.toString());
    }

    @Test
    void jsonLinesCarryThePeerFields() throws Exception {
        assertEquals(0, run("bench", "--json", "--case", "gemm_256", "--threads", "1", "--runs", "3", "--window", "0.01", "--warmup", "0"));
        JsonNode row = new ObjectMapper().readTree(out.toString().trim());
        assertEquals("gemm_256", row.get("case").asText());
        assertEquals("cpu", row.get("device").asText(), "the default device");
        assertEquals(1, row.get("threads").asInt());
        assertEquals(3, row.get("runs").asInt());
        assertTrue(row.get("gflops").asDouble() > 0);
        assertTrue(row.get("ms_per_step").asDouble() > 0);
        // compare.py warns when LayerLab's heap was on small pages: the field says which this JVM is on.
        assertEquals(layerlab.backend.cpu.HeapPages.huge(), row.get("huge_pages").asBoolean());
        assertTrue(row.get("huge_pages").isBoolean());
    }

    @Test
    void textRowsNameTheDevice() {
        assertEquals(0, run("bench", "--device", "cpu", "--case", "mlp_train", "--threads", "1", "--runs", "1", "--window", "0.01", "--warmup", "0"),
                err.toString());
        String row = out.toString().lines().filter(l -> l.startsWith("mlp_train")).findFirst().orElseThrow();
        assertTrue(row.matches("mlp_train +cpu +1 thr .* samples/s .* ms/step .*"), row);
        assertEquals(layerlab.backend.cpu.HeapPages.describe(), out.toString().lines().toList().get(1), "the Memory line after the GEMM line");
        assertEquals("", err.toString());
    }

    @Test
    void anUnknownCaseIsNamedWithTheKnownOnes() {
        assertEquals(2, run("bench", "--case", "gemm_3"));
        assertOneLineError("layerlab bench: unknown bench case 'gemm_3' (known: ");
        assertTrue(err.toString().contains("gemm_512"), err.toString());
    }

    @Test
    void anUnavailableDeviceIsOneLineWithTheProbesReasonAndExitCode2() {
        BackendProvider.Availability cuda = Backends.availability(Device.Kind.CUDA);
        Assumptions.assumeFalse(cuda.available(), "CUDA is available here");
        assertEquals(2, run("bench", "--device", "cuda", "--case", "mlp_train"));
        assertOneLineError("layerlab bench: cuda:0 is unavailable: " + cuda.detail());
        assertEquals("", out.toString(), "nothing runs");
    }

    @Test
    void anUnknownDeviceIsOneLine() {
        assertEquals(2, run("bench", "--device", "tpu", "--case", "mlp_train"));
        assertOneLineError("layerlab bench: --device is \"tpu\"; choose cpu, cuda, cuda:N or auto");
    }

    private void assertOneLineError(String startsWith) {
        String e = err.toString().replace("\r", "");
        assertTrue(e.startsWith(startsWith), e);
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
    }
}
