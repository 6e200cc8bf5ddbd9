package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import layerlab.io.AtomicFiles;
import layerlab.io.Npy;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;
import layerlab.train.PredictionTable;
import layerlab.train.Predictions;
import layerlab.train.SampleFiles;
import layerlab.train.Sampling;
import layerlab.train.Saliency;
import layerlab.data.Augmentation;
import layerlab.data.NextTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab predict MODEL --input SAMPLES [--output FILE]}: the model's first Output for every sample, in eval
 * mode. Samples come as an {@code .npy} array, a CSV file (its feature columns chosen as training chose them), an image
 * or a folder of images (resized as training resizes them). A model that reads text takes texts instead: a CSV/TSV
 * file's text column, a {@code .txt} file (a text a line), a folder of text files, or {@code --text "…"} typed in,
 * numbered by its vocabulary; the table then names each sample by its text. Float inputs are normalized as in training
 * first (the bundle's stored statistics; for a project with {@code --weights}, those its dataset settings give). A classifier's
 * outputs are read as the class's name and its probability: printed as a table, or written as CSV; {@code .npy} gets
 * the raw outputs. Exit code 2 for bad input.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a trained model (a bundle, or a project with --weights) on new samples: NumPy arrays, CSV files, pictures, "
                + "texts. Print the predicted classes and their probabilities, or write the outputs as CSV or NumPy.")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    BatchSizeOption batch;

    @Option(names = "--input", paramLabel = "SAMPLES",
            description = "an .npy array [N, ...] (for several Inputs, each sample's values for all of them in turn), a .csv file (the feature "
                    + "columns the model was trained on; a label column may be there), a picture (PNG, JPEG, BMP, GIF, TIFF) or a folder of pictures; "
                    + "for a model that reads text: a .csv/.tsv file (its text column), a .txt file (a text a line) or a folder of text files; "
                    + "- reads a CSV from stdin")
    Path input;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "a text for a model that reads text (repeat for more), instead of --input")
    List<String> texts = new ArrayList<>();

    @Option(names = {"-o", "--output", "--out"}, paramLabel = "FILE",
            description = "a .csv (per sample: the predicted class, its probability and every class's; an autoencoder's reconstruction error; "
                    + "a next-token model's --top K next tokens with their probabilities, as the table says them; or the output values) or an .npy "
                    + "(the raw outputs, [N, ...] float32); a model's other Outputs go beside it, named by it and the Output (y.h_n.csv); "
                    + "without it, a table on the screen; - writes the CSV to stdout")
    Path output;


    @Option(names = {"-k", "--top"}, paramLabel = "K", defaultValue = "1",
            description = "for a classifier: the K most likely classes of each sample in the table, with their probabilities (ImageNet's top-5: "
                    + "--top 5; default: the predicted one); for a next-token model, the K most likely next tokens after each text")
    int top;

    @Option(names = "--saliency", paramLabel = "FOLDER",
            description = "for pictures: also write, per sample, a PNG of the picture beside its saliency map for the predicted class "
                    + "(the pixels that swayed that class's score most, |d score / d pixel|) into FOLDER")
    Path saliency;

    @Option(names = "--reconstructions", paramLabel = "FOLDER",
            description = "for an autoencoder (its loss compares its Output with its own picture Input): also write, per sample, a PNG of the "
                    + "picture beside the model's reconstruction of it into FOLDER")
    Path reconstructions;

    @Option(names = "--reconstruction-values",
            description = "for an autoencoder with a .csv --output: write its reconstruction itself (the Output's values, a column each) "
                    + "rather than each picture's reconstruction error (sample,reconstruction_mae, what Results › Predict new samples saves); "
                    + "an .npy --output always holds the reconstruction")
    boolean reconstructionValues;

    @Option(names = "--attribution", paramLabel = "METHOD",
            description = "with --saliency, how the maps are made: gradient (the default), smoothgrad (averaged over " + Saliency.SMOOTH_SAMPLES
                    + " noisy copies: less speckle), integrated (integrated gradients from a black picture, " + Saliency.INTEGRATED_STEPS + " steps), "
                    + "gradcam (Grad-CAM: the regions whose feature maps raise the score, at the last layer with feature maps or --cam-layer's) or "
                    + "hirescam (HiResCAM: the same without averaging each map's gradient; suits a Flatten → Linear head)")
    String attribution;

    @Option(names = "--explain",
            description = "for texts and table rows: also print, per sample, each token's (each column's) share in the predicted class's score "
                    + "(for a next-token model's texts, in the likeliest next token's) "
                    + "(integrated gradients from an empty text, or from the training average; positive raised it, negative lowered it; a "
                    + "row's shares add up to the score's change within 1%%, with more steps where needed, else what they miss is printed)")
    boolean explain;

    @Option(names = "--cam-layer", paramLabel = "NODE",
            description = "with --attribution gradcam or hirescam, the layer (a node's name) whose feature maps are weighed; by default the last one "
                    + "with feature maps [C, H, W] before the Output")
    String camLayer;

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "predict", this::predict);
    }

    private int predict() throws Exception {
        if (!STDIO.equals(String.valueOf(input))) return predictFrom(input);
        // The CSV read from stdin goes through a file, as every reader takes one; messages name it "stdin".
        Path tmp = java.nio.file.Files.createTempDirectory("layerlab-stdin");
        Path csv = tmp.resolve("stdin.csv");
        try {
            java.nio.file.Files.copy(System.in, csv);
            return predictFrom(csv);
        } catch (CliSupport.BadInput | IllegalArgumentException | java.io.IOException | java.io.UncheckedIOException e) {
            Throwable t = e instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
            if (t.getMessage() == null || !t.getMessage().contains(csv.toString())) throw e;
            throw new CliSupport.BadInput(t.getMessage().replace(csv.toString(), "stdin"));
        } finally {
            java.nio.file.Files.deleteIfExists(csv);
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    /** {@code --input -} and {@code --output -}: stdin and stdout. */
    static final String STDIO = "-";

    private int predictFrom(Path input) throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        boolean toStdout = output != null && STDIO.equals(output.toString());
        // With the CSV on stdout, what the command says besides goes to stderr, so that `--output - > p.csv` is the CSV alone.
        PrintWriter said = toStdout ? err : out;
        String name = output == null ? "" : output.getFileName().toString();
        String format = output == null ? "table" : toStdout ? "csv" : name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (toStdout && explain)
            throw new CliSupport.BadInput("--explain prints each sample's shares, and --output - writes the CSV to stdout: give --output a file, "
                    + "or leave it out for the table");
        if (!List.of("table", "csv", "npy").contains(format))
            throw new CliSupport.BadInput("--output " + output + ": write the outputs to a .csv or an .npy file (or leave --output out for a table)");
        if (input != null && !texts.isEmpty()) throw new CliSupport.BadInput("give the samples with --input or with --text, not both");
        Saliency.Method method = Saliency.Method.GRADIENT;
        if (attribution != null) {
            if (saliency == null) throw new CliSupport.BadInput("--attribution goes with --saliency FOLDER");
            method = java.util.Arrays.stream(Saliency.Method.values()).filter(x -> x.key().equals(attribution)).findFirst()
                    .orElseThrow(() -> new CliSupport.BadInput("--attribution: unknown method \"" + attribution + "\"; expected gradient, smoothgrad, "
                            + "integrated, gradcam or hirescam"));
        }
        if (camLayer != null && !method.atLayer()) throw new CliSupport.BadInput("--cam-layer goes with --attribution gradcam or hirescam");
        if (top < 1) throw new CliSupport.BadInput("--top must be at least 1, got " + top);
        if (input == null && texts.isEmpty())
            throw new CliSupport.BadInput("give the samples: --input FILE, or --text \"…\" for a model that reads text");
        if (!toStdout) CliSupport.output("--output", output, model.model, model.weights, input);
        if (saliency != null && java.nio.file.Files.exists(saliency) && !java.nio.file.Files.isDirectory(saliency))
            throw new CliSupport.BadInput("--saliency " + saliency + " is a file: give a folder for the maps (it is made when missing)");
        batch.check();
        TrainedModel m = model.load(spec.commandLine().getErr(), "predict");
        // What the messages call the samples: the file, or the texts typed in.
        String what = input != null ? input.toString() : "--text";
        SampleFiles.Samples s;
        // As train reads its data: how far on a terminal, a line before a large file into a log (ReadingLine).
        if (input != null) s = ReadingLine.readingInput(input, spec.commandLine().getErr(), () -> SampleFiles.read(input, m.evaluator().feeds(),
                m.graph().dataset(), m.names(), m.normalization() != null && m.normalization().fills()));
        else if (m.names().vocabulary() == null)
            throw new CliSupport.BadInput("--text: " + m.source() + " does not read text (" + m.evaluator().feeds().describeInputs()
                    + "); give its samples with --input");
        else s = SampleFiles.texts(texts, m.names().vocabulary());
        if (s.note() != null) s.note().lines().forEach(l -> spec.commandLine().getErr().println("layerlab predict: note: " + l));
        // A next-token model's answer to a text is what comes next: its K most likely tokens after <bos> and the text (what
        // generate draws from), not its scores of every token at every step (1,625 for the surname generator); a .csv holds
        // what the table says. An .npy stays the raw outputs, as for every model.
        if (NextTokens.isNextToken(m.names().vocabulary()) && s.texts() != null && !format.equals("npy")) {
            Tensor next;
            try {
                next = Sampling.nextTokenScores(m.model(), m.names().vocabulary(), s.texts());
            } catch (IllegalArgumentException e) {
                throw new CliSupport.BadInput(what + ": " + e.getMessage());
            }
            List<String> tokens = m.names().vocabulary().tokens().stream().map(layerlab.train.EmbeddingSpace::show).toList();
            PredictionTable nextTable = new PredictionTable(s.names(), s.texts(), next, layerlab.train.Metrics.Task.MULTICLASS, tokens, false);
            // <pad>, <unk> and <bos> have probability 0, as in generate: the K listed are of the tokens it draws.
            int drawn = Sampling.drawnTokens(m.names().vocabulary()), k = Math.min(top, drawn);
            if (format.equals("table")) {
                out.println("the next token after each text (after <bos>, as generate reads it), of the " + drawn + " tokens generate draws:");
                out.print(nextTable.text(CliSupport::number, k));
            } else if (toStdout) {
                out.print(nextTable.topCsv(k));
            } else {
                AtomicFiles.writeString(output, nextTable.topCsv(k));
                out.println("wrote " + output + ": " + s.texts().size() + " text" + (s.texts().size() == 1 ? "" : "s") + ", the text and its "
                        + (k == 1 ? "most likely next token with its probability (top_1,probability_1; --top K for more)"
                                : k + " most likely next tokens, each with its probability (top_1,probability_1 … top_" + k + ",probability_" + k + ")")
                        + ", after <bos> as generate reads it, of the " + drawn + " tokens generate draws");
            }
            if (explain) explainNextTokens(m, s.texts(), next, out);
            return CliSupport.OK;
        }
        Tensor x = s.x();
        boolean normalized = m.normalization() != null && x.dtype() == DType.FLOAT32;
        if (normalized) {
            try {
                x = m.normalization().apply(x);
            } catch (IllegalArgumentException e) {
                // The statistics were fitted to the model's input shape, so this is the input not fitting the model.
                throw new CliSupport.BadInput(what + " does not fit the model: samples of " + Arrays.toString(Arrays.copyOfRange(x.shape(), 1, x.dim()))
                        + " (" + m.evaluator().feeds().describeInputs() + "; " + e.getMessage() + ")");
            }
        }
        Tensor y;
        // A file gets every Output (an RNN's h_n beside its logits), as the exported PyTorch script writes them; the table the first.
        java.util.Map<String, Tensor> all = null;
        try {
            if ((output != null && !toStdout || layerlab.train.OutputTables.everyOutput(m.evaluator(), m.model().outputNames()))
                    && m.model().outputNames().size() > 1) {
                all = m.evaluator().predictAll(x, batch.batchSize);
                y = all.get(m.evaluator().output());
            } else {
                y = m.evaluator().predict(x, batch.batchSize);
            }
        } catch (IllegalArgumentException e) {
            throw new CliSupport.BadInput(what + " does not fit the model: " + e.getMessage() + " (" + m.evaluator().feeds().describeInputs() + ")");
        }
        batch.noteBatchLimit(m, "predict", spec.commandLine().getErr());
        // Found before anything is printed or written: a layer that is not there fails the command, not after its table.
        if (saliency != null) pictureShape(x);
        // An autoencoder's Output is a picture: its table says how far each is from its input, its PNGs show both.
        layerlab.train.Reconstructions remade = layerlab.train.Reconstructions.of(m.evaluator(), x, y);
        if (reconstructionValues && remade == null)
            throw new CliSupport.BadInput("--reconstruction-values: " + m.source() + " remakes no pictures; its .csv holds its outputs already");
        if (reconstructionValues && !format.equals("csv"))
            throw new CliSupport.BadInput("--reconstruction-values goes with a .csv --output (an .npy holds the reconstruction anyway)");
        if (reconstructions != null && remade == null)
            throw new CliSupport.BadInput("--reconstructions: " + m.source() + " remakes no pictures: that takes a loss whose target is the picture Input "
                    + "itself and an Output of the samples' shape (" + Arrays.toString(Arrays.copyOfRange(x.shape(), 1, x.dim())) + "); its Output gives "
                    + Arrays.toString(Arrays.copyOfRange(y.shape(), 1, y.dim())));
        String camAt = saliency != null && method.atLayer() && x.size(0) > 0 ? camLayer(m, x, method) : null;
        PredictionTable table = new PredictionTable(s.names(), s.texts(), y, m.evaluator().task(), m.names().classes(),
                PredictionTable.softmaxOutput(m.graph(), m.evaluator().output()));
        // With several targets, every head's answers: a table each, or one CSV whose columns each name their head's Output.
        java.util.Map<String, PredictionTable> heads = layerlab.train.OutputTables.of(m.evaluator(), m.graph(), m.names().targetClasses(), s.names(), s.texts(),
                table, all);
        switch (format) {
            case "table" -> {
                if (remade != null) {
                    printReconstructions(remade, s.names(), out);
                    break;
                }
                boolean first = true;
                for (var h : heads.entrySet()) {
                    if (!first) out.println();
                    first = false;
                    String loss = lossOf(m, h.getKey());
                    if (heads.size() > 1) out.println("Output \"" + h.getKey() + "\"" + (loss == null ? "" : " (loss node \"" + loss + "\")") + ":");
                    out.print(h.getValue().text(CliSupport::number, top));
                }
            }
            case "csv" -> {
                if (remade != null && !reconstructionValues) {
                    // As the window's Save as CSV: an autoencoder is judged by how far each picture is from its reconstruction.
                    String errors = remade.csv(s.names());
                    if (toStdout) {
                        out.print(errors);
                        break;
                    }
                    AtomicFiles.writeString(output, errors);
                    out.println("wrote " + output + ": " + remade.count() + " sample" + (remade.count() == 1 ? "" : "s") + ", each picture's reconstruction "
                            + "error (sample,reconstruction_mae; --reconstruction-values writes the reconstruction itself)");
                    break;
                }
                String csv = heads.size() > 1 ? PredictionTable.csv(List.copyOf(heads.values()), List.copyOf(heads.keySet())) : table.csv();
                if (toStdout) {
                    out.print(csv);
                    break;
                }
                AtomicFiles.writeString(output, csv);
                out.println("wrote " + output + ": " + y.size(0) + " sample" + (y.size(0) == 1 ? "" : "s") + ", " + (heads.size() > 1
                        ? "each head's answers, its columns named by its Output (" + String.join("; ", heads.entrySet().stream()
                                .map(h -> h.getKey() + ": " + h.getValue().describeColumns()).toList()) + ")"
                        : table.describeColumns() + (all != null ? ", the Output \"" + m.evaluator().output() + "\"" : ""))
                        + (normalized ? " (inputs normalized: " + m.normalization().describe() + ")" : ""));
            }
            default -> {
                Npy.write(output, y);
                out.println("wrote " + output + ": " + Arrays.toString(y.shape()) + " " + y.dtype().pyName + ", the Output \"" + m.evaluator().output() + "\""
                        + (table.classes() != null ? ", one score per class: " + PredictionTable.listed(table.classes()) : "")
                        + (normalized ? " (inputs normalized: " + m.normalization().describe() + ")" : ""));
            }
        }
        if (all != null && output != null && !toStdout) writeOtherOutputs(m, all, s, format, format.equals("csv") ? heads.keySet() : java.util.Set.of(), out);
        if (saliency != null) writeSaliency(m, x, y, s.names(), method, camAt, said);
        if (reconstructions != null) writeReconstructions(remade, s.names(), said);
        if (explain && m.names().vocabulary() == null) explainRows(m, s.x(), x, y, s.names(), out);
        else if (explain) explainTexts(m, x, y, s.texts() != null ? s.texts() : s.names(), out);
        out.flush();
        return CliSupport.OK;
    }

    /**
     * The Outputs besides the first into files beside {@link #output}, named by it and the Output ({@code y.csv}:
     * {@code y.h_n.csv}): as NumPy arrays as the model makes them (an RNN's {@code h_n} {@code [layers, N, hidden]}, as
     * PyTorch returns it), or as CSV rows, a sample's values a row (the samples' dimension first).
     */
    private void writeOtherOutputs(TrainedModel m, java.util.Map<String, Tensor> all, SampleFiles.Samples s, String format,
                                   java.util.Set<String> written, PrintWriter out) throws java.io.IOException {
        String file = output.getFileName().toString(), stem = file.substring(0, file.lastIndexOf('.'));
        for (var e : all.entrySet()) {
            if (e.getKey().equals(m.evaluator().output()) || written.contains(e.getKey())) continue;
            Path target = output.resolveSibling(stem + "." + e.getKey().replaceAll("[^A-Za-z0-9._-]+", "_") + "." + format);
            Tensor t = e.getValue();
            int axis = m.evaluator().batchAxis(e.getKey());
            String where = axis == 0 ? "" : " (the samples along axis " + axis + ")";
            if (format.equals("npy")) {
                Npy.write(target, t);
                out.println("wrote " + target + ": " + Arrays.toString(t.shape()) + " " + t.dtype().pyName + ", the Output \"" + e.getKey() + "\"" + where);
                continue;
            }
            int[] order = new int[t.dim()];
            order[0] = axis;
            for (int d = 0, k = 1; d < t.dim(); d++) if (d != axis) order[k++] = d;
            Tensor rows = t.permute(order);
            PredictionTable values = new PredictionTable(s.names(), s.texts(), rows.contiguous(), layerlab.train.Metrics.Task.OTHER, List.of(), false);
            AtomicFiles.writeString(target, values.csv());
            out.println("wrote " + target + ": " + rows.size(0) + " sample" + (rows.size(0) == 1 ? "" : "s") + ", " + values.describeColumns()
                    + ", the Output \"" + e.getKey() + "\"" + (axis == 0 ? "" : " " + Arrays.toString(t.shape()) + " with the samples first"));
        }
    }

    /**
     * Per row, its columns with their shares in the predicted class's score ({@link layerlab.train.FeatureShares}), the
     * largest first, after the table: {@code line 2 → setosa: petal_width +2.76  petal_length +2.69 …  (sum +7.74: from
     * 0.12 for the training average to 7.86)}; a column of words (one-hot in training) is one share, named by its word.
     *
     * @param raw the rows as read (the word columns' 0s and 1s), {@code x} as the model takes them
     */
    private void explainRows(TrainedModel m, Tensor raw, Tensor x, Tensor y, List<String> names, PrintWriter out) {
        if (x.dim() != 2 || x.dtype() != DType.FLOAT32)
            throw new CliSupport.BadInput("--explain: shares are for texts and table rows; the samples are " + Arrays.toString(Arrays.copyOfRange(x.shape(), 1,
                    x.dim())) + (x.dim() >= 3 ? " (for pictures: --saliency FOLDER)" : ""));
        int n = x.size(0), per = x.size(1), scores = y.numel() / Math.max(1, n);
        boolean classes = explainable(m, scores);
        List<String> features = m.names().features().size() == per ? m.names().features() : null;
        float[] rows = x.contiguous().toFloatArray(), as = raw.contiguous().toFloatArray(), outs = y.toFloatArray();
        out.println();
        out.println("what swayed each answer: a column's share in " + (classes ? "the predicted class's score" : "the predicted value") + " (integrated gradients from "
                + layerlab.train.FeatureShares.baseline(m.normalization()) + "; + raised it, - lowered it; they add up to the change within "
                + Math.round(100 * layerlab.train.FeatureShares.TOLERANCE) + "%, at least " + layerlab.train.FeatureShares.ABSOLUTE + ")");
        for (int i = 0; i < n; i++) {
            int top = Predictions.best(Arrays.copyOfRange(outs, i * scores, (i + 1) * scores));
            var shares = layerlab.train.FeatureShares.integrated(m.evaluator(), Tensor.of(Arrays.copyOfRange(rows, i * per, (i + 1) * per), per), top);
            // A column of words (island=Biscoe, island=Dream, …) adds up to one share, named by the word the row has.
            java.util.Map<String, Double> byColumn = new java.util.LinkedHashMap<>();
            java.util.Map<String, String> label = new java.util.HashMap<>();
            for (int j = 0; j < per; j++) {
                String name = features == null ? "x" + j : features.get(j);
                int eq = name.indexOf('=');
                String column = eq > 0 ? name.substring(0, eq) : name;
                byColumn.merge(column, (double) shares.shares()[j], Double::sum);
                if (eq > 0 && as.length == rows.length && as[i * per + j] > 0.5f) label.put(column, name);
            }
            List<java.util.Map.Entry<String, Double>> sorted = new ArrayList<>(byColumn.entrySet());
            sorted.sort((a, b) -> Double.compare(Math.abs(b.getValue()), Math.abs(a.getValue())));
            StringBuilder line = new StringBuilder(names.get(i)).append(" → ")
                    .append(classes ? Predictions.classNames(m.names().classes(), scores).get(top) : CliSupport.number(outs[i])).append(':');
            double sum = 0;
            for (var e : sorted) {
                line.append("  ").append(label.getOrDefault(e.getKey(), e.getKey())).append(' ').append(String.format(Locale.ROOT, "%+.3g", e.getValue()));
                sum += e.getValue();
            }
            line.append(String.format(Locale.ROOT, "  (sum %+.3g: from %.3g for %s to %.3g", sum, shares.baselineScore(),
                    layerlab.train.FeatureShares.baseline(m.normalization()), shares.score()));
            // Integrated gradients approximate a path integral; where even the most steps leave more than the tolerance, say how much.
            if (!shares.complete())
                line.append(String.format(Locale.ROOT, "; %+.3g of the change not in the shares after %d steps", shares.gap(), shares.steps()));
            line.append(')');
            out.println(line);
        }
    }

    /**
     * Whether {@code m}'s answers are classes (else one value, the only other kind with shares to give).
     *
     * @throws CliSupport.BadInput for a model that predicts several values
     */
    private static boolean explainable(TrainedModel m, int scores) {
        boolean classes = m.names().classes() != null && !m.names().classes().isEmpty();
        if (!classes && scores != 1)
            throw new CliSupport.BadInput("--explain: shares are for classifiers and for models that predict one value; " + m.source() + " predicts " + scores);
        return classes;
    }

    /**
     * Per text ({@code m} reads text: it has a vocabulary), its tokens with their shares in the predicted class's score
     * or the one predicted value ({@link layerlab.train.TokenShares}), after the table: {@code Rossi → Italian: r +0.41
     * o -0.03 …  (sum +2.1: from 0.35 for an empty text to 2.45)}.
     */
    private void explainTexts(TrainedModel m, Tensor x, Tensor y, List<String> names, PrintWriter out) {
        layerlab.data.Vocabulary v = m.names().vocabulary();
        if (layerlab.train.TokenShares.embeddingOf(m.evaluator()) == null)
            throw new CliSupport.BadInput("--explain: a text's shares run through an Embedding; " + m.source() + " has none fed by its text Input");
        int n = x.size(0), length = v.length(), scores = y.numel() / Math.max(1, n);
        boolean classes = explainable(m, scores);
        float[] ids = x.contiguous().toFloatArray(), outs = y.toFloatArray();
        out.println();
        out.println("what swayed each answer: a token's share in " + (classes ? "the predicted class's score" : "the predicted value")
                + " (integrated gradients from an empty text; + raised it, - lowered it)");
        for (int i = 0; i < n; i++) {
            int top = Predictions.best(Arrays.copyOfRange(outs, i * scores, (i + 1) * scores));
            var shares = layerlab.train.TokenShares.integrated(m.evaluator(), Tensor.of(Arrays.copyOfRange(ids, i * length, (i + 1) * length), length), top,
                    layerlab.train.TokenShares.STEPS);
            out.println(sharesLine(names.get(i), classes ? Predictions.classNames(m.names().classes(), scores).get(top) : CliSupport.number(outs[i]), shares, v));
        }
    }

    /**
     * Per text of a next-token model, its tokens' (and {@code <bos>}'s) shares in the score of the likeliest next token, the
     * table's first: {@code ko → w:  <bos> +0.12  k +0.85  o +1.9  (sum …)}.
     */
    private static void explainNextTokens(TrainedModel m, List<String> texts, Tensor next, PrintWriter out) {
        if (layerlab.train.TokenShares.embeddingOf(m.evaluator()) == null)
            throw new CliSupport.BadInput("--explain: a text's shares run through an Embedding; " + m.source() + " has none fed by its text Input");
        layerlab.data.Vocabulary v = m.names().vocabulary();
        out.println();
        out.println("what swayed each answer: a token's share in the score of the likeliest next token (integrated gradients from an empty text; "
                + "+ raised it, - lowered it)");
        float[] scores = next.toFloatArray();
        for (int i = 0; i < texts.size(); i++) {
            int top = Predictions.best(Arrays.copyOfRange(scores, i * v.size(), (i + 1) * v.size()));
            out.println(sharesLine(texts.get(i), layerlab.train.EmbeddingSpace.show(v.tokens().get(top)), Sampling.nextTokenShares(m.evaluator(), v, texts.get(i), top), v));
        }
    }

    /** {@code name → answer:} then each token's share, then their sum against the score's rise, on one line. */
    private static String sharesLine(String name, String answer, layerlab.train.TokenShares shares, layerlab.data.Vocabulary v) {
        boolean words = v.level() == layerlab.data.Vocabulary.Level.WORDS;
        // Named as the table names it: on one line, "" when empty.
        StringBuilder line = new StringBuilder(layerlab.train.PredictionTable.shorten(name)).append(" → ").append(answer).append(':');
        double sum = 0;
        for (int p = 0; p < shares.ids().length; p++) {
            int id = (int) shares.ids()[p];
            if (id == layerlab.data.Vocabulary.PAD_ID) continue;
            String token = id < v.tokens().size() ? v.tokens().get(id) : layerlab.data.Vocabulary.UNK;
            line.append(words || !token.isBlank() ? "  " + token : "  “" + token + "”").append(' ').append(String.format(Locale.ROOT, "%+.3g", shares.shares()[p]));
            sum += shares.shares()[p];
        }
        return line.append(String.format(Locale.ROOT, "  (sum %+.3g: from %.3g for %s to %.3g)", sum, shares.baselineScore(), shares.baseline(), shares.score())).toString();
    }

    /** A sample's shape in {@code x}, refused unless the samples are pictures (grey or RGB) that saliency maps are made for. */
    private static int[] pictureShape(Tensor x) {
        int[] shape = Arrays.copyOfRange(x.shape(), 1, x.dim());
        if (x.dtype() != DType.FLOAT32 || Augmentation.chw(shape) == null || shape.length == 3 && shape[0] != 1 && shape[0] != 3)
            throw new CliSupport.BadInput("--saliency: saliency maps are for pictures; the samples are " + Arrays.toString(shape));
        return shape;
    }

    /**
     * The layer a class activation map ({@code --attribution gradcam/hirescam}) weighs: {@code --cam-layer}'s, or the last with
     * feature maps before the Output, found on the first of the samples {@code x}.
     */
    private String camLayer(TrainedModel m, Tensor x, Saliency.Method method) {
        int[] shape = Arrays.copyOfRange(x.shape(), 1, x.dim());
        int per = x.numel() / x.size(0);
        List<String> layers = Saliency.camLayers(m.evaluator(), Tensor.of(Arrays.copyOf(x.contiguous().toFloatArray(), per), shape));
        if (layers.isEmpty()) throw new CliSupport.BadInput("--attribution " + method.key() + ": " + method.title() + " needs a layer with feature maps "
                + "[C, H, W] before the Output, and " + m.source() + " has none; --attribution gradient works for any model");
        if (camLayer != null && !layers.contains(camLayer)) throw new CliSupport.BadInput("--cam-layer " + camLayer + ": not a layer with feature "
                + "maps that the Output depends on; those of " + m.source() + " are " + String.join(", ", layers));
        return camLayer != null ? camLayer : layers.get(layers.size() - 1);
    }

    /**
     * Per sample, {@code <name>.saliency.png} in {@link #saliency}: the picture as the model took it (4× larger, each pixel
     * a square) beside its saliency map for the predicted class (or for the single score of a one-score model).
     */
    private void writeSaliency(TrainedModel m, Tensor x, Tensor y, List<String> names, Saliency.Method method, String at, PrintWriter out)
            throws java.io.IOException {
        int[] shape = pictureShape(x), chw = Augmentation.chw(shape);
        int c = chw[0], h = chw[1], w = chw[2], per = c * h * w, n = x.size(0), scores = y.numel() / Math.max(1, n);
        java.nio.file.Files.createDirectories(saliency);
        // A black picture as the model sees pixels: integrated gradients' starting point.
        Tensor black = Saliency.black(m.normalization(), shape);
        float[] all = x.contiguous().toFloatArray(), outs = y.toFloatArray();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            int top = 0;
            for (int k = 1; k < scores; k++) if (outs[i * scores + k] > outs[i * scores + top]) top = k;
            float[] image = Arrays.copyOfRange(all, i * per, (i + 1) * per);
            Saliency map;
            try {
                map = Saliency.map(method, m.evaluator(), Tensor.of(image, shape), black, top, i, at);
            } catch (IllegalArgumentException e) {
                throw new CliSupport.BadInput("--saliency: " + e.getMessage());
            }
            writePair(saliency, names.get(i), ".saliency.png", Saliency.picture(image, c, h, w), map.overlay(image, c), h, w, used);
        }
        out.println("wrote " + n + " saliency map" + (n == 1 ? "" : "s") + " (" + method.title() + (at != null ? " at " + at : "") + ") to " + saliency + " (each: the picture, "
                + "then the pixels that swayed " + (scores == 1 ? "its score" : "its predicted class") + ")");
    }

    /** Per sample, how far the model's reconstruction is from it: {@code d0.png  mae 0.0412}, and the mean over all. */
    private static void printReconstructions(layerlab.train.Reconstructions r, List<String> names, PrintWriter out) {
        int width = 6;
        for (String n : names) width = Math.max(width, PredictionTable.shorten(n).length());
        out.println(String.format(Locale.ROOT, "%-" + width + "s  reconstruction error (mean absolute)", "sample"));
        for (int i = 0; i < r.count(); i++) out.println(String.format(Locale.ROOT, "%-" + width + "s  %s", PredictionTable.shorten(names.get(i)), CliSupport.number(r.mae(i))));
        if (r.count() > 1) out.println(String.format(Locale.ROOT, "%-" + width + "s  %s", "mean", CliSupport.number(r.mae())));
    }

    /** Per sample, {@code <name>.reconstruction.png} in {@link #reconstructions}: the picture as the model took it beside its Output. */
    private void writeReconstructions(layerlab.train.Reconstructions r, List<String> names, PrintWriter out) throws java.io.IOException {
        java.nio.file.Files.createDirectories(reconstructions);
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < r.count(); i++) writePair(reconstructions, names.get(i), ".reconstruction.png", r.pixels(i, false), r.pixels(i, true), r.h(), r.w(), used);
        out.println("wrote " + r.count() + " reconstruction" + (r.count() == 1 ? "" : "s") + " to " + reconstructions
                + " (each: the picture, then the model's reconstruction of it, drawn in the picture's range)");
    }

    /**
     * Two pictures of {@code h × w} ARGB pixels side by side, 4× larger (each pixel a square) with a pixel's gap, into
     * {@code folder} as the sample's name (its picture file's ending dropped, made unique among {@code used}) and {@code ending}.
     */
    private static void writePair(Path folder, String name, String ending, int[] left, int[] right, int h, int w, java.util.Set<String> used)
            throws java.io.IOException {
        int scale = 4;
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(2 * w * scale + scale, h * scale, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int py = 0; py < h * scale; py++) {
            for (int px = 0; px < w * scale; px++) {
                int p = (py / scale) * w + px / scale;
                png.setRGB(px, py, left[p]);
                png.setRGB(w * scale + scale + px, py, right[p]);
            }
        }
        String base = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("\\.(png|jpe?g|bmp|gif)$", "");
        String file = base;
        for (int k = 2; !used.add(file); k++) file = base + "-" + k;
        Path target = folder.resolve(file + ending);
        AtomicFiles.write(target, o -> javax.imageio.ImageIO.write(png, "png", o));
    }

    private static String outputOf(TrainedModel m, layerlab.train.Evaluator.Head h) {
        return m.evaluator().outputOf(h);
    }

    /** The loss node of the head whose Output is {@code output} (the scored one's, or null for a model without a loss node). */
    private static String lossOf(TrainedModel m, String output) {
        return m.evaluator().heads().values().stream().filter(h -> output.equals(outputOf(m, h))).map(layerlab.train.Evaluator.Head::loss).findFirst()
                .orElse(m.evaluator().lossNode());
    }
}
