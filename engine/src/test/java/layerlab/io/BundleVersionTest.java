package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import layerlab.data.DataNames;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which manifest version a bundle is written with: the lowest that holds its content, so an older LayerLab (which reads
 * version 1 and refuses a higher one as "saved by a newer LayerLab") opens every bundle that uses nothing newer, and
 * refuses clearly the one it would misread — a two-headed model's {@code target_classes} (version 2), which a version-1
 * reader calls an unknown key of data.json. A version above this build's own is refused so too; a version-1 bundle that
 * holds target_classes (written before version 2 existed) still reads.
 */
class BundleVersionTest {
    @TempDir
    Path dir;

    private ModelBundle bundle(DataNames names) throws IOException {
        Graph g = ProjectJson.load(Path.of("src/test/resources/golden/af75fcb0/penguins2-project.json"));
        return new ModelBundle(g, GraphCompiler.compile(g).stateDict(), Map.of("epochs", 1), List.of(Map.of("epoch", 1)), null, names);
    }

    private static final DataNames ONE_HEAD = new DataNames(List.of("bill_length_mm"), List.of("Adelie", "Chinstrap", "Gentoo"));
    private static final DataNames TWO_HEADS = new DataNames(List.of("bill_length_mm"), List.of("Adelie", "Chinstrap", "Gentoo"), null, 0,
            Map.of("species", List.of("Adelie", "Chinstrap", "Gentoo")));

    @Test
    void aBundleWithoutTargetClassesKeepsVersion1() throws IOException {
        Path f = dir.resolve("one.llab");
        ModelBundle.save(f, bundle(ONE_HEAD));
        assertEquals(1, ModelBundle.manifest(f).get("version"));
        assertEquals(ONE_HEAD, ModelBundle.load(f).names());
    }

    @Test
    void targetClassesMakeVersion2AndReadBack() throws IOException {
        Path f = dir.resolve("two.llab");
        ModelBundle.save(f, bundle(TWO_HEADS));
        assertEquals(2, ModelBundle.manifest(f).get("version"));
        assertEquals(TWO_HEADS.targetClasses(), ModelBundle.load(f).names().targetClasses());
        // Without its state to go on, as export writes it: still version 2.
        Path model = dir.resolve("model.llab");
        ModelBundle.save(model, ModelBundle.load(f).withoutResume());
        assertEquals(2, ModelBundle.manifest(model).get("version"));
    }

    @Test
    void aVersion1BundleWithTargetClassesStillReads() throws IOException {
        Path f = dir.resolve("two.llab");
        ModelBundle.save(f, bundle(TWO_HEADS));
        Path old = dir.resolve("written-before-2.llab");
        Files.write(old, withManifestVersion(Files.readAllBytes(f), 2, 1));
        assertEquals(1, ModelBundle.manifest(old).get("version"));
        assertEquals(TWO_HEADS.targetClasses(), ModelBundle.load(old).names().targetClasses());
    }

    @Test
    void aVersionAboveThisBuildsIsRefusedSayingSo() throws IOException {
        Path f = dir.resolve("two.llab");
        ModelBundle.save(f, bundle(TWO_HEADS));
        Path newer = dir.resolve("newer.llab");
        Files.write(newer, withManifestVersion(Files.readAllBytes(f), 2, ModelBundle.VERSION + 1));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ModelBundle.load(newer));
        assertEquals("newer.llab: this bundle was saved by a newer LayerLab (bundle version 3; this LayerLab reads versions up to 2); "
                + "update LayerLab to open it", e.getMessage());
        assertTrue(e instanceof FileFormatException, e.getClass().getName());
    }

    /** The zip with its manifest's {@code "version": from} made {@code to}. */
    static byte[] withManifestVersion(byte[] zip, int from, int to) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
        }
        String m = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
        assertTrue(m.contains("\"version\": " + from), m);
        entries.put("manifest.json", m.replace("\"version\": " + from, "\"version\": " + to).getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
