package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files the commands write: checked before the work that would be lost (a run's end is no time to find that its
 * bundle cannot be written), never over the files the command reads, and in the format their names say.
 */
class OutputFilesTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");
    @TempDir
    static Path shared;
    private static Path project, bundle;
    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void trainIris() throws Exception {
        project = shared.resolve("iris.json");
        Files.copy(SAMPLES.resolve("iris.json"), project);
        bundle = shared.resolve("iris.llab");
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--save-bundle", bundle.toString()), cli.err.toString());
    }

    @Test
    void trainRefusesToWriteOverItsProjectBeforeTraining() throws Exception {
        byte[] before = Files.readAllBytes(project);
        assertEquals(2, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--save-bundle", project.toString()));
        cli.assertOneLineError("layerlab train: --save-bundle " + project + " is the file this command reads");
        assertEquals("", cli.out.toString(), "nothing trained");
        assertArrayEquals(before, Files.readAllBytes(project));
        assertEquals(2, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--save-weights", project.toString()));
        cli.assertOneLineError("layerlab train: --save-weights " + project + " is the file this command reads");
        assertArrayEquals(before, Files.readAllBytes(project));
    }

    @Test
    void trainRefusesAFolderOrAPathUnderAFileBeforeTraining(@TempDir Path dir) {
        assertEquals(2, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--save-bundle", dir.toString()));
        cli.assertOneLineError("layerlab train: --save-bundle: " + dir + " is a folder: give a file name");
        assertEquals("", cli.out.toString());
        Path under = project.resolve("x.llab");
        assertEquals(2, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--metrics", under.toString()));
        cli.assertOneLineError("layerlab train: --metrics: " + under + " cannot be written: " + project.toAbsolutePath() + " is a file, not a folder");
        assertEquals(2, cli.run("train", project.toString(), "--epochs", "1", "--save-weights", dir.resolve("a").toString(),
                "--save-bundle", dir.resolve("a").toString()));
        cli.assertOneLineError("layerlab train: --save-weights and --save-bundle name the same file");
    }

    @Test
    void aFolderThatRefusesNewFilesIsFoundBeforeTraining(@TempDir Path dir) throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // The superuser may write anywhere: there the folder's permissions prove nothing.
            assumeFalse(Files.isWritable(ro), "running as a user that ignores folder permissions (root)");
            assertEquals(2, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--save-bundle", ro.resolve("x.llab").toString()));
            cli.assertOneLineError("layerlab train: " + ro.resolve("x.llab") + ": permission denied (the folder " + ro + " is read-only: no file can be created in it)");
            assertEquals("", cli.out.toString());
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A project that cannot be read is named as check names it, by the path given, with its line and column. */
    @Test
    void aBrokenProjectIsNamedByItsPath(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"layerlab-project\", \"version\": 1,\n  \"nodes\": [}\n");
        assertEquals(2, cli.run("train", broken.toString(), "--epochs", "1"));
        cli.assertOneLineError(broken + ":2:13: malformed JSON");
        assertEquals(2, cli.run("check", broken.toString()));
        cli.assertOneLineError(broken + ":2:13: malformed JSON");
    }

    /** A metrics file on a full disk (Linux's /dev/full) is a note: the run goes on and its model is saved. */
    @Test
    void aMetricsFileThatFillsTheDiskDoesNotCostTheRun(@TempDir Path dir) {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        Path out = dir.resolve("kept.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "2", "--device", "cpu", "--metrics", full.toString(), "--save-bundle", out.toString()),
                cli.err.toString());
        cli.assertOneLineError("layerlab train: note: cannot write the metrics file /dev/full (No space left on device); training goes on without it");
        assertTrue(cli.out.toString().contains("finished after 2 epochs"), cli.out.toString());
        assertTrue(Files.exists(out), "the trained model is saved");
    }

    /** A checkpoint that cannot be written is a note: the run goes on to its end (which saves, or rescues, the model). */
    @Test
    void aCheckpointThatCannotBeWrittenDoesNotEndTheRun() throws Exception {
        java.io.StringWriter err = new java.io.StringWriter();
        int[] tries = {0};
        layerlab.train.Trainer.Checkpointer full = TrainCommand.goingOn((trainer, epoch) -> {
            tries[0]++;
            throw new java.nio.file.FileSystemException("/media/full/run.llab", null, "No space left on device");
        }, new java.io.PrintWriter(err, true));
        full.save(null, 3);
        assertEquals(1, tries[0]);
        assertEquals("layerlab train: note: cannot write the checkpoint after epoch 3 (No space left on device); training goes on\n",
                err.toString().replace("\r", ""));
    }

    /** A save that fails at the run's end (the disk filled up while it trained) puts the model in the temporary folder. */
    @Test
    void aModelThatCannotBeSavedAtTheEndIsRescued(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("gone").resolve("model.llab");
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        Path wrote = TrainCommand.saveOrRescue("model", target, file -> {
            if (file.equals(target)) throw new java.io.IOException("No space left on device");
            Files.writeString(file, "the model");
        }, "", new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        try {
            assertTrue(wrote != null && !wrote.equals(target) && wrote.getFileName().toString().endsWith("-model.llab"), String.valueOf(wrote));
            assertEquals("the model", Files.readString(wrote));
            assertEquals("layerlab train: cannot write " + target + " (No space left on device); the trained model is saved in " + wrote + " instead\n",
                    err.toString().replace("\r", ""));
            assertEquals("", out.toString());
        } finally {
            if (wrote != null) Files.deleteIfExists(wrote);
        }
        err.getBuffer().setLength(0);
        assertEquals(null, TrainCommand.saveOrRescue("weights", target, file -> {
            throw new java.io.IOException("No space left on device");
        }, "", new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true)));
        assertTrue(err.toString().endsWith("(No space left on device): the trained weights are not saved\n"), err.toString());
    }

    @Test
    void predictRefusesToWriteOverItsInputAndChecksItsOptionsBeforePrinting(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n");
        byte[] before = Files.readAllBytes(csv);
        assertEquals(2, cli.run("predict", bundle.toString(), "--input", csv.toString(), "-o", csv.toString()));
        cli.assertOneLineError("layerlab predict: --output " + csv + " is the file this command reads");
        assertArrayEquals(before, Files.readAllBytes(csv));
        assertEquals(2, cli.run("predict", bundle.toString(), "--input", csv.toString(), "--saliency", project.toString()));
        cli.assertOneLineError("layerlab predict: --saliency " + project + " is a file: give a folder for the maps");
        assertEquals(2, cli.run("predict", bundle.toString(), "--input", csv.toString(), "--saliency", dir.resolve("maps").toString()));
        cli.assertOneLineError("layerlab predict: --saliency: saliency maps are for pictures");
        assertEquals("", cli.out.toString(), "no table before the refusal");
    }

    @Test
    void weightsGoWithAProjectNotABundle(@TempDir Path dir) {
        Path w = dir.resolve("w.safetensors");
        assertEquals(0, cli.run("export", bundle.toString(), "-o", w.toString()), cli.err.toString());
        for (String command : new String[] {"eval", "predict", "export"}) {
            String[] args = command.equals("export")
                    ? new String[] {command, bundle.toString(), "--weights", w.toString(), "-o", dir.resolve("m.onnx").toString()}
                    : new String[] {command, bundle.toString(), "--weights", w.toString(), "--input", w.toString()};
            if (command.equals("eval")) args = new String[] {command, bundle.toString(), "--weights", w.toString()};
            assertEquals(2, cli.run(args), command);
            cli.assertOneLineError("layerlab " + command + ": --weights goes with a project (.json); " + bundle + " is a bundle");
        }
    }

    @Test
    void exportTakesItsFormatFromTheFileNameAndRefusesOneThatContradictsIt(@TempDir Path dir) throws Exception {
        assertEquals(0, cli.run("export", bundle.toString(), "-o", dir.resolve("m.onnx").toString()), cli.err.toString());
        assertTrue(cli.out.toString().contains("ONNX opset"), cli.out.toString());
        assertEquals(0, cli.run("export", bundle.toString(), "--format", "PyTorch", "-o", dir.resolve("m.py").toString()), cli.err.toString());
        assertTrue(Files.exists(dir.resolve("m.safetensors")));
        assertEquals(2, cli.run("export", bundle.toString(), "--format", "onnx", "-o", dir.resolve("x.py").toString()));
        cli.assertOneLineError("layerlab export: --format onnx writes a file ending in .onnx, but --out " + dir.resolve("x.py") + " ends in .py");
        assertFalse(Files.exists(dir.resolve("x.py")));
        assertEquals(2, cli.run("export", bundle.toString(), "-o", dir.resolve("model.bin").toString()));
        cli.assertOneLineError("layerlab export: --out " + dir.resolve("model.bin") + ": say the format with --format");
        assertEquals(0, cli.run("export", bundle.toString(), "--format", "onnx", "-o", dir.resolve("model.bin").toString()), cli.err.toString());
    }

    @Test
    void exportNeverReplacesTheFileItReadsNorAWeightsFileThatCameWithoutItsScript(@TempDir Path dir) throws Exception {
        byte[] before = Files.readAllBytes(bundle);
        assertEquals(2, cli.run("export", bundle.toString(), "--format", "llab", "-o", bundle.toString()));
        cli.assertOneLineError("layerlab export: --out " + bundle + " is the file this command reads");
        assertArrayEquals(before, Files.readAllBytes(bundle));
        Path run = dir.resolve("iris.safetensors");
        Files.writeString(run, "a run's weights");
        assertEquals(2, cli.run("export", bundle.toString(), "-o", dir.resolve("iris.py").toString()));
        cli.assertOneLineError("layerlab export: " + run + " exists and is not the weights of an earlier iris.py");
        assertEquals("a run's weights", Files.readString(run));
        // An earlier export of the same name is updated, script and weights together.
        assertEquals(0, cli.run("export", bundle.toString(), "-o", dir.resolve("m.py").toString()), cli.err.toString());
        assertEquals(0, cli.run("export", bundle.toString(), "-o", dir.resolve("m.py").toString()), cli.err.toString());
    }

    @Test
    void anOptionOfTheWrongTypeIsOneLineAndWhereTheOptionsAreTold() {
        assertEquals(2, cli.run("train", project.toString(), "--lr", "abc"));
        String e = cli.err.toString();
        assertEquals("layerlab train: Invalid value for option '--lr': 'abc' is not a double\n(layerlab train --help lists its options)\n",
                e.replace("\r", ""));
    }

    @Test
    void summaryExitsOneForAGraphWithErrorsAsCheckDoes(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, Files.readString(project).replaceFirst("\"in_features\": 4", "\"in_features\": 5"));
        assertEquals(1, cli.run("summary", broken.toString()), cli.out + "" + cli.err);
        assertTrue(cli.err.toString().contains("error(s)"), cli.err.toString());
        assertEquals(0, cli.run("summary", project.toString()), cli.err.toString());
    }

    @Test
    void benchRefusesTimesThatMeanNothing() {
        assertEquals(2, cli.run("bench", "--warmup", "-1", "--case", "gemm_256"));
        cli.assertOneLineError("layerlab bench: --warmup must be 0 seconds or more, got -1.0");
        assertEquals(2, cli.run("bench", "--window", "0", "--case", "gemm_256"));
        cli.assertOneLineError("layerlab bench: --window must be more than 0 seconds");
    }
}
