package layerlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import layerlab.tensor.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data_csv and data_images time bench/make_big_data.py's files where they are, and say how to make them where not. */
class DataCaseTest {
    @AfterEach
    void forget() {
        System.clearProperty("layerlab.bench.data");
    }

    @Test
    void withoutTheFilesTheCaseSaysHowToMakeThem(@TempDir Path dir) {
        System.setProperty("layerlab.bench.data", dir.toString());
        String why = BenchCases.get("data_csv").unavailable();
        assertTrue(why.contains(dir.resolve("big.csv").toString()) && why.contains("bench/make_big_data.py"), why);
        assertTrue(BenchCases.get("data_images").unavailable().contains(dir.resolve("images").toString()));
        assertTrue(!BenchCases.get("data_csv").runsOn(Device.cuda(0)));
    }

    @Test
    void anEpochOfASmallCsvAndImageFolder(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("x0,x1,city,label\n");
        for (int i = 0; i < 100; i++) csv.append(i * 0.5).append(',').append(i % 7 == 0 ? "NA" : Integer.toString(-i)).append(',')
                .append(i % 3 == 0 ? "Lyon" : "Nice").append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        Files.writeString(dir.resolve("big.csv"), csv);
        for (int c = 0; c < 2; c++) {
            Path folder = Files.createDirectories(dir.resolve("images/class" + c));
            for (int i = 0; i < 10; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                img.setRGB(i % 8, c * 4, 0xff8040 + i);
                ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
            }
        }
        System.setProperty("layerlab.bench.data", dir.toString());
        BenchRunner runner = new BenchRunner(2, 0.001, 0);
        for (String name : List.of("data_csv", "data_images")) {
            BenchCase c = BenchCases.get(name);
            assertNull(c.unavailable());
            List<BenchRunner.Result> rs = runner.runAll(c, 1);
            assertEquals(1, rs.size());
            BenchRunner.Result r = rs.get(0);
            assertEquals(name, r.caseName());
            // Every sample of the file once per step: 100 rows, 20 pictures.
            assertEquals(name.equals("data_csv") ? 100 : 20, r.perSecond() * r.msPerStep() / 1e3, 1e-6);
        }
    }
}
