package layerlab.graph.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import layerlab.graph.Graph;
import layerlab.io.AtomicFiles;

/**
 * The project file: {@code "format": "layerlab-project"}, {@code "version": 1}, UTF-8 JSON. {@link #load} and
 * {@link #save} are the way in and out; saving is atomic, so a crash never leaves half a project. The format
 * is described in the README ("File formats") and by the JSON Schema in {@code resources/schema/}.
 */
public final class ProjectJson {
    public static final String FORMAT = "layerlab-project";

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ProjectJson() {
    }

    /** The project in {@code text}; {@code source} names it in error messages (a file name). */
    public static Graph read(String text, String source) throws ProjectFormatException {
        return new ProjectReader(source, Migrations.STANDARD).read(text);
    }

    /** The file's text for {@code g}: stable key order and layout, ending in a newline. */
    public static String write(Graph g) {
        return ProjectWriter.toJson(g);
    }

    public static Graph load(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    }

    /** Writes {@code g} to {@code file} atomically (see {@link AtomicFiles}): a crash never leaves half a project. */
    public static void save(Graph g, Path file) throws IOException {
        AtomicFiles.writeString(file, write(g));
    }
}
