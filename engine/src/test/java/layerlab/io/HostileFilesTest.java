package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import layerlab.data.DataNames;
import layerlab.data.DataSources;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.SummaryTable;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import layerlab.io.onnx.OnnxException;
import layerlab.io.onnx.OnnxImporter;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deterministic fuzzer: the sample projects, a bundle, the safetensors and ONNX fixtures, each mutated many ways
 * (cut short, bytes flipped, keys deleted, wrong types, huge and negative numbers, NaN, deep nesting, duplicate ids,
 * edges to nowhere, cycles, unicode). Every load must end in LayerLab's own error — naming the file — or in a
 * project that the checks ({@code layerlab check}'s path) report on without throwing: never a NullPointerException,
 * ClassCastException, IndexOutOfBounds, OutOfMemoryError or StackOverflowError. A failure prints the seed, so a case
 * can be replayed.
 */
class HostileFilesTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");
    /** Seeds per file; the seed list is 0..ROUNDS-1, so every run tries the same cases. */
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 150);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void corruptProjectsEndInAProjectErrorOrAReport() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path sample : samples()) {
            String text = Files.readString(sample);
            for (int seed = 0; seed < ROUNDS; seed++) {
                Random r = new Random(seed * 7919L + sample.getFileName().hashCode());
                String mutated = mutateProject(text, r);
                String name = sample.getFileName().toString();
                try {
                    Graph g = ProjectJson.read(mutated, name);
                    check(g);
                } catch (ProjectFormatException e) {
                    if (!e.getMessage().startsWith(name)) failures.add(name + " seed " + seed + ": message names no file: " + e.getMessage());
                } catch (Throwable e) {
                    failures.add(name + " seed " + seed + ": " + describe(e));
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " cases:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    /** What {@code layerlab check} and the window do with a project that opened: none of it may throw. */
    private static void check(Graph g) {
        Analysis a = Analysis.of(g);
        SummaryTable.render(a);
        a.problems().forEach(Object::toString);
        // training compiles what the checks pass: that may fail only with its own message
        if (!a.hasErrors() && GraphCompiler.tooBig(a, Runtime.getRuntime().maxMemory()) == null && a.totalParams() < 5_000_000) {
            try {
                GraphCompiler.compile(a);
            } catch (layerlab.graph.compile.CompileException expected) {
                // names the node
            }
        }
        if (!g.training().isEmpty()) {
            try {
                TrainingConfig.fromMap(g.training());
            } catch (IllegalArgumentException expected) {
                // a named setting problem
            }
        }
        if (!g.dataset().isEmpty()) {
            try {
                DataSources.check(g.dataset());
            } catch (IllegalArgumentException expected) {
                // a named setting problem
            }
        }
    }

    static String mutateProject(String text, Random r) throws IOException {
        int kind = r.nextInt(14);
        switch (kind) {
            case 0:
                return text.substring(0, r.nextInt(text.length()));
            case 1: {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                return new String(b, StandardCharsets.ISO_8859_1);
            }
            case 2: {
                // NaN / Infinity literals where a number stands
                String lit = List.of("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "99999999999999999999999").get(r.nextInt(6));
                return text.replaceFirst(": (\\d+)", ": " + lit);
            }
            case 3: {
                // deep nesting: a value wrapped in many arrays
                int depth = 1000 + r.nextInt(20000);
                return text.replaceFirst("\"description\": \"", "\"x\": " + "[".repeat(depth) + "]".repeat(depth) + ", \"description\": \"")
                        .replaceFirst("\\{", "{\"x\": " + "[".repeat(depth) + "]".repeat(depth) + ",");
            }
            default:
                JsonNode root = JSON.readTree(text);
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) root = mutateTree(root, r);
                return JSON.writeValueAsString(root);
        }
    }

    private static JsonNode mutateTree(JsonNode root, Random r) {
        if (root instanceof ObjectNode o && o.get("nodes") instanceof ArrayNode nodes && nodes.size() > 1 && r.nextInt(4) == 0) {
            ArrayNode edges = o.get("edges") instanceof ArrayNode e ? e : o.putArray("edges");
            JsonNode first = nodes.get(0), last = nodes.get(nodes.size() - 1);
            switch (r.nextInt(4)) {
                case 0 -> {
                    if (nodes.get(1) instanceof ObjectNode n1) n1.set("id", first.get("id"));
                }
                case 1 -> edges.addObject().put("from", "ghost.out").put("to", first.path("id").asText() + ".in");
                case 2 -> edges.addObject().put("from", last.path("id").asText() + ".out").put("to", first.path("id").asText() + ".in");
                default -> {
                    if (first instanceof ObjectNode n0) n0.put("name", "名前 😀 " + "x".repeat(r.nextInt(3) * 2000));
                }
            }
            return root;
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode c = containers.get(r.nextInt(containers.size()));
        if (c instanceof ObjectNode o && o.size() > 0) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            String key = keys.get(r.nextInt(keys.size()));
            if (r.nextInt(3) == 0) o.remove(key);
            else o.set(key, hostileValue(r));
        } else if (c instanceof ArrayNode a && a.size() > 0) {
            int i = r.nextInt(a.size());
            if (r.nextInt(3) == 0) a.remove(i);
            else a.set(i, hostileValue(r));
        }
        return root;
    }

    private static JsonNode hostileValue(Random r) {
        return switch (r.nextInt(14)) {
            case 0 -> F.nullNode();
            case 1 -> F.textNode("garbage");
            case 2 -> F.booleanNode(true);
            case 3 -> F.arrayNode().add(1).add("x");
            case 4 -> F.objectNode().put("k", 1);
            case 5 -> F.numberNode(Long.MAX_VALUE);
            case 6 -> F.numberNode(Integer.MAX_VALUE);
            case 7 -> F.numberNode(-1);
            case 8 -> F.numberNode(Integer.MIN_VALUE);
            case 9 -> F.numberNode(0);
            case 10 -> F.numberNode(1e300);
            case 11 -> F.numberNode(2.5);
            case 12 -> F.arrayNode().add(-3).add(Integer.MAX_VALUE).add(0);
            default -> F.textNode("ünï😀\u0000\n");
        };
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) collect(it.next(), out);
        }
    }

    @Test
    void corruptBundlesEndInAFileError() throws IOException {
        Graph g = ProjectJson.load(SAMPLES.resolve("iris.json"));
        Map<String, Object> training = new LinkedHashMap<>(Map.of("epochs", 3, "batch_size", 16));
        ModelBundle bundle = new ModelBundle(g, GraphCompiler.compile(g).stateDict(), training, List.of(Map.of("epoch", 1, "train_loss", 0.5)),
                Map.of("mean", List.of(0.5), "std", List.of(2.0)), new DataNames(List.of("a"), List.of("x", "y")));
        Path good = dir.resolve("good.llab");
        ModelBundle.save(good, bundle);
        byte[] zip = Files.readAllBytes(good);
        Map<String, byte[]> entries = unzip(zip);
        List<String> failures = new ArrayList<>();
        for (int seed = 0; seed < ROUNDS * 4; seed++) {
            Random r = new Random(seed);
            byte[] bytes;
            if (seed % 3 == 0) {
                bytes = zip.clone();
                if (r.nextBoolean()) bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
                else for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
            } else {
                Map<String, byte[]> changed = new LinkedHashMap<>(entries);
                List<String> names = new ArrayList<>(changed.keySet());
                String entry = names.get(r.nextInt(names.size()));
                byte[] b = changed.get(entry);
                if (entry.endsWith(".safetensors")) changed.put(entry, mutateBinary(b, r));
                else if (r.nextInt(5) == 0) changed.remove(entry);
                else changed.put(entry, mutateProject(new String(b, StandardCharsets.UTF_8), r).getBytes(StandardCharsets.UTF_8));
                bytes = zip(changed);
            }
            Path file = dir.resolve("case-" + seed + ".llab");
            Files.write(file, bytes);
            try {
                ModelBundle loaded = ModelBundle.load(file);
                GraphCompiler.compile(loaded.graph(), loaded.weights());
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().contains(file.getFileName().toString())) {
                    failures.add("seed " + seed + ": message names no file: " + describe(e));
                }
            } catch (layerlab.graph.compile.CompileException e) {
                // the bundle's project opened, with a value its model cannot have: the message names the node
                if (!e.getMessage().contains("\"")) failures.add("seed " + seed + ": names no node: " + describe(e));
            } catch (Throwable e) {
                failures.add("seed " + seed + ": " + describe(e));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " cases:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    /** Byte-level damage, biased to a safetensors header's first bytes (its length) and its JSON. */
    private static byte[] mutateBinary(byte[] b, Random r) {
        byte[] m = b.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                return java.util.Arrays.copyOf(m, r.nextInt(m.length));
            }
            case 1 -> m[r.nextInt(8)] = (byte) r.nextInt(256);
            case 2 -> {
                // a header number made huge or negative
                String s = new String(m, StandardCharsets.ISO_8859_1);
                String lit = List.of("99999999999", "-5", "18446744073709551615", "1e30", "4294967296").get(r.nextInt(5));
                s = r.nextBoolean() ? s.replaceFirst("\"shape\":\\[\\d+", "\"shape\":[" + lit) : s.replaceFirst("\"data_offsets\":\\[\\d+,\\d+", "\"data_offsets\":[0," + lit);
                return s.getBytes(StandardCharsets.ISO_8859_1);
            }
            case 3 -> {
                String s = new String(m, StandardCharsets.ISO_8859_1);
                String dtype = List.of("\"F64\"", "\"BOOL\"", "\"X9\"", "7", "null").get(r.nextInt(5));
                return s.replaceFirst("\"dtype\":\"F32\"", "\"dtype\":" + dtype).getBytes(StandardCharsets.ISO_8859_1);
            }
            default -> {
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) m[r.nextInt(Math.min(m.length, 400))] ^= (byte) (1 << r.nextInt(8));
            }
        }
        return m;
    }

    @Test
    void corruptSafetensorsEndInAFileError() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String fixture : List.of("reference.safetensors", "reference-dtypes.safetensors")) {
            byte[] b = Files.readAllBytes(Path.of("src/test/resources/fixtures/io", fixture));
            for (int seed = 0; seed < ROUNDS * 3; seed++) {
                byte[] m = mutateBinary(b, new Random(seed));
                try {
                    Safetensors.read(new ByteArrayInputStream(m), fixture);
                } catch (FileFormatException e) {
                    if (!e.getMessage().startsWith(fixture)) failures.add(fixture + " seed " + seed + ": message names no file: " + e.getMessage());
                } catch (Throwable e) {
                    failures.add(fixture + " seed " + seed + ": " + describe(e));
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " cases:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    @Test
    void corruptOnnxEndsInAnImportError() throws IOException {
        List<String> failures = new ArrayList<>();
        List<Path> models;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/onnx"))) {
            models = s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
        for (Path model : models) {
            byte[] b = Files.readAllBytes(model);
            String name = model.getFileName().toString();
            for (int seed = 0; seed < ROUNDS / 3; seed++) {
                Random r = new Random(seed);
                byte[] m = b.clone();
                if (r.nextInt(3) == 0) m = java.util.Arrays.copyOf(m, r.nextInt(m.length));
                else for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) m[r.nextInt(Math.min(m.length, 2000))] ^= (byte) (1 << r.nextInt(8));
                try {
                    OnnxImporter.Imported imported = OnnxImporter.read(m, name);
                    check(imported.graph());
                } catch (IOException | OnnxException e) {
                    // the CLI and the window put the file's name before the importer's message
                    if (e.getMessage() == null || e.getMessage().isBlank()) failures.add(name + " seed " + seed + ": no message: " + describe(e));
                } catch (Throwable e) {
                    failures.add(name + " seed " + seed + ": " + describe(e));
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " cases:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    private static String describe(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        return e.getClass().getSimpleName() + ": " + e.getMessage() + (st.length > 0 ? " at " + st[0] : "")
                + (st.length > 1 ? " < " + st[1] : "") + (st.length > 2 ? " < " + st[2] : "");
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void seedsReplay() throws IOException {
        // The fuzzer is deterministic: the same seed gives the same file.
        String text = Files.readString(SAMPLES.resolve("iris.json"));
        if (!mutateProject(text, new Random(5)).equals(mutateProject(text, new Random(5)))) fail("mutations are not deterministic");
    }
}
