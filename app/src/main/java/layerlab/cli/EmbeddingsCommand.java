package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.io.ModelBundle;
import layerlab.io.ProjectorFiles;
import layerlab.tensor.Tensor;
import layerlab.train.EmbeddingSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab embeddings BUNDLE}: a trained model's Embedding rows as tokens (what the inspector's "Embedding space"
 * shows): the layer, its rows and what names them; {@code --near TOKEN} the tokens nearest by cosine similarity;
 * {@code --export FOLDER} TensorBoard projector's {@code vectors.tsv} and {@code metadata.tsv}.
 */
@Command(name = "embeddings", mixinStandardHelpOptions = true,
        description = "Show a trained model's Embedding rows as tokens: the nearest tokens to one by cosine similarity (--near), "
                + "or its rows as TensorBoard projector's vectors.tsv and metadata.tsv (--export), to load into projector.tensorflow.org.")
public final class EmbeddingsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "a trained model's bundle (.llab)")
    Path bundle;

    @Option(names = "--layer", paramLabel = "NAME", description = "the Embedding node (needed when the model has more than one)")
    String layer;

    @Option(names = "--near", paramLabel = "TOKEN", description = "print the tokens nearest to TOKEN (repeatable; a row number where the vocabulary is unknown)")
    List<String> near = new ArrayList<>();

    @Option(names = {"-k", "--top"}, paramLabel = "N", defaultValue = "10", description = "how many neighbours (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--export", paramLabel = "FOLDER", description = "write vectors.tsv and metadata.tsv into FOLDER")
    Path export;

    @Override
    public Integer call() {
        return CliSupport.guarded(spec.commandLine().getErr(), "embeddings", this::embeddings);
    }

    private int embeddings() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (top < 1) throw new CliSupport.BadInput("--top must be at least 1, got " + top);
        if (!CliSupport.isBundle(bundle)) throw new CliSupport.BadInput(bundle + " is not a trained model's bundle (.llab): train it with --save-bundle, or File › Export");
        if (export != null) {
            CliSupport.output("--export", export.resolve(ProjectorFiles.VECTORS), bundle);
            CliSupport.output("--export", export.resolve(ProjectorFiles.METADATA), bundle);
        }
        ModelBundle b = ModelBundle.load(bundle);
        Graph g = b.graph();
        // Inside placed blocks too, by their dotted names (enc.emb), as their weights are named.
        java.util.Map<String, Node> embeddings = EmbeddingSpace.embeddings(g);
        if (embeddings.isEmpty()) throw new CliSupport.BadInput(bundle.getFileName() + ": the model has no Embedding layer");
        String name;
        String names = String.join(", ", embeddings.keySet());
        if (layer != null) {
            if (!embeddings.containsKey(layer)) throw new CliSupport.BadInput(
                    "--layer " + layer + ": " + bundle.getFileName() + " has no Embedding of that name (its Embedding layers: " + names + ")");
            name = layer;
        } else if (embeddings.size() > 1) {
            throw new CliSupport.BadInput(bundle.getFileName() + " has " + embeddings.size() + " Embedding layers (" + names + "): say which with --layer");
        } else {
            name = embeddings.keySet().iterator().next();
        }
        Node node = embeddings.get(name);
        Tensor w = b.weights().get(name + ".weight");
        if (w == null) throw new CliSupport.BadInput(bundle.getFileName() + " holds no weight for " + name + " (" + name + ".weight)");
        EmbeddingSpace s = EmbeddingSpace.of(g, node, name, w.toFloatArray(), w.shape(), b.names().vocabulary());
        out.printf(Locale.ROOT, "%s: %d rows of %d values; first two principal components %s and %s of the variance%n", name, s.rows(), s.dim(),
                CliSupport.percent(s.pca().ratios()[0]), s.pca().k() > 1 ? CliSupport.percent(s.pca().ratios()[1]) : "0%");
        if (s.note() != null) out.println(s.note());
        for (String token : near) {
            int row = s.find(token);
            if (row < 0) throw new CliSupport.BadInput("--near " + token + ": no such token in " + name + "'s vocabulary" + suggestion(s));
            out.println("nearest to " + s.labels().get(row) + " (row " + row + "), by cosine similarity:");
            for (EmbeddingSpace.Neighbour n : s.neighbours(row, top)) {
                out.printf(Locale.ROOT, "  %-16s %7.4f   (row %d)%n", n.label(), n.similarity(), n.row());
            }
        }
        if (export != null) {
            List<Path> files = ProjectorFiles.write(export, s.weight(), s.rows(), s.dim(), s.labels());
            out.println("wrote " + files.get(0) + " and " + files.get(1) + " (load both at projector.tensorflow.org)");
        }
        if (near.isEmpty() && export == null) out.println("(--near TOKEN lists its nearest tokens; --export FOLDER writes them for TensorBoard's projector)");
        return CliSupport.OK;
    }

    /** ": tokens are a, b, c, …" — what may be asked for. */
    private static String suggestion(EmbeddingSpace s) {
        List<String> some = new ArrayList<>();
        for (int i = 0; i < s.rows() && some.size() < 8; i++) if (i != s.padding()) some.add(s.labels().get(i));
        return " (it has " + String.join(", ", some) + (s.rows() > some.size() + 1 ? ", …" : "") + ")";
    }
}
