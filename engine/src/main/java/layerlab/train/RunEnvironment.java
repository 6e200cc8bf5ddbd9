package layerlab.train;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import layerlab.backend.cpu.Gemm;
import layerlab.backend.cpu.Parallel;
import layerlab.data.DataFingerprint;
import layerlab.data.DataSources;
import layerlab.io.ModelBundle;

/**
 * What decides a run's numbers besides its project and settings, kept with the run (a bundle's manifest, the first line of
 * {@code layerlab train --metrics}, {@code layerlab info}) so that a researcher can make the same run again months later,
 * or say why two runs differ. The same project, seed, LayerLab version and processor give the same bits on any number of
 * CPU threads (the batch's sums keep as many parts however many threads add them: ThreadCountBitsTest); another vector
 * width ({@code cpu}: AVX2's 8 lanes against AVX-512's 16), another Java's compiler of the vector kernels, a GPU, or
 * changed data files ({@code data}, their {@link DataFingerprint}) can each move the last digits, and the differences grow as
 * a run goes on.
 *
 * @param layerlab LayerLab's version
 * @param java     the Java that ran it ("25.0.3 (Eclipse Adoptium)")
 * @param os       the system and processor architecture ("Linux amd64")
 * @param cpu      the matrix kernel and its vector width ("Vector API kernel (AVX2, 8 float lanes)")
 * @param threads  the CPU threads the kernels used
 * @param device   where the model trained ("cpu", "cuda:0")
 * @param seed     the run's seed (its settings hold it too: here it is beside the rest for the one who reads this alone)
 * @param data     the fingerprint of the data files it read ({@code sha256:…}); null for a generated or bundled set
 * @param dataFolder the folder the data set's relative paths were read against (the project's), absolute; null with {@code data}
 */
public record RunEnvironment(String layerlab, String java, String os, String cpu, int threads, String device, long seed, String data,
                             String dataFolder) {
    /**
     * This process's environment, for a run on {@code device} with {@code seed} of the data set {@code dataset} (its relative
     * paths against {@code dataFolder}: its files' fingerprint is taken now). The one place a run's record is made: {@code
     * layerlab train} and the window's Start both take it from here, so that the same data give the same fingerprint.
     * {@code dataFolder} may be null (a project not saved yet) when the data set's paths are absolute.
     */
    public static RunEnvironment current(String device, long seed, Map<String, ?> dataset, Path dataFolder) {
        String data = DataFingerprint.of(dataset, dataFolder);
        return new RunEnvironment(ModelBundle.layerlabVersion(), System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Gemm.kernel(), Parallel.threads(), device, seed, data,
                data == null || dataFolder == null ? null : dataFolder.toAbsolutePath().normalize().toString());
    }

    /**
     * This process's environment for a run on {@code device} with {@code seed} that goes on over the data {@code before}'s run
     * read (the window's Go On: still in memory, not read again, so their fingerprint is {@code before}'s).
     */
    public static RunEnvironment goingOn(String device, long seed, RunEnvironment before) {
        RunEnvironment now = current(device, seed, Map.of(), null);
        return new RunEnvironment(now.layerlab, now.java, now.os, now.cpu, now.threads, device, seed, before.data, before.dataFolder);
    }

    /** As JSON keeps it: {@code layerlab}, {@code java}, {@code os}, {@code cpu}, {@code threads}, {@code device}, {@code seed}, {@code data_sha256}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layerlab", layerlab);
        m.put("java", java);
        m.put("os", os);
        m.put("cpu", cpu);
        m.put("threads", threads);
        m.put("device", device);
        m.put("seed", seed);
        if (data != null) m.put("data_sha256", data);
        if (dataFolder != null) m.put("data_folder", dataFolder);
        return m;
    }

    /** {@link #toMap}'s map read back; what is missing or not of its type reads as unknown (null, 0): a record, never refused. */
    public static RunEnvironment fromMap(Map<?, ?> m) {
        return new RunEnvironment(text(m.get("layerlab")), text(m.get("java")), text(m.get("os")), text(m.get("cpu")),
                m.get("threads") instanceof Number n ? n.intValue() : 0, text(m.get("device")),
                m.get("seed") instanceof Number s ? s.longValue() : 0, text(m.get("data_sha256")), text(m.get("data_folder")));
    }

    private static String text(Object o) {
        return o instanceof String s ? s : null;
    }

    /** One line per item, as {@code layerlab info} prints them ("threads: 2 (the results do not depend on it)"). */
    public List<String> lines() {
        return lines(Map.of());
    }

    /**
     * {@link #lines()} with the files of the data set {@code dataset} (the run's graph's) named on the data line: "data files:
     * sha256:… of path train.csv, read in /home/t/iris" for a path relative to the project's folder, "… of path /data/iris.csv"
     * for an absolute one (no folder to name: it was read where it says).
     */
    public List<String> lines(Map<String, ?> dataset) {
        List<String> out = new ArrayList<>();
        out.add("seed: " + seed);
        out.add("LayerLab: " + orUnknown(layerlab));
        out.add("Java: " + orUnknown(java));
        out.add("system: " + orUnknown(os));
        out.add("CPU kernel: " + orUnknown(cpu));
        out.add("device: " + orUnknown(device));
        out.add("threads: " + (threads > 0 ? threads + " (on the CPU the results do not depend on it)" : "unknown"));
        out.add("data files: " + (data == null ? "none (a generated or bundled data set: its settings say what it is)" : data + files(dataset)));
        return out;
    }

    private static boolean absolute(String path) {
        try {
            return Path.of(path).isAbsolute();
        } catch (InvalidPathException e) {
            return false; // written on another system: its folder is the best one can say
        }
    }

    /** " of path train.csv, read in /home/t/iris"; ", read in <folder>" where the data set names no files. */
    private String files(Map<String, ?> dataset) {
        List<String> named = new ArrayList<>();
        boolean relative = false;
        for (String k : DataSources.pathKeys(String.valueOf(dataset.get("source")))) {
            if (!(dataset.get(k) instanceof String s) || s.isBlank()) continue;
            named.add(k + " " + s);
            relative |= !absolute(s);
        }
        if (named.isEmpty()) return ", read in " + orUnknown(dataFolder);
        return " of " + String.join(", ", named) + (relative ? ", read in " + orUnknown(dataFolder) : "");
    }

    /**
     * What differs between this run's environment and {@code other}'s that can change the numbers ("Java 21.0.2 → 25.0.3",
     * "CPU kernel …"); empty when a run in {@code other} can give the same bits. The thread count is not among them.
     */
    public List<String> differencesFrom(RunEnvironment other) {
        List<String> out = new ArrayList<>();
        differs(out, "LayerLab", layerlab, other.layerlab);
        differs(out, "Java", java, other.java);
        differs(out, "CPU kernel", cpu, other.cpu);
        differs(out, "device", device, other.device);
        return out;
    }

    private static void differs(List<String> out, String what, String was, String now) {
        if (was != null && now != null && !Objects.equals(was, now)) out.add(what + " " + was + " → " + now);
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}
