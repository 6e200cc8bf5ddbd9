package layerlab.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * An Embedding's rows in TensorBoard's embedding projector format (projector.tensorflow.org, "Load"): {@code vectors.tsv},
 * a row's values a line separated by tabs, no header; {@code metadata.tsv}, the same rows' tokens, one a line, no header
 * (a single column needs none). Each file is written atomically ({@link AtomicFiles}).
 */
public final class ProjectorFiles {
    public static final String VECTORS = "vectors.tsv", METADATA = "metadata.tsv";

    private ProjectorFiles() {
    }

    /**
     * Writes {@code rows} vectors of {@code dim} values ({@code weight}, row-major) and their labels into {@code folder}
     * (made when missing); returns the two files written.
     */
    public static List<Path> write(Path folder, float[] weight, int rows, int dim, List<String> labels) throws IOException {
        if (weight.length != (long) rows * dim || labels.size() != rows)
            throw new IllegalArgumentException(rows + " rows of " + dim + " values and " + labels.size() + " labels, for " + weight.length + " values");
        Path vectors = folder.resolve(VECTORS), metadata = folder.resolve(METADATA);
        AtomicFiles.write(vectors, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                for (int j = 0; j < dim; j++) {
                    if (j > 0) line.append('\t');
                    line.append(weight[i * dim + j]);
                }
                w.write(line.append('\n').toString());
            }
            w.flush();
        });
        AtomicFiles.write(metadata, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            // A label a line: a label holds no line break (EmbeddingSpace.show writes a character vocabulary's as "\n").
            for (String label : labels) w.write(label + "\n");
            w.flush();
        });
        return List.of(vectors, metadata);
    }
}
