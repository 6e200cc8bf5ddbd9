package layerlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.data.DataFiles;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.train.OptimizerFactory;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingData;
import picocli.CommandLine.Option;

/**
 * The options of the commands that train a project ({@code train}, {@code lr-find}): its data set and training settings,
 * overridden, and opened with a mistake said where it is (the project's file and setting, or the option).
 */
final class RunOptions {
    @Option(names = "--batch-size", paramLabel = "N", description = "samples per step")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "SGD, Adam, AdamW, RMSprop, Adagrad, NAdam, RAdam, Adamax, Adadelta, Rprop, ASGD or LBFGS, with the project's "
            + "learning rate and those of its optimizer's options it has too (Adam's betas, eps, weight_decay for AdamW), the rest at their defaults")
    String optimizer;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the initial weights, the shuffling and dropout")
    Long seed;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, cuda[:N] or auto")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores); the results are the same bits on any number")
    Integer threads;

    @Option(names = "--data", paramLabel = "KEY=VALUE", arity = "1..*", mapFallbackValue = "",
            description = "override a key of the project's dataset (e.g. source=spirals n=2000, or source=csv path=my.csv label_column=species "
                    + "features=a,b,c, relative to the current folder); a new source starts a new dataset object")
    Map<String, String> data = new LinkedHashMap<>();

    /** Sets the CPU kernels' threads to {@code --threads} when given; refuses fewer than one. */
    void applyThreads() {
        if (threads == null) return;
        if (threads < 1) throw new CliSupport.BadInput("--threads must be at least 1, got " + threads);
        layerlab.backend.cpu.Parallel.setThreads(threads);
    }

    /** The project's training settings with these options applied (a copy). */
    Map<String, Object> training(Map<String, Object> project) {
        Map<String, Object> t = new LinkedHashMap<>(project);
        if (batchSize != null) t.put("batch_size", batchSize);
        if (seed != null) t.put("seed", seed);
        if (device != null) t.put("device", device);
        if (optimizer != null) t.put("optimizer", OptimizerFactory.switched(project.get("optimizer"), optimizer).optimizer());
        return t;
    }

    /**
     * What {@code --optimizer} did not carry over from the project's {@code training} settings ({@code "--optimizer SGD keeps
     * the project's lr, weight_decay; not carried: betas=[0.9, 0.99]"}), or null when it carried every one (or is not given).
     */
    String optimizerNote(Map<String, Object> project) {
        if (optimizer == null) return null;
        OptimizerFactory.Switched s = OptimizerFactory.switched(project.get("optimizer"), optimizer);
        if (s.leftOut().isEmpty()) return null;
        return "--optimizer " + optimizer + (s.kept().isEmpty() ? ":" : " keeps the project's " + String.join(", ", s.kept()) + ";")
                + " not carried: " + String.join(", ", s.leftOut());
    }

    /** The settings these options set, each beside the option that set it ({@code training.batch_size} → {@code --batch-size}). */
    Map<String, String> given() {
        Map<String, String> g = new LinkedHashMap<>();
        if (batchSize != null) g.put("training.batch_size", "--batch-size");
        if (seed != null) g.put("training.seed", "--seed");
        if (device != null) g.put("training.device", "--device");
        if (optimizer != null) g.put("training.optimizer", "--optimizer");
        return g;
    }

    /**
     * The settings read: a mistake in the project's own is said at its setting in {@code project}'s file, one that an
     * option made as the option's: {@code given} maps each setting an option set to the option's name, and a message
     * about that setting names the option instead ({@code --batch-size must be at least 1, got 0}).
     */
    static TrainingConfig config(Path project, Graph graph, Map<String, Object> settings, Map<String, String> given) {
        try {
            return TrainingConfig.fromMap(settings);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            for (Map.Entry<String, String> o : given.entrySet()) {
                String key = o.getKey();
                if (m.startsWith(key) && (m.length() == key.length() || " :,".indexOf(m.charAt(key.length())) >= 0)) {
                    throw new CliSupport.BadInput(o.getValue() + m.substring(key.length()));
                }
            }
            // Not about an option's value: about the project's own setting, said where it is.
            throw new CliSupport.BadInput(CliSupport.atSetting(project, m));
        }
    }

    /** The project's data set with --data applied; refused when there is none. */
    Map<String, Object> dataset(Path project, Graph graph) {
        Map<String, Object> dataset = TrainingData.override(graph.dataset(), data, Path.of("").toAbsolutePath());
        if (dataset.isEmpty()) {
            throw new CliSupport.BadInput(project + " has no dataset settings: add a \"dataset\" object to the project or give --data source=…");
        }
        return dataset;
    }

    /** Opens {@code dataset} (relative paths against the project's folder); a mistake in the project's settings is said where it is. */
    DataSplit open(Path project, Map<String, Object> dataset) throws java.io.IOException {
        return open(project, dataset, null);
    }

    /**
     * {@link #open(Path, Map)}, saying on {@code err} (null: nowhere) how the read goes as every command does ({@link
     * ReadingLine}): a 200 MB file takes a while to read, and the command was silent until it had.
     */
    DataSplit open(Path project, Map<String, Object> dataset, java.io.PrintWriter err) throws java.io.IOException {
        DataFiles.Named files = DataFiles.named(dataset, CliSupport.baseDir(project));
        try {
            return ReadingLine.reading(dataset, CliSupport.baseDir(project), err, () -> DataSources.open(dataset, CliSupport.baseDir(project)));
        } catch (IllegalArgumentException e) {
            throw badData(project, e);
        } catch (OutOfMemoryError e) {
            throw new CliSupport.BadInput(outOfMemory(files));
        }
    }

    /** What to do when reading {@code files} (null: a generated or bundled set) ran out of memory, naming them. */
    static String outOfMemory(DataFiles.Named files) {
        return DataFiles.outOfMemory(files);
    }

    /** A data setting's mistake as bad input: said where it is when the project's settings hold it (not --data). */
    CliSupport.BadInput badData(Path project, IllegalArgumentException e) {
        return new CliSupport.BadInput(data.isEmpty() ? CliSupport.atSetting(project, e.getMessage()) : e.getMessage());
    }
}
