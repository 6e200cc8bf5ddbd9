package layerlab.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import layerlab.loss.NLLLoss;

/**
 * Texts as next-token prediction, PyTorch's "generating names with a character-level RNN" and Karpathy's char-rnn: each
 * text becomes the input {@code <bos> t1 … tn} and the target {@code t1 … tn <eos>}, one step later, so that a model
 * reading the text step by step is scored at every step on the token that comes next. The input is padded on the right
 * with {@code <pad>} (0) and the target with {@code ignore_index} (-100, CrossEntropyLoss's default), so that padded
 * steps count for nothing, not even in the mean. The vocabulary gains {@code <bos>} and {@code <eos>} after its tokens
 * and a sample one step more: a model trained so generates text by feeding {@code <bos>} and sampling token after token
 * until {@code <eos>} ({@link layerlab.train.Sampling}).
 *
 * <p>A data set's {@code "next_token": true} asks for it: the bundled {@code surnames} (their languages left out), or a
 * {@code text} set's file of texts, which needs no label column ({@link TextLoader#unlabelled}). A trained model's
 * vocabulary, which holds the two tokens, reads its texts again the same way ({@link #read}).
 */
public final class NextTokens {
    public static final String KEY = "next_token";
    public static final String BOS = "<bos>", EOS = "<eos>";
    /** What a padded step's target is: CrossEntropyLoss's default {@code ignore_index}. */
    public static final long IGNORE = NLLLoss.DEFAULT_IGNORE_INDEX;

    private NextTokens() {}

    /** Whether {@code vocabulary} is one of next-token sequences: it ends in {@code <bos>, <eos>}. */
    public static boolean isNextToken(Vocabulary vocabulary) {
        if (vocabulary == null) return false;
        List<String> t = vocabulary.tokens();
        return t.size() > 4 && BOS.equals(t.get(t.size() - 2)) && EOS.equals(t.get(t.size() - 1));
    }

    /** The id of {@code <bos>} in a next-token vocabulary. */
    public static int bos(Vocabulary v) {
        return v.size() - 2;
    }

    /** The id of {@code <eos>} in a next-token vocabulary. */
    public static int eos(Vocabulary v) {
        return v.size() - 1;
    }

    /**
     * Sample {@code i}'s targets in {@code targets} ({@code [N, steps]}) as text: the tokens one step on, {@code <eos>}
     * written, the ignored steps left out ("gastel<eos>"), for a preview beside the input's "<bos>gastel".
     */
    public static String targetText(Vocabulary v, float[] targets, int i) {
        int steps = v.length();
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < steps; k++) {
            long id = (long) targets[i * steps + k];
            if (id == IGNORE) continue;
            String t = id >= 0 && id < v.size() ? v.tokens().get((int) id) : Vocabulary.UNK;
            if (v.level() == Vocabulary.Level.WORDS && !s.isEmpty()) s.append(' ');
            s.append(t);
        }
        return s.toString();
    }

    /** Reads a data set's texts, numbered by {@code vocabulary} (null: one built from them). */
    @FunctionalInterface
    interface Reader {
        TextLoader.Encoded read(Vocabulary vocabulary) throws IOException;
    }

    /**
     * The texts {@code reader} reads as next-token sequences; {@code trained} (null: none) is a model's vocabulary, handed
     * to the reader without its two tokens and extra step so that the texts get its ids.
     *
     * @throws IllegalArgumentException when {@code trained} was not a next-token model's
     */
    static TensorDataset read(Vocabulary trained, String where, Reader reader) throws IOException {
        if (trained != null && !isNextToken(trained))
            throw new IllegalArgumentException(where + "." + KEY + ": the model was trained on whole texts, not to predict each next token; leave "
                    + KEY + " out");
        Vocabulary base = trained == null ? null
                : new Vocabulary(trained.level(), trained.lowercase(), trained.length() - 1, trained.tokens().subList(0, trained.size() - 2), trained.padding());
        return of(reader.read(base), trained);
    }

    /**
     * Whether {@code s} asks for next-token sequences ({@code "next_token": true}); a model trained on next tokens
     * ({@code trained}) must be given its data so. {@code padding} is refused with it: the sequences are always padded
     * on the right, whatever side the texts would be.
     *
     * @throws IllegalArgumentException when {@code trained} was a next-token model's and the settings do not ask for them, or
     *                                  for {@code padding} with them
     */
    static boolean asked(DataSettings s, Vocabulary trained) {
        boolean nextToken = s.bool(KEY, false);
        if (!nextToken && isNextToken(trained))
            throw new IllegalArgumentException(s.where() + "." + KEY + ": the model was trained to predict each next token; set " + KEY + " to true");
        if (nextToken && s.has("padding"))
            throw s.refuse(s.path("padding") + ": next-token sequences are always padded on the right (<bos> first, the padded steps' targets "
                    + "ignored), so padding changes nothing with " + KEY + "; leave it out");
        return nextToken;
    }

    /** {@code texts}, a text data set, as next-token sequences ({@link #of(TextLoader.Encoded, Vocabulary)}); its labels play no part. */
    public static TensorDataset of(TensorDataset texts, Vocabulary trained) {
        if (texts.vocabulary() == null) throw new IllegalArgumentException(texts.name() + ": next-token sequences are made of texts, but these samples are not");
        return of(new TextLoader.Encoded(texts.name(), "", texts.features(), texts.vocabulary()), trained);
    }

    /**
     * {@code texts} (token ids with a vocabulary, padded on either side) as next-token sequences: inputs {@code [N, L+1]}
     * and targets {@code [N, L+1]} (float values of int64 class ids, -100 where padded), their vocabulary {@code trained}
     * when given, else the texts' own with {@code <bos>} and {@code <eos>} added.
     */
    public static TensorDataset of(TextLoader.Encoded texts, Vocabulary trained) {
        Vocabulary v = texts.vocabulary();
        if (isNextToken(v)) throw new IllegalArgumentException(texts.name() + ": these texts are next-token sequences already");
        int length = v.length(), steps = length + 1, n = texts.ids().length / length;
        Vocabulary out = trained;
        if (out == null) {
            List<String> tokens = new ArrayList<>(v.tokens());
            tokens.add(BOS);
            tokens.add(EOS);
            out = new Vocabulary(v.level(), v.lowercase(), steps, tokens, Vocabulary.Padding.RIGHT);
        }
        float[] ids = texts.ids();
        float[] x = new float[n * steps], y = new float[n * steps];
        int bos = bos(out), eos = eos(out);
        for (int i = 0; i < n; i++) {
            int at = 0;
            x[i * steps] = bos;
            for (int k = 0; k < length; k++) {
                float id = ids[i * length + k];
                if (id == Vocabulary.PAD_ID) continue; // on the left or the right, the text's tokens keep their order
                y[i * steps + at] = id;
                x[i * steps + ++at] = id;
            }
            // The step after the last token always has room (steps = length + 1). A text the vocabulary's length cut
            // short ends there too: its ids do not say that it went on.
            y[i * steps + at] = eos;
            for (int k = at + 1; k < steps; k++) y[i * steps + k] = IGNORE;
        }
        // The vocabulary said once, the model's (65 tokens, 25 steps), not the texts' own before it (63, 24) too.
        String name = texts.name() + " (" + (out.level() == Vocabulary.Level.CHARACTERS ? "characters" : "words") + (out.lowercase() ? " (lower-cased)" : "")
                + texts.detail() + "), read as next tokens: <bos> first, <eos> last, " + out.size() + " tokens, " + steps + " steps";
        return TensorDataset.regression(name, x, new int[] {steps}, y, new int[] {steps}).withVocabulary(out);
    }
}
