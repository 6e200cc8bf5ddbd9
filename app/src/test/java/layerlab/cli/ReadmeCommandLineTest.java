package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Command line" section is what newcomers paste into a terminal first, so its {@code ./layerlab …} lines
 * are run here as written, in order (a bundle the first {@code train} line writes is what {@code eval} and
 * {@code info} read), through the command line in-process. Only lines that run in seconds on the committed samples
 * are run: a whitelist by command ({@link #RUN}); {@code predict} and the rest read the user's own files
 * ({@code my-digits/}, {@code flowers.csv}) and are only checked to name files the section says how to get.
 * To stay quick, each {@code train} line gets {@code -q --steps 2} (a resumed run {@code --steps 4}: two more) and
 * {@code profile} {@code --warmup 0 --steps 2}; a pipe ({@code | jq .accuracy}) is read as its command, whose stdout
 * must then be one JSON object with that key. A line's exit code must be 0, and where its comment quotes what the
 * command prints ({@code suggests 0.00231 here}) the output must say it.
 */
class ReadmeCommandLineTest {
    private static final Path ROOT = Path.of("..");
    /** The commands run here: each takes a few seconds at most on the committed samples, cut as said above. */
    private static final Set<String> RUN = Set.of("--version", "--help", "check", "summary", "train", "lr-find", "profile", "eval", "info");
    /** The repository's folders that lines may read as they are. */
    private static final List<String> REPOSITORY_FOLDERS = List.of("sample-projects/", "docs/", "resources/");
    private static final Pattern FILE = Pattern.compile("[A-Za-z][\\w./*-]*\\.(llab|jsonl|json|csv|safetensors|npy|onnx)");

    @TempDir
    Path work;

    private final CliRunner cli = new CliRunner();

    @Test
    void theCommandLineSectionRunsAsWritten() throws IOException {
        List<String> lines = commandLines(Files.readString(ROOT.resolve("README.md")));
        assertTrue(lines.size() >= 15, "the section's ./layerlab lines: " + lines);
        int ran = 0;
        for (String line : lines) {
            String command = line.replaceFirst("\\s+#.*$", "");
            String comment = line.length() > command.length() ? line.substring(command.length()) : "";
            List<String> args = words(command.replaceFirst("^\\./layerlab\\s+", "").replaceFirst("\\s*\\|.*$", ""));
            if (!RUN.contains(args.get(0))) continue;
            args = runnable(args);
            int code = cli.run(args.toArray(String[]::new));
            String out = cli.out.toString(), all = out + cli.err;
            assertEquals(0, code, line + "\n" + all);
            assertFalse(all.contains("\tat "), "no stack trace: " + line + "\n" + all);
            Matcher suggests = Pattern.compile("suggests (\\S+) here").matcher(comment);
            if (suggests.find()) assertTrue(out.contains("suggested learning rate " + suggests.group(1)), line + "\n" + out);
            Matcher jq = Pattern.compile("\\|\\s*jq \\.(\\w+)").matcher(command);
            if (jq.find()) {
                JsonNode json = new ObjectMapper().readTree(out);
                assertTrue(json.isObject() && json.has(jq.group(1)), line + "\n" + out);
            }
            ran++;
        }
        assertTrue(ran >= 10, "lines run: " + ran);
    }

    /**
     * Every file a line of the section reads is the repository's, or one a line before it writes, or one the text
     * after the block names as the user's own or says how to make: nothing a newcomer meets only as "no such file".
     */
    @Test
    void everyFileALineReadsIsAccountedFor() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section = section(readme);
        List<String> written = new ArrayList<>();
        for (String line : commandLines(readme)) {
            List<String> args = words(line.replaceFirst("\\s+#.*$", "").replaceFirst("^\\./layerlab\\s+", ""));
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String option = i > 0 ? args.get(i - 1) : "";
                if (a.startsWith("-") || a.equals(">") || a.equals("<")) continue;
                boolean writes = Set.of("--save-bundle", "--save-weights", "--metrics", "--output", "--out", "--saliency", "--reconstructions", "--features-out", "--csv")
                        .contains(option) || (i > 0 && args.get(i - 1).equals(">"));
                if (!FILE.matcher(a).matches() && !a.endsWith("/")) continue;
                if (writes) {
                    written.add(a);
                } else if (REPOSITORY_FOLDERS.stream().anyMatch(a::startsWith)) {
                    if (!a.contains("*")) assertTrue(Files.exists(ROOT.resolve(a)), line + ": " + a + " is not in the repository");
                } else if (!written.contains(a)) {
                    // Named below the block: how to get it, or that it stands for the user's own data.
                    String after = section.substring(section.indexOf(line) + line.length());
                    assertTrue(after.contains("`" + a + "`"), line + ": " + a + " is neither written by a line before it nor explained");
                }
            }
        }
    }

    /** The {@code ./layerlab} lines of README's "## Command line" section's code blocks. */
    static List<String> commandLines(String readme) {
        List<String> lines = new ArrayList<>();
        boolean code = false;
        for (String line : section(readme).lines().toList()) {
            if (line.startsWith("```")) code = !code;
            else if (code && line.startsWith("./layerlab ")) lines.add(line.strip());
        }
        return lines;
    }

    private static String section(String readme) {
        int start = readme.indexOf("\n## Command line\n");
        assertTrue(start >= 0, "README.md has a \"## Command line\" section");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The line's words as a shell splits them (quotes kept together, a glob expanded as bash would). */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command);
        while (m.find()) words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        return words;
    }

    /** The words with paths made to work from app/ (the repository's files) and the test's folder (what lines write), cut to run fast. */
    private List<String> runnable(List<String> words) throws IOException {
        List<String> args = new ArrayList<>();
        for (String w : words) {
            if (w.contains("*") && REPOSITORY_FOLDERS.stream().anyMatch(w::startsWith)) {
                args.addAll(glob(w));
            } else if (REPOSITORY_FOLDERS.stream().anyMatch(w::startsWith)) {
                args.add(ROOT.resolve(w).toString());
            } else if (FILE.matcher(w).matches()) {
                args.add(work.resolve(w).toString());
            } else {
                args.add(w);
            }
        }
        switch (args.get(0)) {
            case "train" -> args.addAll(List.of("-q", "--steps", args.contains("--resume") ? "4" : "2"));
            case "profile" -> args.addAll(List.of("--warmup", "0", "--steps", "2"));
            default -> { }
        }
        return args;
    }

    private static List<String> glob(String pattern) throws IOException {
        Path dir = ROOT.resolve(pattern.substring(0, pattern.lastIndexOf('/')));
        var matcher = dir.getFileSystem().getPathMatcher("glob:" + pattern.substring(pattern.lastIndexOf('/') + 1));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> matcher.matches(p.getFileName())).sorted().map(Path::toString).toList();
        }
    }
}
