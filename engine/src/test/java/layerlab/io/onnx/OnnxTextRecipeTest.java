package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import layerlab.data.DataNames;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/**
 * A text model's ONNX file held its vocabulary and settings ("tokenize": "words") but not what they mean, nor on which
 * side the ids are padded unless it was the right: someone feeding it from another program had to guess.
 */
class OnnxTextRecipeTest {
    private static OnnxProto.Model export(Vocabulary v) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "surname-classifier.json"));
        DataNames names = new DataNames(List.of(), List.of("English", "Spanish"), v);
        return OnnxWire.read(OnnxWire.write(OnnxExporter.export(g, GraphCompiler.compile(g).stateDict(), null, names)));
    }

    @Test
    void aWordModelsOnnxSaysHowToCutNumberAndPadItsTexts() throws Exception {
        Vocabulary v = new Vocabulary(Vocabulary.Level.WORDS, true, 24, List.of("<pad>", "<unk>", "free", "software"));
        assertEquals("[N, 24] int64 token ids a text: lower-case it (Python's str.lower()), cut it into words: a run of Unicode letters, marks "
                + "and digits (categories L, M, N), an apostrophe (' or \u2019) between letters kept inside; every other character but an ASCII space "
                + "(space, \\t, \\n, \\v, \\f, \\r) is a token of its own, a no-break space too; number each token by its index in the vocabulary (1, <unk>, for a token not there); "
                + "keep the first 24 and pad with 0 on the left to 24 ids", export(v).metadata().get(OnnxExporter.TEXT_RECIPE));
    }

    @Test
    void aCharacterModelPaddedOnTheRightSaysSo() throws Exception {
        Vocabulary v = new Vocabulary(Vocabulary.Level.CHARACTERS, false, 24, List.of("<pad>", "<unk>", "a"), Vocabulary.Padding.RIGHT);
        assertEquals("[N, 24] int64 token ids a text: cut it into characters (Unicode code points); number each token by its index in the "
                + "vocabulary (1, <unk>, for a token not there); keep the first 24 and pad with 0 on the right to 24 ids",
                export(v).metadata().get(OnnxExporter.TEXT_RECIPE));
    }
}
