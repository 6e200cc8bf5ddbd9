package layerlab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** How the loaders find and open a person's files: by extension, in a folder and its subfolders (hidden ones left out), gzipped or not. */
public final class DataFiles {
    private DataFiles() {}

    /** The extension of {@code p}'s name, lower-cased, without the dot ("png"); "" when it has none. */
    public static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The regular files in {@code dir} and its subfolders that {@code wanted} accepts, in path order; a {@link #hidden}
     * file or folder (and all below it) is left out.
     */
    public static List<Path> below(Path dir, Predicate<Path> wanted) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) && !hidden(dir.relativize(p)) && wanted.test(p)).sorted().toList();
        }
    }

    /** The delimiter a table named {@code name} has when none is given: a tab for {@code .tsv} and {@code .tab} (gzipped or not), else a comma. */
    public static char delimiter(String name) {
        String n = name.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        return n.endsWith(".tsv") || n.endsWith(".tab") ? '\t' : ',';
    }

    /** {@code raw}, unpacked when it is gzipped (its first two bytes say so), buffered. */
    public static InputStream decompressed(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new GZIPInputStream(in) : in;
    }

    /** The files a data set's settings read, by name, and their bytes together (a folder's: the files in it and below). */
    public record Named(String names, long bytes) {
        /** "big.csv (212 MB)". */
        @Override
        public String toString() {
            return names + " (" + (bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9) : Math.max(1, Math.round(bytes / 1e6)) + " MB") + ")";
        }
    }

    /**
     * The files and folders the data set {@code config} reads (its path settings, against {@code baseDir}) and their size,
     * for a "reading big.csv (212 MB)…" before a long read and a message that names them; null when it reads none (a
     * generator, a bundled set). What cannot be sized (a missing file: the loader says so) counts 0 bytes.
     */
    public static Named named(Map<String, ?> config, Path baseDir) {
        List<String> names = new ArrayList<>();
        long bytes = 0;
        // A folder of class folders is read for its pictures alone (ImageFolderLoader): a README or a .DS_Store beside them
        // counted into the total kept a read's percent short of 100.
        boolean classFolders = "images".equals(config.get("source"));
        for (String k : DataSources.pathKeys(String.valueOf(config.get("source")))) {
            if (!(config.get(k) instanceof String s) || s.isBlank()) continue;
            try {
                Path p = Path.of(s);
                if (!p.isAbsolute() && baseDir != null) p = baseDir.resolve(p);
                names.add(p.getFileName() == null ? s : p.getFileName().toString());
                if (Files.isDirectory(p) && classFolders) {
                    for (Path dir : folders(p)) bytes += size(below(dir, Images::isImage));
                } else if (Files.isDirectory(p)) {
                    try (Stream<Path> walk = Files.walk(p)) {
                        bytes += walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                    }
                } else if (Files.isRegularFile(p)) {
                    bytes += Files.size(p);
                }
            } catch (IOException | RuntimeException e) {
                // Unsized: the loader says what is wrong with it.
            }
        }
        return names.isEmpty() ? null : new Named(String.join(" and ", names), bytes);
    }

    /**
     * The samples' file {@code input} that {@code layerlab predict --input} reads, by name and size: a file's own, a folder's
     * pictures in it and below (what it reads of a folder: SampleFiles); null when it cannot be sized (the reader says why).
     */
    public static Named namedInput(Path input) {
        try {
            long bytes = Files.isDirectory(input) ? size(below(input, Images::isImage)) : Files.size(input);
            return new Named(input.getFileName() == null ? input.toString() : input.getFileName().toString(), bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long size(List<Path> files) {
        long n = 0;
        for (Path f : files) n += f.toFile().length();
        return n;
    }

    /**
     * Whether every file or folder the data set {@code config} names (its path settings, relative ones against {@code
     * baseDir}) is there; true for a set that reads none (a generator, a bundled set).
     */
    public static boolean allThere(Map<String, ?> config, Path baseDir) {
        for (String k : DataSources.pathKeys(String.valueOf(config.get("source")))) {
            if (!(config.get(k) instanceof String s) || s.isBlank()) continue;
            try {
                Path p = Path.of(s);
                if (!p.isAbsolute() && baseDir != null) p = baseDir.resolve(p);
                if (!Files.exists(p)) return false;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * A read of the data set {@code config} that says how far it is ({@code listener}) and can be cancelled: its files
     * (a separate validation source's too) named and sized as {@link #named} does; run the opening in it ({@link
     * layerlab.io.ReadProgress#run}). A generated or bundled set reads no files: "the data set", of unknown size.
     */
    public static layerlab.io.ReadProgress reading(Map<String, ?> config, Path baseDir, layerlab.io.ReadProgress.Listener listener) {
        Named files = named(config, baseDir);
        long bytes = files == null ? 0 : files.bytes();
        if (config.get("validation") instanceof Map<?, ?> v) {
            @SuppressWarnings("unchecked")
            Named more = named((Map<String, ?>) v, baseDir);
            if (more != null) bytes += more.bytes();
        }
        return new layerlab.io.ReadProgress(files == null ? "the data set" : files.names(), bytes, listener);
    }

    /**
     * What to say when reading {@code files} (null: a generated or bundled set) ran out of memory: which files, Java's heap
     * and how to give it more, rather than Java's "Java heap space".
     */
    public static String outOfMemory(Named files) {
        return "out of memory reading the data set" + (files == null ? "" : ", " + files) + ": "
                + layerlab.graph.compile.GraphCompiler.moreHeap(Runtime.getRuntime().maxMemory())
                + ", or train on a part of it (fewer rows or samples)";
    }

    /** The subfolders of {@code dir} that are not {@link #hidden}, in name order: a folder's classes. */
    public static List<Path> folders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) && !hidden(p.getFileName())).sorted().toList();
        }
    }

    /**
     * Whether a part of {@code relative} is hidden: its name starts with "." ({@code .DS_Store}, {@code .ipynb_checkpoints})
     * or it is {@code __MACOSX}, the folder of "._" files a Mac's zip archive holds, which no one means as a class.
     */
    private static boolean hidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".") || part.toString().equals("__MACOSX")) return true;
        return false;
    }
}
