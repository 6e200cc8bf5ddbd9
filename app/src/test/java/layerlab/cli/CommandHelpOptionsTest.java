package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each command's --help lists only options it reads, with texts true for it: generate listed --batch-size (the shared
 * model options' own, which generating never reads), and grade's --optimizer said "train: with --lr if given" of an
 * option grade does not take.
 */
class CommandHelpOptionsTest {
    private String help(String command) {
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run(command, "--help"), cli.err.toString());
        return cli.out.toString();
    }

    @Test
    void generateListsNoBatchSizeButEvalAndPredictDo() {
        String generate = help("generate");
        assertFalse(generate.contains("--batch-size"), generate);
        assertTrue(generate.contains("--device") && generate.contains("--weights"), generate);
        assertTrue(help("eval").contains("--batch-size"));
        assertTrue(help("predict").contains("--batch-size"));
    }

    @Test
    void noCommandWithoutLrMentionsIt() {
        for (String command : new String[] {"grade", "lr-find", "profile"}) {
            String help = help(command);
            assertFalse(help.contains("--lr"), command + ": " + help);
        }
        assertTrue(help("train").contains("--lr"));
    }

    @Test
    void evalStillRefusesABatchOfNoneBeforeReadingTheModel() {
        CliRunner cli = new CliRunner();
        assertEquals(2, cli.run("eval", "no-such-model.llab", "--batch-size", "0"));
        assertEquals("layerlab eval: --batch-size must be at least 1, got 0", cli.err.toString().strip());
    }
}
