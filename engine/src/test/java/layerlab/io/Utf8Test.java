package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import layerlab.data.CsvLoader;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict UTF-8: text in another encoding is refused at its first foreign byte, with its line and column, wherever that is. */
class Utf8Test {
    @TempDir
    Path dir;

    @Test
    void readsUtf8WhateverWhereItsCharactersFallInTheBuffer() throws IOException {
        // 3- and 4-byte characters straddle every 64 KiB boundary of the reader's buffer somewhere in 200 KB.
        StringBuilder text = new StringBuilder();
        while (text.length() < 200_000) text.append("Fran\u00e7ois \u4e2d\u6587 \ud83d\ude00 Wei\u00df\n");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        for (int shift = 0; shift < 4; shift++) {
            byte[] shifted = new byte[bytes.length + shift];
            java.util.Arrays.fill(shifted, 0, shift, (byte) 'x');
            System.arraycopy(bytes, 0, shifted, shift, bytes.length);
            assertEquals("x".repeat(shift) + text, Utf8.decode(shifted, "t.txt"));
        }
        assertEquals("", Utf8.decode(new byte[0], "empty"));
        // A byte-order mark is text to the reader; the loaders drop it.
        assertEquals("\ufeffa", Utf8.decode(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a'}, "bom"));
    }

    @Test
    void latin1IsRefusedAtItsFirstForeignByteEvenDeepInAFile() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < 5000; i++) text.append("line ").append(i).append(", plain ASCII\n");
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = "Fran\u00e7ois,French\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        Utf8.NotUtf8Exception e = assertThrows(Utf8.NotUtf8Exception.class, () -> Utf8.decode(all, "names.csv"));
        assertEquals(5000, e.line());
        assertEquals(5, e.column());
        assertEquals("names.csv:5000:5: not UTF-8 text (byte 0xE7); it may be Latin-1 or Windows-1252 (an older spreadsheet's CSV): "
                + "save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\")", e.getMessage());
        // A sequence cut off by the end of the file is not UTF-8 either.
        e = assertThrows(Utf8.NotUtf8Exception.class, () -> Utf8.decode(new byte[] {'a', '\n', 'b', (byte) 0xE4, (byte) 0xB8}, "cut"));
        assertEquals(2, e.line());
        assertEquals(2, e.column());
    }

    @Test
    void utf16SaysSo() {
        byte[] utf16 = "\ufeffhello".getBytes(StandardCharsets.UTF_16LE);
        Utf8.NotUtf8Exception e = assertThrows(Utf8.NotUtf8Exception.class, () -> Utf8.decode(utf16, "notepad.txt"));
        assertEquals("notepad.txt:1:1: not UTF-8 text (byte 0xFF); it looks like UTF-16 (Notepad's \"Unicode\"): save it as UTF-8", e.getMessage());
    }

    /** A CSV data set in Latin-1 was read with replacement characters (a class "Fran\ufffdais"); a gzipped one is placed as well. */
    @Test
    void dataAndProjectFilesInAnotherEncodingAreRefusedWithTheirPlace() throws IOException {
        byte[] csv = "x,label\n1,Anglais\n2,Fran\u00e7ais\n".getBytes(StandardCharsets.ISO_8859_1);
        Path plain = dir.resolve("lang.csv");
        Files.write(plain, csv);
        IOException e = assertThrows(IOException.class, () -> CsvLoader.load(plain, CsvLoader.Options.DEFAULT));
        assertTrue(e.getMessage().startsWith(plain + ":3:7: not UTF-8 text (byte 0xE7)"), e.getMessage());
        Path gz = dir.resolve("lang.csv.gz");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(csv);
        }
        Files.write(gz, b.toByteArray());
        e = assertThrows(IOException.class, () -> CsvLoader.load(gz, CsvLoader.Options.DEFAULT));
        assertTrue(e.getMessage().startsWith(gz + ":3:7: not UTF-8 text"), e.getMessage());

        Path project = dir.resolve("net.json");
        Files.write(project, "{\"format\": \"layerlab-project\", \"name\": \"R\u00e9seau\"}".getBytes(StandardCharsets.ISO_8859_1));
        ProjectFormatException p = assertThrows(ProjectFormatException.class, () -> ProjectJson.load(project));
        assertEquals(1, p.issues().size());
        // A project gets no spreadsheet's advice.
        assertEquals("net.json:1:42: not UTF-8 text (byte 0xE9); it may be Latin-1 or Windows-1252, or not text at all: save it as UTF-8",
                p.getMessage());
    }
}
