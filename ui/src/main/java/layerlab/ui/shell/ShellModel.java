package layerlab.ui.shell;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The main window's state, free of controls so that it is tested without a screen. */
public final class ShellModel {
    public static final String UNTITLED = "Untitled";

    private final StringProperty projectName = new SimpleStringProperty(this, "projectName", UNTITLED);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private final ObjectProperty<TextSize> textSize = new SimpleObjectProperty<>(this, "textSize", TextSize.NORMAL);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final javafx.beans.property.BooleanProperty dirty = new javafx.beans.property.SimpleBooleanProperty(this, "dirty");
    private final javafx.beans.property.BooleanProperty sidePanels = new javafx.beans.property.SimpleBooleanProperty(this, "sidePanels", true);

    /**
     * @param device  the compute device training will use, as shown in the status bar ("CPU")
     * @param threads how many threads the CPU kernels use
     */
    public ShellModel(String device, int threads) {
        this(device, threads, null);
    }

    /**
     * @param device  the compute device training will use, as shown in the status bar ("CPU")
     * @param threads how many threads the CPU kernels use
     * @param gpu     the CUDA GPU this machine has ("NVIDIA H200"), which a project's "auto" device trains on; null for none
     */
    public ShellModel(String device, int threads, String gpu) {
        title.bind(Bindings.concat("LayerLab — ", projectName, Bindings.when(dirty).then(" •").otherwise("")));
        status.set("Ready · " + device + " · " + threads + (threads == 1 ? " thread" : " threads") + (gpu == null ? "" : " · GPU: " + gpu));
    }

    /** Starts a new, empty project. */
    public void newProject() {
        projectName.set(UNTITLED);
    }

    /** Unsaved changes: the title shows a dot after the project's name. */
    public javafx.beans.property.BooleanProperty dirtyProperty() {
        return dirty;
    }

    public StringProperty projectNameProperty() {
        return projectName;
    }

    /** "LayerLab — &lt;project name&gt;". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ObjectProperty<TextSize> textSizeProperty() {
        return textSize;
    }

    /**
     * Whether the palette and the Properties/Code panels are shown beside the canvas (View › Show Side Panels, Ctrl+B): hidden,
     * the canvas has the window's whole width, for a projector. Not remembered: the next start shows them.
     */
    public javafx.beans.property.BooleanProperty sidePanelsProperty() {
        return sidePanels;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
