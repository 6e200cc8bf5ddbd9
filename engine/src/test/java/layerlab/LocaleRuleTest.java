package layerlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The developer guide's rule for numbers and locales, kept by every module's sources: what formats a number or changes
 * case names Locale.ROOT, so that a file, a message or a label reads the same in Cairo, Istanbul and Berlin.
 */
class LocaleRuleTest {
    /** Calls that format with Java's default locale (Arabic-Indic digits, decimal commas) or change case with it (Turkish's ı). */
    private static final List<Pattern> DEFAULT_LOCALE = List.of(
            Pattern.compile("\\.to(Lower|Upper)Case\\(\\)"),
            Pattern.compile("String\\.format\\((?!\\s*(java\\.util\\.)?Locale\\.)"),
            Pattern.compile("\\.printf\\((?!\\s*(java\\.util\\.)?Locale\\.)"),
            Pattern.compile("new (java\\.text\\.)?DecimalFormat\\(\"[^\"]*\"\\)"),
            Pattern.compile("NumberFormat\\.get\\w*Instance\\(\\)"),
            Pattern.compile("new Scanner\\("));
    /** A conversion that writes a number in the locale's digits and separators: %d, %.3f, %,d, %e, %g. */
    private static final Pattern NUMBER_CONVERSION = Pattern.compile("(?<!%)%[-#+ 0,(]*\\d*(\\.\\d+)?[dfeEgG]");

    @Test
    void everyModuleFormatsNumbersAndCaseWithLocaleRoot() throws Exception {
        List<String> found = new ArrayList<>();
        for (String module : List.of("engine", "ui", "app")) {
            try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String s = Files.readString(f);
                    String[] lines = s.split("\n", -1);
                    for (int i = 0; i < lines.length; i++) {
                        for (Pattern p : DEFAULT_LOCALE) if (p.matcher(lines[i]).find()) found.add(f + ":" + (i + 1) + ": " + lines[i].strip());
                    }
                    // String.formatted has no Locale: only for text without number conversions.
                    Matcher m = Pattern.compile("(\"\"\"|\")\\.formatted\\(").matcher(s);
                    while (m.find()) {
                        int start = m.group(1).length() == 3 ? s.lastIndexOf("\"\"\"", m.start() - 1) : s.lastIndexOf('"', m.start() - 1);
                        if (NUMBER_CONVERSION.matcher(s.substring(start, m.start()).replace("%%", "")).find()) {
                            found.add(f + ":" + (s.substring(0, m.start()).split("\n", -1).length) + ": a number formatted by String.formatted");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
