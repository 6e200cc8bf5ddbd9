package layerlab.io;

import java.util.ArrayList;
import java.util.List;
import layerlab.graph.PyTorchSource;

/**
 * The exported script's command line for training ({@code --train}, {@code --val}, {@code --epochs}, {@code --fresh},
 * {@code --save}), added to its {@code main}: the model trains with the script's {@code train()} from the exported weights
 * or, with {@code --fresh}, from those {@code torch.manual_seed(SEED)} makes (LayerLab's starting weights), and its weights
 * are written. An array model reads one {@code .npy} array per input, then the labels (normalized first as in training);
 * a text model reads its texts (a {@code .txt} file, a text a line, through {@code encode}; or an {@code .npy} array of
 * token ids), then its labels (a {@code .txt} file, a class name or number a line; or an {@code .npy} array).
 * {@code --val} takes the same files for validation data, which the validation loss, ReduceLROnPlateau and early
 * stopping on a {@code val_} metric read, batched as LayerLab validates (at least 256 a batch, in order).
 */
final class PyTorchTrainCommand {
    private PyTorchTrainCommand() {
    }

    /** The header's line on training, after {@code python3 <py>}. */
    static String usage(boolean texts, boolean remakes) {
        return usage(texts, remakes, false);
    }

    /** {@link #usage(boolean, boolean)}; {@code nextToken}: a next-token model's, which trains on texts alone. */
    static String usage(boolean texts, boolean remakes, boolean nextToken) {
        if (nextToken) return " --train texts.txt [--val texts.txt] [--epochs N] [--fresh] --save out.safetensors   trains as LayerLab did (on each text's next tokens)\n";
        if (remakes) return " --train X.npy [--val X.npy] [--epochs N] [--fresh] --save out.safetensors   trains as LayerLab did (the loss compares the output with X)\n";
        return texts ? " --train texts.txt labels.txt [--val texts.txt labels.txt] [--epochs N] [--fresh] --save out.safetensors   trains as LayerLab did\n"
                : " --train X.npy Y.npy [--val X.npy Y.npy] [--epochs N] [--fresh] --save out.safetensors   trains as LayerLab did\n";
    }

    /**
     * {@code footer} (the script's {@code main}, of an array model or with {@code texts} of a text model) with the training
     * options; {@code normalized}: an array model's inputs are normalized as in training.
     */
    static String add(String footer, String cls, PyTorchSource.Exported top, boolean normalized, boolean texts) {
        return add(footer, cls, top, normalized, texts, false);
    }

    /**
     * {@link #add(String, String, PyTorchSource.Exported, boolean, boolean)}; with {@code remakes}, an autoencoder's: its
     * loss compares its output with its one input, so {@code --train} takes that input's array alone, as both x and y.
     */
    static String add(String footer, String cls, PyTorchSource.Exported top, boolean normalized, boolean texts, boolean remakes) {
        return add(footer, cls, top, normalized, texts, remakes, false);
    }

    /**
     * {@link #add(String, String, PyTorchSource.Exported, boolean, boolean, boolean)}; with {@code nextToken}, a next-token
     * model's: {@code --train} takes a .txt file of texts alone, read as LayerLab reads a data set with {@code "next_token":
     * true} ({@code next_tokens}: {@code <bos>} first, each text's next tokens its targets, padded steps -100).
     */
    static String add(String footer, String cls, PyTorchSource.Exported top, boolean normalized, boolean texts, boolean remakes, boolean nextToken) {
        String args = """
                    ap.add_argument("--train", nargs="+", metavar="FILE", help="%s")
                    ap.add_argument("--val", nargs="+", metavar="FILE", help="validation data, as --train: for the validation loss (and early stopping on it)")
                    ap.add_argument("--epochs", type=int, default=EPOCHS, help="passes over the training data (default: the project's, %%(default)s)")
                    ap.add_argument("--fresh", action="store_true", help="start from LayerLab's initial weights (torch.manual_seed(SEED)), not the exported ones")
                    ap.add_argument("--save", help="where --train writes the trained weights (.safetensors)")
                    args = ap.parse_args()
                """.formatted(nextToken ? "train on a .txt file of texts (a text a line), each text's next tokens its targets, as LayerLab reads a data set with next_token true"
                : texts ? "train on texts, then their labels: a .txt file of texts (a text a line) or an .npy array of token ids [N, LENGTH], "
                + "then a .txt file of labels (a class name or number a line) or an .npy array"
                : remakes ? "train on an .npy array of the model's input (" + top.inputs().get(0) + "), which its loss compares its output with"
                : "train on .npy arrays: one per model input (" + String.join(", ", top.inputs()) + "), then the labels");
        String data = nextToken ? """
                        def data(files, option):
                            if len(files) != 1:
                                sys.exit("%s takes 1 file: the texts (.txt, a text a line), whose next tokens are the targets (no labels); got %d" % (option, len(files)))
                            return next_tokens([text.strip() for text in read_texts(files[0])])
                """ : remakes ? String.format(java.util.Locale.ROOT, """
                        def data(files, option):
                            if len(files) != 1:
                                sys.exit("%%s takes 1 array: %s, which the loss compares the output with (no labels); got %%d" %% (option, len(files)))
                            x = read_npy(files[0])%s
                            return x, x
                """, top.inputs().get(0), normalized ? "\n            x = normalize(" + pyNames(top.inputNodes()).replaceAll("^\\[|\\]$", "") + ", x)" : "")
                : texts ? """
                        def data(files, option):
                            if len(files) != 2:
                                sys.exit("%s takes 2 files: the texts (.txt, a text a line, or an .npy array of token ids), then the labels; got %d" % (option, len(files)))
                            texts, labels = files
                            x = encode(read_texts(texts)) if texts.lower().endswith((".txt", ".text")) else read_npy(texts)
                            y = read_labels(labels)
                            if len(x) != len(y):
                                sys.exit("%s: %s holds %d texts but %s %d labels" % (option, texts, len(x), labels, len(y)))
                            return x, y
                """ : String.format(java.util.Locale.ROOT, """
                        def data(files, option):
                            if len(files) != %d:
                                sys.exit("%%s takes %d array(s): %s, then the labels; got %%d" %% (option, len(files)))
                            arrays = [read_npy(p) for p in files]
                            xs = arrays[:-1]%s
                            return xs[0] if len(xs) == 1 else xs, arrays[-1]
                """, top.inputs().size() + 1, top.inputs().size() + 1, String.join(", ", top.inputs()),
                normalized ? "\n            xs = [normalize(name, x) for name, x in zip(" + pyNames(top.inputNodes()) + ", xs)]" : "");
        String run = """
                    if args.train:
                %s
                        x, y = data(args.train, "--train")
                        val = make_loader(*data(args.val, "--val"), batch_size=max(BATCH_SIZE, 256), shuffle=False) if args.val else None
                        if args.fresh:
                            torch.manual_seed(SEED)
                            model = %s()
                        train(model, make_loader(x, y), val, epochs=args.epochs)
                        model.eval()
                        if args.save:
                            save_safetensors(args.save, model.state_dict())
                            print("wrote " + args.save)
                        return
                """.formatted(data.stripTrailing(), cls);
        // The training goes right after the model is made and loaded, before the prediction reads its inputs.
        String before = texts ? "    texts = list(args.text)\n" : "    if not args.input:\n";
        if (!footer.contains(before) || !footer.contains("    args = ap.parse_args()\n")) throw new IllegalStateException("the command line's main changed");
        String saving = SAVE + (texts && !nextToken ? READ_LABELS : "");
        return footer.replace("    args = ap.parse_args()\n", args).replace(before, run + before).replace("def main():\n", saving + "\n\ndef main():\n");
    }

    /** Python string literals for {@code names} (node names: identifiers, nothing to escape). */
    private static String pyNames(List<String> names) {
        List<String> quoted = new ArrayList<>();
        for (String n : names) quoted.add("\"" + n + "\"");
        return "[" + String.join(", ", quoted) + "]";
    }

    /** A text model's labels from a .txt file (a class name of CLASSES, or a number, a line) or an .npy array. */
    private static final String READ_LABELS = "\n\n" + """
            def read_labels(path):
                \"""Labels as a tensor: an .npy array, or a .txt file's lines that are not blank, each a class name of CLASSES or a
                number (class indices as int64, other numbers, such as a regression's targets, as float32).\"""
                if not path.lower().endswith((".txt", ".text")):
                    return read_npy(path)
                classes = globals().get("CLASSES", [])
                values = []
                for n, line in enumerate(read_texts(path), start=1):
                    v = line.strip()
                    if v in classes:
                        values.append(classes.index(v))
                        continue
                    try:
                        values.append(float(v))
                    except ValueError:
                        sys.exit("%s: label %d, %r, is %s" % (path, n, v, "none of the classes (" + ", ".join(classes) + ") nor a number" if classes else "not a number"))
                whole = all(float(v).is_integer() for v in values)
                return torch.tensor([int(v) for v in values] if whole else values, dtype=torch.int64 if whole else torch.float32)
            """;

    /** Weights as a safetensors file (what load_safetensors reads), with the standard library alone. */
    private static final String SAVE = """
            def save_safetensors(path, state):
                \"""Tensors (float32, int64) as a safetensors file: an 8-byte header length, a JSON header, then the raw data.\"""
                header, chunks, offset = {}, [], 0
                for key, t in state.items():
                    t = t.detach().contiguous().cpu()
                    dtype, code = {torch.float32: ("F32", "f"), torch.int64: ("I64", "q")}[t.dtype]
                    values = t.flatten().tolist()
                    raw = struct.pack("<%d%s" % (len(values), code), *values)
                    header[key] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
                    chunks.append(raw)
                    offset += len(raw)
                text = json.dumps(header, separators=(",", ":"))
                text += " " * ((8 - len(text) % 8) % 8)
                with open(path, "wb") as f:
                    f.write(struct.pack("<Q", len(text)) + text.encode("utf-8") + b"".join(chunks))
            """;
}
