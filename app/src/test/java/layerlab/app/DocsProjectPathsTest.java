package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guides' commands, copied as they are into a terminal at the repository's root, find the project they name: the
 * user guide's sweep said {@code ./layerlab sweep spirals.json}, which answers "spirals.json: no such file" there (the
 * sample is {@code sample-projects/spirals.json}). A project given with its folder must be there; one given bare must not
 * be a sample's name (the file a reader writes, {@code tuned.json}, is fine).
 */
class DocsProjectPathsTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern COMMAND = Pattern.compile("\\./layerlab (?:train|sweep|lr-find|summary|profile|check|grade) ([^\\s`]+\\.json)");

    @Test
    void everyProjectAGuideTrainsOrSweepsIsWhereItSays() throws IOException {
        List<String> wrong = new ArrayList<>();
        int seen = 0;
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path doc : docs) {
            // Markdown wraps a command over lines: read each paragraph as one line.
            String text = Files.readString(doc).replaceAll("\\s*\\n\\s*", " ");
            Matcher m = COMMAND.matcher(text);
            while (m.find()) {
                String project = m.group(1);
                if (project.contains("<") || project.contains("*")) continue; // a pattern, not a file
                seen++;
                boolean bare = !project.contains("/");
                if (bare ? Files.exists(ROOT.resolve("sample-projects").resolve(project)) : !Files.exists(ROOT.resolve(project)))
                    wrong.add(doc.getFileName() + ": ./layerlab … " + project);
            }
        }
        assertTrue(seen > 20, "the guides' commands were found: " + seen);
        assertEquals(List.of(), wrong);
    }
}
