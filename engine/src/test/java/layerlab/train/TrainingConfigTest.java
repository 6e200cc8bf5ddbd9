package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.json.ProjectJson;
import layerlab.optim.Adam;
import layerlab.optim.ReduceLROnPlateau;
import layerlab.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingConfigTest {
    @Test
    void defaultsAreAdamForTenEpochsOfSixtyFour() {
        TrainingConfig c = TrainingConfig.defaults();
        assertEquals("Adam", c.optimizer().name());
        assertEquals(0.001, c.lr());
        assertEquals(List.of(0.9, 0.999), c.optimizer().params().get("betas"));
        assertNull(c.scheduler());
        assertNull(c.loss());
        assertEquals(10, c.epochs());
        assertEquals(64, c.batchSize());
        assertEquals(true, c.shuffle());
        assertEquals("auto", c.device());
        assertEquals(50, c.statsEvery());
    }

    @Test
    void everyOptionIsWrittenOutAndReadsBackEqualThroughAProjectFile() throws Exception {
        TrainingConfig c = TrainingConfig.fromMap(Map.of(
                "optimizer", Map.of("name", "sgd", "lr", 0.05, "momentum", 0.9, "nesterov", true),
                "scheduler", Map.of("name", "MultiStepLR", "milestones", List.of(3, 6), "gamma", 0.5),
                "loss", Map.of("name", "CrossEntropyLoss", "label_smoothing", 0.1),
                "epochs", 8, "batch_size", 32, "clip_grad_norm", 1.0, "seed", 42, "device", "CPU",
                "early_stopping", Map.of("metric", "val_accuracy", "patience", 3),
                "metrics", List.of("accuracy")));
        assertEquals("SGD", c.optimizer().name());
        assertEquals("max", c.earlyStopping().mode());
        assertEquals("cpu", c.device());
        assertEquals(c, TrainingConfig.fromMap(c.toMap()));
        Graph g = TrainerTest.mlp(4).set(GraphChange.Setting.TRAINING, c.toMap()).after();
        Graph back = ProjectJson.read(ProjectJson.write(g), "again");
        assertEquals(c, TrainingConfig.fromMap(back.training()));
        assertEquals(TrainingConfig.defaults(), TrainingConfig.fromMap(TrainingConfig.defaults().toMap()));
    }

    /** Each newer scheduler, defaults filled in, reads back equal through a project file and builds its schedule. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "\"LinearLR\"", "{\"name\": \"ConstantLR\", \"factor\": 0.5}", "{\"name\": \"CosineAnnealingWarmRestarts\", \"T_0\": 4}",
            "\"PolynomialLR\"", "{\"name\": \"OneCycleLR\", \"max_lr\": 0.1}",
            "{\"name\": \"OneCycleLR\", \"max_lr\": 0.1, \"total_steps\": 500, \"three_phase\": true, \"anneal_strategy\": \"linear\"}",
            "{\"name\": \"SequentialLR\", \"schedulers\": [{\"name\": \"LinearLR\", \"start_factor\": 0.1, \"total_iters\": 3}, \"CosineAnnealingLR\"], "
                    + "\"milestones\": [3]}"})
    void newerSchedulersReadBackEqualThroughAProjectFile(String scheduler) throws Exception {
        Object spec = new com.fasterxml.jackson.databind.ObjectMapper().readValue(scheduler, Object.class);
        TrainingConfig c = TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "SGD", "lr", 0.1), "scheduler", spec, "epochs", 7));
        assertEquals(c, TrainingConfig.fromMap(c.toMap()));
        Graph g = TrainerTest.mlp(4).set(GraphChange.Setting.TRAINING, c.toMap()).after();
        Graph back = ProjectJson.read(ProjectJson.write(g), "again");
        assertEquals(c, TrainingConfig.fromMap(back.training()));
        SGD opt = new SGD(List.of(new layerlab.nn.Parameter(layerlab.tensor.Tensor.zeros(1))), 0.1);
        assertEquals(c.scheduler().name(), OptimizerFactory.scheduler(c.scheduler(), opt, 7, 10).getClass().getSimpleName());
    }

    /**
     * MultiStepLR's milestones in any order and repeated, as PyTorch takes them (a Counter: an epoch listed k times
     * multiplies by gamma^k): kept as written through a project file, and the rates per epoch are PyTorch's
     * (make_optim_fixtures.py).
     */
    @Test
    void multiStepMilestonesUnsortedAndRepeatedAreKeptAndScheduleAsPyTorch() throws Exception {
        com.fasterxml.jackson.databind.JsonNode c = null;
        for (var x : layerlab.testing.Fixtures.load("optim/schedulers.json").json().get("cases")) {
            if (x.get("name").asText().equals("multistep_unsorted_repeated")) c = x;
        }
        var spec = c.get("schedulers").get(0);
        List<Integer> ms = new java.util.ArrayList<>();
        spec.get("milestones").forEach(m -> ms.add(m.asInt()));
        TrainingConfig cfg = TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "SGD", "lr", c.get("initial_lrs").get(0).asDouble()),
                "scheduler", Map.of("name", "MultiStepLR", "milestones", ms, "gamma", spec.get("gamma").asDouble())));
        assertEquals(ms, cfg.scheduler().params().get("milestones"));
        Graph g = TrainerTest.mlp(4).set(GraphChange.Setting.TRAINING, cfg.toMap()).after();
        assertEquals(cfg, TrainingConfig.fromMap(ProjectJson.read(ProjectJson.write(g), "again").training()));

        var params = List.of(new layerlab.nn.Parameter(layerlab.tensor.Tensor.zeros(1)));
        var opt = OptimizerFactory.optimizer(cfg.optimizer(), params);
        var sched = OptimizerFactory.scheduler(cfg.scheduler(), opt);
        var lrs = c.get("lrs");
        for (int e = 0; e < lrs.size(); e++) {
            if (e > 0) {
                opt.step();
                sched.step();
            }
            double want = lrs.get(e).get(0).asDouble();
            assertEquals(want, opt.getLr(0), 1e-12 * want, "epoch " + e);
        }
    }

    /** A loss chosen in the settings means what the same loss drawn as a node means: KLDivLoss's reduction is 'batchmean' in both. */
    @Test
    void aSettingsLossTakesItsNodesDefaults() {
        for (String name : Losses.NAMES) {
            TrainingConfig c = TrainingConfig.fromMap(Map.of("loss", Map.of("name", name)));
            assertEquals(layerlab.graph.spec.Registry.get(name).param("reduction").defaultValue(), c.loss().params().get("reduction"), name);
        }
        assertEquals("batchmean", TrainingConfig.fromMap(Map.of("loss", Map.of("name", "KLDivLoss"))).loss().params().get("reduction"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainingConfig.fromMap(Map.of("loss", Map.of("name", "MSELoss", "reduction", "none"))));
        assertTrue(e.getMessage().contains("mean, sum"), e.getMessage());
    }

    /** The settings' loss is built by its node's factory, with the settings' options: beta, label smoothing, reduction. */
    @Test
    void aSettingsLossIsBuiltWithItsOptions() {
        for (String name : Losses.NAMES) assertEquals(name, Losses.build(TrainingConfig.fromMap(Map.of("loss", Map.of("name", name))).loss()).getClass().getSimpleName());
        layerlab.tensor.Tensor x = layerlab.tensor.Tensor.of(new float[] {0.25f, 1f}, 2), zero = layerlab.tensor.Tensor.zeros(2);
        // SmoothL1 with beta 0.5: 0.5·0.25²/0.5 = 0.0625 and 1 − 0.25 = 0.75, their mean 0.40625 (beta 1: 0.03125 and 0.5).
        assertEquals(0.40625f, loss(Map.of("name", "SmoothL1Loss", "beta", 0.5)).forward(x, zero).item(), 1e-7f);
        assertEquals(0.265625f, loss(Map.of("name", "SmoothL1Loss")).forward(x, zero).item(), 1e-7f);
        assertEquals(0.8125f, loss(Map.of("name", "SmoothL1Loss", "beta", 0.5, "reduction", "sum")).forward(x, zero).item(), 1e-7f);
        // Cross entropy of logits (0, 0) for class 0 is ln 2 with or without smoothing (the classes are tied); of (2, 0),
        // smoothing 0.2 puts 0.1 on class 1: 0.9·ln(1 + e⁻²) + 0.1·(2 + ln(1 + e⁻²)).
        layerlab.tensor.Tensor logits = layerlab.tensor.Tensor.of(new float[] {2, 0}, 1, 2), label = layerlab.tensor.Tensor.ofLongs(new long[] {0}, 1);
        double plain = Math.log(1 + Math.exp(-2));
        assertEquals(plain, loss(Map.of("name", "CrossEntropyLoss")).forward(logits, label).item(), 1e-6);
        assertEquals(plain + 0.2, loss(Map.of("name", "CrossEntropyLoss", "label_smoothing", 0.2)).forward(logits, label).item(), 1e-6);
    }

    private static layerlab.loss.Loss loss(Map<String, Object> spec) {
        return Losses.build(TrainingConfig.fromMap(Map.of("loss", spec)).loss());
    }

    @Test
    void optimizersAndSchedulersAreBuiltWithTheirOptions() {
        var params = layerlab.graph.compile.GraphCompiler.compile(TrainerTest.mlp(4)).parameters();
        TrainingConfig c = TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "SGD", "lr", 0.2, "momentum", 0.5),
                "scheduler", Map.of("name", "ReduceLROnPlateau", "patience", 2)));
        var opt = OptimizerFactory.optimizer(c.optimizer(), params);
        assertEquals(SGD.class, opt.getClass());
        assertEquals(0.5, opt.paramGroups().get(0).getDouble("momentum"));
        assertEquals(ReduceLROnPlateau.class, OptimizerFactory.scheduler(c.scheduler(), opt).getClass());
        var adam = OptimizerFactory.optimizer(TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "Adam", "betas", List.of(0.8, 0.9)))).optimizer(), params);
        assertEquals(Adam.class, adam.getClass());
        assertEquals(0.8, adam.paramGroups().get(0).getDouble("betas", 0));
        for (String name : OptimizerFactory.OPTIMIZERS) {
            OptimizerFactory.optimizer(TrainingConfig.fromMap(Map.of("optimizer", name)).optimizer(), params);
        }
    }

    /** clip_grad_norm_'s norm_type: 2 unless set, a number or "inf" as torch takes it, written back only where it is not 2. */
    @Test
    void theClippedNormIsTwoUnlessSet() {
        TrainingConfig plain = TrainingConfig.fromMap(Map.of("clip_grad_norm", 1.0));
        assertEquals(2.0, plain.clipGradNormType());
        assertFalse(plain.toMap().containsKey("clip_grad_norm_type"));
        TrainingConfig max = TrainingConfig.fromMap(Map.of("clip_grad_norm", 1.0, "clip_grad_norm_type", "inf"));
        assertEquals(Double.POSITIVE_INFINITY, max.clipGradNormType());
        assertEquals("inf", max.toMap().get("clip_grad_norm_type"));
        assertEquals(max, TrainingConfig.fromMap(max.toMap()));
        TrainingConfig one = TrainingConfig.fromMap(Map.of("clip_grad_norm", 1.0, "clip_grad_norm_type", 1));
        assertEquals(1.0, one.clipGradNormType());
        assertEquals(one, TrainingConfig.fromMap(one.toMap()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"epoch\": 3}|training: unknown key \"epoch\" (did you mean epochs?); the keys are optimizer, scheduler, loss, epochs, batch_size, shuffle, "
                    + "drop_last, clip_grad_norm, clip_grad_norm_type, clip_grad_value, seed, device, metrics, early_stopping, checkpoint_every, stats_every, "
                    + "param_groups, loss_weights",
            "{\"optimizer\": \"Adamm\"}|training.optimizer is \"Adamm\" (did you mean Adam?); choose one of SGD, Adam, AdamW, RMSprop, Adagrad, NAdam, RAdam, Adamax, Adadelta, Rprop, ASGD, LBFGS",
            "{\"optimizer\": {\"name\": \"SGD\", \"betas\": [0.9, 0.99]}}|training.optimizer: SGD has no option \"betas\"; its options are lr, "
                    + "momentum, dampening, weight_decay, nesterov, maximize",
            "{\"optimizer\": {\"name\": \"Adam\", \"lr\": -1}}|training.optimizer.lr must be at least 0, got -1",
            "{\"optimizer\": {\"lr\": 0.1}}|training.optimizer needs a \"name\" (for example {\"name\": \"Adam\", …})",
            "{\"batch_size\": \"big\"}|training.batch_size must be an integer, got \"big\"",
            "{\"epochs\": 0}|training.epochs must be an integer of at least 1, got 0",
            "{\"scheduler\": \"StepLR\"}|training.scheduler.step_size is required by StepLR",
            "{\"scheduler\": {\"name\": \"MultiStepLR\", \"milestones\": [5, 2.5]}}|training.scheduler.milestones must be a list of integers, got [5, 2.5]",
            "{\"device\": \"gpu\"}|training.device is \"gpu\"; choose cpu, cuda, cuda:N or auto",
            "{\"loss\": \"CrossEntropy\"}|training.loss is \"CrossEntropy\" (did you mean CrossEntropyLoss?); choose one of CrossEntropyLoss, NLLLoss, "
                    + "MSELoss, L1Loss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, KLDivLoss",
            "{\"early_stopping\": {\"metric\": \"val_accurcy\"}}|training.early_stopping.metric is \"val_accurcy\" (did you mean val_accuracy?); choose one of "
                    + "val_loss, val_accuracy, val_mae, train_loss, train_accuracy, train_mae, or val_loss_<loss node> or train_loss_<loss node> for one "
                    + "loss node's own loss, or val_accuracy_<loss node> or val_mae_<loss node> for one head's own score",
            "{\"clip_grad_norm\": 0}|training.clip_grad_norm must be greater than 0 (leave it out for no clipping)",
            "{\"clip_grad_norm_type\": 1}|training.clip_grad_norm_type is the norm clip_grad_norm bounds, but clip_grad_norm is not set: set it "
                    + "(for example 1.0) or leave clip_grad_norm_type out",
            "{\"clip_grad_norm\": 1, \"clip_grad_norm_type\": 0}|training.clip_grad_norm_type must be a number above 0 (2 is the usual Euclidean "
                    + "norm, 1 the sum of magnitudes) or \"inf\" (the largest magnitude), got 0",
            "{\"clip_grad_norm\": 1, \"clip_grad_norm_type\": \"max\"}|training.clip_grad_norm_type must be a number above 0 (2 is the usual "
                    + "Euclidean norm, 1 the sum of magnitudes) or \"inf\" (the largest magnitude), got \"max\"",
            "{\"metrics\": [\"f1\"]}|training.metrics is \"f1\"; choose one of accuracy, mae",
            "{\"scheduler\": {\"name\": \"CosineAnnealingWarmRestarts\", \"T_0\": -3}}|training.scheduler.T_0 must be an integer of at least 1, got -3",
            "{\"scheduler\": \"CosineAnnealingWarmRestarts\"}|training.scheduler.T_0 is required by CosineAnnealingWarmRestarts",
            "{\"scheduler\": {\"name\": \"CosineAnnealingWarmRestarts\", \"T_0\": 5, \"T_mult\": 1.5}}|training.scheduler.T_mult must be an integer, got 1.5",
            "{\"scheduler\": {\"name\": \"OneCycleLR\", \"max_lr\": 0.1, \"pct_start\": 1.2}}|training.scheduler.pct_start must be between 0 and 1 "
                    + "(both excluded), got 1.2",
            "{\"scheduler\": {\"name\": \"OneCycleLR\", \"max_lr\": 0.1, \"pct_start\": 0}}|training.scheduler.pct_start must be between 0 and 1 "
                    + "(both excluded), got 0.0",
            "{\"scheduler\": \"OneCycleLR\"}|training.scheduler.max_lr is required by OneCycleLR",
            "{\"scheduler\": {\"name\": \"OneCycleLR\", \"max_lr\": 0.1, \"anneal_strategy\": \"cosine\"}}|training.scheduler.anneal_strategy is "
                    + "\"cosine\"; choose one of cos, linear",
            "{\"scheduler\": {\"name\": \"OneCycleLR\", \"max_lr\": 0.1, \"total_steps\": 0}}|training.scheduler.total_steps must be an integer of at "
                    + "least 1, got 0",
            "{\"scheduler\": {\"name\": \"OneCycleLR\", \"max_lr\": 0.1, \"epochs\": 4}}|training.scheduler.steps_per_epoch is needed with epochs "
                    + "(or set total_steps, or none of them: the run's epochs × batches per epoch)",
            "{\"optimizer\": \"Adagrad\", \"scheduler\": {\"name\": \"OneCycleLR\", \"max_lr\": 0.1}}|training.scheduler.cycle_momentum needs an "
                    + "optimiser with a momentum (SGD, RMSprop) or betas (Adam, AdamW, NAdam, RAdam, Adamax); Adagrad has neither: set cycle_momentum to false",
            "{\"scheduler\": {\"name\": \"LinearLR\", \"start_factor\": 0}}|training.scheduler.start_factor must be above 0 up to 1, got 0.0",
            "{\"scheduler\": {\"name\": \"LinearLR\", \"end_factor\": 1.5}}|training.scheduler.end_factor must be from 0 up to 1, got 1.5",
            "{\"scheduler\": {\"name\": \"ConstantLR\", \"factor\": -0.5}}|training.scheduler.factor must be at least 0, got -0.5",
            "{\"scheduler\": {\"name\": \"PolynomialLR\", \"total_iters\": 0}}|training.scheduler.total_iters must be an integer of at least 1, got 0",
            "{\"scheduler\": {\"name\": \"SequentialLR\", \"schedulers\": [\"LinearLR\", {\"name\": \"OneCycleLR\"}], \"milestones\": [3]}}|"
                    + "training.scheduler.schedulers[1] is \"OneCycleLR\"; choose one of LinearLR, ConstantLR, StepLR, MultiStepLR, ExponentialLR, "
                    + "CosineAnnealingLR, PolynomialLR, LambdaLR, MultiplicativeLR",
            "{\"scheduler\": {\"name\": \"SequentialLR\", \"schedulers\": [\"LinearLR\", {\"name\": \"StepLR\"}], \"milestones\": [3]}}|"
                    + "training.scheduler.schedulers[1].step_size is required by StepLR",
            "{\"scheduler\": {\"name\": \"SequentialLR\", \"schedulers\": [\"LinearLR\", \"CosineAnnealingLR\"], \"milestones\": [3, 6]}}|"
                    + "training.scheduler.milestones must list 1 epoch (one fewer than the schedulers, the epoch each one after the first starts at), got 2",
            "{\"scheduler\": {\"name\": \"SequentialLR\", \"schedulers\": [\"LinearLR\", \"CosineAnnealingLR\"]}}|"
                    + "training.scheduler.milestones is required by SequentialLR",
    })
    void mistakesNameTheKeyAndWhatIsAllowed(String json, String message) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        ConfigException e = assertThrows(ConfigException.class, () -> TrainingConfig.fromMap(m));
        assertEquals(message, e.getMessage());
    }
}
