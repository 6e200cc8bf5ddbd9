package layerlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.graph.json.SettingsReader;

/**
 * How the settings of a table and of a text file read: which columns are features, label, each target Input's and the
 * text's, the header, the delimiter, what a gap becomes, and how texts are cut ({@link DataSources} loads with them).
 */
final class TableSettings {
    private TableSettings() {
    }

    /** The columns each target Input takes, by its name ({@link DataSources#targets(Map)}); empty for none. */
    static Map<String, List<CsvLoader.Column>> targets(DataSettings s) {
        Map<String, List<CsvLoader.Column>> out = new LinkedHashMap<>();
        if (!s.has("targets")) return out;
        Object raw = s.raw("targets");
        Map<String, Object> given = new LinkedHashMap<>();
        if (raw instanceof String line) {
            for (String part : line.split(",")) {
                if (part.isBlank()) continue;
                int eq = part.indexOf('=');
                if (eq <= 0 || part.substring(eq + 1).isBlank())
                    throw s.refuse(s.path("targets") + ": \"" + part.trim() + "\" is no Input=column pair; write e.g. \"species=species, mass=body_mass_g\"");
                String input = part.substring(0, eq).trim();
                Object before = given.get(input);
                String column = part.substring(eq + 1).trim();
                if (before == null) given.put(input, column);
                else if (before instanceof List<?> l) given.put(input, Stream.concat(l.stream(), Stream.of(column)).toList());
                else given.put(input, List.of(before, column));
            }
        } else if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> given.put(String.valueOf(k), v));
        } else {
            throw s.refuse(s.path("targets") + " must be an object of target Input names and columns, {\"species\": \"species\", \"mass\": \"body_mass_g\"}, got "
                    + SettingsReader.show(raw));
        }
        if (given.isEmpty()) return out;
        if (s.has("label_column"))
            throw s.refuse(s.path("targets") + " and " + s.path("label_column") + " are both given: with targets each target Input names its own "
                    + "column; leave label_column out");
        for (var e : given.entrySet()) {
            String key = s.path("targets") + "." + e.getKey();
            List<?> columns = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
            if (columns.isEmpty() || e.getValue() == null)
                throw s.refuse(key + " names no column; give the column target Input \"" + e.getKey() + "\" takes");
            List<CsvLoader.Column> cs = new ArrayList<>();
            for (Object c : columns) cs.add(column(key, c));
            out.put(e.getKey(), cs);
        }
        return out;
    }

    /** How a CSV data set's columns are read ({@link DataSources#csvOptions(Map)}). */
    static CsvLoader.Options csv(DataSettings s) {
        List<CsvLoader.Column> features = null;
        if (s.has("features")) {
            features = new ArrayList<>();
            // A list, or names separated by commas ("features=bill_length_mm,island" typed on a command line).
            List<?> given = s.raw("features") instanceof String names && names.contains(",")
                    ? Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList()
                    : s.list("features");
            for (Object c : given) features.add(column(s.path("features"), c));
        }
        CsvLoader.Column label = s.has("label_column") ? column(s.path("label_column"), s.raw("label_column")) : CsvLoader.Column.at(-1);
        CsvLoader.Header header = header(s);
        return new CsvLoader.Options(features, label, s.choice("task", "auto", CsvLoader.Task.class), header, delimiter(s, (char) 0),
                s.choice("missing", "error", CsvLoader.Missing.class));
    }

    /** How a text data set's texts are found and cut ({@link DataSources#textOptions(Map)}). */
    static TextLoader.Options text(DataSettings s) {
        TextLoader.Options d = TextLoader.Options.DEFAULT;
        CsvLoader.Column text = s.has("text_column") ? column(s.path("text_column"), s.raw("text_column")) : d.text();
        CsvLoader.Column label = s.has("label_column") ? column(s.path("label_column"), s.raw("label_column")) : d.label();
        Vocabulary.Level level = Vocabulary.Level.of(s.choice("tokenize", d.level().id(), Vocabulary.Level.ids()));
        return new TextLoader.Options(text, label, s.choice("task", "auto", CsvLoader.Task.class), header(s), delimiter(s, (char) 0), level,
                s.bool("lowercase", d.lowercase()),
                (int) s.integer("length", 0, 1, Vocabulary.MAX_LENGTH), (int) s.integer("vocab", TextLoader.Options.DEFAULT_MAX_VOCABULARY, 3, Vocabulary.MAX_TOKENS),
                s.choice("padding", d.padding().id(), Vocabulary.Padding.class), (int) s.integer("min_freq", 1, 1, Integer.MAX_VALUE));
    }

    /**
     * How the bundled surnames are read: their {@code padding}, left (the default) or right, and {@code min_freq}, how
     * many times the training names must hold a character for the vocabulary to keep it (default 1: every one), as for
     * a text set: a letter rarer than that (ď, ű occur once) reads as {@code <unk>}.
     */
    static TextLoader.Options surnames(DataSettings s) {
        return bundledText(s, BundledDatasets.SURNAMES);
    }

    /** How the bundled spam subjects are read: their {@code padding} and {@code min_freq}, as the surnames' (of words, not characters). */
    static TextLoader.Options spamSubjects(DataSettings s) {
        return bundledText(s, BundledDatasets.SPAM_SUBJECTS);
    }

    private static TextLoader.Options bundledText(DataSettings s, TextLoader.Options bundled) {
        return bundled.withPadding(s.choice("padding", bundled.padding().id(), Vocabulary.Padding.class))
                .withMinFreq((int) s.integer("min_freq", 1, 1, Integer.MAX_VALUE));
    }

    /**
     * The one-character {@code delimiter}, or {@code fallback} when it is not given. A tab may also be written {@code tab} or
     * as the two characters {@code \t}, which is what a shell passes for {@code --data delimiter=\t}.
     */
    static char delimiter(DataSettings s, char fallback) {
        String delimiter = s.string("delimiter", null);
        if (delimiter == null) return fallback;
        if (delimiter.equals("tab") || delimiter.equals("\\t")) return '\t';
        if (delimiter.length() != 1)
            throw s.refuse(s.path("delimiter") + " must be one character (or tab), got \"" + delimiter + "\"");
        return delimiter.charAt(0);
    }

    /** {@code header}: true, false or "auto" (the default). */
    static CsvLoader.Header header(DataSettings s) {
        return switch (String.valueOf(s.raw("header"))) {
            case "null", "auto" -> CsvLoader.Header.AUTO;
            case "true" -> CsvLoader.Header.PRESENT;
            case "false" -> CsvLoader.Header.ABSENT;
            default -> throw s.refuse(s.path("header") + " must be true, false or \"auto\", got " + SettingsReader.show(s.raw("header")));
        };
    }

    /** A column by name or by 0-based index; {@code key} names the setting in the message. */
    static CsvLoader.Column column(String key, Object c) {
        if (c instanceof String name) return CsvLoader.Column.named(name);
        if (c instanceof Number i && i.doubleValue() == i.intValue()) return CsvLoader.Column.at(i.intValue());
        throw new IllegalArgumentException(key + " must be a column name or a 0-based column index, got " + SettingsReader.show(c));
    }
}
