package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV's numbers read by {@link CsvLoader#parse}'s fast path for plain decimals are the very floats
 * {@link Float#parseFloat} reads, bit for bit (as pandas' read_csv then {@code float32} does for all but rare halfway
 * cases); and a file of numbers beside columns of words reads its one-hot features as before, cell by cell.
 */
class CsvNumbersTest {
    @Test
    void plainDecimalsAreParseFloatsBitForBit() {
        Random r = new Random(7);
        for (int i = 0; i < 2_000_000; i++) {
            String v = switch (i % 5) {
                case 0 -> String.format(Locale.ROOT, "%." + r.nextInt(8) + "g", r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6));
                case 1 -> Integer.toString(r.nextInt(1 << 25) - (1 << 24));
                case 2 -> (r.nextBoolean() ? "-" : r.nextBoolean() ? "+" : "") + r.nextInt(100_000) + "." + "0".repeat(r.nextInt(4)) + r.nextInt(1_000_000);
                case 3 -> "." + r.nextInt(10_000_000);
                default -> Float.toString(r.nextFloat() * (float) Math.pow(10, r.nextInt(10) - 5));
            };
            float expected = CsvLoader.isNumber(v) ? Float.parseFloat(v) : Float.NaN;
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(CsvLoader.parse(v)), v);
        }
        for (String v : new String[] {"-0", "0.", "16777216", "16777217", "1.6777217", "0.00000000001", "12345678.9", "+.5", "5.", "1e3", "-2.5E-3"})
            assertEquals(Float.floatToRawIntBits(Float.parseFloat(v)), Float.floatToRawIntBits(CsvLoader.parse(v)), v);
        for (String v : new String[] {"", ".", "-", "+", "1.2.3", "NaN", "Infinity", "0x10", "1,5", " 3", "3 ", "1e", "--1"})
            assertTrue(Float.isNaN(CsvLoader.parse(v)), v);
    }

    @Test
    void wordColumnsBesideNumbersAndGaps(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "a,city,b,plan,label\n1.5,Lyon,-2,pro,x\n,Nice,3.25,basic,y\n2,,NA,pro,x\n0.125,Lyon,4,,y\n");
        TensorDataset d = CsvLoader.load(f, CsvLoader.Options.DEFAULT.withMissing(CsvLoader.Missing.FILL));
        assertEquals(java.util.List.of("a", "city=Lyon", "city=Nice", "b", "plan=basic", "plan=pro"), d.featureNames());
        float nan = Float.NaN;
        float[] expected = {1.5f, 1, 0, -2, 0, 1, nan, 0, 1, 3.25f, 1, 0, 2, nan, nan, nan, 0, 1, 0.125f, 1, 0, 4, nan, nan};
        float[] got = d.features();
        assertEquals(expected.length, got.length);
        for (int i = 0; i < expected.length; i++) assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(got[i]), "value " + i);
    }
}
