package layerlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;

/** PyTorch itself, for tests that run a script LayerLab wrote: {@code /usr/bin/python3} with torch (Debian's python3-torch). */
public final class Torch {
    /** The Python the tests run: Debian's, where python3-torch and python3-onnx install. */
    public static final String PYTHON = "/usr/bin/python3";

    private Torch() {
    }

    /** Skips the calling test, saying so, where there is no python3 with torch to run a script. */
    public static void assume() {
        assumeModule("torch", "no python3 with torch here: the script cannot run");
    }

    /** Whether {@link #PYTHON} imports each module asked about: asked once per test JVM (importing torch takes a second or two). */
    private static final Map<String, Boolean> IMPORTS = new ConcurrentHashMap<>();

    /** Skips the calling test, saying {@code why}, where {@link #PYTHON} cannot import {@code module}. */
    public static void assumeModule(String module, String why) {
        Assumptions.assumeTrue(IMPORTS.computeIfAbsent(module, Torch::imports), why);
    }

    private static boolean imports(String module) {
        try {
            return Python.of("-c", "import " + module).run().exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@link #PYTHON} with {@code args} (in the test JVM's {@link PythonZygote} where it can, see {@link Python});
     * asserts it exits with {@code exit} and returns what it printed (stdout and stderr).
     */
    public static String python(int exit, String... args) throws IOException {
        return Python.of(args).expect(exit);
    }

    /**
     * Runs {@code body} (Python lines) with torch after the exported {@code script} is read into {@code ns} and {@code d}
     * names {@code dir}; asserts it exits 0 and returns what it printed.
     */
    public static String runScript(Path script, Path dir, String... body) throws Exception {
        String driver = String.join("\n", "import sys, torch", "ns = {'__name__': 'trained'}", "exec(open(sys.argv[1]).read(), ns)",
                "d = sys.argv[2]", String.join("\n", body));
        return python(0, "-c", driver, script.toString(), dir.toString());
    }

    /**
     * Trains the exported {@code script}'s class {@code modelClass} with the script's own {@code train()} on {@code dir}'s
     * {@code x.npy}/{@code y.npy} (and, with {@code validation}, {@code val_x.npy}/{@code val_y.npy}, unshuffled), after
     * {@code torch.manual_seed(SEED)}, and writes each state_dict entry to {@code dir/<key>.npy}; returns what it printed.
     */
    public static String trainScript(Path script, Path dir, String modelClass, boolean validation) throws Exception {
        return runScript(script, dir, "read = lambda f: ns['read_npy'](d + '/' + f)",
                "torch.manual_seed(ns['SEED'])",
                "model = ns['" + modelClass + "']()",
                "ns['train'](model, ns['make_loader'](read('x.npy'), read('y.npy')), "
                        + (validation ? "ns['make_loader'](read('val_x.npy'), read('val_y.npy'), shuffle=False, batch_size=256))" : "None)"),
                "for k, v in model.state_dict().items():",
                "    ns['write_npy'](d + '/' + k + '.npy', v)");
    }

    /**
     * The losses the script's {@code train()} printed ({@code epoch 3: train loss 0.412345, val loss 0.398765 …}) against a
     * LayerLab run's {@code history} (the Trainer's, one map an epoch): as many epochs, and each epoch's train_loss (and
     * val_loss where printed) within 1e-5 relative, plus the 5e-7 of printing six decimals. Weights alone can agree while
     * the printed loss is wrong: Adam's steps do not change when a loss is scaled, and the script's printed loss is its own
     * sum, not the one it steps on.
     */
    public static void assertSameEpochLosses(java.util.List<Map<String, Object>> history, String log) {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^epoch (\\d+): train loss ([-0-9.eE+a-z]+)(?:, val loss ([-0-9.eE+a-z]+))?");
        java.util.List<String> epochs = log.lines().filter(l -> line.matcher(l).find()).toList();
        assertEquals(history.size(), epochs.size(), "epochs printed by the script against LayerLab's run:\n" + log);
        for (String l : epochs) {
            java.util.regex.Matcher m = line.matcher(l);
            org.junit.jupiter.api.Assertions.assertTrue(m.find());
            Map<String, Object> h = history.get(Integer.parseInt(m.group(1)) - 1);
            for (var k : Map.of("train_loss", 2, "val_loss", 3).entrySet()) {
                String printed = m.group(k.getValue());
                if (printed == null) {
                    org.junit.jupiter.api.Assertions.assertFalse(h.get(k.getKey()) instanceof Number n && Double.isFinite(n.doubleValue()),
                            k.getKey() + " not printed: " + l);
                    continue;
                }
                double want = ((Number) h.get(k.getKey())).doubleValue();
                double got = Double.parseDouble(printed.replace("nan", "NaN").replace("inf", "Infinity"));
                assertEquals(want, got, 1e-5 * Math.abs(want) + 5e-7, k.getKey() + " of " + l + " (LayerLab: " + h + ")");
            }
        }
    }

    /**
     * Each tensor of {@code want} against {@code dir/<name>.npy} (as {@link #trainScript} writes them): the same length,
     * each value within 1e-5 of the tensor's largest magnitude (at least 1e-3); {@code log} is shown with a mismatch.
     */
    public static void assertSameWeights(Map<String, Tensor> want, Path dir, String log) throws IOException {
        for (var e : want.entrySet()) {
            float[] exp = e.getValue().toFloatArray(), got = Npy.read(dir.resolve(e.getKey() + ".npy")).toFloatArray();
            assertEquals(exp.length, got.length, e.getKey());
            double scale = 0;
            for (float v : exp) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < exp.length; i++) assertEquals(exp[i], got[i], 1e-5 * Math.max(scale, 1e-3), e.getKey() + "[" + i + "]\n" + log);
        }
    }
}
