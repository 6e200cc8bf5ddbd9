package layerlab.ui;

import java.util.Locale;
import java.util.function.Supplier;

/** Runs a piece of a test as a user whose machine speaks another language would, and gives the default locale back after. */
public final class Locales {
    private Locales() {}

    /** A step of a test that may throw, as TestFX steps and file reads do. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} under {@code locale}; the locale before comes back even when the step fails. */
    public static void under(Locale locale, Step step) throws Exception {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(locale);
            step.run();
        } finally {
            Locale.setDefault(before);
        }
    }

    /** What {@code what} gives under the locale with this language tag ("de-DE", "tr-TR"). */
    public static <T> T value(String tag, Supplier<T> what) {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag(tag));
            return what.get();
        } finally {
            Locale.setDefault(before);
        }
    }
}
