package layerlab.ui.project;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;

/** The sample projects (the repository's sample-projects/, bundled as resources): New from sample opens one. */
public final class Samples {
    private static final String DIR = "layerlab/samples/";

    private Samples() {
    }

    /** The samples' file names ({@code simple-cnn.json}), sorted. */
    public static List<String> names() {
        URL url = Samples.class.getClassLoader().getResource(DIR);
        if (url == null) return List.of();
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return list(fs.getPath(DIR));
            }
            return list(Path.of(uri));
        } catch (Exception e) {
            return List.of();
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    /** How a sample is called wherever it is offered (the start page, File › New from Sample): its project's name, else its file's. */
    public static String title(String file, Graph g) {
        return g.name().isBlank() ? file.replace(".json", "") : g.name();
    }

    /**
     * Every sample's file and title ({@link #title}), in file order; a sample that does not load keeps its file's name. Read
     * once a process: the samples are the application's own resources, and every window's File › New from Sample lists
     * them (reading the 22 projects was a sixth of a window's opening).
     */
    public static Map<String, String> titles() {
        return Titles.ALL;
    }

    private static final class Titles {
        static final Map<String, String> ALL = read();

        private static Map<String, String> read() {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            for (String file : names()) {
                try {
                    out.put(file, title(file, load(file)));
                } catch (IOException e) {
                    out.put(file, file.replace(".json", ""));
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    public static Graph load(String name) throws IOException {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) throw new IOException("no sample named " + name);
            return ProjectJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (ProjectFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
