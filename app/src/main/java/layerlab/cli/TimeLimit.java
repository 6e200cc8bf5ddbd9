package layerlab.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A time limit as typed ({@code --max-time}): {@code 90s}, {@code 5m}, {@code 1.5h}, or a number of seconds alone ({@code 90});
 * more than nothing. A word that is none of these is refused naming the forms.
 */
final class TimeLimit implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|sec|m|min|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new CommandLine.TypeConversionException("'" + value + "' is no time: give 90s, 5m or 1.5h (a number alone is seconds)");
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).substring(0, 1);
        double seconds = n * switch (unit) {
            case "h" -> 3600;
            case "m" -> 60;
            default -> 1;
        };
        if (seconds <= 0) throw new CommandLine.TypeConversionException("'" + value + "': the time limit must be more than nothing");
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** {@code d} as it would be typed: {@code 90s}, {@code 5m}, {@code 1.5h}. */
    static String show(Duration d) {
        double s = d.toMillis() / 1000.0;
        if (s >= 3600 && s % 360 == 0) return number(s / 3600) + "h";
        if (s >= 60 && s % 6 == 0) return number(s / 60) + "m";
        return number(s) + "s";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
