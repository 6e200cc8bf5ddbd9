package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.optim.ParamGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The training settings' param_groups (PyTorch's parameter groups): the groups the optimiser gets, names that match no
 * parameter, a parameter in two groups, options the optimiser does not have, and a resume with groups. Their numbers
 * against PyTorch are TrainLoopParityTest's.
 */
class ParamGroupsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    static TrainingConfig config(String json) throws Exception {
        return TrainingConfig.fromMap(JSON.readValue(json, Map.class));
    }

    static Trainer trainer(String json) throws Exception {
        Graph g = ProjectJson.read(TrainLoopParityTest.MLP, "groups.json");
        TensorDataset rows = ResumeTest.rows(20, 0);
        return new Trainer(g, config(json), rows, null);
    }

    @Test
    void theGroupsFollowTheParametersNoGroupNames() throws Exception {
        Trainer t = trainer("""
                {"optimizer": {"name": "AdamW", "lr": 0.01}, "epochs": 1, "device": "cpu",
                 "param_groups": [{"params": ["*.bias"], "weight_decay": 0}, {"params": ["fc2.weight"], "lr": 0.001, "betas": [0.8, 0.9]}]}""");
        List<ParamGroup> groups = t.optimizer().paramGroups();
        assertEquals(3, groups.size());
        Map<String, layerlab.nn.Parameter> named = t.model().namedParameters();
        assertEquals(List.of(named.get("fc1.weight")), groups.get(0).params());
        assertEquals(List.of(named.get("fc1.bias"), named.get("fc2.bias")), groups.get(1).params());
        assertEquals(List.of(named.get("fc2.weight")), groups.get(2).params());
        assertEquals(0.01, groups.get(0).getDouble("weight_decay"), "AdamW's default");
        assertEquals(0.0, groups.get(1).getDouble("weight_decay"));
        assertEquals(0.01, groups.get(1).lr(), "the optimiser's rate where the group sets none");
        assertEquals(0.001, groups.get(2).lr());
        assertEquals(0.8, groups.get(2).getDouble("betas", 0));
        TrainingConfig c = t.config();
        assertEquals(c, TrainingConfig.fromMap(c.toMap()), "written back as read");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[{\"params\": [\"fc3.*\"]}]|training.param_groups[0].params: \"fc3.*\" names no parameter of the model; its parameters are fc1.weight, "
                    + "fc1.bias, fc2.weight, fc2.bias",
            "[{\"params\": [\"*.bias\"], \"lr\": 0.1}, {\"params\": [\"fc1.*\"]}]|training.param_groups: the parameter fc1.bias is in "
                    + "training.param_groups[0] ([\"*.bias\"]) and in training.param_groups[1] ([\"fc1.*\"]); a parameter may be in one group only",
            "[{\"params\": [\"fc1.*\"]}, {\"params\": [\"fc2.*\"]}]|training.param_groups take every parameter, so none would train with the "
                    + "optimiser's own options: leave the parameters of one group out of param_groups (those no group names train with the optimiser's options)",
    })
    void namesThatDoNotFitTheModelAreRefusedWhenTheRunIsMade(String groups, String message) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> trainer("{\"optimizer\": \"SGD\", \"epochs\": 1, \"device\": \"cpu\", \"param_groups\": " + groups + "}"));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"SGD\"}|[{\"params\": [\"*.bias\"], \"betas\": [0.9, 0.99]}]|training.param_groups[0]: SGD has no option \"betas\"; its "
                    + "options are lr, momentum, dampening, weight_decay, nesterov, maximize",
            "{\"name\": \"SGD\"}|[{\"params\": [\"*.bias\"], \"nesterov\": true}]|training.param_groups[0]: Nesterov momentum needs a momentum above 0 "
                    + "and dampening 0",
            "{\"name\": \"Adam\"}|[{\"params\": [\"*.bias\"], \"lr\": -1}]|training.param_groups[0].lr must be at least 0, got -1",
            "{\"name\": \"Adam\"}|[{\"lr\": 0.1}]|training.param_groups[0].params must be a list of parameter names like [\"fc1.bias\", \"*.bias\"] "
                    + "(* for any characters), got null",
            "{\"name\": \"Adam\"}|[{\"params\": [\"*.bias\"], \"name\": \"SGD\"}]|training.param_groups[0]: a group trains with the optimiser (Adam); "
                    + "it sets only its options, not a \"name\"",
            "{\"name\": \"Adam\"}|{\"params\": [\"*.bias\"]}|training.param_groups must be a list of groups like [{\"params\": [\"*.bias\"], "
                    + "\"weight_decay\": 0}]",
    })
    void optionsTheOptimiserDoesNotHaveAreRefusedByKey(String optimizer, String groups, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> config("{\"optimizer\": " + optimizer + ", \"param_groups\": " + groups + "}"));
        assertEquals(message, e.getMessage());
    }

    /** ReduceLROnPlateau's min_lr as a list (torch's per-group form): one rate per group, each at least 0. */
    @Test
    void aMinLrPerGroupCountsTheGroups() throws Exception {
        String plateau = "{\"name\": \"ReduceLROnPlateau\", \"min_lr\": %s}";
        String groups = ", \"param_groups\": [{\"params\": [\"*.bias\"], \"lr\": 0.1}]";
        TrainingConfig c = config("{\"optimizer\": \"SGD\", \"scheduler\": " + plateau.formatted("[0.01, 0.001]") + groups + "}");
        assertEquals(List.of(0.01, 0.001), c.scheduler().params().get("min_lr"));
        assertEquals(c, TrainingConfig.fromMap(c.toMap()));
        assertEquals("training.scheduler.min_lr lists 3 rates, one per parameter group, but the optimiser has 2 groups: the parameters no "
                + "param_groups entry names, then each entry's", assertThrows(ConfigException.class,
                () -> config("{\"optimizer\": \"SGD\", \"scheduler\": " + plateau.formatted("[0.01, 0.001, 0]") + groups + "}")).getMessage());
        assertEquals("training.scheduler.min_lr lists 2 rates, one per parameter group, but the optimiser has 1 group (param_groups adds more)",
                assertThrows(ConfigException.class, () -> config("{\"optimizer\": \"SGD\", \"scheduler\": " + plateau.formatted("[0.01, 0.001]") + "}"))
                        .getMessage());
        assertEquals("training.scheduler.min_lr must hold rates of at least 0, got [0.01, -1]", assertThrows(ConfigException.class,
                () -> config("{\"optimizer\": \"SGD\", \"scheduler\": " + plateau.formatted("[0.01, -1]") + groups + "}")).getMessage());
    }

    /** OneCycleLR's max_lr as a list (torch's per-group form): one peak per group, each above 0, counted like min_lr's. */
    @Test
    void aMaxLrPerGroupCountsTheGroups() throws Exception {
        String cycle = "{\"name\": \"OneCycleLR\", \"max_lr\": %s}";
        String groups = ", \"param_groups\": [{\"params\": [\"*.bias\"], \"lr\": 0.1}]";
        TrainingConfig c = config("{\"optimizer\": \"SGD\", \"scheduler\": " + cycle.formatted("[0.3, 0.6]") + groups + "}");
        assertEquals(List.of(0.3, 0.6), c.scheduler().params().get("max_lr"));
        assertEquals(c, TrainingConfig.fromMap(c.toMap()));
        assertEquals("training.scheduler.max_lr lists 3 rates, one per parameter group, but the optimiser has 2 groups: the parameters no "
                + "param_groups entry names, then each entry's", assertThrows(ConfigException.class,
                () -> config("{\"optimizer\": \"SGD\", \"scheduler\": " + cycle.formatted("[0.3, 0.6, 0.1]") + groups + "}")).getMessage());
        assertEquals("training.scheduler.max_lr lists 2 rates, one per parameter group, but the optimiser has 1 group (param_groups adds more)",
                assertThrows(ConfigException.class, () -> config("{\"optimizer\": \"SGD\", \"scheduler\": " + cycle.formatted("[0.3, 0.6]") + "}"))
                        .getMessage());
        assertEquals("training.scheduler.max_lr must hold rates above 0, got [0.3, 0]", assertThrows(ConfigException.class,
                () -> config("{\"optimizer\": \"SGD\", \"scheduler\": " + cycle.formatted("[0.3, 0]") + groups + "}")).getMessage());
    }

    /** A run with groups stopped inside an epoch goes on to the bits of the run that was not stopped. */
    @Test
    void aRunWithGroupsResumesExactly() throws Exception {
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TensorDataset train = ResumeTest.rows(60, 0), val = ResumeTest.rows(20, 5);
        TrainingConfig c = ResumeTest.config(Map.of("name", "Adam", "lr", 0.01, "weight_decay", 0.01), Map.of("name", "CosineAnnealingLR", "T_max", 3),
                4, Map.of("param_groups", List.of(Map.of("params", List.of("*.bias", "bn.*"), "weight_decay", 0, "amsgrad", true))));
        Trainer whole = ResumeTest.trainer(g, c, train, val);
        whole.run();
        Trainer first = ResumeTest.trainer(g, c, train, val);
        first.setMaxSteps(13);
        first.run();
        Trainer rest = ResumeTest.trainer(g, c, train, val);
        rest.resumeFrom(first.resumeState());
        rest.run();
        assertEquals(2, rest.optimizer().paramGroups().size());
        assertTrue(rest.optimizer().stateDict().containsKey("param_groups.1.amsgrad"));
        ResumeTest.assertSameState(whole, rest);
    }
}
