package layerlab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import layerlab.data.DataNames;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;

/**
 * A trained model in one file ({@code .llab}): a zip holding
 * <ul>
 *   <li>{@code manifest.json} — {@code "format": "layerlab-bundle"}, {@code "version"}, when and by which LayerLab
 *       it was made, and the list of entries;</li>
 *   <li>{@code project.json} — the graph, as a project file (with its dataset and training config);</li>
 *   <li>{@code weights.safetensors} — the state dict (stored uncompressed, so it reads at disk speed);</li>
 *   <li>{@code training.json} — the training config the weights were trained with;</li>
 *   <li>{@code metrics.jsonl} — one JSON object per epoch;</li>
 *   <li>{@code normalization.json} — optional: how the inputs were standardised (mean and std, …);</li>
 *   <li>{@code data.json} — optional: what the inputs and outputs mean, {@code {"features": [...], "classes": [...],
 *       "text": {...}, "pictures": {"resize": 256}}} (pictures framed as torchvision's {@code Resize(256)} then {@code
 *       CenterCrop} to the Input's size): the names of a sample's values (a CSV file's feature columns) and of the classes the outputs
 *       score, in order, and for a model that reads text its {@link layerlab.data.Vocabulary} as
 *       {@link layerlab.data.Vocabulary#toJson} writes it (each left out when unknown or not there: regression has no
 *       classes, generated data no column names, a model of numbers no vocabulary);</li>
 *   <li>{@code resume.json} and {@code resume.safetensors} — optional, together: where the run that made the bundle
 *       stood, to go on from it ({@code layerlab train --resume}): its counters, settings and the state dicts' numbers in
 *       the JSON, the optimiser's tensors ({@code optimizer.state.0.exp_avg}, PyTorch's names), early stopping's best
 *       weights ({@code best.*}) and, when they are not the bundle's weights, the weights training reached
 *       ({@code model.*}) in the safetensors ({@code layerlab.train.TrainingState} reads them).</li>
 * </ul>
 * Non-finite numbers in the JSON entries are written as Python's {@code json} module writes them ({@code NaN},
 * {@code Infinity}), so a diverged run's metrics round-trip.
 *
 * @param normalization may be null (no normalization entry)
 * @param names         the names of a sample's values and of the classes the outputs score ({@link DataNames#NONE}: no data entry)
 * @param resume        where the run stood, to go on from it; may be null (no resume entries)
 */
public record ModelBundle(Graph graph, Map<String, Tensor> weights, Map<String, Object> training,
                          List<Map<String, Object>> metrics, Map<String, Object> normalization, DataNames names, Resume resume) {
    public static final String FORMAT = "layerlab-bundle";
    /**
     * The highest manifest {@code "version"} this LayerLab reads. A bundle is written with the lowest version that holds its
     * content ({@link #versionFor}), so that an older LayerLab, which refuses a version above its own as "saved by a newer
     * LayerLab", still opens every bundle that uses nothing it lacks: 1 for everything but what version 2 added, {@code
     * data.json}'s {@code "target_classes"} (a two-headed model's classes per target), which a version-1 reader refuses as an
     * unknown key. Bundles written with target_classes as version 1 (before 2 existed) are read all the same.
     */
    public static final int VERSION = 2;

    static final String MANIFEST = "manifest.json";
    static final String PROJECT = "project.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String TRAINING = "training.json";
    static final String METRICS = "metrics.jsonl";
    static final String NORMALIZATION = "normalization.json";
    static final String DATA = "data.json";
    static final String RESUME = "resume.json";
    static final String RESUME_TENSORS = "resume.safetensors";
    /** Every entry a bundle may hold, in the order they are written. */
    static final List<String> ENTRIES = List.of(MANIFEST, PROJECT, WEIGHTS, TRAINING, METRICS, NORMALIZATION, DATA, RESUME, RESUME_TENSORS);

    /** A training state as the bundle holds it: {@code resume.json}'s object and {@code resume.safetensors}' tensors. */
    public record Resume(Map<String, Object> state, Map<String, Tensor> tensors) {
        public Resume {
            state = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(state, "state")));
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
        }
    }

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();
    static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

    public ModelBundle {
        Objects.requireNonNull(graph, "graph");
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(weights, "weights")));
        training = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(training, "training")));
        metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics").stream()
                .map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m))).toList());
        if (normalization != null) normalization = Collections.unmodifiableMap(new LinkedHashMap<>(normalization));
        Objects.requireNonNull(names, "names");
    }

    /** A bundle without a training state to go on from. */
    public ModelBundle(Graph graph, Map<String, Tensor> weights, Map<String, Object> training, List<Map<String, Object>> metrics,
                       Map<String, Object> normalization, DataNames names) {
        this(graph, weights, training, metrics, normalization, names, null);
    }

    /** This bundle without its training state: the trained model alone, as one hands it on. */
    public ModelBundle withoutResume() {
        return resume == null ? this : new ModelBundle(graph, weights, training, metrics, normalization, names, null);
    }

    /** A bundle that names neither classes nor features. */
    public ModelBundle(Graph graph, Map<String, Tensor> weights, Map<String, Object> training, List<Map<String, Object>> metrics,
                       Map<String, Object> normalization) {
        this(graph, weights, training, metrics, normalization, DataNames.NONE);
    }

    /** Writes {@code bundle} to {@code file} atomically (a crash leaves the previous file whole). */
    public static void save(Path file, ModelBundle bundle) throws IOException {
        save(file, bundle, null);
    }

    /**
     * {@link #save(Path, ModelBundle)}, with {@code run} (null: none) in the manifest as {@code "run"}: how the run that made the
     * weights was made beyond its settings (its seed, the threads, the Java and processor, a fingerprint of its data files;
     * {@code layerlab.train.RunEnvironment}), for whoever has to make it again; {@link #manifest} reads it back.
     */
    public static void save(Path file, ModelBundle bundle, Map<String, Object> run) throws IOException {
        // Everything but the weights is small: made up front, so a bad value fails before the file is touched.
        Map<String, byte[]> json = new LinkedHashMap<>();
        json.put(PROJECT, ProjectJson.write(bundle.graph).getBytes(StandardCharsets.UTF_8));
        json.put(TRAINING, pretty(bundle.training));
        json.put(METRICS, jsonLines(bundle.metrics));
        if (bundle.normalization != null) json.put(NORMALIZATION, pretty(bundle.normalization));
        Map<String, Object> data = new LinkedHashMap<>();
        if (!bundle.names.features().isEmpty()) data.put("features", bundle.names.features());
        if (!bundle.names.classes().isEmpty()) data.put("classes", bundle.names.classes());
        if (!bundle.names.targetClasses().isEmpty()) data.put("target_classes", bundle.names.targetClasses());
        if (bundle.names.vocabulary() != null) data.put("text", bundle.names.vocabulary().toJson());
        if (bundle.names.resize() > 0) data.put("pictures", Map.of("resize", bundle.names.resize()));
        if (!data.isEmpty()) json.put(DATA, pretty(data));
        if (bundle.resume != null) json.put(RESUME, pretty(bundle.resume.state()));
        List<String> names = new ArrayList<>(ENTRIES);
        if (bundle.normalization == null) names.remove(NORMALIZATION);
        if (data.isEmpty()) names.remove(DATA);
        if (bundle.resume == null) names.removeAll(List.of(RESUME, RESUME_TENSORS));
        byte[] weightsHeader = Safetensors.header(bundle.weights, Map.of());
        byte[] resumeHeader = bundle.resume == null ? null : Safetensors.header(bundle.resume.tensors(), Map.of());

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("version", versionFor(bundle.names));
        manifest.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        manifest.put("layerlab", layerlabVersion());
        manifest.put("entries", names);
        if (run != null) manifest.put("run", run);
        json.put(MANIFEST, pretty(manifest));

        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            for (String name : names) {
                if (name.equals(WEIGHTS)) stored(zip, WEIGHTS, weightsHeader, bundle.weights);
                else if (name.equals(RESUME_TENSORS)) stored(zip, RESUME_TENSORS, resumeHeader, bundle.resume.tensors());
                else {
                    zip.putNextEntry(new ZipEntry(name));
                    zip.write(json.get(name));
                    zip.closeEntry();
                }
            }
            zip.finish();
        });
    }

    /**
     * Reads a bundle without trusting it: only the known entry names, each once, at the top level (no folders,
     * no {@code ../}, no absolute paths); the manifest first, so that a newer version is refused before anything
     * else is read; every entry counted against size limits as it unpacks (2 GB in all) and its CRC checked.
     * Every problem names the file and the entry. Nothing in a bundle is ever run.
     */
    public static ModelBundle load(Path file) throws IOException {
        return new BundleReader(file, BundleReader.Limits.DEFAULT).read();
    }

    /**
     * The manifest of the bundle {@code file}, checked as {@link #load} checks it: its {@code "created"} time, the {@code
     * "layerlab"} version that wrote it and, from a run, its {@code "run"} object ({@link #save(Path, ModelBundle, Map)}).
     */
    public static Map<String, Object> manifest(Path file) throws IOException {
        return new BundleReader(file, BundleReader.Limits.DEFAULT).manifest();
    }

    /**
     * Float data barely compress, so the weights are stored, which needs their size and CRC before they are
     * written: one pass through a checksum, then the real one (cheap next to the disk).
     */
    private static void stored(ZipOutputStream zip, String entry, byte[] header, Map<String, Tensor> weights) throws IOException {
        CRC32 crc = new CRC32();
        long size;
        try (CheckedOutputStream counter = new CheckedOutputStream(OutputStream.nullOutputStream(), crc)) {
            Safetensors.write(counter, header, weights);
            size = 8L + header.length + dataBytes(weights);
        }
        ZipEntry e = new ZipEntry(entry);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        Safetensors.write(zip, header, weights);
        zip.closeEntry();
    }

    private static long dataBytes(Map<String, Tensor> weights) {
        long n = 0;
        for (Tensor t : weights.values()) n += (long) t.numel() * t.dtype().bytes;
        return n;
    }

    static byte[] pretty(Object value) throws JsonProcessingException {
        // Two-space indent, "key": value, and \n on every system.
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return (JSON.writer(printer).writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] jsonLines(List<Map<String, Object>> rows) throws JsonProcessingException {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> row : rows) sb.append(JSON.writeValueAsString(row)).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The manifest version a bundle with these names is written with: see {@link #VERSION}. */
    static int versionFor(DataNames names) {
        return names.targetClasses().isEmpty() ? 1 : 2;
    }

    /** The engine jar's Maven version; "development" when run from classes (tests, the IDE). */
    public static String layerlabVersion() {
        try (InputStream in = ModelBundle.class.getResourceAsStream("/META-INF/maven/layerlab/layerlab-engine/pom.properties")) {
            if (in == null) return "development";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "development");
        } catch (IOException e) {
            return "development";
        }
    }
}
