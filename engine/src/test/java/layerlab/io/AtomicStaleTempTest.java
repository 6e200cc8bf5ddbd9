package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary files a killed save leaves ({@code .name.tmp-<12 hex>}) are deleted by the next save of that file, or by
 * opening it: only LayerLab's own, only those last written before this process started and a minute ago, and never one
 * a save still going on in another process holds.
 */
class AtomicStaleTempTest {
    @TempDir
    Path dir;

    private static final FileTime HOUR_AGO = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);

    private List<String> names() {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path old(String name) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "left by a killed save");
        Files.setLastModifiedTime(p, HOUR_AGO);
        return p;
    }

    @Test
    void theNextSaveDeletesOnlyItsOwnStaleTemporaryFiles() throws IOException {
        old(".p.json.tmp-0123456789ab");
        old(".p.json.tmp-ffffffffffff");
        Files.writeString(dir.resolve(".p.json.tmp-aaaaaaaaaaaa"), "written just now: maybe a save going on");
        old(".p.json.tmp-0123456789abc"); // not the naming: 13 digits
        old(".p.json.tmp-0123456789AB"); // upper case: not ours
        old(".q.json.tmp-0123456789ab"); // another file's
        old("p.json.tmp-0123456789ab"); // not hidden
        old(".p.json.tmp-notes");
        Files.createDirectory(dir.resolve(".p.json.tmp-bbbbbbbbbbbb"));
        Files.setLastModifiedTime(dir.resolve(".p.json.tmp-bbbbbbbbbbbb"), HOUR_AGO);
        AtomicFiles.writeString(dir.resolve("p.json"), "{}");
        assertEquals(List.of(".p.json.tmp-0123456789AB", ".p.json.tmp-0123456789abc", ".p.json.tmp-aaaaaaaaaaaa", ".p.json.tmp-bbbbbbbbbbbb",
                ".p.json.tmp-notes", ".q.json.tmp-0123456789ab", "p.json", "p.json.tmp-0123456789ab"), names());
        // A name with a regex's or a glob's special characters is taken literally.
        old(".a+[b].json.tmp-0123456789ab");
        old(".aa[b].json.tmp-0123456789ab");
        AtomicFiles.cleanStale(dir.resolve("a+[b].json"));
        assertTrue(names().contains(".aa[b].json.tmp-0123456789ab"));
        assertFalse(names().contains(".a+[b].json.tmp-0123456789ab"));
    }

    /** A save in progress in another LayerLab holds its temporary file locked: left alone, however old, until that process ends. */
    @Test
    void aSaveGoingOnInAnotherProcessIsLeftAlone() throws Exception {
        Path target = dir.resolve("big.llab"), said = dir.resolve("child.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), AtomicHoldChild.class.getName(), target.toString())
                .redirectOutput(said.toFile()).redirectError(dir.resolve("child.err").toFile()).start();
        Path tmp;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!Files.readString(said).contains("writing")) {
                assertTrue(child.isAlive() && System.nanoTime() < deadline, () -> "the child did not start its save: " + read(dir.resolve("child.err")));
                Thread.sleep(5);
            }
            try (var s = Files.list(dir)) {
                tmp = s.filter(p -> p.getFileName().toString().startsWith(".big.llab.tmp-")).findFirst().orElseThrow();
            }
            Files.setLastModifiedTime(tmp, HOUR_AGO); // as if it had stalled for an hour
            AtomicFiles.cleanStale(target);
            assertTrue(Files.exists(tmp), "a save still going on keeps its temporary file");
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        AtomicFiles.cleanStale(target);
        assertFalse(Files.exists(tmp), "killed, its save is stale");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
