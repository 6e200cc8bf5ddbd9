package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;

/** What the exported script writes as a Python literal is what Python reads back. */
class PyLiteralsTest {
    @Test
    void pythonReadsEachLiteralBackAsTheValue() throws Exception {
        Torch.assumeModule("json", "no python3 here");
        // A class name with a quote, a backslash, a tab, a line break and accents; floats Python has no literal for.
        List<Object> values = List.of("say \"hi\"\\\tnew\nline é ü 汉", 1.0e-4, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, true, List.of("a", 2.5));
        StringBuilder script = new StringBuilder("import json, math\nvalues = [");
        for (Object v : values) script.append(PyLiterals.value(v)).append(", ");
        script.append("]\nprint(json.dumps(values, ensure_ascii=True))\nprint(math.isnan(").append(PyLiterals.num(Double.NaN)).append("))\n");
        String out = Torch.python(0, "-c", script.toString());
        assertEquals("[\"say \\\"hi\\\"\\\\\\tnew\\nline \\u00e9 \\u00fc \\u6c49\", 0.0001, Infinity, -Infinity, true, [\"a\", 2.5]]\nTrue\n", out);
    }
}
