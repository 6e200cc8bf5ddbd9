package layerlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The projects a command that takes many ({@code check}, {@code grade}) reads: each file as given (a missing one too: the
 * command says so in its place), and for a folder the projects (.json) and bundles (.llab) in it and its subfolders (a
 * class's hand-ins, one folder per student or not), in the order of their paths; hidden files and folders left out.
 */
final class ProjectFiles {
    private ProjectFiles() {
    }

    static List<Path> expand(List<Path> given) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (!Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                List<Path> found = walk.filter(f -> Files.isRegularFile(f) && isProject(f) && !hidden(p, f)).map(Path::normalize)
                        .sorted(Comparator.comparing(Path::toString)).toList();
                if (found.isEmpty()) throw new IOException(p + " is a folder holding no project (.json) or bundle (.llab)");
                out.addAll(found);
            }
        }
        return out;
    }

    private static boolean isProject(Path f) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") || CliSupport.isBundle(f);
    }

    /** Whether a name on the way from {@code folder} to {@code f} starts with a dot (.git, .DS_Store's kin, an editor's backup). */
    private static boolean hidden(Path folder, Path f) {
        for (Path name : folder.relativize(f)) if (name.toString().startsWith(".")) return true;
        return false;
    }
}
