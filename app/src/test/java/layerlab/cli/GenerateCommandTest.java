package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerlab generate}: names from the SurnameGenerator sample, reproducible by seed; bad input exits 2 with the reason. */
class GenerateCommandTest {
    static final Path SAMPLES = Path.of("..", "sample-projects");
    @TempDir static Path dir;
    static Path names, classifier;
    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void trainModels() {
        names = dir.resolve("names.llab");
        classifier = dir.resolve("surnames.llab");
        CliRunner t = new CliRunner();
        assertEquals(0, t.run("train", SAMPLES.resolve("surname-generator.json").toString(), "--steps", "60", "--device", "cpu", "--save-bundle",
                names.toString()), t.err.toString());
        assertEquals(0, t.run("train", SAMPLES.resolve("surname-classifier.json").toString(), "--steps", "2", "--device", "cpu", "--save-bundle",
                classifier.toString()), t.err.toString());
    }

    private List<String> generate(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "generate";
        args[1] = names.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        assertEquals(0, cli.run(args), cli.err.toString());
        List<String> lines = cli.out.toString().lines().toList();
        cli.out.getBuffer().setLength(0);
        return lines;
    }

    @Test
    void theSameSeedPrintsTheSameNamesAndAStartTextBeginsEach() {
        List<String> a = generate("--count", "6", "--seed", "4");
        assertEquals(6, a.size(), a.toString());
        assertEquals(a, generate("--count", "6", "--seed", "4"));
        assertNotEquals(a, generate("--count", "6", "--seed", "5"));
        List<String> ko = generate("-n", "5", "--start", "Ko", "--temperature", "0.7", "--max-tokens", "4");
        for (String name : ko) {
            assertTrue(name.startsWith("ko"), "lower-cased as the training names were: " + name);
            assertTrue(name.length() <= 6, "at most 4 letters after the start: " + name);
        }
    }

    /** The exported PyTorch script's --generate draws LayerLab's names for the same seed: torch.multinomial's draws are LayerLab's. */
    @Test
    void theExportedScriptGeneratesTheSameNames() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3 with torch");
        Path py = dir.resolve("names.py");
        assertEquals(0, cli.run("export", names.toString(), "--out", py.toString()), cli.err.toString());
        List<String> ours = generate("--count", "8", "--seed", "3", "--temperature", "0.8", "--start", "ma");
        Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), "--generate", "8", "--seed", "3", "--temperature", "0.8", "--start", "ma")
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assumptions.assumeFalse(said.contains("No module named 'torch'"), "torch is not installed");
        assertEquals(0, p.waitFor(), said);
        assertEquals(ours, said.lines().toList());
    }

    @Test
    void aClassifierOrABadTemperatureOrStartExitWith2AndTheReason() {
        assertEquals(2, cli.run("generate", classifier.toString()));
        assertEquals("layerlab generate: " + classifier + " was not trained to predict each next token, so it cannot generate text: train it on a "
                + "data set with \"next_token\": true (the SurnameGenerator sample)", cli.err.toString().strip());
        cli.err.getBuffer().setLength(0);
        assertEquals(2, cli.run("generate", names.toString(), "--temperature", "-1"));
        assertEquals("layerlab generate: --temperature must be a number above 0 (1: the model's own probabilities), got -1.0", cli.err.toString().strip());
        cli.err.getBuffer().setLength(0);
        assertEquals(2, cli.run("generate", names.toString(), "--start", "k9"));
        assertEquals("layerlab generate: the start text \"k9\" has \"9\", which the model never saw in training; use characters of its vocabulary",
                cli.err.toString().strip());
    }
}
