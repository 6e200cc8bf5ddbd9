package layerlab.graph.analysis;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import org.junit.jupiter.api.Test;

/** One test per validation message: the exact sentence a student reads, and what it is tied to. */
class ValidationMessagesTest {
    /** The only problem with this code; fails listing all problems otherwise. */
    private static Problem only(Graph g, ProblemCode code) {
        List<Problem> ps = Analysis.of(g).problems().stream().filter(p -> p.code() == code).toList();
        assertEquals(1, ps.size(), () -> "expected one " + code + " in " + Analysis.of(g).problems());
        return ps.get(0);
    }

    private static void assertClean(Graph g) {
        assertEquals(List.of(), Analysis.of(g).problems());
    }

    /** Input [4] → fc1 → out, plus whatever the test adds. */
    private static TestGraphs mlp() {
        return graph().node("x", "Input", "shape", List.of(4)).node("fc1", "Linear", "out_features", 3).node("out", "Output").chain("x", "fc1", "out");
    }

    @Test
    void cleanGraphHasNoProblems() {
        assertClean(mlp().build());
    }

    @Test
    void shapeDeterminedParamDisagreesWithTheIncomingShape() {
        Graph g = graph().node("x", "Input", "shape", List.of(32, 7, 7)).node("flatten1", "Flatten")
                .node("fc1", "Linear", "in_features", 3136, "out_features", 10).node("out", "Output")
                .chain("x", "flatten1", "fc1", "out").build();
        Problem p = only(g, ProblemCode.SHAPE_MISMATCH);
        assertEquals("Linear \"fc1\": in_features is 3136 but its input \"flatten1\" gives 1568 values per sample ([N, 32, 7, 7] flattened).", p.toString());
        assertEquals("fc1", p.nodeId());
        assertEquals("in_features", p.param());
        assertEquals(Severity.ERROR, p.severity());
    }

    /** An empty normalized_shape (typed in the sheet, or a damaged file) is named on the node, not first found by training. */
    @Test
    void anEmptyNormalizedShapeIsNamed() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("ln", "LayerNorm", "normalized_shape", List.of()).node("out", "Output")
                .chain("x", "ln", "out").build();
        Problem p = Analysis.of(g).errors().get(0);
        assertEquals("LayerNorm \"ln\": normalized_shape is [] but must name at least one dim (the last: [4]).", p.toString());
        assertEquals("normalized_shape", p.param());
    }

    @Test
    void channelsDisagree() {
        Graph g = graph().node("x", "Input", "shape", List.of(3, 8, 8)).node("conv1", "Conv2d", "in_channels", 1, "out_channels", 4)
                .node("out", "Output").chain("x", "conv1", "out").build();
        assertEquals("Conv2d \"conv1\": in_channels is 1 but its input \"x\" has 3 channels ([N, 3, 8, 8], channels are dim 1).",
                only(g, ProblemCode.SHAPE_MISMATCH).toString());
    }

    /** An Embedding straight into a Conv1d: the features are the channels meant, and a Transpose puts them there. */
    @Test
    void aSequenceIntoAConv1dIsToldOfTranspose() {
        Graph g = graph().node("tokens", "Input", "shape", List.of(50), "dtype", "int64").node("emb", "Embedding", "num_embeddings", 100, "embedding_dim", 16)
                .node("conv", "Conv1d", "in_channels", 16, "out_channels", 8, "kernel_size", 3).node("out", "Output").chain("tokens", "emb", "conv", "out").build();
        assertEquals("Conv1d \"conv\": in_channels is 16 but its input \"emb\" has 50 channels ([N, 50, 16], channels are dim 1); its last dim has 16, "
                + "the features of a sequence [N, steps, features]: put a Transpose (dim0 1, dim1 2) in between to make them the channels.",
                only(g, ProblemCode.SHAPE_MISMATCH).toString());
        assertClean(graph().node("tokens", "Input", "shape", List.of(50), "dtype", "int64").node("emb", "Embedding", "num_embeddings", 100, "embedding_dim", 16)
                .node("swap", "Transpose").node("conv", "Conv1d", "in_channels", 16, "out_channels", 8, "kernel_size", 3).node("out", "Output")
                .chain("tokens", "emb", "swap", "conv", "out").build());
    }

    /** Hardtanh's bounds out of order name both, on max_val, rather than clamping everything to one value. */
    @Test
    void hardtanhBoundsOutOfOrder() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("squash", "Hardtanh", "min_val", 1.0, "max_val", -1.0)
                .node("out", "Output").chain("x", "squash", "out").build();
        Problem p = only(g, ProblemCode.SHAPE);
        assertEquals("Hardtanh \"squash\": max_val (-1.0) must be greater than min_val (1.0).", p.toString());
        assertEquals("max_val", p.param());
    }

    /** PyTorch refuses a reflection as wide as the input and a wrap round it more than once; the graph says so before training. */
    @Test
    void reflectAndCircularPaddingWiderThanTheInput() {
        Graph g = graph().node("x", "Input", "shape", List.of(1, 3)).node("conv", "Conv1d", "out_channels", 1, "padding", 3,
                "padding_mode", "reflect").node("out", "Output").chain("x", "conv", "out").build();
        Problem p = only(g, ProblemCode.SHAPE);
        assertEquals("Conv1d \"conv\": padding_mode 'reflect' pads L by 3 but the input [N, 1, 3] has L = 3; a reflection needs padding "
                + "smaller than the input, as in PyTorch: use less padding, a smaller kernel_size, or padding_mode 'replicate' or 'zeros'.",
                p.toString());
        assertEquals("padding", p.param());
        Graph same = graph().node("x", "Input", "shape", List.of(1, 3, 8)).node("conv", "Conv2d", "out_channels", 1, "kernel_size", 8,
                "padding", "same", "padding_mode", "reflect").node("out", "Output").chain("x", "conv", "out").build();
        assertEquals("Conv2d \"conv\": padding_mode 'reflect' pads H by 4 (padding 'same') but the input [N, 1, 3, 8] has H = 3; a reflection "
                + "needs padding smaller than the input, as in PyTorch: use less padding, a smaller kernel_size, or padding_mode 'replicate' or 'zeros'.",
                only(same, ProblemCode.SHAPE).toString());
        Graph wrap = graph().node("x", "Input", "shape", List.of(1, 3)).node("conv", "Conv1d", "out_channels", 1, "padding", 4,
                "padding_mode", "circular").node("out", "Output").chain("x", "conv", "out").build();
        assertEquals(ProblemCode.SHAPE, only(wrap, ProblemCode.SHAPE).code());
        // At the limits PyTorch allows: a reflection one short of the input, a wrap exactly once; replicate has no limit.
        for (Object[] ok : new Object[][] {{2, "reflect"}, {3, "circular"}, {10, "replicate"}}) {
            assertClean(graph().node("x", "Input", "shape", List.of(1, 3)).node("conv", "Conv1d", "out_channels", 1, "padding", ok[0],
                    "padding_mode", ok[1]).node("out", "Output").chain("x", "conv", "out").build());
        }
    }

    @Test
    void wrongRank() {
        Graph g = graph().node("x", "Input", "shape", List.of(780)).node("conv1", "Conv2d").node("out", "Output").chain("x", "conv1", "out").build();
        Problem p = only(g, ProblemCode.SHAPE);
        assertEquals("Conv2d \"conv1\": expects [N, C, H, W] but its input \"x\" gives [N, 780]; put a Reshape with shape [C, H, W] before it "
                + "(their product 780).", p.toString());
        assertEquals("in", p.port());
    }

    @Test
    void inputTooSmallForTheKernel() {
        Graph g = graph().node("x", "Input", "shape", List.of(1, 2, 2)).node("conv1", "Conv2d", "kernel_size", 3).node("out", "Output")
                .chain("x", "conv1", "out").build();
        assertEquals("Conv2d \"conv1\": its input [N, 1, 2, 2] is too small: H_out would be 0 (H_out = ⌊(2 − 3)/1⌋ + 1 = 0); use a smaller "
                + "kernel_size or more padding.", only(g, ProblemCode.SHAPE).toString());
    }

    @Test
    void cycleNamesItsPath() {
        Graph g = mlp().node("relu1", "ReLU").node("fc2", "Linear", "in_features", 3, "out_features", 3)
                .edge("fc1.out", "relu1.in").edge("relu1.out", "fc2.in").edge("fc2.out", "relu1.in").build();
        Problem p = only(g, ProblemCode.CYCLE);
        assertEquals("ReLU \"relu1\": these layers form a loop: relu1 → fc2 → relu1. A network must flow one way, from its Inputs to its "
                + "Outputs; remove one of these connections.", p.toString());
        Analysis a = Analysis.of(g);
        assertEquals(Status.IN_CYCLE, a.info("relu1").status());
        assertEquals(Status.IN_CYCLE, a.info("fc2").status());
        assertEquals(Status.OK, a.info("out").status(), "the rest of the graph is still inferred");
    }

    @Test
    void selfLoop() {
        Graph g = mlp().node("relu1", "ReLU").edge("relu1.out", "relu1.in").build();
        assertEquals("ReLU \"relu1\": these layers form a loop: relu1 → relu1. A network must flow one way, from its Inputs to its Outputs; "
                + "remove one of these connections.", only(g, ProblemCode.CYCLE).toString());
    }

    @Test
    void typeMismatchFloatIntoEmbedding() {
        Graph g = graph().node("x", "Input", "shape", List.of(10)).node("embedding", "Embedding").node("out", "Output")
                .chain("x", "embedding", "out").build();
        Problem p = only(g, ProblemCode.TYPE_MISMATCH);
        assertEquals("Embedding \"embedding\": its input needs int64 indices (token ids or class labels), but \"x\" gives float32 [N, 10]; "
                + "token ids and class labels come from an Input with dtype int64.", p.toString());
        assertEquals("in", p.port());
    }

    @Test
    void typeMismatchLabelsIntoARegressionLoss() {
        Graph g = mlp().node("y", "Input", "shape", List.of(3), "dtype", "int64").node("loss", "MSELoss")
                .edge("fc1.out", "loss.input").edge("y.out", "loss.target").build();
        assertEquals("MSELoss \"loss\": input \"target\" needs float32 values, but \"y\" gives int64 [N, 3]; int64 holds token ids or class "
                + "labels: feed ids through an Embedding, or set the Input's dtype to float32 for values.", only(g, ProblemCode.TYPE_MISMATCH).toString());
    }

    @Test
    void missingInput() {
        Graph g = mlp().node("relu1", "ReLU").node("out2", "Output").chain("relu1", "out2").build();
        Problem p = only(g, ProblemCode.MISSING_INPUT);
        assertEquals("ReLU \"relu1\": its input is not connected; connect the previous layer's output to it.", p.toString());
        assertEquals("in", p.port());
    }

    @Test
    void missingOneOfSeveralInputs() {
        Graph g = mlp().node("add", "Add").node("out2", "Output").edge("fc1.out", "add.in1").chain("add", "out2").build();
        assertEquals("Add \"add\": input \"in2\" is not connected; connect a layer's output to it.", only(g, ProblemCode.MISSING_INPUT).toString());
    }

    /** A Concat given num_inputs 3 with two branches drawn: the way out is the third branch or num_inputs 2. */
    @Test
    void aConcatWithAnInputMoreThanItsBranchesSaysToLowerNumInputs() {
        Graph g = mlp().node("fc2", "Linear", "out_features", 3).node("cat", "Concat", "num_inputs", 3).node("out2", "Output")
                .chain("x", "fc2").edge("fc1.out", "cat.in1").edge("fc2.out", "cat.in2").chain("cat", "out2").build();
        assertEquals("Concat \"cat\": input \"in3\" is not connected; connect a layer's output to it, or set num_inputs to 2.",
                only(g, ProblemCode.MISSING_INPUT).toString());
    }

    /** A project file wiring a third branch into a two-input Concat: the message names num_inputs. */
    @Test
    void aWireIntoAConcatsMissingPortSaysToRaiseNumInputs() {
        Graph g = mlp().node("fc2", "Linear", "out_features", 3).node("fc3", "Linear", "out_features", 3).node("cat", "Concat").node("out2", "Output")
                .chain("x", "fc2").chain("x", "fc3").edge("fc1.out", "cat.in1").edge("fc2.out", "cat.in2").edge("fc3.out", "cat.in3")
                .chain("cat", "out2").build();
        assertEquals("Concat \"cat\": has no input \"in3\" (the connection from fc3.out goes nowhere); its inputs are \"in1\", \"in2\"; set "
                + "num_inputs to 3 to give it that input.", only(g, ProblemCode.UNKNOWN_PORT).toString());
    }

    @Test
    void severalEdgesIntoOnePort() {
        Graph g = mlp().node("y", "Input", "shape", List.of(4)).node("relu1", "ReLU").node("out2", "Output")
                .edge("x.out", "relu1.in").edge("y.out", "relu1.in").chain("relu1", "out2").build();
        Problem p = only(g, ProblemCode.MULTIPLE_INPUTS);
        assertEquals("ReLU \"relu1\": input \"in\" has 2 connections (from \"x\" and \"y\"), but an input takes one; to combine them, feed "
                + "them into an Add or a Concat first.", p.toString());
        assertEquals("in", p.port());
    }

    /**
     * A U-Net whose middle convolution lost its padding: the skip and the up-sampled path meet at the Concat at 16 and
     * 12 pixels. The Concat is only where they meet, so its message says which dimension differs and what to set upstream.
     */
    @Test
    void aSkipConnectionOfAnotherSizeSaysWhatToSetUpstream() {
        Graph g = graph().node("x", "Input", "shape", List.of(8, 16, 16)).node("pool", "MaxPool2d", "kernel_size", 2)
                .node("mid", "Conv2d", "in_channels", 8, "out_channels", 8, "kernel_size", 3)
                .node("up", "ConvTranspose2d", "in_channels", 8, "out_channels", 8, "kernel_size", 2, "stride", 2)
                .node("cat", "Concat").node("out", "Output").chain("x", "pool", "mid", "up").edge("up.out", "cat.in1").edge("x.out", "cat.in2")
                .chain("cat", "out").build();
        Problem p = only(g, ProblemCode.SHAPE);
        assertEquals("cat", p.nodeName());
        assertTrue(p.toString().contains("in2 \"x\" gives [N, 8, 16, 16] (dim 2: 12 vs 16)"), p.toString());
        assertTrue(p.toString().contains("padding = kernel_size // 2 (1 for kernel_size 3, 2 for 5)"), p.toString());
    }

    /**
     * A residual block whose main path strides while its shortcut does not: the Add says the dimension that differs and
     * what to set on the paths.
     */
    @Test
    void aResidualWhosePathsStrideDifferentlySaysWhatToSet() {
        Graph g = graph().node("x", "Input", "shape", List.of(8, 16, 16))
                .node("conv", "Conv2d", "in_channels", 8, "out_channels", 8, "kernel_size", 3, "stride", 2, "padding", 1)
                .node("add", "Add").node("out", "Output").edge("x.out", "conv.in").edge("conv.out", "add.in1").edge("x.out", "add.in2")
                .chain("add", "out").build();
        Problem p = only(g, ProblemCode.SHAPE);
        assertEquals("add", p.nodeName());
        assertTrue(p.toString().contains("(dimension 2: 8 vs 16). The two paths give different heights or widths: give them the same stride"), p.toString());
        Graph wide = graph().node("x", "Input", "shape", List.of(8, 16, 16))
                .node("conv", "Conv2d", "in_channels", 8, "out_channels", 16, "kernel_size", 3, "padding", 1)
                .node("add", "Add").node("out", "Output").edge("x.out", "conv.in").edge("conv.out", "add.in1").edge("x.out", "add.in2")
                .chain("add", "out").build();
        assertTrue(only(wide, ProblemCode.SHAPE).toString().contains("give the shortcut a 1×1 Conv2d"), only(wide, ProblemCode.SHAPE).toString());
    }

    @Test
    void edgeIntoAPortThatDoesNotExist() {
        Graph g = mlp().node("relu1", "ReLU").node("out2", "Output").edge("x.out", "relu1.input").chain("relu1", "out2").build();
        List<Problem> ps = Analysis.of(g).problems().stream().filter(p -> p.code() == ProblemCode.UNKNOWN_PORT).toList();
        assertEquals("ReLU \"relu1\": has no input \"input\" (the connection from x.out goes nowhere); its inputs are \"in\".", ps.get(0).toString());
    }

    @Test
    void edgeFromAnOutputThatDoesNotExist() {
        Graph g = mlp().node("relu1", "ReLU").node("out2", "Output").edge("fc1.h_n", "relu1.in").chain("relu1", "out2").build();
        assertEquals("ReLU \"relu1\": its input \"in\" comes from fc1.h_n, but Linear \"fc1\" has no output \"h_n\"; its outputs are out.",
                only(g, ProblemCode.UNKNOWN_PORT).toString());
    }

    @Test
    void danglingOutputIsAWarning() {
        Graph g = mlp().node("relu1", "ReLU").edge("fc1.out", "relu1.in").build();
        Problem p = only(g, ProblemCode.DANGLING_OUTPUT);
        assertEquals(Severity.WARNING, p.severity());
        assertEquals("ReLU \"relu1\": its output is not connected to anything, so it is computed for nothing; connect it to the next layer or "
                + "an Output, or delete it.", p.toString());
        assertTrue(!Analysis.of(g).hasErrors());
    }

    @Test
    void noOutputOrLoss() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("fc1", "Linear").edge("x.out", "fc1.in").build();
        Problem p = only(g, ProblemCode.NO_OUTPUT);
        assertEquals("The network has no Output or loss node, so nothing would be computed; connect your last layer to an Output (for "
                + "predictions) and to a loss (for training).", p.toString());
        assertEquals(null, p.nodeId());
    }

    @Test
    void noInput() {
        Graph g = graph().node("out", "Output").build();
        assertEquals("The network has no Input node; add one for your data, with the shape of one sample.", only(g, ProblemCode.NO_INPUT).toString());
    }

    @Test
    void paramOutOfRange() {
        Graph g = mlp().node("drop", "Dropout", "p", 1.5).node("out2", "Output").edge("fc1.out", "drop.in").chain("drop", "out2").build();
        Problem p = only(g, ProblemCode.PARAM_OUT_OF_RANGE);
        assertEquals("Dropout \"drop\": p is 1.5 but must be between 0 and 1.", p.toString());
        assertEquals("p", p.param());
    }

    @Test
    void paramBelowItsMinimum() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("fc1", "Linear", "out_features", 0).node("out", "Output")
                .chain("x", "fc1", "out").build();
        assertEquals("Linear \"fc1\": out_features is 0 but must be at least 1.", only(g, ProblemCode.PARAM_OUT_OF_RANGE).toString());
    }

    @Test
    void paramsThatConflict() {
        Graph g = graph().node("x", "Input", "shape", List.of(6, 8, 8)).node("conv1", "Conv2d", "out_channels", 4, "groups", 4)
                .node("out", "Output").chain("x", "conv1", "out").build();
        Problem p = only(g, ProblemCode.PARAM_OUT_OF_RANGE);
        assertEquals("Conv2d \"conv1\": in_channels (6) must be divisible by groups (4).", p.toString());
        assertEquals("groups", p.param());
    }

    @Test
    void paramOfTheWrongType() {
        Graph g = graph().node("x", "Input", "shape", List.of(1, 8, 8)).node("conv1", "Conv2d", "kernel_size", List.of(3, 3, 3))
                .node("out", "Output").chain("x", "conv1", "out").build();
        assertEquals("Conv2d \"conv1\": kernel_size must be a whole number or a list of 2, got [3, 3, 3].", only(g, ProblemCode.PARAM_INVALID).toString());
    }

    @Test
    void choiceNotAllowed() {
        Graph g = mlp().node("loss", "MSELoss", "reduction", "average").node("t", "Input", "shape", List.of(3))
                .edge("fc1.out", "loss.input").edge("t.out", "loss.target").build();
        assertEquals("MSELoss \"loss\": reduction must be one of 'mean', 'sum' or 'none', got 'average'.", only(g, ProblemCode.PARAM_INVALID).toString());
    }

    @Test
    void unknownParam() {
        Graph g = mlp().node("relu1", "ReLU", "inplace", true).node("out2", "Output").edge("fc1.out", "relu1.in").chain("relu1", "out2").build();
        Problem p = only(g, ProblemCode.UNKNOWN_PARAM);
        assertEquals("ReLU \"relu1\": has no param \"inplace\"; it takes none.", p.toString());
        assertEquals("inplace", p.param());
    }

    @Test
    void unknownKind() {
        Graph g = mlp().node("c", "Conv4d").build();
        assertEquals("Conv4d \"c\": unknown layer kind \"Conv4d\" (did you mean Conv1d?).", only(g, ProblemCode.UNKNOWN_KIND).toString());
    }

    @Test
    void unknownBlock() {
        Graph g = mlp().node("res1", "Block", "block", "ResBlok").build();
        assertEquals("ResBlok \"res1\": places block \"ResBlok\", but the project defines no such block.", only(g, ProblemCode.UNKNOWN_BLOCK).toString());
    }

    @Test
    void blockThatPlacesItself() {
        Graph body = graph().node("x", "Input").node("inner", "Block", "block", "Loop").node("y", "Output").chain("x", "inner").build();
        body = body.connect("inner.y", "y.in").after();
        Graph g = graph().block(new Block("Loop", "", body)).node("x", "Input", "shape", List.of(4)).node("b", "Block", "block", "Loop")
                .node("out", "Output").edge("x.out", "b.x").edge("b.y", "out.in").build();
        Problem p = only(g, ProblemCode.BLOCK_RECURSION);
        assertEquals("Loop \"b\": in block Loop, Loop \"inner\": block Loop places itself (Loop → Loop), which would never end.", p.toString());
    }

    @Test
    void problemsInsideABlockNameTheBlockAndTheInnerNode() {
        Graph body = graph().node("x", "Input").node("fc", "Linear", "in_features", 5, "out_features", 2).node("y", "Output")
                .chain("x", "fc", "y").build();
        Graph g = graph().block(new Block("Head", "", body)).node("x", "Input", "shape", List.of(4)).node("head", "Block", "block", "Head")
                .node("out", "Output").edge("x.out", "head.x").edge("head.y", "out.in").build();
        Problem p = only(g, ProblemCode.SHAPE_MISMATCH);
        assertEquals("Head \"head\": in block Head, Linear \"fc\": in_features is 5 but its input \"x\" gives 4 values per sample ([N, 4]).", p.toString());
        assertEquals("head", p.nodeId());
    }

    @Test
    void blockWithoutOutput() {
        Graph body = graph().node("x", "Input").node("relu", "ReLU").chain("x", "relu").build();
        Graph g = graph().block(new Block("Half", "", body)).node("x", "Input", "shape", List.of(4)).node("h", "Block", "block", "Half")
                .node("out", "Output").edge("x.out", "h.x").build();
        assertTrue(Analysis.of(g).problems().stream().anyMatch(p -> p.toString().equals(
                "Half \"h\": in block Half, the block has no Output node, so its placements give nothing; add an Output for each of its results.")));
    }

    @Test
    void layerWarning() {
        Graph g = graph().node("x", "Input", "shape", List.of(5, 8)).node("lstm", "LSTM", "hidden_size", 4, "dropout", 0.2).node("out", "Output")
                .chain("x", "lstm", "out").build();
        Problem p = only(g, ProblemCode.LAYER_WARNING);
        assertEquals(Severity.WARNING, p.severity());
        assertEquals("LSTM \"lstm\": dropout 0.2 does nothing with num_layers 1: it acts only between stacked layers.", p.toString());
    }

    @Test
    void regressionTargetShapeThatWouldBroadcast() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("fc", "Linear", "out_features", 1).node("out", "Output")
                .node("t", "Input", "shape", List.of()).node("loss", "MSELoss").chain("x", "fc", "out")
                .edge("fc.out", "loss.input").edge("t.out", "loss.target").build();
        assertEquals("MSELoss \"loss\": input \"fc\" gives [N, 1] but target \"t\" gives [N]; MSELoss needs both the same shape; set the target "
                + "Input's shape to [1] so both are [N, 1] (PyTorch would broadcast them to [N, N] and compute the wrong loss).",
                only(g, ProblemCode.SHAPE).toString());
    }

    @Test
    void classLabelsWithAnExtraDimension() {
        Graph g = mlp().node("y", "Input", "shape", List.of(1), "dtype", "int64").node("loss", "CrossEntropyLoss")
                .edge("fc1.out", "loss.input").edge("y.out", "loss.target").build();
        assertEquals("CrossEntropyLoss \"loss\": class labels must be [N] int64 (one class index per sample) to go with input [N, 3], but "
                + "target \"y\" gives [N, 1] int64; set the label Input's shape to [] (one label per sample).", only(g, ProblemCode.SHAPE).toString());
    }

    @Test
    void addOfShapesThatDoNotBroadcast() {
        Graph g = graph().node("a", "Input", "shape", List.of(16, 4, 4)).node("b", "Input", "shape", List.of(8, 4, 4)).node("add", "Add")
                .node("out", "Output").edge("a.out", "add.in1").edge("b.out", "add.in2").chain("add", "out").build();
        assertEquals("Add \"add\": its inputs cannot be added: in1 \"a\" gives [N, 16, 4, 4] and in2 \"b\" gives [N, 8, 4, 4] (dimension 1: 16 vs 8). The "
                + "two paths give different channels: make the last convolutions' out_channels match, or give the shortcut a 1×1 Conv2d "
                + "to the main path's channels (a projection).", only(g, ProblemCode.SHAPE).toString());
    }

    @Test
    void problemsComeNodeByNodeInDocumentOrder() {
        Graph g = mlp().node("relu1", "ReLU").node("drop", "Dropout", "p", 2.0).build();
        List<String> where = Analysis.of(g).problems().stream().map(Problem::nodeName).toList();
        assertEquals(List.of("relu1", "relu1", "drop", "drop", "drop"), where, "missing input + dangling; out of range + missing input + dangling");
    }

    @Test
    void inceptionBranchWithoutPaddingNamesThePaddingItsKernelNeeds() {
        Graph g = graph().node("x", "Input", "shape", List.of(1, 28, 28))
                .node("b1", "Conv2d", "out_channels", 8, "kernel_size", 1).node("b3", "Conv2d", "out_channels", 8, "kernel_size", 3, "padding", 1)
                .node("b5", "Conv2d", "out_channels", 8, "kernel_size", 5).node("cat", "Concat", "num_inputs", 3).node("out", "Output")
                .chain("x", "b1").chain("x", "b3").chain("x", "b5").edge("b1.out", "cat.in1").edge("b3.out", "cat.in2").edge("b5.out", "cat.in3")
                .chain("cat", "out").build();
        Problem p = only(g, ProblemCode.SHAPE);
        assertEquals("cat", p.nodeName());
        // The old hint gave padding=1 only (wrong for the 5×5 branch) and spoke of pooling and up-sampling that this module has not.
        assertEquals("Concat \"cat\": its inputs must match in every dimension but dim 1: in1 \"b1\" gives [N, 8, 28, 28] and in3 \"b5\" gives "
                + "[N, 8, 24, 24] (dim 2: 28 vs 24). The paths were sized differently upstream: give each convolution that shrinks its path "
                + "padding = kernel_size // 2 (1 for kernel_size 3, 2 for 5) or padding='same', so every path keeps its size; in a U-Net, also "
                + "give the Input a height and width every pooling halves evenly (32, 64…), so the up-sampling gets back to the skip's size.",
                p.toString());
    }

    @Test
    void lstmFedOneValuePerStepSaysHowToMakeASequence() {
        Graph g = graph().node("x", "Input", "shape", List.of(50)).node("lstm", "LSTM", "hidden_size", 8).node("out", "Output")
                .chain("x", "lstm", "out").build();
        assertEquals("LSTM \"lstm\": expects a sequence [N, T, features] but its input \"x\" gives [N, 50]; to read it as 50 time steps of 1 "
                + "feature, put a Reshape with shape [50, 1] before it (input_size 1); for token ids, set the Input's dtype to int64 and put an "
                + "Embedding before it.", only(g, ProblemCode.SHAPE).toString());
    }

    @Test
    void gruFedAnImageSaysHowToReadItsRowsAsSteps() {
        Graph g = graph().node("x", "Input", "shape", List.of(1, 28, 28)).node("gru", "GRU", "hidden_size", 8).node("out", "Output")
                .chain("x", "gru", "out").build();
        assertEquals("GRU \"gru\": expects a sequence [N, T, features] but its input \"x\" gives [N, 1, 28, 28]; to read each row as a time "
                + "step, put a Reshape with shape [28, 28] before it (input_size 28).", only(g, ProblemCode.SHAPE).toString());
    }

    @Test
    void batchNorm2dAfterALinearSaysToUseBatchNorm1d() {
        Graph g = graph().node("x", "Input", "shape", List.of(32)).node("bn", "BatchNorm2d").node("out", "Output").chain("x", "bn", "out").build();
        assertEquals("BatchNorm2d \"bn\": expects [N, C, H, W] but its input \"x\" gives [N, 32]; for features [N, C] or sequences [N, C, L] use "
                + "BatchNorm1d.", only(g, ProblemCode.SHAPE).toString());
    }

    @Test
    void conv2dOnFlatPixelsNamesTheReshapeToAnImage() {
        Graph g = graph().node("x", "Input", "shape", List.of(784)).node("conv", "Conv2d", "out_channels", 8).node("out", "Output")
                .chain("x", "conv", "out").build();
        assertEquals("Conv2d \"conv\": expects [N, C, H, W] but its input \"x\" gives [N, 784]; to read its 784 values as a 1×28×28 image, put a "
                + "Reshape with shape [1, 28, 28] before it.", only(g, ProblemCode.SHAPE).toString());
    }

    @Test
    void aPoolingWindowLargerThanItsInputSaysTheLargestThatFits() {
        Graph g = graph().node("x", "Input", "shape", List.of(1, 4, 4)).node("pool", "MaxPool2d", "kernel_size", 8).node("out", "Output")
                .chain("x", "pool", "out").build();
        assertEquals("MaxPool2d \"pool\": its input [N, 1, 4, 4] is too small for a 8×8 window: H_out = ⌊(4 − 8)/8⌋ + 1 = 0; use a kernel_size of "
                + "at most 4, or shrink the input less before it.", only(g, ProblemCode.SHAPE).toString());
    }

    /** The prototyper's classic: a Linear(784, 10) straight after a 1×28×28 image, the Flatten forgotten. */
    @Test
    void aLinearOnAnImageWithItsFlattenForgottenSaysToFlatten() {
        Graph g = graph().node("x", "Input", "shape", List.of(1, 28, 28)).node("fc", "Linear", "in_features", 784, "out_features", 10)
                .node("out", "Output").chain("x", "fc", "out").build();
        assertEquals("Linear \"fc\": in_features is 784 but its input \"x\" gives 28 values in its last dimension ([N, 1, 28, 28]); a Linear reads "
                + "the last dimension only: put a Flatten before it to give it all 784 values of each sample.", only(g, ProblemCode.SHAPE_MISMATCH).toString());
    }

    /**
     * A Linear after an image set to neither a row's width nor the image's values (100): what reads whole images is a
     * Flatten and in_features 784, not the 28 a row gives.
     */
    @Test
    void aLinearOnAnImageSetToAnotherNumberSaysToFlattenAndSetTheImagesSize() {
        Graph g = graph().node("x", "Input", "shape", List.of(1, 28, 28)).node("fc", "Linear", "in_features", 100, "out_features", 10)
                .node("out", "Output").chain("x", "fc", "out").build();
        assertEquals("Linear \"fc\": in_features is 100 but its input \"x\" gives 28 values in its last dimension ([N, 1, 28, 28]); to read whole "
                + "images, put a Flatten before it and set in_features to 784.", only(g, ProblemCode.SHAPE_MISMATCH).toString());
        // On a sequence [N, T, F] the last dimension is the features on purpose: no Flatten offered.
        Graph seq = graph().node("x", "Input", "shape", List.of(5, 8)).node("fc", "Linear", "in_features", 100, "out_features", 10)
                .node("out", "Output").chain("x", "fc", "out").build();
        assertFalse(only(seq, ProblemCode.SHAPE_MISMATCH).toString().contains("Flatten"), only(seq, ProblemCode.SHAPE_MISMATCH).toString());
    }

    /**
     * The same Linear with in_features left empty: LazyLinear would take 28 (a row's width) without a word; a warning on
     * in_features says so. Not after a Transpose or on a sequence, where the last dimension is the features on purpose.
     */
    @Test
    void aLinearLeftToTakeAnImagesRowWidthIsWarned() {
        Graph g = graph().node("x", "Input", "shape", List.of(1, 28, 28)).node("conv", "Conv2d", "in_channels", 1, "out_channels", 4, "kernel_size", 3)
                .node("relu", "ReLU").node("fc", "Linear", "out_features", 10).node("out", "Output").chain("x", "conv", "relu", "fc", "out").build();
        Problem p = only(g, ProblemCode.LAYER_WARNING);
        assertEquals(Severity.WARNING, p.severity());
        assertEquals("in_features", p.param());
        assertEquals("Linear \"fc\": reads the last dimension only (26 of [N, 4, 26, 26]); a Flatten before it is usually meant, to give it all "
                + "2704 values of each sample.", p.toString());
        assertFalse(Analysis.of(g).hasErrors());
        Graph straight = graph().node("x", "Input", "shape", List.of(1, 28, 28)).node("fc", "Linear", "out_features", 10).node("out", "Output")
                .chain("x", "fc", "out").build();
        assertTrue(only(straight, ProblemCode.LAYER_WARNING).toString().contains("(28 of [N, 1, 28, 28])"));
        Graph swapped = graph().node("x", "Input", "shape", List.of(1, 28, 28)).node("t", "Transpose", "dim0", 2, "dim1", 3)
                .node("fc", "Linear", "out_features", 10).node("out", "Output").chain("x", "t", "fc", "out").build();
        assertClean(swapped);
        Graph sequence = graph().node("x", "Input", "shape", List.of(5, 8)).node("fc", "Linear", "out_features", 10).node("out", "Output")
                .chain("x", "fc", "out").build();
        assertClean(sequence);
        Graph chosen = graph().node("x", "Input", "shape", List.of(1, 28, 28)).node("fc", "Linear", "in_features", 28, "out_features", 10)
                .node("out", "Output").chain("x", "fc", "out").build();
        assertClean(chosen);
    }
}
