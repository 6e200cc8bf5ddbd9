package layerlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fingerprint of the files a data set reads: the SHA-256 of their bytes (a folder's files in name order, each with its
 * path inside the folder, so a picture moved to another class's folder counts), as {@code sha256:…}. A run keeps it so that
 * months later one can tell whether the data a run trained on is still the data on disk: the settings name the same file,
 * but the file may have been edited, appended to or re-exported since. Generated and bundled sets read no files (their
 * settings and LayerLab's version say what they are): null. Past {@link #CONTENT_LIMIT} bytes in all (a large folder of pictures,
 * which would take a minute to read at every run's start) only each file's path and size are hashed, as {@code sizes-sha256:…}:
 * a file added, removed, renamed or of another size still shows, an edit that keeps the size does not.
 */
public final class DataFingerprint {
    private DataFingerprint() {}

    /** The most bytes whose contents are hashed (1 GB: a few seconds); above, paths and sizes alone. */
    static final long CONTENT_LIMIT = 1L << 30;

    /**
     * The fingerprint of the files the data set {@code config} reads (paths against {@code baseDir}); null when it reads none,
     * or one of them cannot be read (the loader says why).
     */
    public static String of(Map<String, ?> config, Path baseDir) {
        return of(config, baseDir, CONTENT_LIMIT);
    }

    static String of(Map<String, ?> config, Path baseDir, long contentLimit) {
        List<String> keys = DataSources.pathKeys(String.valueOf(config.get("source")));
        if (keys.isEmpty()) return null;
        DataFiles.Named named = DataFiles.named(config, baseDir);
        boolean contents = named == null || named.bytes() <= contentLimit;
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        boolean any = false;
        byte[] buffer = new byte[1 << 16];
        try {
            for (String k : keys) {
                if (!(config.get(k) instanceof String s) || s.isBlank()) continue;
                Path p = Path.of(s);
                if (!p.isAbsolute() && baseDir != null) p = baseDir.resolve(p);
                sha.update((k + "\n").getBytes(StandardCharsets.UTF_8));
                if (Files.isDirectory(p)) {
                    List<Path> files;
                    try (Stream<Path> walk = Files.walk(p)) {
                        files = walk.filter(Files::isRegularFile).sorted().toList();
                    }
                    for (Path f : files) {
                        sha.update((p.relativize(f).toString().replace('\\', '/') + "\n").getBytes(StandardCharsets.UTF_8));
                        digest(f, sha, buffer, contents);
                    }
                } else if (Files.isRegularFile(p)) {
                    digest(p, sha, buffer, contents);
                } else {
                    return null;
                }
                any = true;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return any ? (contents ? "sha256:" : "sizes-sha256:") + HexFormat.of().formatHex(sha.digest()) : null;
    }

    private static void digest(Path file, MessageDigest sha, byte[] buffer, boolean contents) throws IOException {
        if (contents) {
            try (InputStream in = Files.newInputStream(file)) {
                for (int r; (r = in.read(buffer)) > 0; ) sha.update(buffer, 0, r);
            }
        }
        // The length too: two files whose bytes run together the same way are not taken for one another.
        sha.update(("\n" + Files.size(file) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** "sha256:3f2a9c1b…" ("sizes-sha256:…"): the first 8 hex digits, for a line on the screen. */
    public static String shortForm(String fingerprint) {
        if (fingerprint == null) return "none";
        int colon = fingerprint.indexOf(':');
        return fingerprint.length() > colon + 9 ? fingerprint.substring(0, colon + 9) + "…" : fingerprint;
    }
}
