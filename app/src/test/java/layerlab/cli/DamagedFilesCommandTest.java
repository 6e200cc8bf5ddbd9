package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files on the command line: each is one line on stderr naming the file and where (the byte and tensor, the node,
 * the line and column), no stack trace, and a failing exit code — a bundle cut short, a weights file cut short, a project
 * with a wrong-typed param or an unknown layer kind, and a bundle from a newer LayerLab. The files are the golden files of
 * an older build (engine's src/test/resources/golden), damaged here.
 */
class DamagedFilesCommandTest {
    static final Path OLD = OldBundlesPredictTest.GOLDEN.resolve("af75fcb0");
    final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    private Path inputs() {
        return OLD.resolve("iris-inputs.csv");
    }

    @Test
    void aBundleCutShort() throws Exception {
        byte[] b = Files.readAllBytes(OLD.resolve("iris.llab"));
        Path cut = Files.write(dir.resolve("cut.llab"), Arrays.copyOf(b, b.length / 2));
        assertNotEquals(0, cli.run("predict", cut.toString(), "--input", inputs().toString()));
        cli.assertOneLineError("layerlab predict: cut.llab: the bundle is damaged: it starts as a zip file but its table of contents cannot be read");
    }

    @Test
    void weightsCutShortNameTheByteAndTheTensor() throws Exception {
        byte[] w = Files.readAllBytes(OLD.resolve("iris.safetensors"));
        Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(w, 700));
        assertNotEquals(0, cli.run("predict", OLD.resolve("iris-project.json").toString(), "--weights", cut.toString(), "--input", inputs().toString()));
        cli.assertOneLineError("layerlab predict: cut.safetensors: the file is truncated: it ends at byte 700, which cuts tensor 'fc2.weight'");
    }

    @Test
    void aHugeTensorInAWeightsFileIsRefusedFromItsHeader() throws Exception {
        byte[] h = "{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[1900000000],\"data_offsets\":[0,7600000000]}}".getBytes(StandardCharsets.UTF_8);
        Path huge = Files.write(dir.resolve("huge.safetensors"),
                ByteBuffer.allocate(8 + h.length + 64).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array());
        assertNotEquals(0, cli.run("predict", OLD.resolve("iris-project.json").toString(), "--weights", huge.toString(), "--input", inputs().toString()));
        cli.assertOneLineError("layerlab predict: huge.safetensors: the file is truncated: it ends at byte ");
    }

    @Test
    void aProjectWithAWrongTypeOrAnUnknownKindNamesNodeLineAndColumn() throws Exception {
        String p = Files.readString(OLD.resolve("iris-project.json"));
        Path wrong = Files.writeString(dir.resolve("wrong.json"), p.replace("\"out_features\": 16", "\"out_features\": \"sixteen\""));
        assertEquals(2, cli.run("check", wrong.toString()), cli.out.toString());
        String said = (cli.out.toString() + cli.err).replace("\r", "");
        assertTrue(said.contains("wrong.json:18:"), said);
        assertTrue(said.contains("node \"fc1\": out_features must be a whole number, got 'sixteen'"), said);
        assertTrue(!said.contains("Exception") && !said.contains("\tat "), said);
        Path kind = Files.writeString(dir.resolve("kind.json"), p.replace("\"kind\": \"ReLU\"", "\"kind\": \"Relu6x\""));
        assertNotEquals(0, cli.run("train", kind.toString(), "--epochs", "1"));
        cli.assertOneLineError(kind + ":24:15: node \"relu\": unknown layer kind \"Relu6x\" (did you mean ReLU6?)");
    }

    @Test
    void aBundleFromANewerLayerLabSaysSo() throws Exception {
        Path newer = Files.write(dir.resolve("newer.llab"),
                withManifestVersion3(Files.readAllBytes(OLD.resolve("iris-model.llab"))));
        assertNotEquals(0, cli.run("predict", newer.toString(), "--input", inputs().toString()));
        cli.assertOneLineError("layerlab predict: newer.llab: this bundle was saved by a newer LayerLab (bundle version 3; this LayerLab reads versions up to 2); "
                + "update LayerLab to open it");
    }

    /** The bundle with its manifest's version 1 made 3, the rest as it was. */
    private static byte[] withManifestVersion3(byte[] zip) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip)); var z = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] b = in.readAllBytes();
                if (e.getName().equals("manifest.json")) b = new String(b, StandardCharsets.UTF_8).replace("\"version\": 1", "\"version\": 3").getBytes(StandardCharsets.UTF_8);
                z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                z.write(b);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
