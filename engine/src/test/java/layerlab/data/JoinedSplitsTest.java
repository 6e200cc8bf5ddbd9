package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two splits of one data set joined as that set again ({@code layerlab eval --split all}) keep what they say about their
 * samples: a text set's vocabulary (without it a next-token model's id targets read as numbers, and eval refused the
 * data), the padding side, feature names and the gaps of both.
 */
class JoinedSplitsTest {
    @Test
    void aTextSetsSplitsJoinWithTheirVocabulary() {
        Vocabulary v = Vocabulary.build(List.of("red blue", "blue green"), Vocabulary.Level.WORDS, true, 3, 100);
        TensorDataset train = TensorDataset.classification("colours [train]", new float[] {2, 3, 0, 3, 4, 0}, new int[] {3}, new long[] {0, 1}, List.of("a", "b"))
                .withVocabulary(v);
        TensorDataset val = TensorDataset.classification("colours [validation]", new float[] {4, 2, 0}, new int[] {3}, new long[] {1}, List.of("a", "b"))
                .withVocabulary(v);
        TensorDataset all = train.followedBy("colours", val);
        assertSame(v, all.vocabulary());
        assertEquals(v.padding(), all.padding());
        assertEquals("colours", all.name());
        assertArrayEquals(new float[] {2, 3, 0, 3, 4, 0, 4, 2, 0}, all.features());
        assertArrayEquals(new long[] {0, 1, 1}, all.classTargets());
        assertEquals(List.of("a", "b"), all.classNames());
    }

    @Test
    void idSequencesKeepTheirPaddingSideAndTablesTheirNamesAndGaps() {
        TensorDataset train = TensorDataset.regression("ids [train]", new float[] {1, 2, 0, 0}, new int[] {2}, new float[] {2, 3, 0, 0}, new int[] {2})
                .withPadding(Vocabulary.Padding.LEFT);
        TensorDataset val = TensorDataset.regression("ids [validation]", new float[] {5, 6}, new int[] {2}, new float[] {6, 7}, new int[] {2})
                .withPadding(Vocabulary.Padding.LEFT);
        TensorDataset ids = train.followedBy("ids", val);
        assertEquals(Vocabulary.Padding.LEFT, ids.padding());
        assertArrayEquals(new float[] {2, 3, 0, 0, 6, 7}, ids.valueTargets());

        BitSet trainGaps = new BitSet();
        trainGaps.set(1);
        BitSet valGaps = new BitSet();
        valGaps.set(0);
        TensorDataset a = TensorDataset.regression("t [train]", new float[] {1, 9, 3, 4}, new int[] {2}, new float[] {1, 2}, new int[] {1})
                .withFeatureNames(List.of("x", "y")).withGaps(trainGaps);
        TensorDataset b = TensorDataset.regression("t [validation]", new float[] {7, 8}, new int[] {2}, new float[] {3}, new int[] {1})
                .withFeatureNames(List.of("x", "y")).withGaps(valGaps);
        TensorDataset t = a.followedBy("t", b);
        assertEquals(List.of("x", "y"), t.featureNames());
        assertEquals(List.of(true, false, false, false, true, false), List.of(t.isGap(0, 1), t.isGap(0, 0), t.isGap(1, 0), t.isGap(1, 1), t.isGap(2, 0), t.isGap(2, 1)));
    }

    @Test
    void setsOfOtherSamplesDoNotJoin() {
        TensorDataset a = TensorDataset.regression("a", new float[] {1, 2}, new int[] {2}, new float[] {1}, new int[] {1});
        TensorDataset b = TensorDataset.regression("b", new float[] {1, 2, 3}, new int[] {3}, new float[] {1}, new int[] {1});
        assertThrows(IllegalArgumentException.class, () -> a.followedBy("ab", b));
    }
}
