package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands the command line suggests (sweep's "to train it:", lr-find's "train with it:", an unknown option's
 * "--help lists its options") begin with LayerLab as the user typed it: the guides' {@code ./layerlab} at the repository's
 * root, where {@code layerlab train …} pasted was "command not found". The launcher says how it was typed
 * ({@code -Dlayerlab.command}); without it (the installed command) they say {@code layerlab}. The help's usage lines and
 * examples follow the same: they said {@code layerlab sweep …} to someone who had typed {@code ./layerlab sweep --help}.
 */
class SuggestedCommandsTest {
    @TempDir
    Path dir;

    @AfterEach
    void untyped() {
        System.clearProperty("layerlab.command");
    }

    @Test
    void sweepsBestCommandBeginsAsTheLauncherWasTyped() throws Exception {
        Path project = Files.copy(SweepCommandTest.IRIS, dir.resolve("iris.json"));
        System.setProperty("layerlab.command", "./layerlab");
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("sweep", project.toString(), "--lr", "0.1", "--epochs", "1", "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("to train it: ./layerlab train " + project + " --lr 0.1 --epochs 1\n"), cli.out.toString());
    }

    @Test
    void lrFindsCommandQuotesWhatAShellWouldSplit() throws Exception {
        Path project = Files.copy(Path.of("..", "sample-projects", "neural-network.json"), Files.createDirectories(dir.resolve("my nets")).resolve("net.json"));
        System.setProperty("layerlab.command", "/opt/Layer Lab/layerlab");
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("lr-find", project.toString()), cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.contains("train with it: '/opt/Layer Lab/layerlab' train '" + project + "' --lr "), out);
    }

    @Test
    void withoutTheLauncherTheyBeginWithTheInstalledCommand() {
        CliRunner cli = new CliRunner();
        cli.run("train", "--nosuch");
        assertTrue(cli.err.toString().contains("\n(layerlab train --help lists its options)"), cli.err.toString());
        System.setProperty("layerlab.command", "./layerlab");
        CliRunner typed = new CliRunner();
        typed.run("train", "--nosuch");
        assertTrue(typed.err.toString().contains("\n(./layerlab train --help lists its options)"), typed.err.toString());
    }

    @Test
    void theHelpsUsageAndExamplesBeginAsTheLauncherWasTyped() {
        System.setProperty("layerlab.command", "./layerlab");
        CliRunner sweep = new CliRunner();
        assertEquals(0, sweep.run("sweep", "--help"));
        String help = sweep.out.toString();
        assertTrue(help.startsWith("Usage: ./layerlab sweep "), help);
        assertTrue(help.replaceAll("\\s*\\n\\s*", " ").contains("Example: ./layerlab sweep sample-projects/iris.json --lr "), help);
        CliRunner root = new CliRunner();
        assertEquals(0, root.run("--help"));
        assertTrue(root.out.toString().replaceAll("\\s*\\n\\s*", " ").contains("Without arguments, `./layerlab` opens the editor."), root.out.toString());
    }
}
