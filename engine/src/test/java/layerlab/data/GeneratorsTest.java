package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratorsTest {
    static Stream<Arguments> classifiers() {
        return Stream.of(
                Arguments.of("xor", 2, (LongFunction<TensorDataset>) s -> Generators.xor(301, 0.1, s)),
                Arguments.of("spirals", 2, (LongFunction<TensorDataset>) s -> Generators.spirals(301, 0.1, s)),
                Arguments.of("moons", 2, (LongFunction<TensorDataset>) s -> Generators.moons(301, 0.1, s)),
                Arguments.of("circles", 2, (LongFunction<TensorDataset>) s -> Generators.circles(301, 0.1, s)),
                Arguments.of("blobs", 4, (LongFunction<TensorDataset>) s -> Generators.blobs(301, 4, 0.1, s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classifiers")
    void classificationSetsAreSeededShapedAndBalanced(String kind, int classes, LongFunction<TensorDataset> make) {
        TensorDataset a = make.apply(7), b = make.apply(7), c = make.apply(8);
        assertArrayEquals(a.features(), b.features(), "same seed, same points");
        assertArrayEquals(a.classTargets(), b.classTargets());
        assertFalse(Arrays.equals(a.features(), c.features()), "another seed, other points");
        assertEquals(301, a.size());
        assertArrayEquals(new int[] {2}, a.sampleShape());
        assertArrayEquals(new int[0], a.targetShape());
        assertEquals(classes, a.classNames().size());
        assertEquals("0", a.classNames().get(0));
        int[] counts = new int[classes];
        for (long y : a.classTargets()) counts[(int) y]++;
        int min = Arrays.stream(counts).min().getAsInt(), max = Arrays.stream(counts).max().getAsInt();
        assertTrue(max - min <= 1, kind + " class counts " + Arrays.toString(counts));
        assertTrue(a.name().startsWith(kind + " (n=301"), a.name());
    }

    @Test
    void noiselessPointsFollowTheirShapes() {
        TensorDataset xor = Generators.xor(200, 0, 1);
        for (int i = 0; i < xor.size(); i++) {
            float x = xor.features()[2 * i], y = xor.features()[2 * i + 1];
            assertTrue(Math.abs(x) <= 1 && Math.abs(y) <= 1);
            assertEquals(x * y < 0 ? 1 : 0, xor.classTargets()[i], "xor point " + x + ", " + y);
        }
        TensorDataset circles = Generators.circles(100, 0, 1);
        for (int i = 0; i < circles.size(); i++) {
            double r = Math.hypot(circles.features()[2 * i], circles.features()[2 * i + 1]);
            assertEquals(circles.classTargets()[i] == 0 ? 1.0 : 0.5, r, 1e-6);
        }
        TensorDataset spirals = Generators.spirals(100, 0, 1);
        for (int i = 0; i < spirals.size(); i++)
            assertTrue(Math.hypot(spirals.features()[2 * i], spirals.features()[2 * i + 1]) <= 1 + 1e-6);
        TensorDataset moons = Generators.moons(100, 0, 1);
        for (int i = 0; i < moons.size(); i++) {
            float x = moons.features()[2 * i], y = moons.features()[2 * i + 1];
            double r = moons.classTargets()[i] == 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
            assertEquals(1.0, r, 1e-6);
            assertTrue(moons.classTargets()[i] == 0 ? y >= -1e-6 : y <= 0.5 + 1e-6);
        }
    }

    @Test
    void blobsGatherAroundTheirCentres() {
        TensorDataset d = Generators.blobs(3000, 3, 0.1, 2);
        double[][] mean = new double[3][2];
        for (int i = 0; i < d.size(); i++) {
            int c = (int) d.classTargets()[i];
            mean[c][0] += d.features()[2 * i] / 1000.0;
            mean[c][1] += d.features()[2 * i + 1] / 1000.0;
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(Math.cos(2 * Math.PI * c / 3), mean[c][0], 0.02);
            assertEquals(Math.sin(2 * Math.PI * c / 3), mean[c][1], 0.02);
        }
    }

    @Test
    void regressionSetsFollowTheirFunctionWithTheGivenNoise() {
        TensorDataset sine = Generators.sine(4000, 0.2, 3);
        assertArrayEquals(new int[] {1}, sine.sampleShape());
        assertArrayEquals(new int[] {1}, sine.targetShape());
        assertTrue(sine.classNames().isEmpty());
        double sq = 0;
        for (int i = 0; i < sine.size(); i++) {
            float x = sine.features()[i];
            assertTrue(Math.abs(x) <= Math.PI);
            double r = sine.valueTargets()[i] - Math.sin(x);
            sq += r * r;
        }
        assertEquals(0.2, Math.sqrt(sq / sine.size()), 0.01, "residual standard deviation");

        TensorDataset lin = Generators.linear(50, 0, 3);
        for (int i = 0; i < lin.size(); i++) assertEquals(2 * lin.features()[i] - 1, lin.valueTargets()[i], 1e-6);
        assertArrayEquals(lin.valueTargets(), Generators.linear(50, 0, 3).valueTargets());
    }

    @Test
    void rejectsBadArguments() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Generators.moons(0, 0.1, 0)).getMessage().contains("n must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Generators.sine(10, -1, 0)).getMessage().contains("noise"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Generators.blobs(10, 1, 0.1, 0)).getMessage().contains("classes"));
        assertEquals(List.of("0", "1", "2"), Generators.blobs(9, 3, 0.1, 0).classNames());
    }
}
