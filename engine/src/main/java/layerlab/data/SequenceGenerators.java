package layerlab.data;

import java.util.List;
import layerlab.tensor.Generator;

/**
 * Token-sequence tasks for the sequence models (Embedding → GRU/LSTM → Linear). Features are token ids stored as
 * floats (exact below 2^24; the trainer casts them to the Input's int64), shape {@code [length]}; two classes.
 */
public final class SequenceGenerators {
    private SequenceGenerators() {
    }

    /** The tasks {@link #generate} knows. */
    public static final List<String> TASKS = List.of("majority", "sentiment");

    public static TensorDataset generate(String task, int n, int vocab, int length, long seed) {
        return generate(task, n, vocab, length, seed, Vocabulary.Padding.LEFT);
    }

    /** {@link #generate(String, int, int, int, long)}, the sentiment reviews padded on {@code padding}'s side (majority's sequences have no padding). */
    public static TensorDataset generate(String task, int n, int vocab, int length, long seed, Vocabulary.Padding padding) {
        return switch (task) {
            case "majority" -> majority(n, vocab, length, seed);
            case "sentiment" -> sentiment(n, vocab, length, seed, padding);
            default -> throw new IllegalArgumentException("no token task \"" + task + "\"; there are " + String.join(", ", TASKS));
        };
    }

    /**
     * Sequences of {@code length} tokens drawn uniformly from {@code 0 … vocab-1}: class "1>2" when token 1 occurs more
     * often than token 2, class "2>1" when token 2 does (sequences with a tie are drawn again). The other tokens are
     * distractors; a model must count.
     */
    public static TensorDataset majority(int n, int vocab, int length, long seed) {
        check("majority", n, length);
        if (vocab < 3) throw new IllegalArgumentException("majority: vocab must be at least 3 (tokens 1 and 2 are compared), got " + vocab);
        Generator g = new Generator(seed);
        float[] x = new float[n * length];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int ones, twos;
            do {
                ones = 0;
                twos = 0;
                for (int t = 0; t < length; t++) {
                    int tok = g.nextInt(vocab);
                    x[i * length + t] = tok;
                    if (tok == 1) ones++;
                    if (tok == 2) twos++;
                }
            } while (ones == twos);
            y[i] = ones > twos ? 0 : 1;
        }
        return TensorDataset.classification("tokens/majority (n=" + n + ", vocab=" + vocab + ", length=" + length + ", seed=" + seed + ")",
                x, new int[] {length}, y, List.of("1>2", "2>1"));
    }

    /** Words 1–20 are positive, 21–40 negative, the rest neutral; 0 pads. */
    static final int SENTIMENT_WORDS = 20;

    /**
     * Toy reviews: between {@code length/5} and {@code length} words, padded on the left with 0 so that the last step
     * of a sequence is its last word. Most words are neutral ({@code 41 … vocab-1}); one to four are positive
     * ({@code 1 … 20}) or negative ({@code 21 … 40}), fewer of the other kind. Class "positive" when positive words
     * outnumber negative ones.
     */
    public static TensorDataset sentiment(int n, int vocab, int length, long seed) {
        return sentiment(n, vocab, length, seed, Vocabulary.Padding.LEFT);
    }

    /**
     * {@link #sentiment(int, int, int, long)} padded on {@code padding}'s side: on the right each review starts at step 0,
     * as a Lengths node counts it for the masked (packed) layers. The reviews and labels are the same either way; the
     * set says its side ({@link TensorDataset#padding()}) for the model check.
     */
    public static TensorDataset sentiment(int n, int vocab, int length, long seed, Vocabulary.Padding padding) {
        check("sentiment", n, length);
        if (vocab <= 2 * SENTIMENT_WORDS + 1) throw new IllegalArgumentException("sentiment: vocab must be above " + (2 * SENTIMENT_WORDS + 1) + ", got " + vocab);
        if (length < 8) throw new IllegalArgumentException("sentiment: length must be at least 8, got " + length);
        Generator g = new Generator(seed);
        float[] x = new float[n * length];
        long[] y = new long[n];
        int[] words = new int[length];
        for (int i = 0; i < n; i++) {
            int label = g.nextInt(2);
            int words0 = Math.max(8, length / 5);
            int len = words0 + g.nextInt(length - words0 + 1);
            for (int t = 0; t < len; t++) words[t] = 2 * SENTIMENT_WORDS + 1 + g.nextInt(vocab - 2 * SENTIMENT_WORDS - 1);
            int major = 1 + g.nextInt(4), minor = g.nextInt(major);
            for (int k = 0; k < major + minor; k++) {
                boolean positive = (k < major) == (label == 1);
                int word = 1 + g.nextInt(SENTIMENT_WORDS) + (positive ? 0 : SENTIMENT_WORDS);
                int at;
                do {
                    at = g.nextInt(len);
                } while (words[at] <= 2 * SENTIMENT_WORDS);
                words[at] = word;
            }
            int first = i * length + (padding == Vocabulary.Padding.LEFT ? length - len : 0);
            for (int t = 0; t < len; t++) x[first + t] = words[t];
            y[i] = label;
        }
        return TensorDataset.classification("tokens/sentiment (n=" + n + ", vocab=" + vocab + ", length=" + length + ", seed=" + seed
                + (padding == Vocabulary.Padding.LEFT ? "" : ", padding=" + padding.id()) + ")", x, new int[] {length}, y, List.of("negative", "positive"))
                .withPadding(padding);
    }

    private static void check(String task, int n, int length) {
        if (n < 1) throw new IllegalArgumentException(task + ": n must be at least 1, got " + n);
        if (length < 1) throw new IllegalArgumentException(task + ": length must be at least 1, got " + length);
    }
}
