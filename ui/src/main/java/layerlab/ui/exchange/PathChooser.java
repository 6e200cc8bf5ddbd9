package layerlab.ui.exchange;

import java.io.File;
import java.nio.file.Path;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks where to read or write a file: a {@link FileChooser} in the app; tests, which cannot drive the native dialog, answer directly. */
public interface PathChooser {
    /** A file to open, of the filter's kind ({@code extension} without the dot), or null when the user cancelled. */
    Path open(Window owner, String title, String description, String extension, Path folder);

    /** A file to write, proposed as {@code name} in {@code folder} (null: the chooser's own), or null when cancelled. */
    Path save(Window owner, String title, String description, String extension, Path folder, String name);

    /** The platform's file dialogs. */
    static PathChooser system() {
        return new PathChooser() {
            @Override
            public Path open(Window owner, String title, String description, String extension, Path folder) {
                File f = chooser(title, description, extension, folder).showOpenDialog(owner);
                return f == null ? null : f.toPath();
            }

            @Override
            public Path save(Window owner, String title, String description, String extension, Path folder, String name) {
                FileChooser fc = chooser(title, description, extension, folder);
                fc.setInitialFileName(name);
                File f = fc.showSaveDialog(owner);
                return f == null ? null : f.toPath();
            }

            private FileChooser chooser(String title, String description, String extension, Path folder) {
                FileChooser fc = new FileChooser();
                fc.setTitle(title);
                fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(description + " (*." + extension + ")", "*." + extension));
                if (folder != null && folder.toFile().isDirectory()) fc.setInitialDirectory(folder.toFile());
                return fc;
            }
        };
    }
}
