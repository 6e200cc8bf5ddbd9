package layerlab.io;

import static layerlab.io.PyLiterals.string;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.PyTorchSource;
import layerlab.graph.analysis.Analysis;
import layerlab.tensor.Tensor;

/**
 * A graph as a standalone PyTorch script: an {@code nn.Module} class whose attributes are the nodes (named as
 * on the canvas, built from each kind's PyTorch text), whose {@code forward} follows the edges, with one class
 * per block; plus the weights as safetensors beside it. The script needs only torch: it reads the safetensors
 * header with json and struct and the arrays with a small NPY reader. Run alone it prints the model;
 * {@code python3 model.py --input X.npy [--input X2.npy] --output Y.npy} predicts (the first Output). A model that
 * reads text carries its vocabulary and an {@code encode(texts)} that turns texts into token ids as LayerLab does;
 * its command line takes {@code --text "…"} (repeatable) or a {@code .txt} file of texts and prints each one's class.
 * Like the ONNX export it covers what the Outputs need: losses and label inputs stay out of the model; the project's
 * training ({@link PyTorchTraining}: {@code train}, {@code make_optimizer}, {@code make_scheduler}) comes after it.
 */
public final class PyTorchExport {
    private PyTorchExport() {
    }

    /** Writes {@code script} (a {@code .py}) and the weights beside it ({@code model.safetensors} for {@code model.py}). */
    public static void save(Graph g, Map<String, Tensor> weights, Path script) throws IOException {
        save(g, weights, null, script);
    }

    /** {@link #save}, for a model trained on inputs normalized by {@code norm} (null: none), which the script then applies. */
    public static void save(Graph g, Map<String, Tensor> weights, Normalization norm, Path script) throws IOException {
        save(g, weights, norm, DataNames.NONE, script);
    }

    /**
     * {@link #save}, naming the classes and features the model was trained with in the script ({@code CLASSES},
     * {@code FEATURES}), with a text model's vocabulary and {@code encode} where {@code names} has one.
     */
    public static void save(Graph g, Map<String, Tensor> weights, Normalization norm, DataNames names, Path script) throws IOException {
        Path w = weightsPath(script);
        PyTorchSource.Exported top = PyTorchSource.export(g, Analysis.of(g));
        String text = script(g, top, w.getFileName().toString(), norm, names);
        // The weights of the layers the script holds (what the Outputs need), so that load_state_dict(strict) takes them:
        // a layer whose output goes nowhere is left out of both.
        Set<String> layers = top.layers();
        Map<String, Tensor> kept = new LinkedHashMap<>();
        weights.forEach((k, t) -> {
            if (layers.contains(k.substring(0, Math.max(0, k.indexOf('.'))))) kept.put(k, t);
        });
        Safetensors.save(w, kept);
        AtomicFiles.writeString(script, text);
    }

    /** {@code model.safetensors} beside {@code model.py}. */
    public static Path weightsPath(Path script) {
        String name = script.getFileName().toString();
        String stem = name.endsWith(".py") ? name.substring(0, name.length() - 3) : name;
        return script.resolveSibling(stem + ".safetensors");
    }

    /** The script's text; it loads {@code weightsFile} from its own folder unless told {@code --weights}. */
    public static String script(Graph g, String weightsFile) {
        return script(g, weightsFile, null);
    }

    /** {@link #script}, applying {@code norm} (null: none) to the inputs it reads, as {@code layerlab predict} does. */
    public static String script(Graph g, String weightsFile, Normalization norm) {
        return script(g, weightsFile, norm, DataNames.NONE);
    }

    /** {@link #script}, with {@code CLASSES} and {@code FEATURES} lists, and a text model's vocabulary, where {@code names} has them. */
    public static String script(Graph g, String weightsFile, Normalization norm, DataNames names) {
        // The classes are the Code tab's, letter for letter: one generator (PyTorchSource), strict here.
        return script(g, PyTorchSource.export(g, Analysis.of(g)), weightsFile, norm, names);
    }

    private static String script(Graph g, PyTorchSource.Exported top, String weightsFile, Normalization norm, DataNames names) {
        List<InputNormalization> norms = InputNormalization.of(g, norm);
        String main = PyTorchSource.topClass(g);
        StringBuilder sb = new StringBuilder();
        // Python reads "coding: x" in either of the first two lines as the file's encoding: a description that says
        // "PositionalEncoding: attention …" there made the script a SyntaxError. The first line says it is UTF-8.
        sb.append("# -*- coding: utf-8 -*-\n");
        sb.append("# ").append(g.name()).append(": a PyTorch model exported from LayerLab.\n");
        for (String line : g.description().split("\n")) if (!line.isBlank()) sb.append("# ").append(line).append('\n');
        String py = weightsFile.replaceFirst("\\.safetensors$", "") + ".py";
        // A name a shell would split ("model ö.py", "Netz 1.py") in single quotes, so that the line copies into a terminal.
        if (!py.matches("[A-Za-z0-9_./:@%+=,-]+")) py = "'" + py.replace("'", "'\\''") + "'";
        // Texts go into a model whose one Input takes the token ids.
        boolean texts = names.vocabulary() != null && top.inputs().size() == 1;
        // An autoencoder trains on its pictures alone: its loss compares its output with them.
        boolean remakes = !texts && top.inputs().size() == 1 && layerlab.train.Losses.reconstructs(g);
        // A next-token model trains on texts alone, each one's next tokens its targets, and reads <bos> first.
        boolean nextToken = texts && layerlab.data.NextTokens.isNextToken(names.vocabulary());
        sb.append("#\n# python3 ").append(py).append("                                 prints the model\n")
                .append("# python3 ").append(py).append(" --input X.npy --output Y.npy   predicts\n")
                .append(!texts && !names.features().isEmpty() && top.inputs().size() == 1
                        ? "# python3 " + py + " --input new.csv                predicts from a CSV "
                        + (layerlab.data.CsvLoader.namedByColumn(names.features()) ? "without a header, its columns as in training (the label column may be there)"
                                : "whose header names the training columns") + "\n" : "")
                .append(texts ? "# python3 " + py + " --text \"some text\" [--text …]   " + (names.classes().isEmpty() ? "predicts" : "classifies")
                        + " texts (or --input texts.txt, a text a line)\n" : "")
                .append(top.inputs().size() > 1 ? "#   (one --input per model input, in order: " + String.join(", ", top.inputs()) + ")\n" : "")
                .append(top.outputs().size() > 1 ? "#   (one --output per model output, in order: " + String.join(", ", top.outputs()) + ")\n" : "")
                .append(PyTorchTraining.trains(PyTorchTraining.block(g, Analysis.of(g), top.outputs(), top.inputs()))
                        ? "# python3 " + py + PyTorchTrainCommand.usage(texts, remakes, nextToken) : "")
                .append("# The weights (").append(weightsFile).append(") load with the standard library and torch alone.\n");
        if (PyTorchSource.makesEveryLayerWithWeights(Analysis.of(g), top.layers())) {
            long seed = PyTorchSource.trainingSeed(g);
            sb.append("# torch.manual_seed(").append(seed).append("); ").append(main).append("() makes the very weights LayerLab's training starts from\n")
                    .append("# (its seed, ").append(seed).append("): LayerLab draws its initial weights as PyTorch does.\n");
        }
        boolean fills = !norms.isEmpty() && norms.get(0).fill() != null;
        if (!norms.isEmpty()) {
            boolean affine = norms.get(0).affine();
            sb.append("# Trained on normalized inputs (").append(norms.get(0).description()).append("): the model expects\n")
                    .append("# normalize(name, x) = ").append(fills ? (affine ? "x with each NaN (a missing value) replaced by its feature's fill value (the training set's), then\n# (x - offset) / scale"
                            : "x with each NaN (a missing value) replaced by its feature's fill value (the training set's)") : "(x - offset) / scale")
                    .append(" with the training set's statistics. The command line above does it,\n")
                    .append("# as layerlab predict does; in your own code call model(normalize(\"").append(norms.get(0).input()).append("\", x)).\n");
        }
        sb.append(names.vocabulary() != null ? HEADER.replace("import sys\n", "import sys\nimport unicodedata\n") : HEADER);
        sb.append(namesBlock(names, fills));
        if (names.vocabulary() != null) sb.append(PyTorchTextScript.textBlock(names.vocabulary()));
        if (layerlab.data.NextTokens.isNextToken(names.vocabulary())) sb.append(PyTorchTextScript.GENERATE);
        if (!norms.isEmpty()) sb.append(normalizeBlock(norms));
        sb.append(top.blockClasses());
        sb.append(top.topClass());
        String training = PyTorchTraining.block(g, Analysis.of(g), top.outputs(), top.inputs());
        sb.append(training);
        String footer = texts ? PyTorchTextScript.textFooter(main, weightsFile, top, !names.classes().isEmpty(), nextToken) : footer(main, weightsFile, top, !norms.isEmpty(),
                !names.features().isEmpty() && top.inputs().size() == 1);
        // Its command line trains too (--train), where the script has train(): on arrays, or a text model on texts.
        sb.append(PyTorchTraining.trains(training) ? PyTorchTrainCommand.add(footer, main, top, !norms.isEmpty(), texts, remakes, nextToken) : footer);
        return sb.toString();
    }

    /** What the outputs and inputs mean, as lists a user's code can index: {@code CLASSES[y.argmax(1)]}. */
    private static String namesBlock(DataNames names, boolean fills) {
        if (names.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("\n\n");
        if (!names.classes().isEmpty()) sb.append("CLASSES = ").append(PyLiterals.value(names.classes())).append("  # what the first output scores, in order\n");
        if (!names.features().isEmpty()) {
            sb.append("FEATURES = ").append(PyLiterals.value(names.features())).append("  # a sample's values, in order\n");
            sb.append(READ_CSV.replace("GAP_CELL", fills ? "float(\"nan\")" : "gap(n, c)"));
        }
        return sb.toString();
    }

    /**
     * New samples from a CSV file with a header, as {@code layerlab predict} reads them ({@code CsvLoader.features}): the
     * columns {@code FEATURES} names, in its order, and for a name {@code column=word} (a column of words, one-hot encoded
     * in training) 1.0 where the column holds that word, else 0.0. A cell without a value (empty, NA, N/A, NaN, null,
     * None, ?) is NaN where the model fills gaps ({@code GAP_CELL} is then {@code float("nan")}), else refused.
     */
    private static final String READ_CSV = "\n\n" + """
            def read_csv(path):
                \"""A CSV file's rows as the model's samples: its header names the columns FEATURES lists (or, for a model trained on a
                file without a header, the columns are those FEATURES numbers); a name "column=word" is 1.0 where that column
                holds word and 0.0 elsewhere (the one-hot encoding of training: a word it never saw is all 0s).\"""
                import csv
                import re
                number = re.compile(r"[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")
                with open(path, newline="", encoding="utf-8-sig") as f:
                    rows = [(n, r) for n, r in enumerate(csv.reader(f), start=1) if any(c.strip() for c in r)]
                if not rows:
                    sys.exit(path + ": no rows")
                picks = []
                # Trained on a file without a header (features named by 0-based column: "2", "1=Biscoe"): columns by
                # index, at the same places when the file is that wide, else in order when it holds just those columns.
                if all(re.fullmatch(r"\\d+(=.*)?", name) for name in FEATURES) and any("=" in name for name in FEATURES):
                    width = len(rows[0][1])
                    cols = sorted({int(name.split("=")[0]) for name in FEATURES})
                    if width > cols[-1]:
                        where = {c: c for c in cols}
                    elif width == len(cols):
                        where = {c: i for i, c in enumerate(cols)}
                    else:
                        sys.exit("%s: %d columns, but the model was trained on a file without a header whose features are in columns %s "
                                 "(0-based): give those columns in that order, with or without the label column"
                                 % (path, width, ", ".join(str(c) for c in cols)))
                    header = [str(i) for i in range(width)]
                    for name in FEATURES:
                        column, _, word = name.partition("=")
                        picks.append((where[int(column)], word if "=" in name else None))
                    body = rows
                else:
                    header = [c.strip() for c in rows[0][1]]
                    seen = {}  # a name an earlier column has too becomes name.1, name.2, ..., as pandas' read_csv renames it
                    for i, c in enumerate(list(header)):
                        if c in seen:
                            k = seen[c] + 1
                            while "%s.%d" % (c, k) in header:
                                k += 1
                            seen[c] = k
                            header[i] = "%s.%d" % (c, k)
                        else:
                            seen[c] = 0
                    for name in FEATURES:
                        if name in header:
                            picks.append((header.index(name), None))
                            continue
                        cut = [i for i, ch in enumerate(name) if ch == "=" and name[:i] in header]
                        if not cut:
                            sys.exit("%s: no column %s; line %d names %s" % (path, name.split("=")[0], rows[0][0], ", ".join(header)))
                        picks.append((header.index(name[:cut[0]]), name[cut[0] + 1:]))
                    body = rows[1:]

                def gap(n, c):
                    sys.exit("%s: line %d: column %s has no value; the model needs every feature" % (path, n, header[c]))

                def cell(n, r, c, word):
                    if c >= len(r):
                        sys.exit("%s: line %d: expected %d fields, got %d" % (path, n, len(header), len(r)))
                    v = r[c].strip()
                    if v.lower() in ("", "na", "n/a", "nan", "null", "none", "?"):
                        return GAP_CELL
                    if word is not None:
                        return float(v == word)
                    if not number.fullmatch(v):
                        sys.exit("%s: line %d: column %s: expected a number, got %r" % (path, n, header[c], v))
                    return float(v)

                values = [[cell(n, r, c, word) for c, word in picks] for n, r in body]
                return torch.tensor(values, dtype=torch.float32)
            """;

    /** The statistics per Input, and the function that applies them. */
    private static String normalizeBlock(List<InputNormalization> norms) {
        StringBuilder sb = new StringBuilder("\n\nNORMALIZE = {  # Input: (offset, scale, fill: a missing value's stand-in, shape to broadcast over a batch)\n");
        for (InputNormalization n : norms) {
            sb.append("    \"").append(n.input()).append("\": (").append(floats(n.offset())).append(", ").append(floats(n.scale())).append(", ")
                    .append(floats(n.fill())).append(", ").append(Arrays.toString(n.constDims())).append("),\n");
        }
        sb.append("}\n\n\n").append("""
                def normalize(name, x):
                    \"""x as the Input called name took it in training (its NaN filled, then (x - offset) / scale, where the
                    statistics are not None); other inputs and integer ids pass unchanged.\"""
                    if name not in NORMALIZE or not x.is_floating_point():
                        return x
                    offset, scale, fill, shape = NORMALIZE[name]
                    if fill is not None:
                        x = torch.where(torch.isnan(x), torch.tensor(fill).reshape(shape), x)
                    if offset is None:
                        return x
                    return (x - torch.tensor(offset).reshape(shape)) / torch.tensor(scale).reshape(shape)
                """);
        return sb.toString();
    }

    /** Python floats that read back as exactly these float32 values. */
    private static String floats(float[] v) {
        if (v == null) return "None";
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(Float.toString(v[i]));
        return sb.append("]").toString();
    }

    /** @param csv whether {@code --input} may be a CSV file read by {@code read_csv} (a one-input model with named features) */
    private static String footer(String cls, String weights, PyTorchSource.Exported top, boolean normalized, boolean csv) {
        // Locale.ROOT: the input count's %d in Arabic-Indic digits (ar-EG's) would be a syntax error in Python.
        return "\n\n" + String.format(java.util.Locale.ROOT, """
                def main():
                    here = os.path.dirname(os.path.abspath(__file__))
                    ap = argparse.ArgumentParser(description="%s, exported from LayerLab.")
                    ap.add_argument("--weights", default=os.path.join(here, %s), help="the safetensors file")
                    ap.add_argument("--input", action="append", default=[], help="an .npy array per model input (%s), in order%s")
                    ap.add_argument("--output", action="append", default=[], help="where to write each output (.npy: %s), in order")
                    args = ap.parse_args()
                    model = %s()
                    model.load_state_dict(load_safetensors(args.weights))
                    model.eval()
                    if not args.input:
                        print(model)
                        return
                    if len(args.input) != %d:
                        sys.exit("the model takes %d input(s) (%s), got %%d" %% len(args.input))
                    xs = [%s for p in args.input]%s
                    with torch.no_grad():
                        y = model(*xs)
                    ys = y if isinstance(y, tuple) else (y,)
                    for path, out in zip(args.output, ys):
                        write_npy(path, out)
                    if not args.output:
                        print(*ys, sep="\\n")


                if __name__ == "__main__":
                    main()
                """, cls, string(weights), String.join(", ", top.inputs()), csv ? "; or a .csv file with a header naming FEATURES' columns" : "",
                String.join(", ", top.outputs()), cls, top.inputs().size(), top.inputs().size(), String.join(", ", top.inputs()),
                csv ? "read_csv(p) if p.lower().endswith(\".csv\") else read_npy(p)" : "read_npy(p)", normalized ? "\n    xs = [normalize(name, x) for name, x in zip(" + PyLiterals.value(top.inputNodes()) + ", xs)]" : "");
    }

    private static final String HEADER = """

            import argparse
            import ast
            import json
            import os
            import struct
            import sys

            import torch
            from torch import nn

            _DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32}
            _NPY = {"<f4": torch.float32, "<f8": torch.float64, "<i8": torch.int64, "<i4": torch.int32}


            def load_safetensors(path):
                \"""The tensors of a safetensors file: an 8-byte header length, a JSON header, then the raw data.\"""
                with open(path, "rb") as f:
                    data = f.read()
                (n,) = struct.unpack("<Q", data[:8])
                header = json.loads(data[8:8 + n])
                state = {}
                for key, info in header.items():
                    if key == "__metadata__":
                        continue
                    begin, end = info["data_offsets"]
                    raw = bytearray(data[8 + n + begin:8 + n + end])
                    dtype = _DTYPES[info["dtype"]]
                    t = torch.frombuffer(raw, dtype=dtype) if raw else torch.zeros(0, dtype=dtype)
                    state[key] = t.reshape(info["shape"])
                return state


            def read_npy(path):
                \"""A little-endian, C-ordered .npy array (float32/64, int32/64) as a tensor.\"""
                with open(path, "rb") as f:
                    data = f.read()
                if data[:6] != b"\\x93NUMPY":
                    sys.exit(path + " is not an .npy file")
                n, start = (struct.unpack("<H", data[8:10])[0], 10) if data[6] == 1 else (struct.unpack("<I", data[8:12])[0], 12)
                header = ast.literal_eval(data[start:start + n].decode("latin1"))
                if header["fortran_order"] or header["descr"] not in _NPY:
                    sys.exit(path + ": only C-ordered float32/float64/int32/int64 arrays are read, got " + header["descr"])
                raw = bytearray(data[start + n:])
                dtype = _NPY[header["descr"]]
                t = torch.frombuffer(raw, dtype=dtype) if raw else torch.zeros(0, dtype=dtype)
                t = t.reshape(header["shape"])
                return t.float() if dtype == torch.float64 else t.long() if dtype == torch.int32 else t


            def write_npy(path, t):
                \"""A tensor as a little-endian .npy array (float32 or int64).\"""
                t = t.detach().contiguous().cpu()
                descr, code = {torch.float32: ("<f4", "f"), torch.int64: ("<i8", "q")}[t.dtype]
                header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, tuple(t.shape))
                header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\\n"
                values = t.flatten().tolist()
                with open(path, "wb") as f:
                    f.write(b"\\x93NUMPY\\x01\\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
                    f.write(struct.pack("<%d%s" % (len(values), code), *values))
            """;
}
