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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * Where in a project's {@code text} the setting that {@code message} begins with stands ({@code
     * "training.optimizer.lr must be at least 0"} names {@code /training/optimizer/lr}; the settings' messages all start
     * with the setting's path): {line, column} of it or of its nearest ancestor in the file, or null when the message
     * names no {@code training} or {@code dataset} setting or the text is no JSON.
     */
    public static int[] locateSetting(String text, String message) {
        Matcher m = SETTING.matcher(message);
        if (!m.lookingAt()) return null;
        try {
            int[] at = Locations.index(MAPPER.getFactory(), text).of("/" + m.group().replace('.', '/'));
            return at[0] > 0 ? at : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static final Pattern SETTING = Pattern.compile("(training|dataset)(\\.[A-Za-z0-9_]+)*");

    /** Writes {@code g} to {@code file} atomically (see {@link AtomicFiles}): a crash never leaves half a project. */
    public static void save(Graph g, Path file) throws IOException {
        AtomicFiles.writeString(file, write(g));
    }
}
