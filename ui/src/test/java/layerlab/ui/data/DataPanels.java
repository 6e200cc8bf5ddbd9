package layerlab.ui.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The Data tab alone on a stage, as the DataPanel tests show it: over {@code dataset}, which Apply writes back. */
final class DataPanels {
    private DataPanels() {
    }

    /** Shows a Data tab over {@code dataset} (its relative paths from {@code dir}) on {@code stage}, 1100×700. */
    static DataPanel show(Stage stage, Map<String, Object> dataset, Path dir) {
        Platform.setImplicitExit(false);
        DataPanel panel = new DataPanel(() -> new LinkedHashMap<>(dataset), m -> {
            dataset.clear();
            dataset.putAll(m);
        }, () -> dir);
        stage.setScene(new Scene(panel, 1100, 700));
        stage.show();
        return panel;
    }
}
