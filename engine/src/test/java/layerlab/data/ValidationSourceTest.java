package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A separate validation source ({@code "validation": {...}}) is read the way the training source is. */
class ValidationSourceTest {
    @TempDir Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        try {
            return new ObjectMapper().readValue(text, Map.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private DataSplit open(String text) throws IOException {
        return DataSources.open(json(text), dir);
    }

    /** The message {@code layerlab check} gives ({@link DataSources#check}), which Start ({@link DataSources#open}) gives too. */
    private String refused(String text) {
        String checked = assertThrows(IllegalArgumentException.class, () -> DataSources.check(json(text))).getMessage();
        assertEquals(checked, assertThrows(IllegalArgumentException.class, () -> open(text)).getMessage(), "Start says what check says");
        return checked;
    }

    /** {"source": "tokens"} validating the sentiment reviews generates reviews too (not the default majority task), seed + 1. */
    @Test
    void aGeneratorTakesTheTrainingSettingsItLeavesOut() throws IOException {
        DataSplit d = open("{\"source\": \"tokens\", \"task\": \"sentiment\", \"n\": 40, \"vocab\": 60, \"length\": 16, \"padding\": \"right\", \"seed\": 7,"
                + " \"validation\": {\"source\": \"tokens\", \"n\": 12}}");
        TensorDataset v = (TensorDataset) d.validation();
        TensorDataset expected = SequenceGenerators.generate("sentiment", 12, 60, 16, 8, Vocabulary.Padding.RIGHT);
        assertArrayEquals(expected.features(), v.features());
        assertArrayEquals(expected.classTargets(), v.classTargets());
        assertEquals(((TensorDataset) d.train()).classNames(), v.classNames());

        DataSplit blobs = open("{\"source\": \"blobs\", \"classes\": 5, \"noise\": 0.5, \"n\": 30, \"validation\": {\"source\": \"blobs\", \"n\": 10}}");
        assertArrayEquals(Generators.blobs(10, 5, 0.5, 1).features(), ((TensorDataset) blobs.validation()).features());
        DataSplit noisier = open("{\"source\": \"moons\", \"n\": 30, \"validation\": {\"source\": \"moons\", \"n\": 10, \"noise\": 0.3}}");
        assertArrayEquals(Generators.moons(10, 0.3, 1).features(), ((TensorDataset) noisier.validation()).features(), "noise may differ");
    }

    /** A setting that would give the model data of another kind is refused, by check and at Start, naming the key and why. */
    @Test
    void aSettingThatChangesWhatTheModelReadsIsRefused() throws IOException {
        assertEquals("dataset.validation.task: \"majority\", but the training data's is \"sentiment\": the labels would mean something else (other "
                + "classes, or classes for numbers); leave it out to read the validation data as the training data are read",
                refused("{\"source\": \"tokens\", \"task\": \"sentiment\", \"vocab\": 60, \"validation\": {\"source\": \"tokens\", \"task\": \"majority\"}}"));
        assertEquals("dataset.validation.length: 12, but the training data's is 10: the model reads sequences of the training length; leave it out "
                + "to read the validation data as the training data are read",
                refused("{\"source\": \"tokens\", \"validation\": {\"source\": \"tokens\", \"length\": 12}}"));
        assertEquals("dataset.validation.classes: 4, but the training data's is 3: the model has one output a class; leave it out to read the "
                + "validation data as the training data are read", refused("{\"source\": \"blobs\", \"validation\": {\"source\": \"blobs\", \"classes\": 4}}"));
        assertEquals("dataset.validation.size: [32, 32], but the training data's is [28, 28]: the model reads pictures as the training pictures are "
                + "read; leave it out to read the validation data as the training data are read",
                refused("{\"source\": \"images\", \"path\": \"a\", \"size\": 28, \"validation\": {\"source\": \"images\", \"path\": \"b\", \"size\": [32, 32]}}"));
        assertEquals("dataset.validation.tokenize: \"characters\", but the training data's is \"words\": the validation texts are numbered by the "
                + "training texts' vocabulary, token for token; leave it out to read the validation data as the training data are read",
                refused("{\"source\": \"text\", \"path\": \"a.csv\", \"validation\": {\"source\": \"text\", \"path\": \"b.csv\", \"tokenize\": \"characters\"}}"));
        assertEquals("dataset.validation.missing: \"fill\", but the training data's is \"drop\": gaps are filled with the training statistics, which "
                + "only a training set read with the same \"fill\" has; leave it out to read the validation data as the training data are read",
                refused("{\"source\": \"csv\", \"path\": \"a.csv\", \"missing\": \"drop\", \"validation\": {\"source\": \"csv\", \"path\": \"b.csv\", \"missing\": \"fill\"}}"));
        // The training value repeated, given in another form, or a setting that may differ: fine.
        DataSources.check(json("{\"source\": \"tokens\", \"validation\": {\"source\": \"tokens\", \"task\": \"majority\", \"length\": 10, \"n\": 5}}"));
        DataSources.check(json("{\"source\": \"images\", \"path\": \"a\", \"size\": 28, \"validation\": {\"source\": \"images\", \"path\": \"b\", \"size\": [28, 28]}}"));
        DataSources.check(json("{\"source\": \"csv\", \"path\": \"a.csv\", \"missing\": \"fill\", \"validation\": {\"source\": \"csv\", \"path\": \"b.csv\", \"missing\": \"drop\"}}"));
    }

    /** Another source than the training one: a generator never (its labels mean something else), the same data itself never. */
    @Test
    void anotherSourceOnlyWhereItCanGiveTheSameKindOfData() throws IOException {
        assertEquals("dataset.validation.source: \"moons\" generates data of its own, whose labels mean something else than the training source's "
                + "(\"spirals\"); give \"source\": \"spirals\" (its samples drawn with another seed)",
                refused("{\"source\": \"spirals\", \"validation\": {\"source\": \"moons\"}}"));
        assertEquals("dataset.validation.source: \"text\" gives token ids, but the model reads numbers (the training source is \"csv\")",
                refused("{\"source\": \"csv\", \"path\": \"a.csv\", \"validation\": {\"source\": \"text\", \"path\": \"b.csv\"}}"));
        assertEquals("dataset.validation.source: \"text\" numbers its tokens by a vocabulary, but the training \"tokens\" are generated ids with "
                + "none, so a token id would mean something else; give \"source\": \"tokens\"",
                refused("{\"source\": \"tokens\", \"validation\": {\"source\": \"text\", \"path\": \"b.csv\"}}"));
        assertEquals("dataset.validation.source: \"iris\" is the training data itself (the bundled set has no other samples), so validation would score "
                + "the samples the model learned; give \"validation_split\" instead of \"validation\"",
                refused("{\"source\": \"iris\", \"validation\": {\"source\": \"iris\"}}"));
        assertEquals("dataset.validation.path: the training file itself, so validation would score the samples the model learned; give another file, "
                + "or \"validation_split\" instead of \"validation\"",
                refused("{\"source\": \"csv\", \"path\": \"a.csv\", \"validation\": {\"source\": \"csv\", \"path\": \"a.csv\"}}"));
        assertEquals("dataset.validation: missing \"path\" (a file or folder path)",
                assertThrows(IllegalArgumentException.class, () -> open("{\"source\": \"iris\", \"validation\": {\"source\": \"csv\"}}")).getMessage());

        // A table validating a bundled set of the same columns and classes: read, classes numbered as the training set's.
        StringBuilder rows = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        for (String c : List.of("setosa", "versicolor", "virginica")) rows.append("5.0,3.0,1.5,0.2,").append(c).append('\n');
        Files.writeString(dir.resolve("iris-more.csv"), rows);
        DataSplit d = open("{\"source\": \"iris\", \"validation\": {\"source\": \"csv\", \"path\": \"iris-more.csv\"}}");
        assertEquals(3, d.validation().size());
        assertEquals(((TensorDataset) d.train()).classNames(), ((TensorDataset) d.validation()).classNames());
    }

    /** A validation table inherits the columns and delimiter; validation texts are cut at the training texts' length, with its header. */
    @Test
    void filesAreReadAsTheTrainingFileIs() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "id;x;y;label\n1;0.5;1.5;a\n2;1.5;0.5;b\n3;2.5;2.5;a\n");
        Files.writeString(dir.resolve("val.csv"), "id;x;y;label\n4;0.1;0.2;b\n5;0.3;0.4;a\n");
        DataSplit d = open("{\"source\": \"csv\", \"path\": \"train.csv\", \"delimiter\": \";\", \"features\": [\"x\", \"y\"], \"label_column\": \"label\","
                + " \"validation\": {\"source\": \"csv\", \"path\": \"val.csv\"}}");
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, ((TensorDataset) d.validation()).features());
        assertArrayEquals(new long[] {1, 0}, ((TensorDataset) d.validation()).classTargets());

        Files.writeString(dir.resolve("texts.csv"), "text,label\ngood film,pos\nbad film,neg\n");
        Files.writeString(dir.resolve("more.csv"), "text,label\na good and long film indeed,pos\n");
        DataSplit t = open("{\"source\": \"text\", \"path\": \"texts.csv\", \"header\": true, \"padding\": \"right\", \"validation\": {\"source\": \"text\", \"path\": \"more.csv\"}}");
        assertArrayEquals(new int[] {2}, ((TensorDataset) t.validation()).sampleShape(), "cut at the training texts' length");
        float good = ((TensorDataset) t.train()).features()[0];
        assertEquals(1, ((TensorDataset) t.validation()).features()[0], "\"a\" is <unk>, on the right-padded training side");
        assertEquals(good, ((TensorDataset) t.validation()).features()[1]);
    }

    /** Validation pictures of another size are read at the training pictures' size and channels, as the model reads them. */
    @Test
    void picturesAreReadAtTheTrainingSize() throws IOException {
        System.setProperty("java.awt.headless", "true");
        ImageFolderLoaderTest.image(dir.resolve("train/a/1.png"), 5, 5, 0xffffff);
        ImageFolderLoaderTest.image(dir.resolve("train/b/1.png"), 5, 5, 0);
        ImageFolderLoaderTest.image(dir.resolve("val/a/1.png"), 9, 7, 0xffffff);
        ImageFolderLoaderTest.image(dir.resolve("val/b/1.png"), 9, 7, 0);
        DataSplit d = open("{\"source\": \"images\", \"path\": \"train\", \"grayscale\": true, \"validation\": {\"source\": \"images\", \"path\": \"val\"}}");
        assertArrayEquals(new int[] {1, 5, 5}, ((TensorDataset) d.validation()).sampleShape());
        assertArrayEquals(new long[] {0, 1}, ((TensorDataset) d.validation()).classTargets());
    }

    /** A file of names validating the bundled surnames is read as they are: its characters, lowercase, at their length. */
    @Test
    void aFileOfNamesValidatesTheSurnamesAsTheyAreRead() throws IOException {
        Files.writeString(dir.resolve("names.csv"), "surname,language\nRossi,Italian\nNowakowskiewiczowa,Polish\n");
        DataSplit d = open("{\"source\": \"surnames\", \"validation\": {\"source\": \"text\", \"path\": \"names.csv\"}}");
        TensorDataset train = (TensorDataset) d.train(), v = (TensorDataset) d.validation();
        assertArrayEquals(train.sampleShape(), v.sampleShape());
        assertEquals(Vocabulary.Level.CHARACTERS, train.vocabulary().level());
        assertArrayEquals(train.vocabulary().encode(List.of("Rossi", "Nowakowskiewiczowa")), v.features(), "numbered as the surnames' letters");
        assertEquals(train.classNames().indexOf("Italian"), v.classTargets()[0]);
        assertEquals("dataset.validation.tokenize: \"words\", but the training data's is \"characters\": the validation texts are numbered by the "
                + "training texts' vocabulary, token for token; leave it out to read the validation data as the training data are read",
                refused("{\"source\": \"surnames\", \"validation\": {\"source\": \"text\", \"path\": \"names.csv\", \"tokenize\": \"words\"}}"));
    }
}
