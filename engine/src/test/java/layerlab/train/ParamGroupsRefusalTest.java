package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the training form shows beside each parameter group, computed here: how many of a model's parameters each of its
 * names matches and the group takes, and which group a run's refusal is about (the form says it on that group's row),
 * in the words {@link ParamGroups#check} refuses with.
 */
class ParamGroupsRefusalTest {
    private static final List<String> NAMES = List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "head.weight");

    private static ParamGroups groups(String list) throws Exception {
        return ParamGroupsTest.config("{\"optimizer\": \"SGD\", \"param_groups\": " + list + "}").paramGroups();
    }

    @Test
    void eachNameIsCountedAndTheGroupTakesTheirUnion() throws Exception {
        ParamGroups g = groups("[{\"params\": [\"*.bias\", \"fc1.*\"], \"lr\": 0.1}, {\"params\": [\"fc2.weight\"]}]");
        assertEquals(List.of(2, 2), g.matchCounts(0, NAMES));
        assertEquals(3, g.taken(0, NAMES), "fc1.bias once");
        assertEquals(List.of(1), g.matchCounts(1, NAMES));
        assertEquals(1, g.taken(1, NAMES));
        assertNull(g.refusal(NAMES), "head.weight is left to the optimiser's own options");
    }

    @Test
    void aRefusalNamesTheGroupItIsAbout() throws Exception {
        ParamGroups nothing = groups("[{\"params\": [\"*.bias\"]}, {\"params\": [\"fc3.*\"]}]");
        assertEquals(1, nothing.refusal(NAMES).group());
        assertEquals(nothing.refusal(NAMES).message(), assertThrows(ConfigException.class, () -> nothing.check(NAMES)).getMessage(), "check's words");

        ParamGroups twice = groups("[{\"params\": [\"*.bias\"]}, {\"params\": [\"fc1.*\"]}]");
        ParamGroups.Refusal r = twice.refusal(NAMES);
        assertEquals(1, r.group(), "the later of the two groups");
        assertEquals("training.param_groups: the parameter fc1.bias is in training.param_groups[0] ([\"*.bias\"]) and in training.param_groups[1] "
                + "([\"fc1.*\"]); a parameter may be in one group only", r.message());

        ParamGroups all = groups("[{\"params\": [\"*\"]}]");
        assertEquals(-1, all.refusal(NAMES).group(), "about the groups together");
        assertEquals(all.refusal(NAMES).message(), assertThrows(ConfigException.class, () -> all.check(NAMES)).getMessage());
    }
}
