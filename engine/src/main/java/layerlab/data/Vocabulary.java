package layerlab.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.graph.json.SettingsReader;

/**
 * How a text model turns text into token ids: words or characters, lower-cased or not, the tokens it knows in id order,
 * the fixed number of ids per sample, and the side padding goes. Id 0 ({@code <pad>}) fills a short text on the left
 * by default, so that a sequence's last step is the text's last token (what {@code LastStep} reads without lengths),
 * or on the right, so that the text starts at step 0 as the lengths inputs that mask padding count it (a
 * {@code Lengths} node's, as PyTorch's {@code pack_padded_sequence}); a longer text keeps its first {@code length}
 * tokens; id 1 ({@code <unk>}) stands for a token the vocabulary does not have. It travels with a trained model (the
 * bundle's {@code data.json}, the ONNX file's metadata, the PyTorch script), so that new text is read as the training
 * text was.
 *
 * <p>Words are runs of letters and digits (an apostrophe between letters stays inside: "don't"); any other character
 * that is not a space is a token of its own (",", "!"). Characters are Unicode code points, spaces included.
 */
public record Vocabulary(Level level, boolean lowercase, int length, List<String> tokens, Padding padding) {
    public static final String PAD = "<pad>", UNK = "<unk>";
    public static final int PAD_ID = 0, UNK_ID = 1;
    /** The most ids a sample may have and tokens a vocabulary may hold. */
    public static final int MAX_LENGTH = 10_000, MAX_TOKENS = 1_000_000;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+(?:['’][\\p{L}\\p{M}]+)*|[^\\s\\p{L}\\p{N}\\p{M}]");

    /** What one token is. */
    public enum Level {
        WORDS, CHARACTERS;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every level's {@link #id}: "words", "characters". */
        public static List<String> ids() {
            return java.util.Arrays.stream(values()).map(Level::id).toList();
        }

        /** "words" or "characters", else null. */
        public static Level of(String id) {
            for (Level l : values()) if (l.id().equals(id)) return l;
            return null;
        }
    }

    /** Where {@code <pad>} fills a short text. */
    public enum Padding {
        /** Before the text: its last token is the last step (LayerLab's default, and every model's before sides could be chosen). */
        LEFT,
        /** After the text: it starts at step 0, as lengths count a sequence's steps. */
        RIGHT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "left", "right". */
        public static List<String> ids() {
            return java.util.Arrays.stream(values()).map(Padding::id).toList();
        }

        /** "left" or "right", else null. */
        public static Padding of(String id) {
            for (Padding p : values()) if (p.id().equals(id)) return p;
            return null;
        }
    }

    /** A vocabulary that pads on the left. */
    public Vocabulary(Level level, boolean lowercase, int length, List<String> tokens) {
        this(level, lowercase, length, tokens, Padding.LEFT);
    }

    public Vocabulary {
        tokens = List.copyOf(tokens);
        java.util.Objects.requireNonNull(padding, "padding");
        if (tokens.size() < 2 || !PAD.equals(tokens.get(PAD_ID)) || !UNK.equals(tokens.get(UNK_ID)))
            throw new IllegalArgumentException("a vocabulary starts with " + PAD + " and " + UNK + ", got " + tokens.subList(0, Math.min(2, tokens.size())));
        if (tokens.size() > MAX_TOKENS) throw new IllegalArgumentException("a vocabulary holds at most " + MAX_TOKENS + " tokens, got " + tokens.size());
        if (length < 1 || length > MAX_LENGTH) throw new IllegalArgumentException("a text's length is 1 to " + MAX_LENGTH + " tokens, got " + length);
    }

    /** {@code text} cut into tokens. */
    public static List<String> tokenize(String text, Level level, boolean lowercase) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> out = new ArrayList<>();
        if (level == Level.CHARACTERS) {
            t.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        } else {
            Matcher m = WORD.matcher(t);
            while (m.find()) out.add(m.group());
        }
        return out;
    }

    /**
     * The vocabulary of {@code texts}: the most frequent tokens first (ties in the order they first appear), at most
     * {@code maxSize} entries with {@code <pad>} and {@code <unk>}; {@code length} ids a sample, or the longest text's
     * token count (at least 1, at most {@link #MAX_LENGTH}) when {@code length} is 0.
     */
    public static Vocabulary build(List<String> texts, Level level, boolean lowercase, int length, int maxSize) {
        return build(texts, level, lowercase, length, maxSize, 1);
    }

    /**
     * {@link #build(List, Level, boolean, int, int)} of the tokens that occur at least {@code minFreq} times, as
     * torchtext's {@code build_vocab_from_iterator(…, min_freq, specials=["<pad>", "<unk>"], max_tokens=maxSize)}; the
     * others are {@code <unk>}. Where torchtext breaks a tie in frequency by the tokens' alphabetical order, this keeps
     * the order in which they first appear in the texts, so that a vocabulary built before these options is built alike.
     */
    public static Vocabulary build(List<String> texts, Level level, boolean lowercase, int length, int maxSize, int minFreq) {
        return fromTokens(tokenizeAll(texts, level, lowercase), level, lowercase, length, maxSize, minFreq).vocabulary();
    }

    /**
     * A vocabulary {@link #build built} from texts and the texts' ids by it, {@code [texts, length]} row-major; {@code seen}
     * the distinct tokens the texts it was built from hold, of which {@code min_freq} and the size cap kept
     * {@code vocabulary.size() - 2}.
     */
    public record Built(Vocabulary vocabulary, float[] ids, int seen) {
        /** A vocabulary that kept every token it was built from (or was given, not built). */
        public Built(Vocabulary vocabulary, float[] ids) {
            this(vocabulary, ids, vocabulary.size() - 2);
        }

        /** The distinct tokens that {@code min_freq} or the size cap left out, read as {@code <unk>}. */
        public int dropped() {
            return seen - (vocabulary.size() - 2);
        }
    }

    /**
     * {@link #build} from the texts at indices {@code from} (null: every text) and {@link #encode(List)} of every text, each
     * cut into tokens once. Building from the training texts alone and numbering the validation texts with it reads them as
     * new text will be read: a token only they hold is {@code <unk>}, a text longer than the training texts is cut.
     */
    public static Built buildAndEncode(List<String> texts, int[] from, Level level, boolean lowercase, int length, int maxSize) {
        return buildAndEncode(texts, from, level, lowercase, length, maxSize, Padding.LEFT);
    }

    /** {@link #buildAndEncode(List, int[], Level, boolean, int, int)}, padded on {@code padding}'s side. */
    public static Built buildAndEncode(List<String> texts, int[] from, Level level, boolean lowercase, int length, int maxSize, Padding padding) {
        return buildAndEncode(texts, from, level, lowercase, length, maxSize, padding, 1);
    }

    /** {@link #buildAndEncode(List, int[], Level, boolean, int, int, Padding)} of the tokens seen {@code minFreq} times or more. */
    public static Built buildAndEncode(List<String> texts, int[] from, Level level, boolean lowercase, int length, int maxSize, Padding padding,
                                       int minFreq) {
        List<List<String>> tokenized = tokenizeAll(texts, level, lowercase);
        List<List<String>> source = tokenized;
        if (from != null) {
            source = new ArrayList<>(from.length);
            for (int i : from) source.add(tokenized.get(i));
        }
        Built b = fromTokens(source, level, lowercase, length, maxSize, minFreq);
        Vocabulary v = b.vocabulary().withPadding(padding);
        return new Built(v, v.encodeTokens(tokenized), b.seen());
    }

    private static List<List<String>> tokenizeAll(List<String> texts, Level level, boolean lowercase) {
        List<List<String>> out = new ArrayList<>(texts.size());
        for (String text : texts) out.add(tokenize(text, level, lowercase));
        return out;
    }

    /** The vocabulary of {@code tokenized} (its ids left empty) and the distinct tokens it held. */
    private static Built fromTokens(List<List<String>> tokenized, Level level, boolean lowercase, int length, int maxSize, int minFreq) {
        if (maxSize < 3) throw new IllegalArgumentException("a vocabulary needs room for at least one token besides " + PAD + " and " + UNK);
        if (minFreq < 1) throw new IllegalArgumentException("min_freq is at least 1, got " + minFreq);
        Map<String, int[]> counts = new LinkedHashMap<>();
        int longest = 1;
        for (List<String> ts : tokenized) {
            longest = Math.max(longest, ts.size());
            for (String t : ts) counts.computeIfAbsent(t, k -> new int[1])[0]++;
        }
        List<Map.Entry<String, int[]>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort(Comparator.comparingInt((Map.Entry<String, int[]> e) -> -e.getValue()[0])); // stable: first appearance breaks ties
        List<String> tokens = new ArrayList<>(List.of(PAD, UNK));
        int seen = 0;
        for (Map.Entry<String, int[]> e : ranked) {
            if (e.getKey().equals(PAD) || e.getKey().equals(UNK)) continue;
            seen++;
            // Every distinct token is seen; kept while there is room and when frequent enough (a rarer one after it cannot be).
            if (tokens.size() < maxSize && e.getValue()[0] >= minFreq) tokens.add(e.getKey());
        }
        return new Built(new Vocabulary(level, lowercase, length > 0 ? length : Math.min(longest, MAX_LENGTH), tokens), new float[0], seen);
    }

    /** This vocabulary, padding on {@code side}. */
    public Vocabulary withPadding(Padding side) {
        return side == padding ? this : new Vocabulary(level, lowercase, length, tokens, side);
    }

    /** The number of ids, {@code <pad>} and {@code <unk>} included: an Embedding needs at least this many rows. */
    public int size() {
        return tokens.size();
    }

    /** {@code text} as {@link #length} ids, written into {@code out} from {@code offset}. */
    public void encode(String text, float[] out, int offset) {
        encode(tokenize(text, level, lowercase), out, offset, index());
    }

    private void encode(List<String> ts, float[] out, int offset, Map<String, Integer> ids) {
        int n = Math.min(ts.size(), length), pad = length - n, first = padding == Padding.LEFT ? pad : 0;
        for (int i = 0; i < length; i++) out[offset + i] = PAD_ID;
        for (int i = 0; i < n; i++) out[offset + first + i] = ids.getOrDefault(ts.get(i), UNK_ID);
    }

    /** {@code texts} as a {@code [texts, length]} row-major array of ids. */
    public float[] encode(List<String> texts) {
        return encodeTokens(tokenizeAll(texts, level, lowercase));
    }

    private float[] encodeTokens(List<List<String>> tokenized) {
        float[] out = new float[Math.multiplyExact(tokenized.size(), length)];
        Map<String, Integer> ids = index();
        for (int i = 0; i < tokenized.size(); i++) encode(tokenized.get(i), out, i * length, ids);
        return out;
    }

    /** The ids at {@code ids[offset .. offset+length)} as text again: padding left out, unknown tokens as "<unk>". */
    public String decode(float[] ids, int offset) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int id = (int) ids[offset + i];
            if (id == PAD_ID) continue;
            String t = id > 0 && id < tokens.size() ? tokens.get(id) : UNK;
            if (level == Level.WORDS && !s.isEmpty() && !closing(t)) s.append(' ');
            s.append(t);
        }
        return s.toString();
    }

    /** A mark written against the word before it. */
    private static boolean closing(String t) {
        return t.length() == 1 && ".,;:!?)]}%".indexOf(t.charAt(0)) >= 0;
    }

    private Map<String, Integer> index() {
        Map<String, Integer> m = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) m.putIfAbsent(tokens.get(i), i);
        return m;
    }

    /**
     * How a text becomes the model's token ids, in words, for those who read the vocabulary outside LayerLab (the ONNX
     * metadata): the JSON settings name the rules ("words", left padding by default) without saying what they are.
     */
    public String recipe() {
        String cut = level == Level.CHARACTERS ? "cut it into characters (Unicode code points)"
                : "cut it into words: a run of Unicode letters, marks and digits (categories L, M, N), an apostrophe (' or \u2019) between "
                + "letters kept inside; every other character but an ASCII space (space, \\t, \\n, \\v, \\f, \\r) is a token of its own, a no-break space too";
        return "[N, " + length + "] int64 token ids a text: " + (lowercase ? "lower-case it (Python's str.lower()), " : "") + cut
                + "; number each token by its index in the vocabulary (1, <unk>, for a token not there); keep the first " + length
                + " and pad with 0 on the " + (padding == Padding.RIGHT ? "right" : "left") + " to " + length + " ids";
    }

    /** The settings and tokens as JSON values, as the bundle, the ONNX metadata and the script keep them. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenize", level.id());
        m.put("lowercase", lowercase);
        m.put("length", length);
        m.put("vocabulary", tokens);
        // Written only when not the default, so a left-padding model's files stay as they were.
        if (padding != Padding.LEFT) m.put("padding", padding.id());
        return m;
    }

    /**
     * A vocabulary read back from {@link #toJson}'s form, trusting nothing: only those keys, each of its type and range,
     * the tokens distinct strings.
     *
     * @throws IllegalArgumentException saying what is wrong, as {@code where.key: …}
     */
    @SuppressWarnings("unchecked")
    public static Vocabulary fromJson(Object json, String where) {
        if (!(json instanceof Map<?, ?> m)) throw new IllegalArgumentException(where + " must be an object, got " + SettingsReader.show(json));
        SettingsReader r = new SettingsReader((Map<String, ?>) m, where);
        r.onlyKeys(List.of("tokenize", "lowercase", "length", "vocabulary", "padding"));
        for (String k : List.of("tokenize", "lowercase", "length", "vocabulary"))
            if (!r.has(k)) throw r.refuse(where + ": missing \"" + k + "\"");
        Level level = Level.of(r.choice("tokenize", null, Level.ids()));
        boolean lower = r.bool("lowercase", false);
        int length = (int) r.integer("length", 0, 1, MAX_LENGTH);
        if (!(m.get("vocabulary") instanceof List<?> list) || list.size() < 2 || list.size() > MAX_TOKENS)
            throw r.refuse(r.path("vocabulary") + " must be a list of 2 to " + MAX_TOKENS + " tokens");
        List<String> tokens = new ArrayList<>(list.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String t) || t.isEmpty())
                throw r.refuse(where + ".vocabulary[" + i + "] must be a non-empty string, got " + SettingsReader.show(list.get(i)));
            if (!seen.add(t)) throw new IllegalArgumentException(where + ".vocabulary[" + i + "]: \"" + t + "\" is listed twice");
            tokens.add(t);
        }
        if (!PAD.equals(tokens.get(0)) || !UNK.equals(tokens.get(1)))
            throw r.refuse(r.path("vocabulary") + " must begin with \"" + PAD + "\" and \"" + UNK + "\"");
        Padding padding = Padding.of(r.choice("padding", Padding.LEFT.id(), Padding.ids()));
        return new Vocabulary(level, lower, length, tokens, padding);
    }

    /** "characters, 62 tokens, 16 a text" */
    public String describe() {
        return (level == Level.CHARACTERS ? "characters" : "words") + (lowercase ? " (lower-cased)" : "") + ", " + size() + " tokens, "
                + length + " a text" + (padding == Padding.RIGHT ? ", padded on the right" : "");
    }
}
