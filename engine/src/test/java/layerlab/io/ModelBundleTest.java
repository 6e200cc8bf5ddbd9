package layerlab.io;

import static layerlab.io.SameTensors.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import layerlab.data.DataNames;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange.Setting;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelBundleTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");

    @TempDir
    Path dir;

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    /** A trained-looking bundle of a sample project: its compiled model's weights, perturbed, and a short history. */
    private static ModelBundle bundle(Path sample) throws IOException {
        Graph g = ProjectJson.load(sample);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("optimizer", Map.of("kind", "AdamW", "lr", 0.001));
        training.put("epochs", 3);
        training.put("batch_size", 32);
        g = g.set(Setting.TRAINING, training).after();
        // A network of a head per target needs its data set's targets (penguins, bundled); the others take a small generated set.
        if (g.dataset() == null || g.dataset().get("targets") == null) g = g.set(Setting.DATASET, Map.of("source", "xor", "samples", 200)).after();
        Model m = GraphCompiler.compile(g);
        Generator gen = new Generator(11);
        for (Tensor t : m.stateDict().values()) if (t.dtype() == DType.FLOAT32) t.add_(Tensor.randn(gen, t.shape()), 0.1f);
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (int epoch = 1; epoch <= 3; epoch++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", epoch);
            row.put("train_loss", 1.0 / epoch);
            row.put("val_accuracy", 0.5 + epoch / 10.0);
            metrics.add(row);
        }
        Map<String, Object> normalization = new LinkedHashMap<>();
        normalization.put("mean", List.of(0.5, 0.25));
        normalization.put("std", List.of(1.5, 2.0));
        return new ModelBundle(g, m.stateDict(), training, metrics, normalization, new DataNames(List.of("x", "y"), List.of("cat", "dog", "bird")));
    }

    private static void assertSameBundle(ModelBundle expected, ModelBundle actual) {
        assertEquals(expected.graph(), actual.graph());
        assertSame(expected.weights(), actual.weights());
        assertEquals(expected.training(), actual.training());
        assertEquals(expected.metrics(), actual.metrics());
        assertEquals(expected.normalization(), actual.normalization());
        assertEquals(expected.names(), actual.names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleProjectRoundTripsAndItsWeightsLoadIntoTheRebuiltModel(Path sample) throws IOException {
        ModelBundle b = bundle(sample);
        Path file = dir.resolve("model.llab");
        ModelBundle.save(file, b);
        ModelBundle back = ModelBundle.load(file);
        assertSameBundle(b, back);
        Model rebuilt = GraphCompiler.compile(back.graph());
        assertTrue(rebuilt.loadStateDict(back.weights(), true).isClean());
        assertSame(b.weights(), rebuilt.stateDict());
    }

    @Test
    void theZipHoldsTheDocumentedEntries() throws IOException {
        ModelBundle b = bundle(SAMPLES.resolve("conv-batchnorm-rgb.json"));
        Path file = dir.resolve("model.llab");
        ModelBundle.save(file, b);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("manifest.json", "project.json", "weights.safetensors", "training.json", "metrics.jsonl", "normalization.json",
                    "data.json"), names);
            JsonNode manifest = ModelBundle.JSON.readTree(zip.getInputStream(zip.getEntry("manifest.json")));
            assertEquals("layerlab-bundle", manifest.get("format").asText());
            assertEquals(1, manifest.get("version").asInt());
            Instant.parse(manifest.get("created").asText());
            assertTrue(!manifest.get("layerlab").asText().isBlank());
            assertEquals(names.toString(), ModelBundle.JSON.convertValue(manifest.get("entries"), List.class).toString());
            assertEquals(ProjectJson.write(b.graph()), new String(zip.getInputStream(zip.getEntry("project.json")).readAllBytes(), StandardCharsets.UTF_8));
            ZipEntry weights = zip.getEntry("weights.safetensors");
            assertEquals(ZipEntry.STORED, weights.getMethod(), "weights are stored, not deflated");
            assertSame(b.weights(), Safetensors.read(zip.getInputStream(weights), "w").tensors());
            String metrics = new String(zip.getInputStream(zip.getEntry("metrics.jsonl")).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("{\"epoch\":1,\"train_loss\":1.0,\"val_accuracy\":0.6}\n", metrics.lines().findFirst().orElseThrow() + "\n");
            assertEquals(3, metrics.lines().count());
            assertEquals("{\n  \"features\": [\n    \"x\",\n    \"y\"\n  ],\n  \"classes\": [\n    \"cat\",\n    \"dog\",\n    \"bird\"\n  ]\n}\n",
                    new String(zip.getInputStream(zip.getEntry("data.json")).readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(b.weights().keySet().stream().anyMatch(k -> k.endsWith("num_batches_tracked")), "an int64 buffer is in the bundle");
    }

    /**
     * A text model's vocabulary goes into data.json as "text" and comes back, checked as everything else in a bundle is:
     * its own form, and as many ids a text as the model's text Input (the Input feeding its Embedding) takes.
     */
    @Test
    void aTextModelsVocabularyTravelsInDataJsonAndIsChecked() throws IOException {
        ModelBundle b0 = bundle(SAMPLES.resolve("surname-classifier.json"));
        Vocabulary v = Vocabulary.build(List.of("Rossi", "Müller"), Vocabulary.Level.CHARACTERS, true, 24, 100);
        ModelBundle b = new ModelBundle(b0.graph(), b0.weights(), b0.training(), b0.metrics(), null, new DataNames(List.of(), List.of("de", "it"), v));
        Path file = dir.resolve("names.llab");
        ModelBundle.save(file, b);
        assertEquals(b.names(), ModelBundle.load(file).names());
        assertEquals(v, ModelBundle.load(file).names().vocabulary());
        try (ZipFile zip = new ZipFile(file.toFile())) {
            JsonNode data = ModelBundle.JSON.readTree(zip.getInputStream(zip.getEntry("data.json")));
            assertEquals("{\"tokenize\":\"characters\",\"lowercase\":true,\"length\":24,\"vocabulary\":[\"<pad>\",\"<unk>\",\"r\",\"s\",\"l\",\"o\",\"i\","
                    + "\"m\",\"ü\",\"e\"]}", data.get("text").toString());
        }
        Path plain = dir.resolve("plain.llab");
        ModelBundle.save(plain, bundle(SAMPLES.resolve("iris.json")));
        assertNull(ModelBundle.load(plain).names().vocabulary(), "no text, no vocabulary");

        // Another length than the Input's 24 ids is refused where the bundle opens, not when a prediction goes wrong.
        Vocabulary shorter = new Vocabulary(v.level(), v.lowercase(), 20, v.tokens());
        ModelBundle.save(file, new ModelBundle(b.graph(), b.weights(), b.training(), b.metrics(), null, new DataNames(List.of(), List.of(), shorter)));
        assertEquals("names.llab/data.json: text.length is 20, but the model's Input \"surname\" takes 24 token ids a text", error(file));

        // Its form, trusting nothing.
        Map<String, byte[]> e = goodEntries();
        e.put("data.json", "{\"text\": {\"tokenize\": \"letters\", \"lowercase\": true, \"length\": 4, \"vocabulary\": [\"<pad>\", \"<unk>\"]}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/data.json: text.tokenize is \"letters\"; choose one of words, characters", error(zip(e)));
        e.put("data.json", "{\"text\": {\"tokenize\": \"words\", \"lowercase\": true, \"length\": 4, \"vocabulary\": [\"<pad>\", \"<unk>\", \"a\", \"a\"]}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/data.json: text.vocabulary[3]: \"a\" is listed twice", error(zip(e)));
        e.put("data.json", "{\"text\": [\"a\"]}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/data.json: text must be an object, got [\"a\"]", error(zip(e)));
        e.put("data.json", "{\"text\": {\"tokenize\": \"words\", \"lowercase\": false, \"length\": 4, \"vocabulary\": [\"<pad>\", \"<unk>\", \"a\"]}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("<pad>", "<unk>", "a"), ModelBundle.load(zip(e)).names().vocabulary().tokens(), "a model without an Embedding is not checked");
    }

    @Test
    void withoutNormalizationAndWithNonFiniteMetrics() throws IOException {
        ModelBundle b0 = bundle(SAMPLES.resolve("regression.json"));
        Map<String, Object> diverged = new LinkedHashMap<>();
        diverged.put("epoch", 4);
        diverged.put("train_loss", Double.NaN);
        diverged.put("grad_norm", Double.POSITIVE_INFINITY);
        List<Map<String, Object>> metrics = new ArrayList<>(b0.metrics());
        metrics.add(diverged);
        ModelBundle b = new ModelBundle(b0.graph(), b0.weights(), b0.training(), metrics, null);
        Path file = dir.resolve("m.llab");
        ModelBundle.save(file, b);
        ModelBundle back = ModelBundle.load(file);
        assertNull(back.normalization());
        assertEquals(List.of(), back.names().classes(), "a regression bundle names no classes");
        assertTrue(Double.isNaN((Double) back.metrics().get(3).get("train_loss")));
        assertEquals(Double.POSITIVE_INFINITY, back.metrics().get(3).get("grad_norm"));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertNull(zip.getEntry("normalization.json"));
            assertNull(zip.getEntry("data.json"));
        }
    }

    @Test
    void aSaveThatFailsLeavesThePreviousBundle() throws IOException {
        ModelBundle good = bundle(SAMPLES.resolve("regression.json"));
        Path file = dir.resolve("m.llab");
        ModelBundle.save(file, good);
        byte[] before = Files.readAllBytes(file);
        ModelBundle bad = new ModelBundle(good.graph(), good.weights(), Map.of("callback", new Object()), good.metrics(), null);
        assertThrows(IOException.class, () -> ModelBundle.save(file, bad));
        assertEquals(ByteBuffer.wrap(before), ByteBuffer.wrap(Files.readAllBytes(file)));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
    }

    // ---------------------------------------------------------------- hostile and broken bundles

    /** The entries of a freshly saved bundle, to tamper with. */
    private Map<String, byte[]> goodEntries() throws IOException {
        Path file = dir.resolve("good.llab");
        ModelBundle.save(file, bundle(SAMPLES.resolve("regression.json")));
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) out.put(e.getName(), zip.getInputStream(e).readAllBytes());
        }
        return out;
    }

    private Path zip(Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve("bad.llab");
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private static String error(Path file) {
        return assertThrows(IOException.class, () -> ModelBundle.load(file)).getMessage();
    }

    private static String error(Path file, BundleReader.Limits limits) {
        return assertThrows(IOException.class, () -> new BundleReader(file, limits).read()).getMessage();
    }

    @Test
    void pathsFoldersAndUnknownEntriesAreRefused() throws IOException {
        String known = "; a bundle holds only manifest.json, project.json, weights.safetensors, training.json, metrics.jsonl, normalization.json, data.json, resume.json, resume.safetensors";
        for (String evil : List.of("../evil.json", "/etc/cron.d/evil", "sub/project.json", "..\\evil.json", "C:evil", "weights/")) {
            Map<String, byte[]> e = goodEntries();
            e.put(evil, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("bad.llab: refused: entry '" + evil + "' is a path, not a plain file name" + known, error(zip(e)), evil);
        }
        Map<String, byte[]> e = goodEntries();
        e.put("run.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab: refused: unknown entry 'run.sh'" + known, error(zip(e)));
    }

    @Test
    void aRepeatedEntryIsRefused() throws IOException {
        Map<String, byte[]> e = goodEntries();
        e.put("metrics.jsonX", "{\"epoch\": 99}\n".getBytes(StandardCharsets.UTF_8));
        Path file = zip(e);
        // ZipOutputStream will not write a name twice: rename the extra entry in place (local and central headers).
        byte[] bytes = Files.readAllBytes(file);
        String all = new String(bytes, StandardCharsets.ISO_8859_1).replace("metrics.jsonX", "metrics.jsonl");
        Files.write(file, all.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("bad.llab: refused: entry 'metrics.jsonl' appears twice", error(file));
    }

    @Test
    void oversizeEntriesAreRefusedByCountingNotByTheirHeaders() throws IOException {
        Map<String, byte[]> e = goodEntries();
        byte[] bomb = new byte[5 << 20];
        Arrays.fill(bomb, (byte) ' ');
        bomb[0] = '{';
        bomb[bomb.length - 1] = '}';
        e.put("training.json", bomb);
        Path file = zip(e);
        assertTrue(Files.size(file) < 100_000, "compresses to almost nothing");
        assertEquals("bad.llab: refused: entry training.json unpacks to more than the 1048576-byte limit",
                error(file, new BundleReader.Limits(1 << 20, 64 << 20)));
        assertEquals("bad.llab: refused: its entries unpack to more than the 3145728-byte limit",
                error(file, new BundleReader.Limits(64 << 20, 3 << 20)));
        assertTrue(ModelBundle.load(file).training().isEmpty(), "within the default limits it is just an empty object");

        Map<String, Tensor> big = new LinkedHashMap<>(bundle(SAMPLES.resolve("regression.json")).weights());
        big.put("extra", Tensor.zeros(1 << 20));
        ModelBundle b = bundle(SAMPLES.resolve("regression.json"));
        Path heavy = dir.resolve("heavy.llab");
        ModelBundle.save(heavy, new ModelBundle(b.graph(), big, b.training(), b.metrics(), null));
        assertEquals("heavy.llab: refused: entry weights.safetensors unpacks to more than the 2097152-byte limit",
                error(heavy, new BundleReader.Limits(1 << 20, 2 << 20)));
    }

    @Test
    void aNewerVersionIsRefusedWithAMessage() throws IOException {
        Map<String, byte[]> e = goodEntries();
        String manifest = new String(e.get("manifest.json"), StandardCharsets.UTF_8).replace("\"version\": 1", "\"version\": 3");
        e.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        e.put("weights.safetensors", "a format from the future".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab: this bundle was saved by a newer LayerLab (bundle version 3; this LayerLab reads versions up to 2); "
                + "update LayerLab to open it", error(zip(e)));
    }

    @Test
    void missingEntriesAreNamed() throws IOException {
        Map<String, byte[]> e = goodEntries();
        e.remove("weights.safetensors");
        e.remove("metrics.jsonl");
        e.remove("normalization.json");
        assertEquals("bad.llab: the bundle is incomplete: it lacks weights.safetensors, metrics.jsonl, normalization.json", error(zip(e)));
        Map<String, byte[]> noManifest = goodEntries();
        noManifest.remove("manifest.json");
        assertEquals("bad.llab: not a LayerLab bundle: it has no manifest.json", error(zip(noManifest)));
    }

    @Test
    void notABundle() throws IOException {
        Path text = dir.resolve("notes.llab");
        Files.writeString(text, "just text");
        assertTrue(error(text).startsWith("notes.llab: not a LayerLab bundle: it is not a zip file"), error(text));
        Map<String, byte[]> e = goodEntries();
        e.put("manifest.json", "{\"format\": \"something-else\", \"version\": 1, \"entries\": []}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/manifest.json: format is \"something-else\", not \"layerlab-bundle\": this is not a LayerLab bundle", error(zip(e)));
        e.put("manifest.json", "{\"format\": \"layerlab-bundle\", \"version\": \"one\", \"entries\": []}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/manifest.json: version must be a whole number from 1, it is \"one\"", error(zip(e)));
    }

    @Test
    void brokenEntriesNameTheEntry() throws IOException {
        Map<String, byte[]> e = goodEntries();
        e.put("training.json", "{\"epochs\": ".getBytes(StandardCharsets.UTF_8));
        assertTrue(error(zip(e)).startsWith("bad.llab/training.json: not valid JSON ("), error(zip(e)));
        e.put("training.json", "{\n  // from the project\n  \"epochs\": 3\n}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/training.json: not valid JSON (JSON has no comments: remove the comment at 2:3)", error(zip(e)));
        e = goodEntries();
        e.put("metrics.jsonl", "{\"epoch\": 1}\n[2]\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/metrics.jsonl: line 2: must be a JSON object", error(zip(e)));
        e = goodEntries();
        e.put("project.json", "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": [{\"id\": \"a\"}]".getBytes(StandardCharsets.UTF_8));
        assertTrue(error(zip(e)).startsWith("bad.llab/project.json:"), error(zip(e)));
        e = goodEntries();
        e.put("data.json", "{\"classes\": [\"a\", 3]}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/data.json: class 1 must be a name (a non-empty string), it is 3", error(zip(e)));
        e.put("data.json", "{\"classes\": [\"a\", \"a\"]}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/data.json: class 1 \"a\" is named twice", error(zip(e)));
        e.put("data.json", "{\"features\": \"a\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/data.json: \"features\" must be a list of names, it is \"a\"", error(zip(e)));
        e.put("data.json", "{\"names\": []}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/data.json: unknown key \"names\"; it holds \"features\", \"classes\", \"target_classes\", \"text\" and \"pictures\"", error(zip(e)));
        e.put("data.json", "{\"pictures\": {\"resize\": 256.5}}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/data.json: pictures.resize must be a whole number of pixels from 1 to 65536, got 256.5", error(zip(e)));
        e.put("data.json", "{\"pictures\": {\"crop\": 224}}".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad.llab/data.json: \"pictures\" must be {\"resize\": N} (torchvision's Resize(N) before a center crop), got {crop=224}", error(zip(e)));
        e.put("data.json", "{\"pictures\": {\"resize\": 256}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(256, ModelBundle.load(zip(e)).names().resize(), "read back");
        e.put("data.json", "{\"features\": [\"a\", \"a\"]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a", "a"), ModelBundle.load(zip(e)).names().features(), "a file's columns may repeat a name");
        e = goodEntries();
        byte[] w = e.get("weights.safetensors");
        e.put("weights.safetensors", Arrays.copyOf(w, w.length - 2));
        assertTrue(error(zip(e)).startsWith("bad.llab/weights.safetensors: "), error(zip(e)));
    }

    @Test
    void jsonEntriesMayStartWithAByteOrderMark() throws IOException {
        Map<String, byte[]> e = goodEntries();
        ModelBundle plain = ModelBundle.load(zip(e));
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        for (String name : List.of("manifest.json", "project.json", "training.json", "metrics.jsonl", "normalization.json", "data.json")) {
            byte[] json = e.get(name), marked = Arrays.copyOf(bom, bom.length + json.length);
            System.arraycopy(json, 0, marked, bom.length, json.length);
            e.put(name, marked);
        }
        ModelBundle marked = ModelBundle.load(zip(e));
        assertEquals(plain.graph(), marked.graph());
        assertEquals(plain.training(), marked.training());
        assertEquals(plain.metrics(), marked.metrics());
        assertEquals(plain.normalization(), marked.normalization());
        assertEquals(plain.names(), marked.names());
    }

    @Test
    void aDamagedWeightsEntryIsCaughtByItsCrc() throws IOException {
        Path file = dir.resolve("m.llab");
        ModelBundle b = bundle(SAMPLES.resolve("regression.json"));
        ModelBundle.save(file, b);
        byte[] bytes = Files.readAllBytes(file);
        float first = b.weights().values().iterator().next().toFloatArray()[0];
        byte[] needle = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(first).array();
        int at = indexOf(bytes, needle);
        assertTrue(at > 0);
        bytes[at] ^= 1;
        Files.write(file, bytes);
        assertEquals("m.llab: entry weights.safetensors is damaged (its CRC does not match); the file is corrupt", error(file));
    }

    @Test
    void weightsThatAreNotNumbersOpenAsTheyAreAndAreNamed() throws IOException {
        ModelBundle b = bundle(SAMPLES.resolve("regression.json"));
        Map<String, Tensor> weights = new LinkedHashMap<>(b.weights());
        String key = weights.keySet().iterator().next();
        float[] w = weights.get(key).toFloatArray();
        Arrays.fill(w, Float.NaN);
        weights.put(key, Tensor.of(w, weights.get(key).shape()));
        Path file = dir.resolve("diverged.llab");
        ModelBundle.save(file, new ModelBundle(b.graph(), weights, b.training(), b.metrics(), null));
        ModelBundle back = ModelBundle.load(file);
        assertTrue(Float.isNaN(back.weights().get(key).toFloatArray()[0]));
        assertTrue(Safetensors.nonFinite(back.weights()).startsWith(key + " holds " + w.length + " NaN values of " + w.length + ":"),
                Safetensors.nonFinite(back.weights()));
    }

    @Test
    void aDamagedCompressedEntryIsNamed() throws IOException {
        Path file = dir.resolve("m.llab");
        ModelBundle.save(file, bundle(SAMPLES.resolve("regression.json")));
        byte[] bytes = Files.readAllBytes(file);
        byte[] name = "project.json".getBytes(StandardCharsets.UTF_8);
        int header = indexOf(bytes, name) - 30;
        ByteBuffer local = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x04034b50, local.getInt(header), "project.json's local header");
        assertEquals(ZipEntry.DEFLATED, local.getShort(header + 8));
        int data = header + 30 + name.length + local.getShort(header + 28);
        bytes[data] = (byte) 0xFF; // the first block's type: 3, which is no block type
        Files.write(file, bytes);
        assertEquals("m.llab: entry project.json is damaged (invalid block type); the file is corrupt", error(file), "the inflater's words, and where");
        bytes[header] = 0;
        Files.write(file, bytes);
        assertEquals("m.llab: entry project.json is damaged (invalid LOC header (bad signature)); the file is corrupt", error(file),
                "the directory lists the entry, its local header is gone");
    }

    @Test
    void aBundleCutShortIsCalledDamagedNotSomethingElse() throws IOException {
        Path file = dir.resolve("m.llab");
        ModelBundle.save(file, bundle(SAMPLES.resolve("regression.json")));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        String message = error(file);
        assertTrue(message.startsWith("m.llab: the bundle is damaged: it starts as a zip file but its table of contents cannot be read ("), message);
        assertTrue(message.endsWith("it was probably cut short while being copied or saved"), message);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
