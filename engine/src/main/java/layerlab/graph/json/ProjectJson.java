package layerlab.graph.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.graph.Graph;
import layerlab.io.AtomicFiles;
import layerlab.io.InputFiles;
import layerlab.io.Utf8;

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

    /** The most a project file may hold: 256 MB, as a bundle's JSON entries (projects are kilobytes; this one is no project). */
    static final int MAX_BYTES = 256 << 20;

    public static Graph load(Path file) throws IOException {
        return load(file, MAX_BYTES);
    }

    static Graph load(Path file, int maxBytes) throws IOException {
        String name = file.getFileName().toString(), text;
        try {
            byte[] bytes = InputFiles.readAtMost(file, maxBytes);
            if (bytes == null) {
                throw new ProjectFormatException(name, 0, 0, "the file holds more than " + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MB" : maxBytes + " bytes")
                        + ", too much for a LayerLab project: is it the right file?");
            }
            text = Utf8.decode(bytes, name);
        } catch (Utf8.NotUtf8Exception e) {
            throw new ProjectFormatException(name, (int) e.line(), (int) e.column(), e.reason());
        }
        return read(text, name);
    }

    /**
     * The setting a message about a project's {@code training} or {@code dataset} settings is about, as a dotted path:
     * their messages begin with it ({@code "training.optimizer.lr must be at least 0"} → {@code training.optimizer.lr}),
     * an unknown key is named after it ({@code "training: unknown key \"shuffel\""} → {@code training.shuffel}); null
     * when the message names no such setting.
     */
    public static String settingPath(String message) {
        if (message == null) return null;
        Matcher m = SETTING.matcher(message);
        if (!m.lookingAt()) return null;
        Matcher unknown = UNKNOWN_KEY.matcher(message).region(m.end(), message.length());
        return unknown.lookingAt() ? m.group() + "." + unknown.group(1) : m.group();
    }

    private static final Pattern SETTING = Pattern.compile("(training|dataset)(\\.[A-Za-z0-9_]+)*");
    private static final Pattern UNKNOWN_KEY = Pattern.compile(": unknown key \"([A-Za-z0-9_]+)\"");

    /**
     * Where in a project's {@code text} the setting {@code message} is about ({@link #settingPath}) stands: {line,
     * column} of it or of its nearest ancestor in the file, or null when the message names no setting or the text is no
     * JSON.
     */
    public static int[] locateSetting(String text, String message) {
        String path = settingPath(message);
        if (path == null) return null;
        try {
            int[] at = Locations.index(MAPPER.getFactory(), withoutByteOrderMark(text)).of("/" + path.replace('.', '/'));
            return at[0] > 0 ? at : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * {@code text} without the byte-order mark that Windows editors (Notepad, Visual Studio) put before UTF-8: no JSON, but
     * no reason to refuse a project either. (JSON read from bytes needs no such step: Jackson drops the mark itself.)
     */
    static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Writes {@code g} to {@code file} atomically (see {@link AtomicFiles}): a crash never leaves half a project. */
    public static void save(Graph g, Path file) throws IOException {
        AtomicFiles.writeString(file, write(g));
    }
}
