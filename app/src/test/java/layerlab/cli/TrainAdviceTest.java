package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The end of {@code layerlab train} says in a line what the run's curves show is likely wrong (the training doctor,
 * DiagnosisTest), after the final metrics; a healthy run says nothing more, and {@code -q} keeps it quiet.
 */
class TrainAdviceTest {
    final CliRunner cli = new CliRunner();

    private String train(int epochs, String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"train", GradeCommandTest.IRIS.toString(), "--device", "cpu", "--epochs", String.valueOf(epochs)}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        assertEquals(0, cli.run(args), cli.err.toString());
        return cli.out.toString();
    }

    @Test
    void aTinyLearningRateGetsAdviceAfterTheMetrics() {
        String out = train(5, "--lr", "1e-7");
        int finished = out.indexOf("finished after 5 epochs"), advice = out.indexOf("advice: Loss not falling: after 5 epochs the training loss is ");
        assertTrue(finished >= 0 && advice > finished, out);
        // The command that runs the range test on this project, as the command line's other suggestions name it (the launcher's
        // ./layerlab where it ran one); the window's words ("Find Learning Rate", a link under it) are not the command line's.
        assertTrue(out.contains("the learning rate (1e-07) may be too low: try 10 times higher, or let `layerlab lr-find "
                + GradeCommandTest.IRIS + "` suggest one"), out);
        assertFalse(out.contains("Find Learning Rate"), out);
    }

    /** Cross-validation's folds each have their doctor: what they found is said once after the scores, naming the folds. */
    @Test
    void crossValidationSaysWhatTheFoldsFoundNamingThem() {
        String out = train(3, "--lr", "1e-7", "--folds", "3");
        int scores = out.indexOf("weighted avg"), advice = out.indexOf("advice (all 3 folds; fold 1's numbers): Loss not falling: after 3 epochs ");
        assertTrue(scores >= 0 && advice > scores, out);
        assertTrue(out.contains("the learning rate (1e-07) may be too low: try 10 times higher, or let `layerlab lr-find " + GradeCommandTest.IRIS + "`"), out);
        assertEquals(1, out.split("advice", -1).length - 1, "one line for the three folds' one finding: " + out);
    }

    @Test
    void foldsAreNamed() {
        assertEquals("all 5 folds; fold 1's numbers", TrainCommand.foldsText(java.util.List.of(1, 2, 3, 4, 5), 5));
        assertEquals("folds 2, 3, 5 of 5; fold 2's numbers", TrainCommand.foldsText(java.util.List.of(2, 3, 5), 5));
        assertEquals("fold 4 of 5 only", TrainCommand.foldsText(java.util.List.of(4), 5));
    }

    @Test
    void quietSaysNoAdvice() {
        assertFalse(train(5, "--lr", "1e-7", "-q").contains("advice:"), cli.out.toString());
    }

    @Test
    void aHealthyRunGetsNone() {
        String out = train(20);
        assertTrue(out.contains("finished after 20 epochs"), out);
        assertFalse(out.contains("advice:"), out);
    }
}
