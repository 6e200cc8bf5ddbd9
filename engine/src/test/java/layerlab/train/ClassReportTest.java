package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Against scikit-learn's classification_report (fixtures/train/class_report.json, make_report_fixtures.py). */
class ClassReportTest {
    static final Fixtures FIXTURE = Fixtures.load("train/class_report.json");

    @Test
    void matchesScikitLearnNumberForNumberAndCharacterForCharacter() {
        int n = 0;
        for (JsonNode c : FIXTURE.json().get("cases")) {
            String what = c.get("name").asText();
            List<String> classes = new ArrayList<>();
            c.get("classes").forEach(x -> classes.add(x.asText()));
            JsonNode cm = c.get("confusion");
            long[][] confusion = new long[cm.size()][cm.size()];
            for (int i = 0; i < cm.size(); i++) for (int j = 0; j < cm.size(); j++) confusion[i][j] = cm.get(i).get(j).asLong();
            ClassReport r = ClassReport.of(confusion, classes);
            for (int k = 0; k < classes.size(); k++) {
                ClassReport.Row row = r.rows().get(k);
                assertEquals(classes.get(k), row.name());
                assertEquals(c.get("precision").get(k).asDouble(), row.precision(), 1e-12, what + " precision " + k);
                assertEquals(c.get("recall").get(k).asDouble(), row.recall(), 1e-12, what + " recall " + k);
                assertEquals(c.get("f1").get(k).asDouble(), row.f1(), 1e-12, what + " f1 " + k);
                assertEquals(c.get("support").get(k).asLong(), row.support(), what + " support " + k);
            }
            assertEquals(c.get("accuracy").asDouble(), r.accuracy(), 1e-12, what);
            for (int m = 0; m < 3; m++) {
                double[] macro = {r.macro().precision(), r.macro().recall(), r.macro().f1()};
                double[] weighted = {r.weighted().precision(), r.weighted().recall(), r.weighted().f1()};
                assertEquals(c.get("macro").get(m).asDouble(), macro[m], 1e-12, what + " macro " + m);
                assertEquals(c.get("weighted").get(m).asDouble(), weighted[m], 1e-12, what + " weighted " + m);
            }
            assertEquals(c.get("text2").asText(), r.text(2), what);
            assertEquals(c.get("text4").asText(), r.text(4), what);
            n++;
        }
        assertEquals(4, n);
    }

    @Test
    void roundsHalfToEvenAsPythonDoesAndNamesUnnamedClassesByIndex() {
        assertEquals("0.12", ClassReport.fixed(0.125, 2));
        assertEquals("0.38", ClassReport.fixed(0.375, 2));
        assertEquals("0.67", ClassReport.fixed(2.0 / 3, 2));
        ClassReport r = ClassReport.of(new long[][] {{2, 0, 0}, {0, 1, 1}, {0, 0, 0}}, List.of("a"));
        assertEquals(List.of("a", "1", "2"), r.classes());
        assertThrows(IllegalArgumentException.class, () -> ClassReport.of(new long[][] {{1, 2}, {3}}, List.of()));
    }
}
