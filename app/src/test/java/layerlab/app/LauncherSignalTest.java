package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./layerlab} run as a script, a CI job or a process manager runs it: Java is the launcher's own process, so a
 * signal sent to the launcher's pid ({@code timeout}'s SIGTERM, an IDE's stop button) ends Java, and the run saves what it
 * was asked to; the JVM's incubator warning is dropped and LayerLab's messages reach a file that stderr was sent to whole.
 * The launcher is run from a copy beside a built jar, on a stand-in {@code java} that runs this JVM's java on the test class
 * path, so the real {@code layerlab.app.Main} runs with the launcher's real flags (no build involved).
 */
class LauncherSignalTest {
    @TempDir
    Path dir;

    /** A copy of the launcher whose java is this JVM's, on the tests' class path in place of the (empty) jar's. */
    private void prepare() throws Exception {
        String real = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Each argument is taken in turn and put back at the end, -cp's value replaced by the tests' class path.
        LauncherCopy.prepare(dir, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then exec '" + real + "' -version; fi\n"
                + "n=$#; cp=\n"
                + "while [ $n -gt 0 ]; do a=$1; shift; n=$((n-1));\n"
                + "  if [ -n \"$cp\" ]; then set -- \"$@\" \"$LAUNCHER_TEST_CP\"; cp=; else set -- \"$@\" \"$a\"; fi\n"
                + "  [ \"$a\" = -cp ] && cp=1\n"
                + "done\n"
                + "exec '" + real + "' \"$@\"\n");
    }

    private ProcessBuilder launcher(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", dir.resolve("layerlab").toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
        b.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        b.environment().put("LAUNCHER_TEST_CP", System.getProperty("java.class.path"));
        b.environment().put("LAYERLAB_JAVA_OPTS", "-Xmx512m -Duser.home=" + dir.resolve("home"));
        return b;
    }

    /**
     * SIGTERM to the launcher's pid, as {@code timeout 30 ./layerlab train …} sends it, ends Java within seconds (it was
     * left training, bash's child, when bash ran it in a pipeline): the run stops after its batch, saves the bundle it was
     * asked for, keeps itself in the runs history as stopped, and the exit status is Java's (143, 128 + SIGTERM).
     */
    @Test
    void sigtermToTheLauncherStopsJavaAndSavesTheRun() throws Exception {
        prepare();
        Path project = Files.copy(Path.of("..", "sample-projects", "iris.json"), dir.resolve("iris.json"));
        Path bundle = dir.resolve("out dir/iris.llab");
        Files.createDirectories(bundle.getParent());
        Path err = dir.resolve("err.txt");
        Process p = launcher("train", "iris.json", "--epochs", "100000", "--device", "cpu", "--save-bundle", "out dir/iris.llab")
                .redirectError(err.toFile()).start();
        List<ProcessHandle> started = List.of();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("epoch 2")) {
                // the data line, epoch 1's
            }
            assertTrue(line != null, "no epoch line; stderr: " + Files.readString(err));
            started = p.descendants().toList();
            // SIGTERM, as destroy() sends it, but without closing the output still to be read.
            assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the launcher ended");
            List<String> rest = out.lines().toList();
            assertTrue(rest.stream().anyMatch(l -> l.matches("stopped \\(SIGTERM\\) after \\d+ epochs?, .*")), "said what stopped it: " + rest);
            for (ProcessHandle h : started) {
                h.onExit().completeOnTimeout(h, 5, TimeUnit.SECONDS).get();
                assertFalse(h.isAlive(), "left running: pid " + h.pid() + " " + h.info().command().orElse(""));
            }
            assertFalse(javaOf(p.pid()), "Java ended with the launcher's process, which it was");
            assertEquals(143, p.exitValue(), Files.readString(err));
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertTrue(Files.isRegularFile(bundle), "the bundle asked for was saved: " + Files.readString(err));
        List<RunLog.Run> runs = new RunLog(dir.resolve("home/.layerlab/runs")).load(project);
        assertEquals(1, runs.size());
        assertEquals(TrainingEvent.Reason.STOPPED, ((TrainingEvent.RunFinished) runs.get(0).end()).reason());
        assertFalse(Files.readString(err).contains("WARNING: Using incubator modules"), Files.readString(err));
    }

    /**
     * A run killed outright ({@code kill -9}, as a power cut ends it) is in the runs history all the same, as interrupted, with
     * the epochs it had reached a second before (its entry is written when it starts and brought up to date at epoch ends).
     */
    @Test
    void aRunKilledOutrightIsInTheHistoryAsInterrupted() throws Exception {
        prepare();
        Path project = Files.copy(Path.of("..", "sample-projects", "iris.json"), dir.resolve("iris.json"));
        Process p = launcher("train", "iris.json", "--epochs", "100000", "--device", "cpu").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int epochs = 0;
        List<ProcessHandle> started = List.of();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long first = 0;
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("epoch ")) continue;
                if (first == 0) first = System.nanoTime();
                epochs++;
                if (System.nanoTime() - first > 2_500_000_000L) break;
            }
            assertTrue(line != null, "the run went on");
            started = p.descendants().toList();
            p.destroyForcibly();  // SIGKILL: no shutdown hook, no end written
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        List<RunLog.Run> runs = new RunLog(dir.resolve("home/.layerlab/runs")).load(project);
        assertEquals(1, runs.size());
        RunLog.Run run = runs.get(0);
        assertTrue(run.unfinished() && run.interrupted(), String.valueOf(run.end()));
        int kept = run.epochs().size(), last = run.epochs().get(kept - 1).epoch();
        assertTrue(last >= 2 && last <= epochs, "reached epoch " + last + " of " + epochs + " printed");
        // Every epoch up to the last written, or, past KeptEpochs' bound (a fast machine, ~300 epochs a second), evenly kept ones.
        if (last <= layerlab.train.KeptEpochs.MAX + layerlab.train.KeptEpochs.EXTRA) assertEquals(last, kept);
        else assertTrue(kept >= layerlab.train.KeptEpochs.MAX / 2 && kept <= layerlab.train.KeptEpochs.MAX + layerlab.train.KeptEpochs.EXTRA, kept + " kept of " + last);
        for (int i = 1; i < kept; i++) assertTrue(run.epochs().get(i).epoch() > run.epochs().get(i - 1).epoch(), "in order");
    }

    /**
     * Java's own messages go to the descriptor the launcher names ({@code -Dlayerlab.stderr.fd=4}, its stderr), not through fd 2,
     * which holds the JVM's warning and its filter; without the descriptor open they stay on fd 2.
     */
    @Test
    void javasMessagesGoToTheDescriptorTheLauncherPasses() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String run = "exec '" + java + "' --add-modules jdk.incubator.vector --add-opens=java.base/java.io=ALL-UNNAMED -Dlayerlab.stderr.fd=4"
                + " -cp \"$LAUNCHER_TEST_CP\" layerlab.app.Main eval missing.llab";
        ProcessBuilder b = new ProcessBuilder("bash", "-c", run + " 4>fd4.txt 2>fd2.txt").directory(dir.toFile());
        b.environment().put("LAUNCHER_TEST_CP", System.getProperty("java.class.path"));
        assertEquals(2, b.start().waitFor());
        assertEquals("layerlab eval: missing.llab: no such file\n", Files.readString(dir.resolve("fd4.txt")));
        assertFalse(Files.readString(dir.resolve("fd2.txt")).contains("missing.llab"), Files.readString(dir.resolve("fd2.txt")));

        ProcessBuilder without = new ProcessBuilder("bash", "-c", run + " 2>fd2.txt").directory(dir.toFile());
        without.environment().put("LAUNCHER_TEST_CP", System.getProperty("java.class.path"));
        assertEquals(2, without.start().waitFor());
        assertTrue(Files.readString(dir.resolve("fd2.txt")).contains("layerlab eval: missing.llab: no such file"), Files.readString(dir.resolve("fd2.txt")));
    }

    /**
     * {@code layerlab grade} stopped by a signal while it trains its second of three projects (Ctrl-C and {@code timeout}'s
     * SIGTERM end Java through the same shutdown: the test sends SIGTERM, since a shell that starts a job in the background
     * makes it ignore SIGINT): the summary holds the first project's row and the second's as interrupted with the metrics
     * of its last finished epoch, nothing of the third; the closing lines are printed before Java exits. Until now only
     * the row's wording was tested ({@code GradeCommandTest}), not that the shutdown waits for the row to be written.
     */
    @Test
    void gradeStoppedInItsSecondProjectKeepsTheRowsSoFar() throws Exception {
        prepare();
        Path in = Files.createDirectories(dir.resolve("hand-ins"));
        for (String name : List.of("a-ana.json", "b-ben.json", "c-cleo.json")) Files.copy(Path.of("..", "sample-projects", "iris.json"), in.resolve(name));
        Path summary = dir.resolve("grades.csv");
        // The first project ends at its time limit; the second would run 100,000 epochs.
        Process p = launcher("grade", "hand-ins", "--summary", "grades.csv", "--epochs", "100000", "--max-time", "2s", "--device", "cpu")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> printed = new java.util.ArrayList<>();
        List<ProcessHandle> started = List.of();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("[1/3]")) printed.add(line);
            assertTrue(line != null, "no first row: " + printed);
            printed.add(line);
            // Into the second project's run, once an epoch of it has ended (its entry in the runs history says so).
            RunLog log = new RunLog(dir.resolve("home/.layerlab/runs"));
            long waitingSince = System.nanoTime();
            while (log.load(in.resolve("b-ben.json")).stream().noneMatch(r -> !r.epochs().isEmpty())) {
                assertTrue(System.nanoTime() - waitingSince < 60_000_000_000L, "no epoch of the second project in the runs history");
                Thread.sleep(50);
            }
            started = p.descendants().toList();
            // SIGTERM, as destroy() sends it, but without closing the output still to be read.
            assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor());
            while ((line = out.readLine()) != null) printed.add(line);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "grade ended");
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertEquals(143, p.exitValue(), String.join("\n", printed));
        List<String> rows = Files.readAllLines(summary);
        assertEquals(3, rows.size(), "a header and two rows:\n" + String.join("\n", rows));
        List<String> columns = List.of(rows.get(0).split(","));
        // A comma inside quotes (the reason's) is part of its field.
        java.util.function.BiFunction<Integer, String, String> field = (r, c) ->
                rows.get(r).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)[columns.indexOf(c)].replaceAll("^\"|\"$", "");
        assertTrue(field.apply(1, "file").endsWith("a-ana.json") && field.apply(1, "status").equals("time limit"), rows.get(1));
        assertTrue(field.apply(2, "file").endsWith("b-ben.json") && field.apply(2, "status").equals("interrupted"), rows.get(2));
        // Mostly inside an epoch; now and then (a clean CI once) exactly as one ended, before the next one's first batch.
        int epochs = Integer.parseInt(field.apply(2, "epochs"));
        // Said as what it was: SIGTERM, not Ctrl-C (the shutdown hooks alone cannot tell; StopSignal notes it).
        assertTrue(epochs >= 1 && field.apply(2, "reason").matches("SIGTERM (in epoch " + (epochs + 1) + "; metrics of epoch " + epochs
                + ", the last finished|after epoch " + epochs + ")"), rows.get(2));
        assertFalse(field.apply(2, "val_accuracy").isEmpty(), "the last finished epoch's metrics: " + rows.get(2));
        assertTrue(printed.stream().anyMatch(l -> l.startsWith("[2/3] ") && l.contains("b-ben.json") && l.contains("interrupted")), String.join("\n", printed));
        assertTrue(printed.contains("interrupted: 2 of 3 projects graded"), String.join("\n", printed));
        assertTrue(printed.stream().anyMatch(l -> l.startsWith("1 of 3 projects trained; wrote ") && l.endsWith("(2 rows)")), String.join("\n", printed));
    }

    private static boolean javaOf(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
    }

    /**
     * A failing command's message is in the file stderr was sent to by the time the launcher has ended (through the
     * warning's filter it could come after: Java writes it straight to the launcher's stderr), without the JVM's
     * incubator warning, stdout apart and empty; the exit status is Java's.
     */
    @Test
    void aFailuresMessageIsWholeInTheErrorFileWhenTheLauncherEnds() throws Exception {
        prepare();
        Path err = dir.resolve("err.txt"), out = dir.resolve("out.txt");
        for (int i = 0; i < 3; i++) {
            Process p = launcher("eval", "missing model.llab").redirectError(err.toFile()).redirectOutput(out.toFile()).start();
            assertEquals(2, p.waitFor());
            String text = Files.readString(err);
            assertTrue(text.startsWith("layerlab eval: ") && text.contains("missing model.llab") && text.endsWith("\n"), text);
            assertFalse(text.contains("WARNING"), text);
            assertEquals("", Files.readString(out));
        }
    }
}
