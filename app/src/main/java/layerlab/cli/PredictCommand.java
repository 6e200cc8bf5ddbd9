package layerlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import layerlab.data.CsvLoader;
import layerlab.data.DataSources;
import layerlab.data.Images;
import layerlab.io.AtomicFiles;
import layerlab.io.Npy;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;
import layerlab.train.Feeds;
import layerlab.train.Metrics;
import layerlab.train.Predictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab predict MODEL --input SAMPLES [--output FILE]}: the model's first Output for every sample, in eval
 * mode. Samples come as an {@code .npy} array, a CSV file (its feature columns chosen as training chose them), an image
 * or a folder of images (resized as training resizes them). Float inputs are normalized as in training first (the
 * bundle's stored statistics; for a project with {@code --weights}, those its dataset settings give). A classifier's
 * outputs are read as the class's name and its probability: printed as a table, or written as CSV; {@code .npy} gets
 * the raw outputs. Exit code 2 for bad input.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a trained model (a bundle, or a project with --weights) on new samples (.npy, .csv, images); print the predicted "
                + "classes and their probabilities, or write the outputs as .csv or .npy.")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--input", paramLabel = "SAMPLES", required = true,
            description = "an .npy array [N, ...] (for several Inputs, each sample's values for all of them in turn), a .csv file (the feature "
                    + "columns the model was trained on; a label column may be there), an image (.png, .jpg, .bmp, .gif) or a folder of images")
    Path input;

    @Option(names = "--output", paramLabel = "FILE",
            description = "a .csv (per sample: the predicted class, its probability and every class's; or the output values) or an .npy "
                    + "(the raw outputs, [N, ...] float32); without it, a table on the screen")
    Path output;


    /** The samples read from {@code --input}, named for the table: "line 2", "cat/3.png", "7". */
    private record Samples(Tensor x, List<String> names) {}

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "predict", this::predict);
    }

    private int predict() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String format = output == null ? "table" : extension(output);
        if (!List.of("table", "csv", "npy").contains(format))
            throw new CliSupport.BadInput("--output " + output + ": write the outputs to a .csv or an .npy file (or leave --output out for a table)");
        TrainedModel m = model.load();
        Samples s = read(m);
        Tensor x = s.x();
        boolean normalized = m.normalization() != null && x.dtype() == DType.FLOAT32;
        if (normalized) {
            try {
                x = m.normalization().apply(x);
            } catch (IllegalArgumentException e) {
                // The statistics were fitted to the model's input shape, so this is the input not fitting the model.
                throw new CliSupport.BadInput(input + " does not fit the model: samples of " + Arrays.toString(Arrays.copyOfRange(x.shape(), 1, x.dim()))
                        + " (" + m.evaluator().feeds().describeInputs() + "; " + e.getMessage() + ")");
            }
        }
        Tensor y;
        try {
            y = m.evaluator().predict(x, model.batchSize);
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(input + " does not fit the model: " + e.getMessage() + " (" + m.evaluator().feeds().describeInputs() + ")");
        }
        Table table = new Table(s.names(), y, m);
        switch (format) {
            case "table" -> out.print(table.text());
            case "csv" -> {
                AtomicFiles.writeString(output, table.csv());
                out.println("wrote " + output + ": " + y.size(0) + " sample" + (y.size(0) == 1 ? "" : "s") + ", " + table.describeColumns()
                        + (normalized ? " (inputs normalized: " + m.normalization().describe() + ")" : ""));
            }
            default -> {
                Npy.write(output, y);
                out.println("wrote " + output + ": " + Arrays.toString(y.shape()) + " " + y.dtype().pyName + ", the Output \"" + m.evaluator().output() + "\""
                        + (table.classes != null ? ", one score per class: " + String.join(", ", table.classes) : "")
                        + (normalized ? " (inputs normalized: " + m.normalization().describe() + ")" : ""));
            }
        }
        out.flush();
        return CliSupport.OK;
    }

    // ---------------------------------------------------------------- reading

    private Samples read(TrainedModel m) throws IOException {
        if (!Files.exists(input)) throw new java.nio.file.NoSuchFileException(input.toString());
        if (Files.isDirectory(input)) return images(m, imagesIn(input));
        if (Images.isImage(input)) return images(m, List.of(input));
        return switch (extension(input)) {
            case "npy" -> {
                Tensor x = Npy.read(input);
                if (x.dim() < 1 || x.size(0) == 0) throw new CliSupport.BadInput(input + ": expected samples [N, ...], got shape " + Arrays.toString(x.shape()));
                if (x.dim() == 1) x = x.reshape(x.size(0), 1);
                List<String> names = new ArrayList<>();
                for (int i = 0; i < x.size(0); i++) names.add(Integer.toString(i));
                yield new Samples(x, names);
            }
            case "csv", "gz", "tsv", "txt" -> csv(m);
            default -> throw new CliSupport.BadInput(input + ": expected samples as an .npy array, a .csv file, an image ("
                    + String.join(", ", Images.EXTENSIONS) + ") or a folder of images");
        };
    }

    /**
     * The feature columns: by the training columns' names when the model knows them and the file's header has them,
     * else chosen as the model's CSV data set chose them (every column but a label's, otherwise).
     */
    private Samples csv(TrainedModel m) throws IOException {
        var dataset = m.graph().dataset();
        CsvLoader.Options options = "csv".equals(dataset.get("source")) ? DataSources.csvOptions(dataset) : CsvLoader.Options.DEFAULT;
        int count = m.evaluator().feeds().sampleSize();
        CsvLoader.Samples rows = CsvLoader.features(input, options, count, m.names().features());
        List<String> names = new ArrayList<>();
        for (int line : rows.lines()) names.add("line " + line);
        return new Samples(Tensor.of(rows.features(), rows.rows(), count), names);
    }

    /** Pictures as the model's one image Input takes them: [1 or 3, H, W], resized as the image loader resizes. */
    private Samples images(TrainedModel m, List<Path> files) throws IOException {
        Feeds feeds = m.evaluator().feeds();
        int[] shape = feeds.sampleShape(0);
        if (feeds.dataInputs().size() != 1 || shape.length != 3 || (shape[0] != 1 && shape[0] != 3))
            throw new CliSupport.BadInput(input + ": images need a model whose one Input takes pictures [1 or 3, height, width]; "
                    + feeds.describeInputs());
        int c = shape[0], h = shape[1], w = shape[2], per = c * h * w;
        float[] x = new float[Math.multiplyExact(files.size(), per)];
        List<String> names = new ArrayList<>();
        Path base = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
        for (int i = 0; i < files.size(); i++) {
            System.arraycopy(Images.load(files.get(i), c, h, w), 0, x, i * per, per);
            names.add(Files.isDirectory(input) ? base.relativize(files.get(i)).toString().replace('\\', '/') : files.get(i).getFileName().toString());
        }
        int[] dims = {files.size(), c, h, w};
        return new Samples(Tensor.of(x, dims), names);
    }

    /** The images in {@code dir} and its subfolders, in name order (hidden files and folders skipped). */
    private static List<Path> imagesIn(Path dir) throws IOException {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(dir)) {
            found = walk.filter(p -> Files.isRegularFile(p) && Images.isImage(p) && !hidden(dir.relativize(p))).sorted().toList();
        }
        if (found.isEmpty()) throw new CliSupport.BadInput(dir + ": no images (." + String.join(", .", Images.EXTENSIONS) + ") in this folder");
        return found;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return true;
        return false;
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- writing

    /** The outputs as people read them: a class and its probability per sample, or the values. */
    private static final class Table {
        final List<String> names;
        final Tensor y;
        /** Per sample and class; null when the outputs are not class scores. */
        final float[] probabilities;
        final List<String> classes;

        Table(List<String> names, Tensor y, TrainedModel m) {
            this.names = names;
            this.y = y;
            Metrics.Task task = m.evaluator().task();
            List<String> known = m.names().classes();
            Tensor p = null;
            if (y.dim() == 2 && Predictions.readable(task, y.size(1))) p = Predictions.probabilities(y, task);
            else if (y.dim() == 2 && !task.classification() && known.size() >= 2 && y.size(1) == known.size()) {
                // A model without a loss (an imported one) that names as many classes as it has outputs: scores for them,
                // probabilities already when its Output is a Softmax's.
                p = m.outputIsSoftmax() ? y : Predictions.probabilities(y, Metrics.Task.MULTICLASS);
            }
            this.probabilities = p == null ? null : p.toFloatArray();
            this.classes = p == null ? null : Predictions.classNames(m.names().classes(), p.size(1));
        }

        int k() {
            return classes.size();
        }

        int best(int i) {
            return Predictions.best(Arrays.copyOfRange(probabilities, i * k(), (i + 1) * k()));
        }

        /** Values per sample, flattened. */
        int width() {
            return y.numel() / Math.max(1, y.size(0));
        }

        String describeColumns() {
            return classes != null ? "the predicted class, its probability and each class's (" + String.join(", ", classes) + ")"
                    : width() + " output value" + (width() == 1 ? "" : "s") + " each";
        }

        String text() {
            int nameWidth = "sample".length();
            for (String n : names) nameWidth = Math.max(nameWidth, n.length());
            StringBuilder sb = new StringBuilder();
            if (classes != null) {
                int classWidth = "predicted".length();
                for (String c : classes) classWidth = Math.max(classWidth, c.length());
                sb.append(pad("sample", nameWidth)).append("  ").append(pad("predicted", classWidth)).append("  probability\n");
                for (int i = 0; i < names.size(); i++) {
                    int b = best(i);
                    sb.append(pad(names.get(i), nameWidth)).append("  ").append(pad(classes.get(b), classWidth)).append("  ")
                            .append(String.format(Locale.ROOT, "%10.1f%%", 100 * probabilities[i * k() + b])).append('\n');
                }
            } else {
                float[] v = y.toFloatArray();
                int w = width();
                sb.append(pad("sample", nameWidth)).append("  ").append(w == 1 ? "output" : "outputs").append('\n');
                for (int i = 0; i < names.size(); i++) {
                    List<String> values = new ArrayList<>();
                    for (int j = 0; j < w; j++) values.add(CliSupport.number(v[i * w + j]));
                    sb.append(pad(names.get(i), nameWidth)).append("  ").append(String.join(" ", values)).append('\n');
                }
            }
            return sb.toString();
        }

        String csv() {
            StringBuilder sb = new StringBuilder("sample");
            if (classes != null) {
                sb.append(",predicted,probability");
                for (String c : classes) sb.append(',').append(field(c));
                sb.append('\n');
                for (int i = 0; i < names.size(); i++) {
                    int b = best(i);
                    sb.append(field(names.get(i))).append(',').append(field(classes.get(b))).append(',').append(probabilities[i * k() + b]);
                    for (int j = 0; j < k(); j++) sb.append(',').append(probabilities[i * k() + j]);
                    sb.append('\n');
                }
            } else {
                float[] v = y.toFloatArray();
                int w = width();
                if (w == 1) sb.append(",output");
                else for (int j = 0; j < w; j++) sb.append(",output_").append(j);
                sb.append('\n');
                for (int i = 0; i < names.size(); i++) {
                    sb.append(field(names.get(i)));
                    for (int j = 0; j < w; j++) sb.append(',').append(v[i * w + j]);
                    sb.append('\n');
                }
            }
            return sb.toString();
        }

        private static String pad(String s, int width) {
            return s.length() >= width ? s : s + " ".repeat(width - s.length());
        }

        /** A CSV field, quoted when it holds a comma, a quote or a line break. */
        private static String field(String s) {
            return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
    }
}
