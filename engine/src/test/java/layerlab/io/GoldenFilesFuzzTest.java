package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import layerlab.train.RunLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden files older builds wrote ({@link OldFilesTest}), damaged deterministically — cut at many lengths, bytes flipped,
 * a header's sizes made huge, a project's values given the wrong type or an unknown layer kind — each end in LayerLab's own
 * exception with one line naming the file and where (the tensor and byte, the node, the line and column), never another
 * exception and never an allocation of what a header claims. (HostileFilesTest mutates the sample projects and a bundle
 * this build writes; these are the files of older builds, with their resume entries, data.json and runs histories.)
 */
class GoldenFilesFuzzTest {
    private static final Path GOLDEN = OldFilesTest.GOLDEN;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COMMITS = List.of("e655f20f", "a50a00e8", "af75fcb0");

    @TempDir
    Path dir;

    /** A load that must fail: LayerLab's FileFormatException (an IOException), one line, naming {@code name}. */
    private static void assertCleanFailure(String name, String what, Throwable t, List<String> failures) {
        if (!(t instanceof IOException) || t.getMessage() == null) {
            failures.add(what + ": " + t);
        } else if (!t.getMessage().startsWith(name) || t.getMessage().contains("\n")) {
            failures.add(what + ": not one line naming " + name + ": " + t.getMessage());
        }
    }

    private static void assertNoFailures(List<String> failures) {
        assertTrue(failures.isEmpty(), failures.size() + " cases:\n" + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    @Test
    void bundlesCutShortOrFlippedSaySoNamingTheFile() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String commit : COMMITS) {
            List<String> bundles;
            try (var files = Files.list(GOLDEN.resolve(commit))) {
                bundles = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".llab")).sorted().toList();
            }
            for (String model : bundles) {
                byte[] good = Files.readAllBytes(GOLDEN.resolve(commit).resolve(model));
                for (int cut = 0; cut < good.length; cut += 37) {
                    Path f = dir.resolve("cut-" + cut + "-" + model);
                    Files.write(f, Arrays.copyOf(good, cut));
                    try {
                        ModelBundle.load(f);
                        failures.add(commit + "/" + model + " cut at " + cut + ": read");
                    } catch (Throwable t) {
                        assertCleanFailure(f.getFileName().toString(), commit + "/" + model + " cut at " + cut, t, failures);
                    }
                    Files.delete(f);
                }
                Random r = new Random(commit.hashCode() * 31L + model.hashCode());
                for (int i = 0; i < 150; i++) {
                    byte[] bad = good.clone();
                    int at = r.nextInt(bad.length);
                    bad[at] ^= (byte) (1 << r.nextInt(8));
                    Path f = dir.resolve("flip-" + i + "-" + model);
                    Files.write(f, bad);
                    try {
                        ModelBundle.load(f); // a flip in a zip's unused field (a time stamp) may leave it whole
                    } catch (Throwable t) {
                        assertCleanFailure(f.getFileName().toString(), commit + "/" + model + " bit flipped at byte " + at, t, failures);
                    }
                    Files.delete(f);
                }
            }
        }
        assertNoFailures(failures);
    }

    @Test
    void safetensorsCutAtEveryByteNameWhereItEnds() throws IOException {
        List<String> failures = new ArrayList<>();
        byte[] good = Files.readAllBytes(GOLDEN.resolve("af75fcb0/iris.safetensors"));
        long headerEnd = 8 + ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        for (int cut = 0; cut < good.length; cut++) {
            byte[] bad = Arrays.copyOf(good, cut);
            int c = cut;
            Throwable t = assertThrows(Throwable.class, () -> Safetensors.read(new ByteArrayInputStream(bad), "iris.safetensors", bad.length));
            assertCleanFailure("iris.safetensors", "cut at " + cut, t, failures);
            if (cut > headerEnd && !t.getMessage().contains("it ends at byte " + c + ", which cuts tensor '"))
                failures.add("cut at " + cut + " names neither the byte nor the tensor: " + t.getMessage());
            // The same bytes from a stream of unknown length (how a bundle's entries once were read).
            t = assertThrows(Throwable.class, () -> Safetensors.read(new ByteArrayInputStream(bad), "iris.safetensors"));
            assertCleanFailure("iris.safetensors", "streamed, cut at " + cut, t, failures);
        }
        assertNoFailures(failures);
    }

    @Test
    void aCutSafetensorsFileSaysWhichTensorAndByte() throws IOException {
        byte[] good = Files.readAllBytes(GOLDEN.resolve("af75fcb0/iris.safetensors"));
        Path f = dir.resolve("iris.safetensors");
        Files.write(f, Arrays.copyOf(good, 700));
        IOException e = assertThrows(IOException.class, () -> Safetensors.load(f));
        assertEquals("iris.safetensors: the file is truncated: it ends at byte 700, which cuts tensor 'fc2.weight' (data_offsets [320,512], "
                + "bytes 600..792 of the file) and 1 tensor after it; its tensors need 524 bytes of data, it holds 420", e.getMessage());
    }

    /**
     * A bundle whose weights header claims a tensor of 1.9 billion floats (7.6 GB; the test's heap is 3 GB) with offsets that
     * match: refused from the entry's size before any tensor is made. (Read as a stream of unknown length, the reader made
     * the tensor first: OutOfMemoryError.)
     */
    @Test
    void aHugeTensorDeclaredInABundleIsNotAllocated() throws IOException {
        Map<String, byte[]> entries = unzip(Files.readAllBytes(GOLDEN.resolve("af75fcb0/iris-model.llab")));
        String header = "{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[1900000000],\"data_offsets\":[0,7600000000]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        entries.put("weights.safetensors", ByteBuffer.allocate(8 + h.length + 64).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array());
        Path f = dir.resolve("huge.llab");
        Files.write(f, zip(entries));
        IOException e = assertThrows(IOException.class, () -> ModelBundle.load(f));
        assertTrue(e.getMessage().startsWith("huge.llab/weights.safetensors: the file is truncated: it ends at byte "), e.getMessage());
        assertTrue(e.getMessage().contains("tensor 'fc1.weight'"), e.getMessage());
    }

    @Test
    void projectsWithAWrongTypeOrAnUnknownKindNameTheNodeAndPlace() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String commit : COMMITS) {
            Path file = GOLDEN.resolve(commit).resolve("iris-project.json");
            ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
            int nodes = root.path("nodes").size();
            for (int i = 0; i < nodes; i++) {
                ObjectNode node = (ObjectNode) root.path("nodes").get(i);
                String name = node.path("name").asText();
                List<ObjectNode> variants = new ArrayList<>();
                ObjectNode kind = root.deepCopy();
                ((ObjectNode) kind.path("nodes").get(i)).put("kind", "Quantum" + i);
                variants.add(kind);
                for (var it = node.path("params").fieldNames(); it.hasNext(); ) {
                    String p = it.next();
                    for (JsonNode wrong : List.<JsonNode>of(JSON.getNodeFactory().textNode("sixteen"), JSON.createArrayNode().add(1).add(2),
                            JSON.createObjectNode().put("a", 1), JSON.getNodeFactory().booleanNode(true))) {
                        ObjectNode v = root.deepCopy();
                        ((ObjectNode) v.path("nodes").get(i).path("params")).set(p, wrong);
                        variants.add(v);
                    }
                }
                ObjectNode x = root.deepCopy();
                ((ObjectNode) x.path("nodes").get(i).path("position")).put("x", "left");
                variants.add(x);
                for (String key : List.of("position", "params", "frozen")) {
                    ObjectNode v = root.deepCopy();
                    ((ObjectNode) v.path("nodes").get(i)).put(key, "wrong");
                    variants.add(v);
                }
                for (ObjectNode v : variants) {
                    String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(v);
                    try {
                        ProjectJson.read(text, "class.json");
                        // a value some params take (shape as a list, a flag): not every wrong-looking value is wrong
                    } catch (ProjectFormatException e) {
                        if (!e.getMessage().matches("(?s)class\\.json:\\d+:\\d+: .*") || !e.getMessage().contains("\"" + name + "\""))
                            failures.add(commit + " node " + name + ": names neither place nor node: " + e.getMessage());
                    } catch (Throwable t) {
                        failures.add(commit + " node " + name + ": " + t);
                    }
                }
            }
        }
        assertNoFailures(failures);
    }

    @Test
    void damagedRunsHistoriesReadAsNoneAndAreKeptAside() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String commit : COMMITS) {
            Path file = GOLDEN.resolve(commit).resolve("iris-runs.json");
            byte[] good = Files.readAllBytes(file);
            Path project = Path.of(JSON.readTree(good).path("project").asText());
            Random r = new Random(commit.hashCode());
            for (int i = 0; i < 60; i++) {
                byte[] bad = i % 2 == 0 ? Arrays.copyOf(good, r.nextInt(good.length)) : good.clone();
                if (i % 2 == 1) bad[r.nextInt(bad.length)] = (byte) "{}[],:\"x9-".charAt(r.nextInt(10));
                Path runs = Files.createDirectories(dir.resolve(commit + "-" + i));
                RunLog log = new RunLog(runs);
                Files.write(log.fileFor(project), bad);
                try {
                    List<RunLog.Run> read = log.load(project);
                    if (read.size() > 1) failures.add(commit + " case " + i + ": " + read.size() + " runs from one");
                    log.append(project, Map.of("epochs", 1), List.of(), null);
                    boolean same = Arrays.equals(bad, Files.readAllBytes(log.fileFor(project)));
                    boolean keptAside;
                    try (var s = Files.list(runs)) {
                        keptAside = s.anyMatch(p -> p.getFileName().toString().contains(".unreadable-"));
                    }
                    if (read.isEmpty() && !keptAside && !same) failures.add(commit + " case " + i + ": an unreadable history was written over");
                } catch (Throwable t) {
                    failures.add(commit + " case " + i + ": " + t);
                }
            }
        }
        assertNoFailures(failures);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }

    /** As ModelBundle writes them: the safetensors entries stored, the rest deflated. */
    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (e.getKey().endsWith(".safetensors")) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
