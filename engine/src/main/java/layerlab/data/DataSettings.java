package layerlab.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import layerlab.graph.json.SettingsReader;
import layerlab.graph.spec.Spelling;

/** One data settings object ({@link DataSources}) read through {@link SettingsReader}: every message names the key as {@code dataset.noise}. */
final class DataSettings extends SettingsReader {
    DataSettings(Map<String, ?> map, String where) {
        super(map, where);
    }

    Map<String, ?> map() {
        return map;
    }

    String source() {
        Object s = map.get("source");
        if (s == null)
            throw refuse(path + ": missing \"source\"; expected one of " + String.join(", ", DataSources.OPTIONS.keySet()));
        if (!(s instanceof String name) || !DataSources.OPTIONS.containsKey(name))
            throw refuse(path("source") + ": unknown source " + show(s) + Spelling.suggestion(String.valueOf(s), DataSources.OPTIONS.keySet())
                    + "; expected one of " + String.join(", ", DataSources.OPTIONS.keySet()));
        return name;
    }

    void checkKeys(String source, List<String> common) {
        TreeSet<String> allowed = new TreeSet<>(common);
        allowed.addAll(DataSources.OPTIONS.get(source));
        // torchtext's name for a text set's vocab: said, since the spelling is not near.
        if (map.containsKey("max_tokens") && allowed.contains("vocab"))
            throw refuse(path + ": unknown key \"max_tokens\" for source \"" + source + "\" (vocab is torchtext's max_tokens: the most tokens, "
                    + "<pad> and <unk> included); the keys are " + String.join(", ", allowed));
        onlyKeys(allowed, " for source \"" + source + "\"");
    }

    Path path(String k, Path baseDir) {
        String s = string(k, null);
        if (s == null || s.isBlank()) throw refuse(path + ": missing \"" + k + "\" (a file or folder path)");
        Path p = Path.of(s);
        Path file = p.isAbsolute() ? p : baseDir.resolve(p);
        String made = otherSystem(s);
        if (made != null && !java.nio.file.Files.exists(file)) {
            String name = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
            throw refuse(path(k) + " is " + show(s) + ", " + made + " (the project was made on another computer), and there is no such file here: "
                    + "copy the data beside the project and give its name alone (" + show(name) + "), or read this computer's copy "
                    + "(on the command line: --data " + k + "=FILE)");
        }
        return file;
    }

    /**
     * What kind of path {@code s} is when it is one of another system's (a project made on a student's Windows PC read on a
     * Mac or Linux, or the other way round): {@code C:\Users\ana\penguins.csv} or {@code ..\data\x.csv} read here is a file
     * of that odd name in the project's folder; null for a path of this system's.
     */
    static String otherSystem(String s) {
        boolean windowsHere = java.io.File.separatorChar == '\\';
        if (!windowsHere && (s.matches("^[A-Za-z]:[\\\\/].*") || s.contains("\\"))) return "a Windows path";
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (!os.contains("mac") && s.startsWith("/Users/")) return "a macOS path";
        if (windowsHere && s.startsWith("/")) return "a macOS or Linux path";
        return null;
    }

    /** A separate data source under {@code k} (as {@code "validation"}), or null. */
    Map<String, ?> source(String k) {
        return object(k, "an object with a \"source\"");
    }
}
