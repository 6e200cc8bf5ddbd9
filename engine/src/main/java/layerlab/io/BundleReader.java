package layerlab.io;

import static layerlab.io.ModelBundle.DATA;
import static layerlab.io.ModelBundle.ENTRIES;
import static layerlab.io.ModelBundle.MANIFEST;
import static layerlab.io.ModelBundle.METRICS;
import static layerlab.io.ModelBundle.NORMALIZATION;
import static layerlab.io.ModelBundle.PROJECT;
import static layerlab.io.ModelBundle.RESUME;
import static layerlab.io.ModelBundle.RESUME_TENSORS;
import static layerlab.io.ModelBundle.TRAINING;
import static layerlab.io.ModelBundle.WEIGHTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import layerlab.data.DataNames;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.json.JsonErrors;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;

/**
 * Reads a {@code .llab} zip without trusting it: only the known names, each once, at the top level (no folders,
 * no {@code ../}, no absolute paths); the manifest first, so a newer bundle is refused before anything else is
 * read; every entry read through a byte count (a zip's own sizes can lie) against a per-entry and a total
 * limit, and its CRC checked.
 */
final class BundleReader {
    /** Uncompressed bytes: one JSON entry at most, and all entries together. */
    record Limits(long jsonEntryBytes, long totalBytes) {
        static final Limits DEFAULT = new Limits(256L << 20, 2L << 30);
    }

    private static final List<String> REQUIRED = List.of(MANIFEST, PROJECT, WEIGHTS, TRAINING, METRICS);

    private final Path file;
    private final String source;
    private final Limits limits;
    private long read;

    BundleReader(Path file, Limits limits) {
        this.file = file;
        this.source = String.valueOf(file.getFileName());
        this.limits = limits;
    }

    /** The manifest alone, checked against the entries as {@link #read} checks it. */
    Map<String, Object> manifest() throws IOException {
        try (ZipFile zip = open()) {
            Map<String, ZipEntry> entries = entries(zip);
            ZipEntry manifestEntry = entries.get(MANIFEST);
            if (manifestEntry == null) throw new FileFormatException(source, "not a LayerLab bundle: it has no " + MANIFEST);
            Map<String, Object> manifest = object(zip, manifestEntry);
            checkManifest(manifest, entries);
            return manifest;
        }
    }

    private ZipFile open() throws IOException {
        try {
            return new ZipFile(InputFiles.file(file).toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            if (startsLikeZip(file)) {
                throw new FileFormatException(source, "the bundle is damaged: it starts as a zip file but its table of contents cannot be read ("
                        + e.getMessage() + "); it was probably cut short while being copied or saved");
            }
            throw new FileFormatException(source, "not a LayerLab bundle: it is not a zip file (" + e.getMessage() + ")");
        }
    }

    ModelBundle read() throws IOException {
        try (ZipFile zip = open()) {
            Map<String, ZipEntry> entries = entries(zip);
            ZipEntry manifestEntry = entries.get(MANIFEST);
            if (manifestEntry == null) throw new FileFormatException(source, "not a LayerLab bundle: it has no " + MANIFEST);
            checkManifest(object(zip, manifestEntry), entries);

            Graph graph = ProjectJson.read(new String(bytes(zip, entries.get(PROJECT)), StandardCharsets.UTF_8), source + "/" + PROJECT);
            Map<String, Tensor> weights;
            try (InputStream in = entry(zip, entries.get(WEIGHTS), limits.totalBytes)) {
                weights = Safetensors.read(in, source + "/" + WEIGHTS, entries.get(WEIGHTS).getSize()).tensors();
            }
            Map<String, Object> training = object(zip, entries.get(TRAINING));
            List<Map<String, Object>> metrics = jsonLines(zip, entries.get(METRICS));
            ZipEntry norm = entries.get(NORMALIZATION);
            Map<String, Object> normalization = norm == null ? null : object(zip, norm);
            ZipEntry dataEntry = entries.get(DATA);
            Map<String, Object> data = dataEntry == null ? Map.of() : object(zip, dataEntry);
            String where = source + "/" + DATA;
            for (String key : data.keySet())
                if (!List.of("features", "classes", "target_classes", "text", "pictures").contains(key))
                    throw new FileFormatException(where, "unknown key \"" + key + "\"; it holds \"features\", \"classes\", \"target_classes\", \"text\" and \"pictures\"");
            Vocabulary vocabulary = vocabulary(data, graph, where);
            int resize = resize(data, where);
            ModelBundle.Resume resume = null;
            if (entries.containsKey(RESUME) != entries.containsKey(RESUME_TENSORS)) {
                throw new FileFormatException(source, "the bundle is incomplete: it has " + (entries.containsKey(RESUME) ? RESUME + " without " + RESUME_TENSORS
                        : RESUME_TENSORS + " without " + RESUME));
            }
            if (entries.containsKey(RESUME)) {
                Map<String, Tensor> tensors;
                try (InputStream in = entry(zip, entries.get(RESUME_TENSORS), limits.totalBytes)) {
                    tensors = Safetensors.read(in, source + "/" + RESUME_TENSORS, entries.get(RESUME_TENSORS).getSize()).tensors();
                }
                resume = new ModelBundle.Resume(object(zip, entries.get(RESUME)), tensors);
            }
            return new ModelBundle(graph, weights, training, metrics, normalization,
                    new DataNames(names(data, "features", "feature", where), names(data, "classes", "class", where), vocabulary, resize,
                            targetClasses(data, where)), resume);
        }
    }

    /** {@code data.get("pictures")}: {@code {"resize": N}}, N a whole number of pixels from 1 to 65,536; 0 when absent. */
    private static int resize(Map<String, Object> data, String where) throws FileFormatException {
        if (!data.containsKey("pictures")) return 0;
        if (!(data.get("pictures") instanceof Map<?, ?> pictures) || !pictures.keySet().equals(java.util.Set.of("resize")))
            throw new FileFormatException(where, "\"pictures\" must be {\"resize\": N} (torchvision's Resize(N) before a center crop), got " + data.get("pictures"));
        if (!(pictures.get("resize") instanceof Number n) || n instanceof Double || n.longValue() < 1 || n.longValue() > 65_536)
            throw new FileFormatException(where, "pictures.resize must be a whole number of pixels from 1 to 65536, got " + pictures.get("resize"));
        return n.intValue();
    }

    /**
     * {@code data.get("text")}: the vocabulary of a model that reads text (null when absent), checked as
     * {@link Vocabulary#fromJson} checks it and against the model: as many ids a text as its text Input (an Input that
     * feeds an Embedding) takes.
     */
    private static Vocabulary vocabulary(Map<String, Object> data, Graph graph, String where) throws FileFormatException {
        if (!data.containsKey("text")) return null;
        Vocabulary v;
        try {
            v = Vocabulary.fromJson(data.get("text"), "text");
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(where, e.getMessage());
        }
        for (Node n : graph.nodes()) {
            if (!n.kind().equals("Input") || !(n.param("shape") instanceof List<?> shape) || shape.size() != 1
                    || !(shape.get(0) instanceof Number length) || length.intValue() == v.length())
                continue;
            if (graph.outgoing(n.id()).stream().anyMatch(e -> graph.node(e.toNode()) != null && "Embedding".equals(graph.node(e.toNode()).kind())))
                throw new FileFormatException(where, "text.length is " + v.length() + ", but the model's Input \"" + n.name() + "\" takes " + length
                        + " token ids a text");
        }
        return v;
    }

    /** {@code data.get("target_classes")}: each target Input's list of class names (distinct), by the Input's name; empty when absent. */
    private static Map<String, List<String>> targetClasses(Map<String, Object> data, String where) throws FileFormatException {
        if (!data.containsKey("target_classes")) return Map.of();
        if (!(data.get("target_classes") instanceof Map<?, ?> m))
            throw new FileFormatException(where, "\"target_classes\" must be an object of target Inputs and their class names, it is " + quote(data.get("target_classes")));
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (var e : m.entrySet()) {
            Map<String, Object> one = new java.util.HashMap<>();
            one.put("classes", e.getValue());
            out.put(String.valueOf(e.getKey()), names(one, "classes", "target_classes." + e.getKey() + " class", where));
        }
        return out;
    }

    /** {@code data.get(key)}: a list of non-empty names (empty when absent), distinct for classes (columns may repeat a name). */
    private static List<String> names(Map<String, Object> data, String key, String one, String where) throws FileFormatException {
        if (!data.containsKey(key)) return List.of();
        if (!(data.get(key) instanceof List<?> list) || list.isEmpty())
            throw new FileFormatException(where, "\"" + key + "\" must be a list of names, it is " + quote(data.get(key)));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String name) || name.isEmpty())
                throw new FileFormatException(where, one + " " + i + " must be a name (a non-empty string), it is " + quote(list.get(i)));
            if (key.equals("classes") && names.contains(name)) throw new FileFormatException(where, one + " " + i + " \"" + name + "\" is named twice");
            names.add(name);
        }
        return names;
    }

    /** The entries by name, refusing paths, folders, unknown names and repeats before anything is read. */
    /** Whether the file begins with a zip's local-header signature ({@code PK\3\4}), as every bundle does. */
    private static boolean startsLikeZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    private Map<String, ZipEntry> entries(ZipFile zip) throws FileFormatException {
        Map<String, ZipEntry> found = new LinkedHashMap<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
            String name = e.getName();
            if (!ENTRIES.contains(name)) {
                boolean path = e.isDirectory() || name.contains("/") || name.contains("\\") || name.contains("..") || name.contains(":");
                throw new FileFormatException(source, (path ? "refused: entry '" + name + "' is a path, not a plain file name"
                        : "refused: unknown entry '" + name + "'") + "; a bundle holds only " + String.join(", ", ENTRIES));
            }
            if (found.put(name, e) != null) throw new FileFormatException(source, "refused: entry '" + name + "' appears twice");
        }
        return found;
    }

    private void checkManifest(Map<String, Object> manifest, Map<String, ZipEntry> entries) throws FileFormatException {
        String where = source + "/" + MANIFEST;
        if (!ModelBundle.FORMAT.equals(manifest.get("format"))) {
            throw new FileFormatException(where, "format is " + quote(manifest.get("format")) + ", not \"" + ModelBundle.FORMAT
                    + "\": this is not a LayerLab bundle");
        }
        Object v = manifest.get("version");
        if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger) || new BigInteger(v.toString()).signum() <= 0) {
            throw new FileFormatException(where, "version must be a whole number from 1, it is " + quote(v));
        }
        if (new BigInteger(v.toString()).compareTo(BigInteger.valueOf(ModelBundle.VERSION)) > 0) {
            throw new FileFormatException(source, "this bundle was saved by a newer LayerLab (bundle version " + v
                    + "; this LayerLab reads versions up to " + ModelBundle.VERSION + "); update LayerLab to open it");
        }
        if (!(manifest.get("entries") instanceof List<?> listed)) {
            throw new FileFormatException(where, "entries must be the list of the bundle's entries, it is " + quote(manifest.get("entries")));
        }
        // What every bundle needs, and what this one's manifest says it holds (normalization.json, when written).
        Set<String> expected = new LinkedHashSet<>(REQUIRED);
        for (Object name : listed) expected.add(String.valueOf(name));
        List<String> missing = new ArrayList<>();
        for (String name : expected) if (!entries.containsKey(name)) missing.add(name);
        if (!missing.isEmpty()) throw new FileFormatException(source, "the bundle is incomplete: it lacks " + String.join(", ", missing));
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    // ---------------------------------------------------------------- entries

    private Map<String, Object> object(ZipFile zip, ZipEntry e) throws IOException {
        return object(bytes(zip, e), source + "/" + e.getName(), "");
    }

    private static Map<String, Object> object(byte[] json, String where, String line) throws IOException {
        JsonNode node;
        try {
            node = ModelBundle.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            int[] loc = JsonErrors.place(e);
            String at = loc[0] == 0 ? "" : line.isEmpty() ? " at " + loc[0] + ":" + loc[1] : " at column " + loc[1];
            throw new FileFormatException(where, line + "not valid JSON (" + JsonErrors.reason(e) + at + ")");
        }
        if (node == null || !node.isObject()) throw new FileFormatException(where, line + "must be a JSON object");
        return ModelBundle.JSON.convertValue(node, ModelBundle.OBJECT);
    }

    private List<Map<String, Object>> jsonLines(ZipFile zip, ZipEntry e) throws IOException {
        byte[] all = bytes(zip, e);
        List<Map<String, Object>> rows = new ArrayList<>();
        int start = 0, line = 1;
        for (int i = 0; i <= all.length; i++) {
            if (i < all.length && all[i] != '\n') continue;
            byte[] row = Arrays.copyOfRange(all, start, i);
            if (!new String(row, StandardCharsets.UTF_8).isBlank()) rows.add(object(row, source + "/" + e.getName(), "line " + line + ": "));
            start = i + 1;
            line++;
        }
        return rows;
    }

    private byte[] bytes(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = entry(zip, e, limits.jsonEntryBytes)) {
            return in.readAllBytes();
        }
    }

    /** The entry's bytes, counted against {@code limit} and what is left of the total, and CRC-checked at their end. */
    private InputStream entry(ZipFile zip, ZipEntry e, long limit) throws IOException {
        try {
            return new Checked(new Counted(zip.getInputStream(e), e.getName(), limit), e);
        } catch (ZipException bad) {
            throw damaged(e.getName(), bad.getMessage());
        }
    }

    /** A flipped or lost byte in an entry: its compressed data or its local header does not read, or its CRC does not match. */
    private FileFormatException damaged(String entry, String why) {
        String reason = String.valueOf(why).replaceFirst("^ZipFile ", ""); // the JDK's "ZipFile invalid LOC header (bad signature)"
        return new FileFormatException(source, "entry " + entry + " is damaged (" + reason + "); the file is corrupt");
    }

    /** Counts an entry's bytes; the inflater's ZipException ("invalid distance too far back") or EOFException is a damaged entry. */
    private final class Counted extends FilterInputStream {
        private final String name;
        private final long limit;
        private long count;

        Counted(InputStream in, String name, long limit) {
            super(in);
            this.name = name;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (ZipException | EOFException e) {
                throw damaged(name, e.getMessage());
            }
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw damaged(name, e.getMessage());
            }
            if (n > 0) add(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k;
            try {
                k = super.skip(n);
            } catch (ZipException | EOFException e) {
                throw damaged(name, e.getMessage());
            }
            add(k);
            return k;
        }

        private void add(long n) throws FileFormatException {
            count += n;
            read += n;
            if (count > limit) {
                throw new FileFormatException(source, "refused: entry " + name + " unpacks to more than the " + limit + "-byte limit");
            }
            if (read > limits.totalBytes) {
                throw new FileFormatException(source, "refused: its entries unpack to more than the " + limits.totalBytes + "-byte limit");
            }
        }
    }

    /** Checks the CRC once the entry has been read to its end (a zip read by {@link ZipFile} is not checked otherwise). */
    private final class Checked extends CheckedInputStream {
        private final ZipEntry entry;

        Checked(InputStream in, ZipEntry entry) {
            super(in, new CRC32());
            this.entry = entry;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) verify();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) verify();
            return n;
        }

        private void verify() throws FileFormatException {
            if (entry.getCrc() != -1 && getChecksum().getValue() != entry.getCrc()) {
                throw damaged(entry.getName(), "its CRC does not match");
            }
        }
    }
}
