package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import layerlab.data.CsvLoader;
import layerlab.data.IdxLoader;
import layerlab.data.Images;
import layerlab.graph.json.ProjectJson;
import layerlab.io.onnx.OnnxImporter;
import layerlab.train.ModelLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A folder named where a file belongs, said so by every reader (the JDK says "Is a directory", or "No such device"). */
class InputFilesTest {
    @TempDir Path dir;

    @Test
    void everyReaderSaysAFolderIsNotAFile() throws Exception {
        Map<String, Executable> readers = Map.of(
                "project.json", () -> ProjectJson.load(dir.resolve("project.json")),
                "names.txt", () -> Utf8.read(dir.resolve("names.txt")),
                "classes.txt", () -> ModelLabels.readNames(dir.resolve("classes.txt")),
                "x.npy", () -> Npy.read(dir.resolve("x.npy")),
                "w.safetensors", () -> Safetensors.load(dir.resolve("w.safetensors")),
                "m.llab", () -> ModelBundle.load(dir.resolve("m.llab")),
                "iris.csv", () -> CsvLoader.load(dir.resolve("iris.csv"), CsvLoader.Options.DEFAULT),
                "train-images.idx", () -> IdxLoader.read(dir.resolve("train-images.idx")),
                "cat.png", () -> Images.read(dir.resolve("cat.png")),
                "model.onnx", () -> OnnxImporter.load(dir.resolve("model.onnx")));
        for (var r : readers.entrySet()) {
            Path folder = Files.createDirectory(dir.resolve(r.getKey()));
            NotAFileException e = assertThrows(NotAFileException.class, r.getValue(), r.getKey());
            assertEquals(folder + " is a folder, not a file", e.getMessage());
            assertEquals(folder.toString(), e.getFile());
        }
    }
}
