package layerlab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.analysis.Problem;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Params;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.Registry;
import layerlab.tensor.Tensor;

/**
 * A graph as a standalone PyTorch script: an {@code nn.Module} class whose attributes are the nodes (named as
 * on the canvas, built from each kind's PyTorch text), whose {@code forward} follows the edges, with one class
 * per block; plus the weights as safetensors beside it. The script needs only torch: it reads the safetensors
 * header with json and struct and the arrays with a small NPY reader. Run alone it prints the model;
 * {@code python3 model.py --input X.npy [--input X2.npy] --output Y.npy} predicts (the first Output). Like
 * the ONNX export it covers what the Outputs need: losses and label inputs stay out.
 */
public final class PyTorchExport {
    private static final Set<String> RESERVED = Set.of("self", "torch", "nn", "os", "sys", "json", "struct", "argparse", "ast", "main",
            "load_safetensors", "read_npy", "write_npy");

    private final StringBuilder classes = new StringBuilder();
    private final Set<String> emittedBlocks = new HashSet<>();

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

    /** {@link #save}, naming the classes and features the model was trained with in the script ({@code CLASSES}, {@code FEATURES}). */
    public static void save(Graph g, Map<String, Tensor> weights, Normalization norm, DataNames names, Path script) throws IOException {
        Path w = weightsPath(script);
        String text = script(g, w.getFileName().toString(), norm, names);
        Safetensors.save(w, weights);
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

    /** {@link #script}, with {@code CLASSES} and {@code FEATURES} lists where {@code names} has them. */
    public static String script(Graph g, String weightsFile, Normalization norm, DataNames names) {
        Analysis a = Analysis.of(g);
        if (a.hasErrors()) {
            throw new IllegalArgumentException("\"" + g.name() + "\" has errors: " + String.join("; ", a.errors().stream().map(Problem::toString).toList()));
        }
        List<InputNormalization> norms = InputNormalization.of(g, norm);
        PyTorchExport x = new PyTorchExport();
        String main = Names.className(g.name());
        Module top = x.module(a, main, true);
        if (top.outputs.isEmpty()) throw new IllegalArgumentException("\"" + g.name() + "\" has no Output node, so there is nothing to export");
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(g.name()).append(": a PyTorch model exported from LayerLab.\n");
        for (String line : g.description().split("\n")) if (!line.isBlank()) sb.append("# ").append(line).append('\n');
        String py = weightsFile.replaceFirst("\\.safetensors$", "") + ".py";
        sb.append("#\n# python3 ").append(py).append("                                 prints the model\n")
                .append("# python3 ").append(py).append(" --input X.npy --output Y.npy   predicts\n")
                .append(top.inputs.size() > 1 ? "#   (one --input per model input, in order: " + String.join(", ", top.inputs) + ")\n" : "")
                .append(top.outputs.size() > 1 ? "#   (one --output per model output, in order: " + String.join(", ", top.outputs) + ")\n" : "")
                .append("# The weights (").append(weightsFile).append(") load with the standard library and torch alone.\n");
        if (!norms.isEmpty()) {
            sb.append("# Trained on normalized inputs (").append(norms.get(0).description()).append("): the model expects\n")
                    .append("# normalize(name, x) = (x - offset) / scale with the training set's statistics. The command line above does it,\n")
                    .append("# as layerlab predict does; in your own code call model(normalize(\"").append(norms.get(0).input()).append("\", x)).\n");
        }
        sb.append(HEADER);
        sb.append(namesBlock(names));
        if (!norms.isEmpty()) sb.append(normalizeBlock(norms));
        sb.append(x.classes);
        sb.append(top.text);
        sb.append(footer(main, weightsFile, top, !norms.isEmpty()));
        return sb.toString();
    }

    /** What the outputs and inputs mean, as lists a user's code can index: {@code CLASSES[y.argmax(1)]}. */
    private static String namesBlock(DataNames names) {
        if (names.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("\n\n");
        if (!names.classes().isEmpty()) sb.append("CLASSES = ").append(pyList(names.classes())).append("  # what the first output scores, in order\n");
        if (!names.features().isEmpty()) sb.append("FEATURES = ").append(pyList(names.features())).append("  # a sample's values, in order\n");
        return sb.toString();
    }

    /** A Python list of string literals, {@code ["a", "b"]} (JSON's escapes are Python's). */
    private static String pyList(List<String> items) {
        List<String> literals = new ArrayList<>();
        try {
            for (String item : items) literals.add(JSON.writeValueAsString(item));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a string always writes
        }
        return "[" + String.join(", ", literals) + "]";
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The statistics per Input, and the function that applies them. */
    private static String normalizeBlock(List<InputNormalization> norms) {
        StringBuilder sb = new StringBuilder("\n\nNORMALIZE = {  # Input: (offset, scale, shape to broadcast over a batch)\n");
        for (InputNormalization n : norms) {
            sb.append("    \"").append(n.input()).append("\": (").append(floats(n.offset())).append(", ").append(floats(n.scale())).append(", ")
                    .append(Arrays.toString(n.constDims())).append("),\n");
        }
        sb.append("}\n\n\n").append("""
                def normalize(name, x):
                    \"""(x - offset) / scale for the Input called name, as in training; other inputs and integer ids pass unchanged.\"""
                    if name not in NORMALIZE or not x.is_floating_point():
                        return x
                    offset, scale, shape = NORMALIZE[name]
                    return (x - torch.tensor(offset).reshape(shape)) / torch.tensor(scale).reshape(shape)
                """);
        return sb.toString();
    }

    /** Python floats that read back as exactly these float32 values. */
    private static String floats(float[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(Float.toString(v[i]));
        return sb.append("]").toString();
    }

    /** A class's text, its forward's arguments and the names of the Outputs it returns. */
    private record Module(String text, List<String> inputs, List<String> inputNodes, List<String> outputs) {}

    /** One class: {@code __init__} with the needed layers in document order, {@code forward} in execution order. */
    private Module module(Analysis a, String cls, boolean top) {
        Graph g = a.graph();
        Set<String> need = needed(g);
        Map<String, String> vars = new HashMap<>();
        Set<String> used = new HashSet<>();
        List<String> init = new ArrayList<>(), body = new ArrayList<>(), args = new ArrayList<>(), argNodes = new ArrayList<>(), returns = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<String, String> outputs = new HashMap<>();
        for (Node n : g.nodes()) {
            if (!need.contains(n.id()) || n.kind().equals("Input") || n.kind().equals("Output")) continue;
            NodeInfo info = a.info(n.id());
            if (info.body() != null) {
                String block = (String) n.param("block");
                if (emittedBlocks.add(block)) classes.append(module(info.body(), block, false).text);
                init.add("self." + n.name() + " = " + block + "()");
                continue;
            }
            LayerSpec spec = Registry.get(n.kind());
            if (spec.category() == Category.LOSS) {
                errors.add("node \"" + n.name() + "\" (" + n.kind() + "): a loss cannot be part of the exported model");
                continue;
            }
            String text = spec.torch(a.params(n.id()));
            if (text.startsWith("nn.")) init.add("self." + n.name() + " = " + text);
        }
        for (String id : a.order()) {
            if (!need.contains(id)) continue;
            Node n = g.node(id);
            NodeInfo info = a.info(id);
            Map<String, String> in = new LinkedHashMap<>();
            for (Edge e : g.incoming(id)) in.put(e.toPort(), vars.get(e.fromNode() + "." + e.fromPort()));
            String v = var(n.name(), used);
            switch (n.kind()) {
                case "Input" -> {
                    args.add(v);
                    argNodes.add(n.name());
                    vars.put(id + ".out", v);
                }
                case "Output" -> outputs.put(id, in.get("in"));
                default -> {
                    if (info.body() != null) {
                        List<String> ports = info.body().graph().nodes().stream().filter(b -> b.kind().equals("Output")).map(Node::name).toList();
                        List<String> ins = info.body().graph().nodes().stream().filter(b -> b.kind().equals("Input")).map(b -> in.get(b.name())).toList();
                        List<String> outs = new ArrayList<>();
                        for (String p : ports) {
                            String pv = ports.size() == 1 ? v : var(n.name() + "_" + p, used);
                            outs.add(pv);
                            vars.put(id + "." + p, pv);
                        }
                        body.add(String.join(", ", outs) + " = self." + n.name() + "(" + String.join(", ", ins) + ")");
                        continue;
                    }
                    LayerSpec spec = Registry.get(n.kind());
                    Params p = a.params(id);
                    List<String> outs = new ArrayList<>();
                    List<PortSpec> ports = spec.outputs(p);
                    for (PortSpec ps : ports) {
                        // As the code view names them: the node's name, or name_port for each output of a node with several.
                        String pv = ports.size() == 1 ? v : var(n.name() + "_" + ps.name(), used);
                        outs.add(pv);
                        vars.put(id + "." + ps.name(), pv);
                    }
                    try {
                        body.add(call(n, spec, p, info, in, outs));
                    } catch (IllegalArgumentException e) {
                        errors.add(e.getMessage());
                    }
                }
            }
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException("cannot export \"" + a.graph().name() + "\" to PyTorch: " + String.join("; ", errors));
        // The Outputs in document order: forward returns them (a tuple for several) as the canvas lists them.
        List<String> outNames = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!outputs.containsKey(n.id())) continue;
            returns.add(outputs.get(n.id()));
            outNames.add(n.name());
        }
        StringBuilder sb = new StringBuilder("\n\nclass " + cls + "(nn.Module):\n");
        sb.append("    def __init__(self):\n        super().__init__()\n");
        for (String line : init) sb.append("        ").append(line).append('\n');
        sb.append("\n    def forward(self").append(args.isEmpty() ? "" : ", " + String.join(", ", args)).append("):\n");
        for (String line : body) sb.append("        ").append(line).append('\n');
        sb.append("        return ").append(returns.isEmpty() ? "None" : String.join(", ", returns)).append('\n');
        return new Module(sb.toString(), args, argNodes, outNames);
    }

    /** One line of {@code forward} for a layer node. */
    private static String call(Node n, LayerSpec spec, Params p, NodeInfo info, Map<String, String> in, List<String> outs) {
        String v = outs.get(0), x = in.get("in");
        if (in.get("lengths") != null) {
            throw new IllegalArgumentException("node \"" + n.name() + "\" (" + n.kind() + "): its lengths input (padded sequences) cannot be exported to PyTorch yet");
        }
        switch (n.kind()) {
            case "RNN", "GRU":
                return v + ", " + outs.get(1) + " = self." + n.name() + "(" + x + ")";
            case "LSTM":
                return v + ", (" + outs.get(1) + ", " + outs.get(2) + ") = self." + n.name() + "(" + x + ")";
            case "Bilinear":
                return v + " = self." + n.name() + "(" + in.get("in1") + ", " + in.get("in2") + ")";
            case "Add", "Multiply": {
                List<String> terms = new ArrayList<>();
                for (PortSpec ps : spec.inputs(p)) terms.add(in.get(ps.name()));
                return v + " = " + String.join(n.kind().equals("Add") ? " + " : " * ", terms);
            }
            case "Concat": {
                List<String> parts = new ArrayList<>();
                for (PortSpec ps : spec.inputs(p)) parts.add(in.get(ps.name()));
                return v + " = torch.cat([" + String.join(", ", parts) + "], dim=" + p.i("dim") + ")";
            }
            case "Reshape", "View": {
                StringBuilder sb = new StringBuilder(v + " = " + x + "." + (n.kind().equals("View") ? "view" : "reshape") + "(" + x + ".size(0)");
                for (int d : p.ints("shape")) sb.append(", ").append(d);
                return sb.append(")").toString();
            }
            case "LastStep":
                return v + " = " + x + (p.b("batch_first") ? "[:, -1]" : "[-1]");
            case "MeanOverTime":
                return v + " = " + x + ".mean(dim=" + (p.b("batch_first") ? 1 : 0) + ")";
            case "FinalHidden":
                // The descriptor's own text, as the Code tab shows it (layer and direction picked from h_n's view).
                return v + " = " + layerlab.graph.PyTorchSource.substitute(spec.torch(p), spec.inputs(p), List.of(x));
            default:
                if (!spec.torch(p).startsWith("nn.")) {
                    throw new IllegalArgumentException("node \"" + n.name() + "\" (" + n.kind() + "): " + n.kind() + " cannot be exported to PyTorch");
                }
                return v + " = self." + n.name() + "(" + x + ")";
        }
    }

    /** A Python local for {@code name}, clear of the script's own names and of the other locals. */
    private static String var(String name, Set<String> used) {
        String v = RESERVED.contains(name) ? name + "_" : name;
        while (!used.add(v)) v = v + "_";
        return v;
    }

    private static Set<String> needed(Graph g) {
        Set<String> need = new HashSet<>();
        List<String> stack = new ArrayList<>();
        for (Node n : g.nodes()) if (n.kind().equals("Output")) stack.add(n.id());
        while (!stack.isEmpty()) {
            String id = stack.remove(stack.size() - 1);
            if (!need.add(id)) continue;
            for (Edge e : g.incoming(id)) stack.add(e.fromNode());
        }
        return need;
    }

    private static String footer(String cls, String weights, Module top, boolean normalized) {
        return "\n\n" + """
                def main():
                    here = os.path.dirname(os.path.abspath(__file__))
                    ap = argparse.ArgumentParser(description="%s, exported from LayerLab.")
                    ap.add_argument("--weights", default=os.path.join(here, "%s"), help="the safetensors file")
                    ap.add_argument("--input", action="append", default=[], help="an .npy array per model input (%s), in order")
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
                    xs = [read_npy(p) for p in args.input]%s
                    with torch.no_grad():
                        y = model(*xs)
                    ys = y if isinstance(y, tuple) else (y,)
                    for path, out in zip(args.output, ys):
                        write_npy(path, out)
                    if not args.output:
                        print(*ys, sep="\\n")


                if __name__ == "__main__":
                    main()
                """.formatted(cls, weights, String.join(", ", top.inputs), String.join(", ", top.outputs), cls, top.inputs.size(), top.inputs.size(),
                String.join(", ", top.inputs), normalized ? "\n    xs = [normalize(name, x) for name, x in zip(" + pyList(top.inputNodes) + ", xs)]" : "");
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
