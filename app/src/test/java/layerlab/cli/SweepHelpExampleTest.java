package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * sweep --help's example, typed at the repository's root as the user guide's commands are, finds its project: it said
 * {@code layerlab sweep iris.json …}, and there "iris.json: no such file" (the sample is sample-projects/iris.json).
 */
class SweepHelpExampleTest {
    @Test
    void theHelpsExampleNamesAProjectThatIsThere() {
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("sweep", "--help"));
        String help = cli.out.toString().replaceAll("\\s*\\n\\s*", " ");
        Matcher m = Pattern.compile("Example: layerlab sweep (\\S+\\.json) ").matcher(help);
        assertTrue(m.find(), help);
        assertTrue(Files.isRegularFile(Path.of("..").resolve(m.group(1))), "the example's project is there: " + m.group(1));
    }
}
