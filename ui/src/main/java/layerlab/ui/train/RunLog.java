package layerlab.ui.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.io.AtomicFiles;
import layerlab.train.TrainingEvent;

/**
 * The runs of a saved project, kept between sessions: what each trained (its settings), its epochs' metrics and how
 * it ended, so that the runs table and the chart's overlays still hold last week's runs when the project is opened
 * again. One JSON file per project in a folder of the user's ({@code ~/.layerlab/runs}), named by a hash of the
 * project's absolute path (MainWindow puts it beside the recovery file): nothing is written beside the project (which may be read-only, or a sample). Data only: a
 * log that does not read is ignored, never run.
 */
public final class RunLog {
    /** Keeps at most this many runs per project. */
    static final int KEEP = RunHistory.LOGGED;
    static final String FORMAT = "layerlab-runs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public RunLog(Path dir) {
        this.dir = dir;
    }

    /** The log of {@code project} (a project file). */
    Path fileFor(Path project) {
        String key = project.toAbsolutePath().normalize().toString();
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(java.util.HexFormat.of().formatHex(h, 0, 10) + ".json");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The finished runs of {@code project} as saved, oldest first; empty when it has none, or its log does not read (a
     * log of another project under the same name, a broken file).
     */
    List<RunRecord> load(Path project) {
        Path f = fileFor(project);
        if (!Files.isRegularFile(f)) return List.of();
        try {
            JsonNode root = JSON.readTree(f.toFile());
            if (!FORMAT.equals(root.path("format").asText()) || !project.toAbsolutePath().normalize().toString().equals(root.path("project").asText()))
                return List.of();
            List<RunRecord> out = new ArrayList<>();
            for (JsonNode r : root.path("runs")) out.add(read(r));
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Writes the finished ones of {@code runs} (the last {@link #KEEP}) as {@code project}'s log, atomically. */
    void save(Path project, List<RunRecord> runs) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", 1);
        root.put("project", project.toAbsolutePath().normalize().toString());
        ArrayNode list = root.putArray("runs");
        List<RunRecord> ended = runs.stream().filter(r -> r.end() != null).toList();
        for (RunRecord r : ended.subList(Math.max(0, ended.size() - KEEP), ended.size())) list.add(write(r));
        Files.createDirectories(dir);
        AtomicFiles.writeString(fileFor(project), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static ObjectNode write(RunRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("number", r.number());
        o.set("settings", JSON.valueToTree(r.settings()));
        o.put("changes", r.changes());
        ArrayNode epochs = o.putArray("epochs");
        for (TrainingEvent.EpochEnded e : r.epochs()) {
            ObjectNode x = epochs.addObject();
            x.put("epoch", e.epoch());
            x.set("metrics", metrics(e.metrics()));
            x.put("partial", e.partial());
        }
        if (r.end() instanceof TrainingEvent.RunFinished f) {
            ObjectNode x = o.putObject("finished");
            x.put("reason", f.reason().name());
            x.put("epochs", f.epochs());
            x.put("steps", f.steps());
            x.set("metrics", metrics(f.metrics()));
            x.put("seconds", f.seconds());
            x.put("restored_epoch", f.restoredEpoch());
            x.set("restored", metrics(f.restored()));
        } else if (r.end() instanceof TrainingEvent.RunFailed f) {
            ObjectNode x = o.putObject("failed");
            x.put("message", f.message());
            x.put("node", f.node());
            x.put("step", f.step());
            x.put("hint", f.hint());
        }
        return o;
    }

    /** Finite metrics only (JSON has no NaN). */
    private static ObjectNode metrics(Map<String, Double> m) {
        ObjectNode o = JSON.createObjectNode();
        m.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) o.put(k, v);
        });
        return o;
    }

    private static RunRecord read(JsonNode r) throws IOException {
        if (!r.path("number").canConvertToInt()) throw new IOException("a run without a number");
        RunRecord out = new RunRecord(r.path("number").asInt());
        for (JsonNode e : r.path("epochs")) out.add(new TrainingEvent.EpochEnded(e.path("epoch").asInt(), readMetrics(e.path("metrics")), e.path("partial").asBoolean()));
        JsonNode f = r.path("finished"), x = r.path("failed");
        if (f.isObject()) {
            out.add(new TrainingEvent.RunFinished(TrainingEvent.Reason.valueOf(f.path("reason").asText()), f.path("epochs").asInt(), f.path("steps").asLong(),
                    readMetrics(f.path("metrics")), f.path("seconds").asDouble(), f.path("restored_epoch").asInt(), readMetrics(f.path("restored"))));
        } else if (x.isObject()) {
            out.add(new TrainingEvent.RunFailed(x.path("message").asText(""), text(x.path("node")), x.path("step").asLong(), text(x.path("hint"))));
        } else {
            throw new IOException("a run without its end");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = r.path("settings").isObject() ? JSON.convertValue(r.path("settings"), LinkedHashMap.class) : Map.of();
        out.restoreSettings(settings, r.path("changes").asText(""));
        return out;
    }

    private static Map<String, Double> readMetrics(JsonNode m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) out.put(e.getKey(), e.getValue().asDouble());
        });
        return out;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
