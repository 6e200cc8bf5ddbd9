package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import layerlab.data.DataFingerprint;
import layerlab.io.ModelBundle;
import layerlab.train.RunEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab info BUNDLE}: how a trained model was made, to make it again: when and by which LayerLab, its settings'
 * seed and epochs, the Java, CPU kernel, threads and device it trained on, and its data files' fingerprint checked against
 * the files as they are now ("changed since it trained"). Exit code 0, or 1 when the data files changed.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Say how a trained model's bundle (.llab) was made, to make it again: LayerLab, seed, Java, CPU kernel, threads, device, "
                + "and whether its data files are still the ones it trained on (exit code 1 when they changed).")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "a trained model's bundle (.llab)")
    Path bundle;

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "info", this::info);
    }

    private int info() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> manifest = ModelBundle.manifest(bundle);
        ModelBundle b = ModelBundle.load(bundle);
        out.println(bundle.getFileName() + ": " + b.graph().name() + ", written " + manifest.getOrDefault("created", "at an unknown time")
                + " by LayerLab " + manifest.getOrDefault("layerlab", "of an unknown version"));
        int epochs = b.metrics().size();
        out.printf(Locale.ROOT, "trained: %d epoch%s of %s; settings: %s%n", epochs, epochs == 1 ? "" : "s", b.training().getOrDefault("epochs", "?"),
                settings(b.training()));
        if (!(manifest.get("run") instanceof Map<?, ?> run)) {
            // Plainly, for the one who must repeat the run: what is missing, why it can be, and what is known all the same.
            out.println("how it was made: not recorded (the bundle holds no run record: it comes from an older LayerLab, or from weights "
                    + "no run recorded, such as an export of a .safetensors file)");
            out.println("  seed: " + b.training().getOrDefault("seed", 0) + " (as its settings say)");
            if (!layerlab.data.DataSources.pathKeys(String.valueOf(b.graph().dataset().get("source"))).isEmpty())
                out.println("data files now: cannot be compared (no fingerprint of them was kept)");
            return CliSupport.OK;
        }
        RunEnvironment env = RunEnvironment.fromMap(run);
        out.println("how it was made:");
        for (String line : env.lines(b.graph().dataset())) out.println("  " + line);
        List<String> elsewhere = env.differencesFrom(RunEnvironment.current(env.device(), env.seed(), Map.of(), null));
        if (!elsewhere.isEmpty()) out.println("  here: " + String.join("; ", elsewhere) + " (a run again here may part in the last digits)");
        if (env.data() == null) return CliSupport.OK;
        // Where the run read them (the project's folder), else beside the bundle.
        Path folder = env.dataFolder() != null ? Path.of(env.dataFolder()) : CliSupport.baseDir(bundle);
        String now = DataFingerprint.of(b.graph().dataset(), folder);
        if (now == null) {
            out.println("data files now: cannot be read (the " + b.graph().dataset().get("source") + " settings' paths, in " + folder + ")");
            return CliSupport.OK;
        }
        if (now.equals(env.data())) {
            out.println("data files now: the same as when it trained");
            return CliSupport.OK;
        }
        out.println("data files now: CHANGED since it trained (" + DataFingerprint.shortForm(env.data()) + " then, " + DataFingerprint.shortForm(now)
                + " now): training again will not give this model");
        return CliSupport.FAILED;
    }

    /** "optimizer Adam, lr 0.001, batch_size 64, seed 0": the settings a reader looks for first. */
    private static String settings(Map<String, Object> t) {
        StringBuilder s = new StringBuilder();
        Object opt = t.get("optimizer");
        if (opt instanceof Map<?, ?> o) s.append("optimizer ").append(o.get("name")).append(", lr ").append(o.get("lr"));
        else if (opt != null) s.append("optimizer ").append(opt);
        // The schedule shapes the run as much as the rate it starts from.
        Object sched = t.get("scheduler") instanceof Map<?, ?> m ? m.get("name") : t.get("scheduler");
        if (sched != null && !"none".equals(sched)) s.append(s.isEmpty() ? "" : ", ").append("scheduler ").append(sched);
        // What a ReduceLROnPlateau stepped on, where the project chose (left out: the validation loss).
        if (t.get("scheduler") instanceof Map<?, ?> m && m.get("metric") instanceof String watched) s.append(" on ").append(watched);
        for (String k : List.of("batch_size", "seed", "device")) {
            if (t.containsKey(k)) s.append(s.isEmpty() ? "" : ", ").append(k).append(' ').append(t.get(k));
        }
        return s.toString();
    }
}
