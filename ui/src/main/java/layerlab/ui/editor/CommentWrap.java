package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python comments wrapped to a width, so that the Code tab's text needs no sideways scrolling to be read: a long comment
 * line becomes several at its indent (a "- " item's later lines under its words), and a long line's trailing comment
 * goes on its own lines above the code. Code lines are left as they are: a break in them would change the program.
 */
public final class CommentWrap {
    private static final Pattern COMMENT = Pattern.compile("^(\\s*)#\\s?(.*)$");
    /** Narrower than this, a comment keeps its width: a column of single words reads worse than a scroll. */
    private static final int MIN_TEXT = 20;

    private CommentWrap() {}

    /** {@code code} with every comment longer than {@code columns} characters wrapped. */
    public static String wrap(String code, int columns) {
        StringBuilder out = new StringBuilder();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.length() > columns) {
                Matcher m = COMMENT.matcher(line);
                int inline = line.indexOf("  # ");
                if (m.matches()) {
                    line = String.join("\n", comment(m.group(1), m.group(2), columns));
                } else if (inline > 0 && !line.substring(0, inline).isBlank()) {
                    String indent = line.substring(0, line.length() - line.stripLeading().length());
                    line = String.join("\n", comment(indent, line.substring(inline + 4), columns)) + "\n" + line.substring(0, inline);
                }
            }
            out.append(line);
            if (i < lines.length - 1) out.append('\n');
        }
        return out.toString();
    }

    /** The comment {@code text} at {@code indent}, in lines of at most {@code columns} (a longer word stays whole). */
    private static List<String> comment(String indent, String text, int columns) {
        String next = text.startsWith("- ") ? indent + "#   " : indent + "# ";
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent + "# ");
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (word.isEmpty()) continue;
            if (!empty && line.length() + 1 + word.length() > Math.max(columns, next.length() + MIN_TEXT)) {
                out.add(line.toString());
                line = new StringBuilder(next);
                empty = true;
            }
            if (!empty) line.append(' ');
            line.append(word);
            empty = false;
        }
        out.add(line.toString());
        return out;
    }
}
