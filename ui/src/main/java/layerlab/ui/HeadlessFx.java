package layerlab.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** For the UI bench cases: a headless JavaFX toolkit and calls onto its thread from the bench's thread. */
public final class HeadlessFx {
    private HeadlessFx() {
    }

    /** Monocle's headless screen and the software renderer, unless set otherwise or the toolkit already runs. */
    public static void start() {
        useHeadlessToolkit();
        CompletableFuture<Void> up = new CompletableFuture<>();
        try {
            Platform.startup(() -> up.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            up.complete(null);
        }
        up.join();
        Platform.setImplicitExit(false);
    }

    /** Runs {@code c} on the JavaFX thread and waits (two minutes at most) for its result; {@code what} names the caller in errors. */
    public static <T> T call(String what, Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }

    /** Has the JavaFX toolkit, when it starts, open Monocle's headless screen with the software renderer (unless set otherwise). */
    public static void useHeadlessToolkit() {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("prism.text", "t2k");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
