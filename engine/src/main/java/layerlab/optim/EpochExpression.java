package layerlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import layerlab.graph.json.SettingsReader;

/**
 * A small arithmetic expression of {@code epoch}, the {@code lr_lambda} of {@link LambdaLR} and {@link MultiplicativeLR}:
 * a project file holds no code (loading one never runs anything), so in place of torch's Python lambda it holds text such
 * as {@code "0.95 ** epoch"} or {@code "min(1, (epoch + 1) / 5)"}, parsed here by our own parser and evaluated in doubles
 * as Python evaluates the same text. What it may use: numbers, {@code epoch}, {@code pi}, {@code + - * / // % **},
 * parentheses, and {@code min}, {@code max}, {@code exp}, {@code log}, {@code sqrt}, {@code sin}, {@code cos}, {@code abs},
 * {@code floor}, {@code ceil}. The grammar is Python's for these, precedence included ({@code -2 ** 2} is -4,
 * {@code 2 ** 3 ** 2} is 512), so {@link #toPython()} writes it token for token, the functions from {@code math}.
 * {@link CyclicLR}'s {@code scale_fn} is the same kind of expression, of {@code x} in place of {@code epoch}.
 */
public final class EpochExpression {
    /** The functions and how many arguments each takes (min and max: two or more). */
    private static final Map<String, Integer> FUNCTIONS = Map.of("min", -2, "max", -2, "exp", 1, "log", 1, "sqrt", 1, "sin", 1, "cos", 1,
            "abs", 1, "floor", 1, "ceil", 1);
    private static final String ALLOWED = "numbers, + - * / // % ** ( ), min, max, exp, log, sqrt, sin, cos, abs, floor, ceil and pi";

    /** Characters a word processor or a web page puts for ASCII ones Python reads (an expression pasted from a document). */
    private static final Map<String, String> LOOKALIKES = Map.of("\u2212", "a typographic minus: type -", "\u2013", "a dash: type - for minus",
            "\u00d7", "a multiplication sign: type *", "\u00f7", "a division sign: type /", "\u00b7", "a middle dot: type * to multiply",
            "\u2217", "an asterisk operator: type *");

    /** What an lr_lambda may say, for a form's tooltip. */
    public static final String HELP = "lr_lambda: the rate's factor as an expression of epoch (0, 1, 2, …), as Python writes it: epoch, " + ALLOWED
            + ". E.g. 0.95 ** epoch, min(1, (epoch + 1) / 5) for a warm-up, 0.5 ** (epoch // 10) to halve every 10 epochs";

    /** What CyclicLR's scale_fn may say, for a form's tooltip. */
    public static final String SCALE_FN_HELP = "scale_fn: the cycle's height factor as an expression of x, as Python writes it: x, " + ALLOWED
            + ". x is the cycle (1, 2, …) with scale_mode cycle, the step (0, 1, …) with scale_mode iterations; set, it replaces mode's own."
            + " E.g. 1 / (2.0 ** (x - 1)) (triangular2's), 0.99 ** x";

    private final String text;
    private final DoubleUnaryOperator f;
    private final String python;

    private EpochExpression(String text, DoubleUnaryOperator f, String python) {
        this.text = text;
        this.f = f;
        this.python = python;
    }

    /**
     * Parses {@code text}; a mistake is an {@link IllegalArgumentException} naming what and where, 1-based:
     * {@code unexpected "x" at character 9 of "0.95 ** x"; an lr_lambda may use epoch, numbers, …}.
     */
    public static EpochExpression parse(String text) {
        return parse(text, "epoch", "an lr_lambda");
    }

    /**
     * Parses {@code text} as an expression of {@code variable} in place of {@code epoch} (CyclicLR's {@code scale_fn} is one
     * of {@code x}); {@code what} names it in a mistake's message ("a scale_fn").
     */
    public static EpochExpression parse(String text, String variable, String what) {
        Parser p = new Parser(text, variable, what);
        Node n = p.expression();
        if (p.peek().kind != Kind.END) throw p.unexpected(p.peek());
        return new EpochExpression(text, n.f, n.py);
    }

    /** The value at {@code epoch}. */
    public double at(int epoch) {
        return f.applyAsDouble(epoch);
    }

    /**
     * The rate's factor at {@code epoch}: LambdaLR's and MultiplicativeLR's lr_lambda must give a number of at least 0. The
     * settings' check looks at the first {@link #CHECKED_EPOCHS} epochs of a run; an epoch past them is checked here, when it
     * comes, so a run of a billion epochs is neither checked for minutes nor scaled by NaN at its millionth.
     */
    public double factorAt(int epoch) {
        double v = at(epoch);
        if (!isFactor(v)) throw new IllegalStateException("lr_lambda " + badFactor(v, epoch) + "; a rate's factor must be a number of at least 0");
        return v;
    }

    /** How many epochs of a run the settings' check evaluates an lr_lambda at (a tenth of a second); {@link #factorAt} the rest. */
    public static final int CHECKED_EPOCHS = 100_000;

    /** Whether {@code v} may scale a rate: a number of at least 0, neither NaN nor infinite. */
    public static boolean isFactor(double v) {
        return v >= 0 && !Double.isInfinite(v);
    }

    /** {@code "1 - epoch / 10" gives -0.1 at epoch 11}, for a factor that {@link #isFactor is not one}. */
    public String badFactor(double v, int epoch) {
        return "\"" + text + "\" gives " + SettingsReader.num(v) + " at epoch " + epoch;
    }

    /** The value at {@code x} (its variable's value, whatever its name). */
    public double at(double x) {
        return f.applyAsDouble(x);
    }

    /** As the user wrote it. */
    public String text() {
        return text;
    }

    /** The expression in Python, for {@code lambda epoch: …} ({@code math.} before the functions that need it). */
    public String toPython() {
        return python;
    }

    @Override
    public String toString() {
        return text;
    }

    // ---------------------------------------------------------------- the parser

    /** ERROR: a character no token starts with, reported when the parser reaches it (after any earlier mistake). */
    private enum Kind { NUMBER, NAME, OP, LPAREN, RPAREN, COMMA, ERROR, END }

    private record Token(Kind kind, String text, int at) {
    }

    /** A parsed part: its value as a function of the epoch, and its Python text. */
    private record Node(DoubleUnaryOperator f, String py) {
    }

    private static final class Parser {
        private final String src, variable, what;
        private final List<Token> tokens = new ArrayList<>();
        private int next;

        Parser(String src, String variable, String what) {
            this.src = src;
            this.variable = variable;
            this.what = what;
            int i = 0;
            while (i < src.length()) {
                char c = src.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (Character.isDigit(c) || c == '.' && i + 1 < src.length() && Character.isDigit(src.charAt(i + 1))) {
                    int start = i;
                    while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '.')) i++;
                    if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
                        int j = i + 1;
                        if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) j++;
                        if (j < src.length() && Character.isDigit(src.charAt(j))) {
                            i = j;
                            while (i < src.length() && Character.isDigit(src.charAt(i))) i++;
                        }
                    }
                    tokens.add(new Token(Kind.NUMBER, src.substring(start, i), start));
                } else if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) i++;
                    tokens.add(new Token(Kind.NAME, src.substring(start, i), start));
                } else if (src.startsWith("**", i) || src.startsWith("//", i)) {
                    tokens.add(new Token(Kind.OP, src.substring(i, i + 2), i));
                    i += 2;
                } else if ("+-*/%".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.OP, String.valueOf(c), i++));
                } else if (c == '(' || c == ')' || c == ',') {
                    tokens.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c), i++));
                } else {
                    tokens.add(new Token(Kind.ERROR, String.valueOf(c), i));
                    break;
                }
            }
            tokens.add(new Token(Kind.END, "", src.length()));
        }

        Token peek() {
            return tokens.get(next);
        }

        private boolean op(String op) {
            Token t = peek();
            if (t.kind == Kind.OP && t.text.equals(op)) {
                next++;
                return true;
            }
            return false;
        }

        IllegalArgumentException unexpected(Token t) {
            String token = t.kind == Kind.END ? "the end" : "\"" + t.text + "\"";
            return new IllegalArgumentException("unexpected " + token + " at character " + (t.at + 1) + " of \"" + src + "\"; " + what + " may use " + variable + ", "
                    + ALLOWED + (t.kind == Kind.NAME && !t.text.equals(variable) && !t.text.equals("pi")
                    ? " (a name other than " + variable + " and pi must be a function, followed by '(')" : "")
                    + (t.kind == Kind.ERROR && LOOKALIKES.containsKey(t.text) ? " (\"" + t.text + "\" is " + LOOKALIKES.get(t.text) + ")" : ""));
        }

        /** expression := term (('+' | '-') term)* */
        Node expression() {
            Node left = term();
            while (true) {
                if (op("+")) left = binary(left, " + ", term(), Double::sum);
                else if (op("-")) left = binary(left, " - ", term(), (a, b) -> a - b);
                else return left;
            }
        }

        /** term := unary (('*' | '/' | '//' | '%') unary)*, with Python's floor division and modulo (the divisor's sign). */
        Node term() {
            Node left = unary();
            while (true) {
                if (op("*")) left = binary(left, " * ", unary(), (a, b) -> a * b);
                else if (op("//")) left = binary(left, " // ", unary(), (a, b) -> Math.floor(a / b));
                else if (op("/")) left = binary(left, " / ", unary(), (a, b) -> a / b);
                else if (op("%")) left = binary(left, " % ", unary(), (a, b) -> a - Math.floor(a / b) * b);
                else return left;
            }
        }

        /** unary := ('-' | '+') unary | power */
        Node unary() {
            if (op("-")) {
                Node n = unary();
                return new Node(x -> -n.f.applyAsDouble(x), "-" + n.py);
            }
            if (op("+")) return unary();
            return power();
        }

        /** power := atom ('**' unary)?: right-associative, and tighter than a minus on its left, as Python's. */
        Node power() {
            Node base = atom();
            if (!op("**")) return base;
            Node exponent = unary();
            return binary(base, " ** ", exponent, Math::pow);
        }

        Node atom() {
            Token t = tokens.get(next++);
            switch (t.kind) {
                case NUMBER -> {
                    double v;
                    try {
                        v = Double.parseDouble(t.text);
                    } catch (NumberFormatException e) {
                        throw unexpected(t);
                    }
                    return new Node(x -> v, t.text);
                }
                case LPAREN -> {
                    Node inner = expression();
                    if (peek().kind != Kind.RPAREN) throw unexpected(peek());
                    next++;
                    return new Node(inner.f, "(" + inner.py + ")");
                }
                case NAME -> {
                    if (t.text.equals(variable)) return new Node(x -> x, variable);
                    if (t.text.equals("pi")) return new Node(x -> Math.PI, "math.pi");
                    Integer arity = FUNCTIONS.get(t.text);
                    if (arity == null || peek().kind != Kind.LPAREN) throw unexpected(t);
                    next++;
                    List<Node> args = new ArrayList<>();
                    args.add(expression());
                    while (peek().kind == Kind.COMMA) {
                        next++;
                        args.add(expression());
                    }
                    if (peek().kind != Kind.RPAREN) throw unexpected(peek());
                    next++;
                    if (arity > 0 ? args.size() != arity : args.size() < -arity) {
                        throw new IllegalArgumentException(t.text + " at character " + (t.at + 1) + " of \"" + src + "\" takes "
                                + (arity > 0 ? arity + " argument" : "two or more arguments") + ", got " + args.size());
                    }
                    return call(t.text, args);
                }
                default -> throw unexpected(t);
            }
        }

        private static Node binary(Node a, String op, Node b, java.util.function.DoubleBinaryOperator g) {
            return new Node(x -> g.applyAsDouble(a.f.applyAsDouble(x), b.f.applyAsDouble(x)), a.py + op + b.py);
        }

        private static Node call(String name, List<Node> args) {
            List<String> py = args.stream().map(Node::py).toList();
            String math = name.equals("min") || name.equals("max") || name.equals("abs") ? "" : "math.";
            String text = math + name + "(" + String.join(", ", py) + ")";
            Node a = args.get(0);
            DoubleUnaryOperator f = switch (name) {
                case "min", "max" -> x -> {
                    boolean min = name.equals("min");
                    // Python's min and max keep the first of equals, and compare as they go.
                    double best = args.get(0).f.applyAsDouble(x);
                    for (int i = 1; i < args.size(); i++) {
                        double v = args.get(i).f.applyAsDouble(x);
                        if (min ? v < best : v > best) best = v;
                    }
                    return best;
                };
                case "exp" -> x -> Math.exp(a.f.applyAsDouble(x));
                case "log" -> x -> Math.log(a.f.applyAsDouble(x));
                case "sqrt" -> x -> Math.sqrt(a.f.applyAsDouble(x));
                case "sin" -> x -> Math.sin(a.f.applyAsDouble(x));
                case "cos" -> x -> Math.cos(a.f.applyAsDouble(x));
                case "abs" -> x -> Math.abs(a.f.applyAsDouble(x));
                case "floor" -> x -> Math.floor(a.f.applyAsDouble(x));
                case "ceil" -> x -> Math.ceil(a.f.applyAsDouble(x));
                default -> throw new IllegalStateException(name.toLowerCase(Locale.ROOT));
            };
            return new Node(f, text);
        }
    }
}
