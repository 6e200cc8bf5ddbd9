package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab predict MODEL --text … -o out.csv} of a next-token model (the surname generator) holds what the table
 * says: each text's K most likely next tokens with their probabilities. It held every token's score at every step of the
 * text (65 tokens × 25 steps: 1,625 columns, output_0 … output_1624), which no one reads and the table never showed.
 */
class NextTokenCsvTest {
    @TempDir static Path dir;
    static Path names;

    @BeforeAll
    static void train() {
        names = CliRunner.trainedSample("surname-generator.json", 40, dir.resolve("names.llab"));
    }

    @Test
    void theCsvHoldsTheTablesTopKNextTokens() throws Exception {
        CliRunner table = new CliRunner();
        assertEquals(0, table.run("predict", names.toString(), "--text", "ma", "--text", "ko", "-k", "3"), table.err.toString());
        List<String> shown = table.out.toString().lines().toList();

        Path csv = dir.resolve("next.csv");
        CliRunner file = new CliRunner();
        assertEquals(0, file.run("predict", names.toString(), "--text", "ma", "--text", "ko", "-k", "3", "-o", csv.toString()), file.err.toString());
        assertEquals("wrote " + csv + ": 2 texts, the text and its 3 most likely next tokens, each with its probability (top_1,probability_1 … "
                + "top_3,probability_3), after <bos> as generate reads it, of the 62 tokens generate draws\n", file.out.toString().replace("\r", ""));
        List<String> rows = Files.readAllLines(csv);
        assertEquals("sample,text,top_1,probability_1,top_2,probability_2,top_3,probability_3", rows.get(0));
        assertEquals(3, rows.size(), String.join("\n", rows));
        for (int i = 0; i < 2; i++) {
            String[] f = rows.get(1 + i).split(",");
            assertEquals(8, f.length, rows.get(1 + i));
            assertEquals(i == 0 ? "ma" : "ko", f[1]);
            // The table's row, word for word: the same tokens in the same order, the same probabilities to its 0.1 %.
            String said = String.format(Locale.ROOT, "%s +%s +%.1f%% +%s %.1f%%, %s %.1f%%", Pattern.quote(f[1]), Pattern.quote(f[2]),
                    100 * Double.parseDouble(f[3]), Pattern.quote(f[4]), 100 * Double.parseDouble(f[5]), Pattern.quote(f[6]), 100 * Double.parseDouble(f[7]));
            Matcher m = Pattern.compile(said).matcher(shown.get(2 + i));
            assertTrue(m.matches(), shown.get(2 + i) + " vs " + rows.get(1 + i));
            assertTrue(Double.parseDouble(f[3]) >= Double.parseDouble(f[5]) && Double.parseDouble(f[5]) >= Double.parseDouble(f[7]), rows.get(1 + i));
        }

        // To stdout, the same CSV alone; -k 1 (the default), the likeliest alone.
        CliRunner stdout = new CliRunner();
        assertEquals(0, stdout.run("predict", names.toString(), "--text", "ma", "--text", "ko", "-k", "3", "-o", "-"), stdout.err.toString());
        assertEquals(String.join("\n", rows) + "\n", stdout.out.toString().replace("\r", ""));
        CliRunner one = new CliRunner();
        assertEquals(0, one.run("predict", names.toString(), "--text", "ma", "-o", "-"), one.err.toString());
        List<String> first = one.out.toString().lines().toList();
        assertEquals(List.of("sample,text,top_1,probability_1", String.join(",", java.util.Arrays.copyOf(rows.get(1).split(","), 4))), first);
    }

    /**
     * The K tokens listed are of those {@code generate} draws, with its probabilities at temperature 1: {@code <pad>},
     * {@code <unk>} and {@code <bos>}, which it never draws, were listed with the model's raw share of the scores (a
     * {@code <unk>} the likeliest "next token" no generated name could have). Asked for more than there are, all 62 of
     * the surname generator's drawn tokens (65 less those three), their probabilities adding up to 1.
     */
    @Test
    void theTokensListedAreThoseGenerateDrawsWithItsProbabilities() {
        CliRunner all = new CliRunner();
        assertEquals(0, all.run("predict", names.toString(), "--text", "ma", "-k", "100", "-o", "-"), all.err.toString());
        List<String> rows = all.out.toString().lines().toList();
        assertEquals(2, rows.size(), all.out.toString());
        String[] f = rows.get(1).split(",", -1);
        assertEquals(2 + 2 * 62, f.length, rows.get(0));
        double sum = 0;
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (int r = 0; r < 62; r++) {
            listed.add(f[2 + 2 * r]);
            sum += Double.parseDouble(f[3 + 2 * r]);
        }
        assertEquals(62, listed.size(), rows.get(1));
        for (String never : List.of("<pad>", "<unk>", "<bos>")) assertTrue(!listed.contains(never), never + " listed: " + rows.get(1));
        assertTrue(listed.contains("<eos>"), rows.get(1));
        assertEquals(1, sum, 1e-4, rows.get(1));
    }
}
