package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The exported script's optimiser and schedule for the later ones (PyTorchTrainingTest trains NAdam with CyclicLR through
 * torch itself): their options as torch 1.13 names them, pairs as lists, CyclicLR stepped after every batch, ChainedScheduler
 * holding its schedulers built on the same optimiser.
 */
class PyTorchExportMoreTest {
    private static String script(String training) throws Exception {
        return PyTorchExport.script(PyTorchTrainingTest.mlp(training, false), "m.safetensors");
    }

    @Test
    void theLaterOptimisersAndSchedulesAreWrittenAsTorchBuildsThem() throws Exception {
        String rprop = script("{\"optimizer\": {\"name\": \"Rprop\", \"etas\": [0.4, 1.3], \"maximize\": true}, \"epochs\": 2}");
        assertTrue(rprop.contains("return torch.optim.Rprop(model.parameters(), lr=0.01, etas=[0.4, 1.3], maximize=True)\n"), rprop);
        String asgd = script("{\"optimizer\": {\"name\": \"ASGD\", \"t0\": 100}, \"epochs\": 2}");
        assertTrue(asgd.contains("return torch.optim.ASGD(model.parameters(), lr=0.01, t0=100"), asgd);
        String adadelta = script("{\"optimizer\": \"Adadelta\", \"epochs\": 2}");
        assertTrue(adadelta.contains("return torch.optim.Adadelta(model.parameters(), lr=1"), adadelta);

        String cyclic = script("{\"optimizer\": {\"name\": \"SGD\", \"momentum\": 0.9}, \"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.001, "
                + "\"max_lr\": 0.1, \"step_size_up\": 4, \"mode\": \"exp_range\", \"gamma\": 0.99}, \"epochs\": 2}");
        assertTrue(cyclic.contains("return torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=0.001, max_lr=0.1, step_size_up=4, mode=\"exp_range\", "
                + "gamma=0.99)\n"), cyclic);
        assertTrue(cyclic.contains("            optimizer.step()\n            scheduler.step()\n"), "stepped after every batch: " + cyclic);

        String chained = script("{\"scheduler\": {\"name\": \"ChainedScheduler\", \"schedulers\": [{\"name\": \"ConstantLR\", \"factor\": 0.5, "
                + "\"total_iters\": 2}, {\"name\": \"ExponentialLR\", \"gamma\": 0.9}]}, \"epochs\": 2}");
        assertTrue(chained.contains("return torch.optim.lr_scheduler.ChainedScheduler([\n"
                + "        torch.optim.lr_scheduler.ConstantLR(optimizer, factor=0.5, total_iters=2),\n"
                + "        torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)])\n"), chained);
    }
}
