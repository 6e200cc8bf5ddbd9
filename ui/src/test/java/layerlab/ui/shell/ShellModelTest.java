package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShellModelTest {
    @Test
    void titleFollowsTheProjectName() {
        ShellModel model = new ShellModel("CPU", 8);
        assertEquals("LayerLab — Untitled", model.titleProperty().get());
        model.projectNameProperty().set("mnist-mlp");
        assertEquals("LayerLab — mnist-mlp", model.titleProperty().get());
        model.newProject();
        assertEquals("LayerLab — Untitled", model.titleProperty().get());
    }

    @Test
    void statusNamesTheDeviceAndThreads() {
        assertEquals("Ready · CPU · 8 threads", new ShellModel("CPU", 8).statusProperty().get());
        assertEquals("Ready · CPU · 1 thread", new ShellModel("CPU", 1).statusProperty().get());
        // A machine with a CUDA GPU says so: a project's "auto" device trains there.
        assertEquals("Ready · CPU · 2 threads · GPU: NVIDIA H200", new ShellModel("CPU", 2, "NVIDIA H200").statusProperty().get());
    }
}
