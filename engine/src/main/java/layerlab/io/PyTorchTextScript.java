package layerlab.io;

import static layerlab.io.PyLiterals.string;

import layerlab.data.Vocabulary;
import layerlab.graph.PyTorchSource;

/**
 * The exported script's parts for a text model ({@link PyTorchExport} writes the rest): the vocabulary and the Python that
 * reads text as LayerLab does, the command line that feeds it texts, and, for a next-token model, {@code generate()},
 * which draws new texts as {@link layerlab.train.Sampling} does.
 */
final class PyTorchTextScript {
    private PyTorchTextScript() {
    }

    /**
     * A text model's vocabulary and the Python that reads text as {@link Vocabulary#encode} does, letter for letter:
     * the same tokens (words as {@link Vocabulary#tokenize} finds them, without regex classes Python's {@code re} lacks;
     * or code points), lower-cased alike ({@code str.lower()} maps as Java's {@code toLowerCase(Locale.ROOT)}, final
     * sigma and dotted capital I included), cut to the first {@code LENGTH} tokens and padded with 0 on the vocabulary's
     * side (the left unless it says the right: then a model's Lengths node counts each text's tokens from its start).
     */
    static String textBlock(Vocabulary v) {
        boolean right = v.padding() == Vocabulary.Padding.RIGHT;
        return "\n\n" + """
                # How the model reads text, as in training: encode(["some text", ...]) gives its Input, [N, LENGTH] token ids.
                TOKENIZE = %s  # "words": runs of letters and digits (an apostrophe between letters stays inside), any other mark alone; "characters"
                LOWERCASE = %s  # whether a text is lower-cased before it is cut
                LENGTH = %d  # ids per text: a shorter text is padded with 0 on the %s, a longer one keeps its first LENGTH tokens
                VOCABULARY = %s  # id i stands for VOCABULARY[i]; 0 pads, 1 stands for a token not listed
                _IDS = {token: i for i, token in enumerate(VOCABULARY)}
                _SPACES = " \\t\\n\\x0b\\f\\r"  # what separates words; other spaces (a no-break space) are tokens of their own


                def _letter(c, digits=True):
                    \"""Whether c is a letter or a mark (Unicode categories L and M), or a digit or number (N) when digits is true.\"""
                    return unicodedata.category(c)[0] in ("LMN" if digits else "LM")


                def tokenize(text):
                    \"""text cut into the tokens LayerLab cuts it into.\"""
                    if LOWERCASE:
                        text = text.lower()
                    if TOKENIZE == "characters":
                        return list(text)
                    tokens, i, n = [], 0, len(text)
                    while i < n:
                        if text[i] in _SPACES:
                            i += 1
                        elif _letter(text[i]):
                            j = i + 1
                            while j < n and _letter(text[j]):
                                j += 1
                            while j + 1 < n and text[j] in "'\\u2019" and _letter(text[j + 1], False):
                                j += 2
                                while j < n and _letter(text[j], False):
                                    j += 1
                            tokens.append(text[i:j])
                            i = j
                        else:
                            tokens.append(text[i])
                            i += 1
                    return tokens


                def encode(texts):
                    \"""Texts as the model's input: a [len(texts), LENGTH] int64 tensor of token ids.\"""
                    ids = torch.zeros(len(texts), LENGTH, dtype=torch.int64)
                    for row, text in enumerate(texts):
                        kept = [_IDS.get(token, 1) for token in tokenize(text)[:LENGTH]]
                        if kept:
                            ids[row, %s] = torch.tensor(kept, dtype=torch.int64)
                    return ids


                def read_texts(path):
                    \"""The lines of a text file that are not blank, as layerlab predict reads a .txt file.\"""
                    with open(path, encoding="utf-8-sig", newline="") as f:
                        return [line for line in f.read().replace("\\r\\n", "\\n").replace("\\r", "\\n").split("\\n") if line.strip()]
                """.formatted(string(v.level().id()), v.lowercase() ? "True" : "False", v.length(), right ? "right" : "left", PyLiterals.value(v.tokens()),
                right ? ":len(kept)" : "LENGTH - len(kept):");
    }

    /**
     * The command line of a text model: texts from {@code --text} and {@code .txt} files go through {@code encode} and
     * each one's class is printed (or its outputs, for a model without class names); {@code .npy} arrays of ids still work.
     */
    static String textFooter(String cls, String weights, PyTorchSource.Exported top, boolean classes, boolean generates) {
        String named = classes ? """
                    if row.numel() == len(CLASSES):
                        return CLASSES[int(row.argmax())]
                """ : "";
        return "\n\n" + """
                def label(row):
                    \"""What the model says of a text: its class (the highest score's), or its outputs.\"""
                %s    return " ".join("%%.4f" %% v for v in row.flatten().tolist())


                def without_labels(lines):
                    \"""A .txt file's lines as layerlab predict reads them: when each ends in a tab and a label (a class of CLASSES, or a
                    number for a model without classes), perhaps under a header line, the text before the tab; else the lines whole.\"""
                    import re
                    classes = globals().get("CLASSES", [])

                    def labelled(line):
                        _, tab, last = line.rpartition("\\t")
                        last = last.strip()
                        return bool(tab) and bool(last in classes if classes else re.fullmatch(r"[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?", last))

                    first = 1 if len(lines) > 1 and "\\t" in lines[0] and not labelled(lines[0]) else 0
                    if not all(labelled(line) for line in lines[first:]):
                        return lines
                    return [line.rpartition("\\t")[0] for line in lines[first:]]


                def show(text):
                    \"""A text on one line, shortened with an ellipsis past 40 characters.\"""
                    one = " ".join(text.split())
                    return '""' if not one else one if len(one) <= 40 else one[:39] + "\u2026"


                def main():
                    here = os.path.dirname(os.path.abspath(__file__))
                    ap = argparse.ArgumentParser(description="%s, exported from LayerLab.")
                    ap.add_argument("--weights", default=os.path.join(here, %s), help="the safetensors file")
                    ap.add_argument("--text", action="append", default=[], help="a text to read; repeat for more")
                    ap.add_argument("--input", action="append", default=[], help="a .txt file of texts, one a line, or an .npy array of token ids [N, LENGTH]")
                    ap.add_argument("--output", action="append", default=[], help="where to write each output (.npy: %s), in order")
                %s    args = ap.parse_args()
                    model = %s()
                    model.load_state_dict(load_safetensors(args.weights))
                    model.eval()
                %s    texts = list(args.text)
                    arrays = []
                    for path in args.input:
                        if path.lower().endswith((".txt", ".text")):
                            texts += without_labels(read_texts(path))
                        else:
                            arrays.append(path)
                    if not texts and not arrays:
                        if args.input:
                            sys.exit("no text in " + ", ".join(args.input))
                        print(model)
                        return
                    if texts and arrays or len(arrays) > 1:
                        sys.exit("give texts (--text, .txt files) or one .npy array of token ids")
                    x = %s(texts) if texts else read_npy(arrays[0])
                    with torch.no_grad():
                        y = model(x)
                    ys = y if isinstance(y, tuple) else (y,)
                    for path, out in zip(args.output, ys):
                        write_npy(path, out)
                    if args.output:
                        return
                    if not texts:
                        print(*ys, sep="\\n")
                        return
                    labels = [label(row) for row in ys[0]]
                    width = max(len(said) for said in labels)
                    for text, said in zip(texts, labels):
                        print(said.ljust(width) + "  " + show(text))


                if __name__ == "__main__":
                    main()
                """.formatted(named, cls, string(weights), String.join(", ", top.outputs()), generates ? GENERATE_OPTIONS : "", cls,
                generates ? GENERATE_RUN : "", generates ? "next_inputs" : "encode");
    }

    /** A next-token model's options: {@code --generate N} texts, as {@code layerlab generate} draws them. */
    private static final String GENERATE_OPTIONS = """
                ap.add_argument("--generate", type=int, metavar="N", help="print N new texts, drawn as LayerLab's Generate draws them")
                ap.add_argument("--temperature", type=float, default=1.0, help="with --generate: below 1 the likeliest tokens, above 1 rarer ones")
                ap.add_argument("--seed", type=int, default=0, help="with --generate: the same seed, the same texts (LayerLab's too)")
                ap.add_argument("--start", default="", help="with --generate: the text each one begins with")
            """;

    private static final String GENERATE_RUN = """
                if args.generate:
                    print(*generate(model, args.generate, args.temperature, args.seed, args.start), sep="\\n")
                    return
            """;

    /**
     * A next-token model's texts, drawn as {@link layerlab.train.Sampling} draws them: from {@code <bos>} and the start
     * text, each next token from {@code softmax(scores / temperature)} at the last step with {@code torch.multinomial},
     * until {@code <eos>}; the same seed gives LayerLab's texts.
     */
    static final String GENERATE = "\n\n" + """
            BOS, EOS = len(VOCABULARY) - 2, len(VOCABULARY) - 1  # <bos> starts every text the model reads, <eos> ends it


            def decode(ids):
                \"""Token ids as text again, as LayerLab writes them: padding left out, words spaced but for closing marks.\"""
                out = ""
                for i in ids:
                    if i == 0:
                        continue
                    t = VOCABULARY[i]
                    out += t if TOKENIZE == "characters" or not out or (len(t) == 1 and t in ".,;:!?)]}%%") else " " + t
                return out


            def next_tokens(texts):
                \"""Texts as next-token pairs, as LayerLab reads a data set with "next_token": true: the input <bos> t1 ... tn,
                padded on the right with <pad> (0), and the target t1 ... tn <eos>, -100 (CrossEntropyLoss's ignore_index) where
                padded, so that padded steps count for nothing; each [len(texts), LENGTH] int64, a text cut to LENGTH - 1 tokens.\"""
                x = torch.zeros(len(texts), LENGTH, dtype=torch.int64)
                y = torch.full((len(texts), LENGTH), -100, dtype=torch.int64)
                for row, text in enumerate(texts):
                    kept = [_IDS.get(token, 1) for token in tokenize(text)[:LENGTH - 1]]
                    x[row, 0] = BOS
                    if kept:
                        x[row, 1:1 + len(kept)] = torch.tensor(kept, dtype=torch.int64)
                        y[row, :len(kept)] = torch.tensor(kept, dtype=torch.int64)
                    y[row, len(kept)] = EOS
                return x, y


            def next_inputs(texts):
                \"""Texts as the model reads them: <bos> first, then their tokens (next_tokens' inputs).\"""
                return next_tokens(texts)[0]


            def generate(model, count=10, temperature=1.0, seed=0, start="", max_tokens=0):
                \"""count new texts: from <bos> (and start), each next token drawn from softmax(scores / temperature) at the last
                step with torch.multinomial, until <eos>, LENGTH steps or max_tokens (0: no limit) after start.\"""
                g = torch.Generator().manual_seed(seed)
                first = [BOS]
                for token in tokenize(start):
                    if token not in _IDS or _IDS[token] <= 1 or _IDS[token] >= BOS:
                        sys.exit("the start text %%r has %%r, which the model never saw in training" %% (start, token))
                    first.append(_IDS[token])
                texts = []
                model.eval()
                with torch.no_grad():
                    for _ in range(count):
                        ids = list(first)
                        limit = LENGTH if max_tokens == 0 else min(LENGTH, len(ids) + max_tokens)
                        while len(ids) < limit:
                            x = torch.zeros(1, LENGTH, dtype=torch.int64)
                            x[0, :len(ids)] = torch.tensor(ids)
                            y = model(x)
                            y = y[0] if isinstance(y, tuple) else y
                            # Scores [1, tokens, steps] (the loss's layout) or [1, steps, tokens]: the last step's.
                            scores = y[0, :, len(ids) - 1] if y.shape[1] == len(VOCABULARY) and y.shape[2] == LENGTH else y[0, len(ids) - 1]
                            nxt = torch.multinomial(torch.softmax(scores / temperature, dim=-1), 1, generator=g).item()
                            if nxt == EOS:
                                break
                            ids.append(nxt)
                        texts.append(decode(ids[1:]))
                return texts
            """.replace("%%", "%");
}
