package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import layerlab.backend.cpu.Parallel;
import org.junit.jupiter.api.AfterEach;
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
        assertEquals(1, row.get("threads").asInt());
        assertEquals(3, row.get("runs").asInt());
        assertTrue(row.get("gflops").asDouble() > 0);
        assertTrue(row.get("ms_per_step").asDouble() > 0);
    }

    @Test
    void anUnknownCaseIsNamedWithTheKnownOnes() {
        assertEquals(1, run("bench", "--case", "gemm_3"));
        assertTrue(err.toString().contains("unknown bench case 'gemm_3'") && err.toString().contains("gemm_512"), err.toString());
    }
}
