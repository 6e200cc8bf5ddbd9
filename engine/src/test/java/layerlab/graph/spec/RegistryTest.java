package layerlab.graph.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryTest {
    /** Every kind the capability catalog names, plus the sequence pickers, Upsample, MultiheadAttention, PositionalEncoding, View, Transpose and Permute. */
    static final List<String> CATALOG = List.of("Input", "Output", "Linear", "Bilinear", "Identity", "Flatten", "Unflatten", "Conv1d", "Conv2d", "Conv3d",
            "ConvTranspose2d", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "MaxUnpool2d", "MaxUnpool1d", "Upsample", "BatchNorm1d",
            "BatchNorm2d", "LayerNorm", "Dropout", "Dropout2d", "Embedding", "RNN", "LSTM", "GRU", "Lengths", "LastStep", "MeanOverTime", "FinalHidden", "MultiheadAttention", "PositionalEncoding", "PositionEmbedding", "ClassToken",
            "ReLU", "LeakyReLU", "ReLU6", "Hardtanh", "Hardswish", "Hardsigmoid", "SiLU", "ELU", "GELU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Add", "Concat", "Multiply", "Reshape", "View", "Transpose", "Permute", "Narrow", "Select", "Block",
            "MSELoss", "L1Loss", "SmoothL1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "KLDivLoss");

    @Test
    void everyCatalogKindHasASpec() {
        List<String> missing = new ArrayList<>(CATALOG);
        missing.removeAll(Registry.kinds());
        assertEquals(List.of(), missing);
        assertEquals(CATALOG.size(), Registry.kinds().size(), "no kinds beyond the catalog's: " + Registry.kinds());
    }

    @Test
    void everySpecIsComplete() {
        for (LayerSpec s : Registry.all()) {
            assertFalse(s.doc().isBlank(), s.kind());
            assertFalse(s.keywords().isEmpty(), s.kind() + " keywords");
            if (!s.kind().equals("Input") && !s.kind().equals("Block")) assertFalse(s.defaultInputs().isEmpty(), s.kind() + " inputs");
            if (!s.kind().equals("Output") && !s.kind().equals("Block")) assertFalse(s.defaultOutputs().isEmpty(), s.kind() + " outputs");
            for (ParamSpec p : s.params()) {
                assertFalse(p.doc().isBlank(), s.kind() + "." + p.name());
                if (p.defaultValue() != null) assertNull(p.check(p.defaultValue()), s.kind() + "." + p.name() + " default");
            }
            boolean structural = s.kind().equals("Input") || s.kind().equals("Output") || s.kind().equals("Block");
            assertTrue(structural || s.compilable(), s.kind() + " has a factory");
        }
    }

    /** Every loss says what its targets are (the data checks ask the spec), and nothing else claims to be a loss. */
    @Test
    void everyLossSaysWhatItComparesWith() {
        Map<String, LossTarget> want = Map.of("CrossEntropyLoss", LossTarget.CLASS_INDICES, "NLLLoss", LossTarget.CLASS_INDICES,
                "MSELoss", LossTarget.AMOUNTS, "L1Loss", LossTarget.AMOUNTS, "SmoothL1Loss", LossTarget.AMOUNTS,
                "BCELoss", LossTarget.BINARY, "BCEWithLogitsLoss", LossTarget.BINARY, "KLDivLoss", LossTarget.DISTRIBUTION);
        for (LayerSpec s : Registry.all()) {
            assertEquals(want.get(s.kind()), s.lossTarget(), s.kind());
            assertEquals(s.category() == Category.LOSS, s.lossTarget() != null, s.kind());
        }
    }

    @Test
    void paletteOrderFollowsCategories() {
        List<Category> seen = Registry.all().stream().map(LayerSpec::category).toList();
        for (int i = 1; i < seen.size(); i++) assertTrue(seen.get(i - 1).compareTo(seen.get(i)) <= 0);
    }

    private static String torch(String kind, Map<String, Object> set) {
        LayerSpec s = Registry.get(kind);
        return s.torch(new ResolvedParams(s, set, Map.of()));
    }

    @Test
    void pytorchConstructorText() {
        assertEquals("nn.Conv2d(1, 32, 3, padding=1)", torch("Conv2d", Map.of("in_channels", 1, "out_channels", 32, "kernel_size", 3, "padding", 1)));
        assertEquals("nn.Conv2d(3, 8, (3, 5), stride=2, padding='same')", torch("Conv2d",
                Map.of("in_channels", 3, "out_channels", 8, "kernel_size", List.of(3, 5), "stride", 2, "padding", "same")));
        assertEquals("nn.Linear(784, 512)", torch("Linear", Map.of("in_features", 784, "out_features", 512)));
        assertEquals("nn.Linear(512, 10, bias=False)", torch("Linear", Map.of("in_features", 512, "out_features", 10, "bias", false)));
        assertEquals("nn.LSTM(64, 128, batch_first=True)", torch("LSTM", Map.of("input_size", 64, "hidden_size", 128)));
        assertEquals("nn.GRU(20, 50, num_layers=2, batch_first=True, bidirectional=True)",
                torch("GRU", Map.of("input_size", 20, "hidden_size", 50, "num_layers", 2, "bidirectional", true)));
        assertEquals("nn.BatchNorm2d(16, eps=0.001)", torch("BatchNorm2d", Map.of("num_features", 16, "eps", 1e-3)));
        assertEquals("nn.LayerNorm((10,), eps=1e-06)", torch("LayerNorm", Map.of("normalized_shape", List.of(10), "eps", 1e-6)));
        assertEquals("nn.Dropout(p=0.2)", torch("Dropout", Map.of("p", 0.2)));
        assertEquals("nn.Softmax(dim=1)", torch("Softmax", Map.of()));
        assertEquals("nn.MaxPool2d(2)", torch("MaxPool2d", Map.of()));
        assertEquals("nn.KLDivLoss(reduction='batchmean')", torch("KLDivLoss", Map.of()));
        assertEquals("nn.CrossEntropyLoss(label_smoothing=0.1)", torch("CrossEntropyLoss", Map.of("label_smoothing", 0.1)));
        assertEquals("torch.cat([in1, in2], dim=1)", torch("Concat", Map.of()));
        assertEquals("in1 + in2 + in3", torch("Add", Map.of("num_inputs", 3)));
        assertEquals("x.reshape(x.size(0), 32, 7, 7)", torch("Reshape", Map.of("shape", List.of(32, 7, 7))));
        assertEquals("out[:, -1]", torch("LastStep", Map.of()));
        assertEquals("ResBlock()", torch("Block", Map.of("block", "ResBlock")));
    }

    @Test
    void pythonNumbers() {
        assertEquals("1e-05", Py.num(1e-5));
        assertEquals("0.1", Py.num(0.1));
        assertEquals("2.0", Py.num(2));
        assertEquals("0.0001", Py.num(1e-4));
        assertEquals("1e+16", Py.num(1e16));
        assertEquals("-2.5e-07", Py.num(-2.5e-7));
    }

    @Test
    void paletteSearch() {
        assertTrue(Registry.search("dense").stream().anyMatch(s -> s.kind().equals("Linear")));
        assertTrue(Registry.search("residual").stream().anyMatch(s -> s.kind().equals("Add")));
        assertTrue(Registry.search("pool").size() >= 6);
        assertEquals("Conv1d", Registry.closest("conv1D"));
        assertNull(Registry.closest("Transformer"));
    }

    @Test
    void portsFollowParams() {
        LayerSpec concat = Registry.get("Concat");
        assertEquals(List.of("in1", "in2", "in3"),
                concat.inputs(new ResolvedParams(concat, Map.of("num_inputs", 3), Map.of())).stream().map(PortSpec::name).toList());
        assertEquals(List.of("out", "h_n", "c_n"), Registry.get("LSTM").defaultOutputs().stream().map(PortSpec::name).toList());
        assertTrue(Registry.get("LSTM").defaultInputs().get(1).optional(), "lengths is optional");
    }

    /**
     * A doc written for one kind and copied to another keeps the first kind's words: AvgPool1d's said "so MaxPool2d(2) halves
     * H and W". No doc writes another kind's constructor, a 1-D kind's doc names no H or W (nor a 2-D kind's a length L), and
     * no sentence runs into the next without its full stop (the losses' "for regression reduction 'mean' …").
     */
    @Test
    void everyDocSpeaksOfItsOwnKind() {
        List<String> problems = new ArrayList<>();
        java.util.regex.Pattern call = java.util.regex.Pattern.compile("\\b([A-Z][A-Za-z0-9]*)\\(");
        for (LayerSpec s : Registry.all()) {
            String doc = s.doc();
            var m = call.matcher(doc);
            while (m.find()) {
                if (Registry.find(m.group(1)) != null && !m.group(1).equals(s.kind())) problems.add(s.kind() + " writes " + m.group(1) + "(…)");
            }
            if (s.kind().endsWith("1d") && (doc.contains("H and W") || doc.contains("H_out") || doc.contains(", H, W]"))) problems.add(s.kind() + " speaks of H and W");
            if (s.kind().endsWith("2d") && (doc.contains("L_out") || doc.contains("[N, C, L]") || doc.contains("D_out"))) problems.add(s.kind() + " speaks of L or D");
            if (java.util.regex.Pattern.compile("[a-z)] reduction 'mean' gives").matcher(doc).find()) problems.add(s.kind() + ": a sentence without its full stop");
        }
        assertEquals(List.of(), problems);
    }
}
