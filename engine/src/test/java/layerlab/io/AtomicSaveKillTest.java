package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a save: a child JVM saves a 64 MB file again and again, is killed at a random
 * moment inside a save, and the file on disk must still be the last complete one.
 */
class AtomicSaveKillTest {
    private static final int FLOATS = 16 << 20;
    private static final int ROUNDS = 5;

    @Test
    void aKilledSaveLeavesThePreviousCompleteFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.safetensors");
        Random random = new Random();
        int interrupted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int first = round * 1000 + 1;
            Path out = dir.resolve("child" + round + ".out"), err = dir.resolve("child" + round + ".err");
            // To files, not pipes: destroyForcibly closes the pipes, and what the child said last must still be read.
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    AtomicSaveChild.class.getName(), file.toString(), Integer.toString(FLOATS), Integer.toString(first))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                // Let one save complete, then strike a few milliseconds into a later one.
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (!(lastSaved(out) >= first && lastLine(out).startsWith("saving "))) {
                    assertTrue(child.isAlive(), () -> "the child ended early: " + read(err));
                    assertTrue(System.nanoTime() < deadline, () -> "the child made no progress: " + read(out) + read(err));
                    Thread.sleep(1);
                }
                Thread.sleep(random.nextInt(40));
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            // The save in flight may have finished between the last look and the kill.
            int lastSaved = lastSaved(out);
            List<Path> temps = temporaryFiles(dir);
            if (!temps.isEmpty()) interrupted++;
            temps.forEach(AtomicSaveKillTest::delete);

            Safetensors.Contents c = Safetensors.load(file);
            int version = Integer.parseInt(c.metadata().get("version"));
            assertTrue(version == lastSaved || version == lastSaved + 1,
                    "round " + round + ": the file holds version " + version + ", the last complete save was " + lastSaved);
            float[] values = c.tensors().get("w").toFloatArray();
            assertEquals(FLOATS, values.length);
            for (int i = 0; i < values.length; i++) {
                if (values[i] != version) assertEquals(version, values[i], "round " + round + ", element " + i);
            }
        }
        assertTrue(interrupted > 0, "no kill landed inside a save (no temporary file was ever left): the test proved nothing");
    }

    private static List<Path> temporaryFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".big.safetensors.tmp-")).toList();
        }
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The complete lines the child wrote so far. */
    private static List<String> lines(Path out) {
        String s = read(out);
        int end = s.lastIndexOf('\n');
        return end < 0 ? List.of() : s.substring(0, end).lines().toList();
    }

    private static int lastSaved(Path out) {
        int v = 0;
        for (String line : lines(out)) if (line.startsWith("saved ")) v = Integer.parseInt(line.substring(6));
        return v;
    }

    private static String lastLine(Path out) {
        List<String> l = lines(out);
        return l.isEmpty() ? "" : l.get(l.size() - 1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
