package layerlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LambdaLR and MultiplicativeLR with an {@link EpochExpression} as lr_lambda against torch 1.13's with the Python lambda it
 * stands for (make_lambda_lr_fixtures.py): the rates of two groups over 15 epochs to 1e-12 relative, the Python text
 * LayerLab writes for the exported script the fixture's own lambda, and a state dict taken half-way going on the same.
 * Bad expressions are refused naming the token and its place.
 */
class LambdaLrParityTest {
    static final Fixtures FIXTURE = Fixtures.load("optim/lambda_lr.json");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : FIXTURE.json().get("cases")) out.add(Arguments.of(c.get("name").asText() + " " + c.get("lr_lambda").asText(), c));
        return out.stream();
    }

    private static LRScheduler scheduler(Optimizer opt, JsonNode c) {
        EpochExpression e = EpochExpression.parse(c.get("lr_lambda").asText());
        return c.get("name").asText().equals("LambdaLR") ? new LambdaLR(opt, e) : new MultiplicativeLR(opt, e);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ratesMatchTorchsLambda(String name, JsonNode c) {
        assertEquals(c.get("python").asText(), EpochExpression.parse(c.get("lr_lambda").asText()).toPython(), "the exported lambda");
        Optimizer opt = SchedulerFixtureTest.optimizer(FIXTURE.json().get("lrs"));
        LRScheduler s = scheduler(opt, c);
        JsonNode lrs = c.get("lrs");
        SchedulerFixtureTest.assertClose(lrs.get(0), s.getLastLr(), name + " at construction");
        for (int g = 0; g < 2; g++) assertEquals(s.getLastLr()[g], opt.getLr(g));
        for (int e = 1; e < lrs.size(); e++) {
            opt.step();
            s.step();
            SchedulerFixtureTest.assertClose(lrs.get(e), s.getLastLr(), name + " epoch " + e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goesOnFromItsStateDict(String name, JsonNode c) {
        Optimizer opt = SchedulerFixtureTest.optimizer(FIXTURE.json().get("lrs"));
        LRScheduler s = scheduler(opt, c);
        for (int e = 1; e <= 7; e++) {
            opt.step();
            s.step();
        }
        Optimizer again = SchedulerFixtureTest.optimizer(FIXTURE.json().get("lrs"));
        LRScheduler resumed = scheduler(again, c);
        again.loadStateDict(opt.stateDict());
        resumed.loadStateDict(s.stateDict());
        JsonNode lrs = c.get("lrs");
        for (int e = 8; e < lrs.size(); e++) {
            again.step();
            resumed.step();
            SchedulerFixtureTest.assertClose(lrs.get(e), resumed.getLastLr(), name + " resumed, epoch " + e);
        }
    }

    @Test
    void badExpressionsAreRefusedNamingTheTokenAndWhere() {
        String allowed = "; an lr_lambda may use epoch, numbers, + - * / // % ** ( ), min, max, exp, log, sqrt, sin, cos, abs, floor, ceil and pi";
        assertEquals("unexpected \"x\" at character 9 of \"0.95 ** x\"" + allowed + " (a name other than epoch and pi must be a function, followed by '(')",
                assertThrows(IllegalArgumentException.class, () -> EpochExpression.parse("0.95 ** x")).getMessage());
        assertEquals("unexpected \";\" at character 14 of \"0.95 ** epoch; import os\"" + allowed,
                assertThrows(IllegalArgumentException.class, () -> EpochExpression.parse("0.95 ** epoch; import os")).getMessage());
        assertEquals("unexpected the end at character 8 of \"min(1, \"" + allowed,
                assertThrows(IllegalArgumentException.class, () -> EpochExpression.parse("min(1, ")).getMessage());
        assertEquals("unexpected \")\" at character 15 of \"(epoch + 1) / )\"" + allowed,
                assertThrows(IllegalArgumentException.class, () -> EpochExpression.parse("(epoch + 1) / )")).getMessage());
        assertEquals("unexpected \"__import__\" at character 1 of \"__import__('os')\"" + allowed
                        + " (a name other than epoch and pi must be a function, followed by '(')",
                assertThrows(IllegalArgumentException.class, () -> EpochExpression.parse("__import__('os')")).getMessage());
        assertEquals("exp at character 1 of \"exp(1, 2)\" takes 1 argument, got 2",
                assertThrows(IllegalArgumentException.class, () -> EpochExpression.parse("exp(1, 2)")).getMessage());
        assertEquals("unexpected \"epoch\" at character 6 of \"0.95 epoch\"" + allowed,
                assertThrows(IllegalArgumentException.class, () -> EpochExpression.parse("0.95 epoch")).getMessage());
    }
}
