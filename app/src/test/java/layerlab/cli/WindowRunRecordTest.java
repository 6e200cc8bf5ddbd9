package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import layerlab.backend.cpu.Parallel;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.io.ModelBundle;
import layerlab.train.RunEnvironment;
import layerlab.ui.exchange.ModelExchange;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run started with the window's Start and written by File › Export records what {@code layerlab train --save-bundle}
 * records (one engine method takes it: RunEnvironment.current): the same seed, threads, device and data fingerprint for the
 * same data, and {@code layerlab info} says as much of the one as of the other. Before, the window's bundle had no run
 * record, and info said "not recorded".
 */
class WindowRunRecordTest {
    @TempDir Path dir;
    final CliRunner cli = new CliRunner();
    private final ExecutorService fx = Executors.newSingleThreadExecutor();
    private final TrainingSession session = new TrainingSession(fx::submit);

    @AfterEach
    void shut() throws Exception {
        fx.submit(session::close).get();
        fx.shutdown();
        assertTrue(fx.awaitTermination(5, TimeUnit.SECONDS));
    }

    private <T> T onFx(Callable<T> c) throws Exception {
        return fx.submit(c).get();
    }

    /** The flowers project over flowers.csv, with seed 7 and one epoch. */
    private Path project() throws Exception {
        Path p = ReproducibilityCommandTest.csvProject(dir);
        ObjectMapper m = new ObjectMapper();
        ObjectNode project = (ObjectNode) m.readTree(p.toFile());
        ((ObjectNode) project.get("training")).put("seed", 7).put("epochs", 1).put("device", "cpu");
        Files.writeString(p, m.writerWithDefaultPrettyPrinter().writeValueAsString(project));
        return p;
    }

    /** Trains {@code project} as the window's Start does, and exports it as File › Export › Trained model does. */
    private Path trainedInTheWindow(Path project, Path bundle) throws Exception {
        Graph g = ProjectJson.read(Files.readString(project), project.getFileName().toString());
        fx.submit(() -> session.start(g, project.getParent(), false)).get();
        long end = System.nanoTime() + 120_000_000_000L;
        while (onFx(session::state) != TrainingSession.State.FINISHED && System.nanoTime() < end) {
            assertTrue(onFx(session::state) != TrainingSession.State.FAILED, onFx(() -> session.statusProperty().get()));
            Thread.sleep(10);
        }
        assertEquals(TrainingSession.State.FINISHED, onFx(session::state));
        onFx(() -> new ModelExchange(session).export(g, ModelExchange.Format.BUNDLE, bundle));
        return bundle;
    }

    private static Map<?, ?> run(Path bundle) throws Exception {
        Object run = ModelBundle.manifest(bundle).get("run");
        assertNotNull(run, bundle.getFileName() + " has a run record");
        return (Map<?, ?>) run;
    }

    @Test
    void theWindowsExportRecordsTheRunAsLayerlabTrainDoes() throws Exception {
        Path project = project();
        Path cliBundle = dir.resolve("cli.llab");
        assertEquals(0, cli.run("train", project.toString(), "-q", "--save-bundle", cliBundle.toString()), cli.err.toString());
        Path guiBundle = trainedInTheWindow(project, dir.resolve("window.llab"));

        Map<?, ?> fromCli = run(cliBundle), fromWindow = run(guiBundle);
        assertTrue(String.valueOf(fromWindow.get("data_sha256")).startsWith("sha256:"), fromWindow.toString());
        for (String k : java.util.List.of("data_sha256", "data_folder", "seed", "threads", "device", "cpu", "java", "layerlab", "os")) {
            assertEquals(fromCli.get(k), fromWindow.get(k), k);
        }
        RunEnvironment env = RunEnvironment.fromMap(fromWindow);
        assertEquals(7, env.seed());
        assertEquals(Parallel.threads(), env.threads());
        assertEquals(dir.toAbsolutePath().normalize().toString(), env.dataFolder());

        // The runs table's row of the window's run holds what a row of layerlab train holds.
        Map<String, Object> row = onFx(() -> session.run().settings());
        assertEquals(layerlab.data.DataFingerprint.shortForm(env.data()), row.get(layerlab.train.RunLog.DATA_FILES));
        assertEquals(Parallel.threads(), ((Number) row.get(layerlab.train.RunLog.THREADS)).intValue());

        assertEquals(0, cli.run("info", guiBundle.toString()), cli.err.toString());
        String said = cli.out.toString();
        assertTrue(said.contains("  seed: 7\n"), said);
        assertTrue(said.contains("  threads: " + Parallel.threads() + " "), said);
        assertTrue(said.contains("  data files: " + env.data() + " of path flowers.csv, read in " + env.dataFolder()), said);
        assertTrue(said.contains("data files now: the same as when it trained"), said);
    }

    /** Go On trains on over the data read for the run before: its record keeps their fingerprint, and its row too. */
    @Test
    void goOnKeepsTheFingerprintOfTheDataItGoesOnOver() throws Exception {
        Path project = project();
        Map<?, ?> first = run(trainedInTheWindow(project, dir.resolve("window.llab")));
        Graph g = ProjectJson.read(Files.readString(project), project.getFileName().toString());
        fx.submit(() -> session.goOn(g, 1)).get();
        long end = System.nanoTime() + 120_000_000_000L;
        while (onFx(() -> session.run().end() == null) && System.nanoTime() < end) Thread.sleep(10);
        assertEquals(TrainingSession.State.FINISHED, onFx(session::state), onFx(() -> session.statusProperty().get()));
        assertEquals("epochs 1 → 2; from run 1 after epoch 1, step 8", onFx(() -> session.run().changes()), "the same data, the same threads");
        Path more = dir.resolve("more.llab");
        onFx(() -> new ModelExchange(session).export(g, ModelExchange.Format.BUNDLE, more));
        assertEquals(2, ModelBundle.load(more).metrics().size(), "two epochs");
        assertEquals(first.get("data_sha256"), run(more).get("data_sha256"));
        assertEquals(first.get("seed"), run(more).get("seed"));
        assertEquals(layerlab.data.DataFingerprint.shortForm((String) first.get("data_sha256")),
                onFx(() -> session.run().settings().get(layerlab.train.RunLog.DATA_FILES)));
    }

    /** A bundle opened in the window and exported again (to hand on the model alone) keeps its run's record, as layerlab export does. */
    @Test
    void anOpenedBundleExportedAgainKeepsItsRunRecord() throws Exception {
        Path project = project(), trained = dir.resolve("cli.llab"), handedOn = dir.resolve("handed-on.llab");
        assertEquals(0, cli.run("train", project.toString(), "-q", "--save-bundle", trained.toString()), cli.err.toString());
        ModelExchange exchange = new ModelExchange(session);
        ModelExchange.Opened m = exchange.openBundle(trained);
        onFx(() -> {
            session.reset();
            exchange.startFrom(m);
            return exchange.export(m.graph(), ModelExchange.Format.MODEL_ONLY, handedOn);
        });
        assertEquals(run(trained), run(handedOn));
    }

    /** The model alone (no state to go on) keeps the record too: it is the file handed on to the one who must repeat the run. */
    @Test
    void theModelWithoutTrainingStateKeepsTheRunRecord() throws Exception {
        Path project = project();
        trainedInTheWindow(project, dir.resolve("window.llab"));
        Graph g = ProjectJson.read(Files.readString(project), project.getFileName().toString());
        Path alone = dir.resolve("alone.llab");
        onFx(() -> new ModelExchange(session).export(g, ModelExchange.Format.MODEL_ONLY, alone));
        assertEquals(run(dir.resolve("window.llab")), run(alone));
    }
}
