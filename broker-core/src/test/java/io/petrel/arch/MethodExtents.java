package io.petrel.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds where the bodies of a Java file's methods, constructors and initialisers start and end, for
 * {@link TidyTest}'s method length rule. It reads the text, not the syntax tree: a lexer that skips
 * comments, string and character literals and text blocks (so a brace inside them is not a brace), then
 * a walk over type bodies that tells a member's body from a nested type's by the member's header.
 *
 * <p>What it measures: every method, constructor (compact ones too) and initialiser block of
 * top-level, nested and anonymous classes, and each lambda in a field's initialiser. What it does
 * not: code in an enum constant's arguments, and classes and lambdas inside a method, which the
 * method's own extent covers.
 * A header it cannot read stops it with the line, rather than skipping code silently.
 */
final class MethodExtents {

    /** One body: what it belongs to and the lines of its opening and closing brace, counted from 1. */
    record Extent(String name, int firstLine, int lastLine) {

        /** Lines the body spans, its braces' lines included. */
        int lines() {
            return lastLine - firstLine + 1;
        }
    }

    private static final Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");

    private final List<Token> tokens;
    private final List<Extent> extents = new ArrayList<>();
    private int pos;

    private MethodExtents(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The bodies of {@code source}, in the order they open. */
    static List<Extent> of(String source) {
        MethodExtents finder = new MethodExtents(Lexer.tokens(source));
        finder.typeBody("", false, true);
        return finder.extents;
    }

    private record Token(String text, int line) {
    }

    /**
     * Walks the members of a type body from just after its opening brace to just after its closing
     * one (to the end of the file for the top level). A member's header is the tokens since the last
     * {@code ;}, body or type body at this level.
     */
    private void typeBody(String typeName, boolean isEnum, boolean topLevel) {
        boolean constants = isEnum;
        int header = pos;
        while (pos < tokens.size()) {
            String t = tokens.get(pos).text();
            if (t.equals("}")) {
                pos++;
                return;
            } else if (t.equals(";")) {
                pos++;
                constants = false;
                header = pos;
            } else if (t.equals("(")) {
                if (isAssignment(header, pos)) {
                    pos++;
                } else {
                    skipBalanced("(", ")");
                }
            } else if (t.equals("{")) {
                boolean endsHeader = openBlock(typeName, header, constants);
                if (endsHeader) {
                    header = pos;
                }
            } else {
                pos++;
            }
        }
        if (!topLevel) {
            throw new IllegalStateException("type body of " + typeName + " never closes");
        }
    }

    /**
     * Handles the block at {@code pos} by what its header says it is, leaving {@code pos} after its
     * closing brace; true when the block ends the member (a body or a type), false when the member's
     * header goes on (a field initialiser's lambda, anonymous class or array).
     */
    private boolean openBlock(String typeName, int header, boolean constants) {
        List<String> words = headerWords(header, pos);
        String previous = pos > header ? tokens.get(pos - 1).text() : "";
        if (constants) {
            pos++;
            typeBody(words.isEmpty() ? "" : words.get(words.size() - 1), false, false);
            return true;
        }
        if (isAssignment(header, pos)) {
            fieldInitialiserBlock(words, previous);
            return false;
        }
        int keyword = typeKeyword(words);
        if (keyword >= 0) {
            String name = words.get(keyword + 1);
            pos++;
            typeBody(name, words.get(keyword).equals("enum"), false);
        } else if (isMethodHeader(header, pos)) {
            measure(methodName(header, pos));
        } else if (words.isEmpty() || words.equals(List.of("static"))) {
            measure(words.isEmpty() ? "{initialiser}" : "{static initialiser}");
        } else if (!words.isEmpty() && words.get(words.size() - 1).equals(typeName) && !previous.equals(")")) {
            measure(typeName + " (compact constructor)");
        } else if (previous.equals("default")) {
            skipBalanced("{", "}");
        } else {
            throw new IllegalStateException("line " + tokens.get(pos).line() + ": cannot tell what the block after '"
                    + String.join(" ", words) + "' is");
        }
        return true;
    }

    /** A block inside a field's initialiser: a lambda body or an anonymous class is measured, an array skipped. */
    private void fieldInitialiserBlock(List<String> words, String previous) {
        String field = fieldName(words);
        if (previous.equals("->")) {
            measure(field + " (lambda)");
        } else if (previous.equals(")") && !isSwitch()) {
            pos++;
            typeBody(field + " (anonymous class)", false, false);
        } else {
            skipBalanced("{", "}");
        }
    }

    /** Whether the block at {@code pos} is a switch's: {@code switch (x) {}. */
    private boolean isSwitch() {
        int depth = 0;
        for (int i = pos - 1; i > 0; i--) {
            String t = tokens.get(i).text();
            depth += t.equals(")") ? 1 : t.equals("(") ? -1 : 0;
            if (depth == 0) {
                return tokens.get(i - 1).text().equals("switch");
            }
        }
        return false;
    }

    /** Records the block opening at {@code pos} and moves past its matching closing brace. */
    private void measure(String name) {
        int first = tokens.get(pos).line();
        skipBalanced("{", "}");
        extents.add(new Extent(name, first, tokens.get(pos - 1).line()));
    }

    /** Moves {@code pos} from an opening token to just after its matching closing one. */
    private void skipBalanced(String open, String close) {
        int start = pos;
        int depth = 0;
        do {
            if (pos >= tokens.size()) {
                throw new IllegalStateException("line " + tokens.get(start).line() + ": '" + open + "' never closes");
            }
            String t = tokens.get(pos++).text();
            if (t.equals(open)) {
                depth++;
            } else if (t.equals(close)) {
                depth--;
            }
        } while (depth > 0);
    }

    /** The header's tokens outside parentheses and annotations' arguments, from {@code from} up to {@code to}. */
    private List<String> headerWords(int from, int to) {
        List<String> words = new ArrayList<>();
        int depth = 0;
        for (int i = from; i < to; i++) {
            String t = tokens.get(i).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth--;
            } else if (depth == 0) {
                words.add(t);
            }
        }
        return words;
    }

    /** Whether the header has an {@code =} outside parentheses: a field with an initialiser. */
    private boolean isAssignment(int from, int to) {
        return headerWords(from, to).contains("=");
    }

    /** The index of {@code class}, {@code enum}, ... followed by the type's name, or -1. */
    private static int typeKeyword(List<String> words) {
        for (int i = 0; i + 1 < words.size(); i++) {
            boolean afterDot = i > 0 && words.get(i - 1).equals(".");
            String next = words.get(i + 1);
            if (TYPE_KEYWORDS.contains(words.get(i)) && !afterDot && isIdentifier(next) && !next.equals("throws")) {
                return i;
            }
        }
        return -1;
    }

    /** {@code ... name(params)} or {@code ... name(params) throws A, B}. */
    private boolean isMethodHeader(int from, int to) {
        return closingParenOfSignature(from, to) >= 0;
    }

    /** The index of the parameter list's closing parenthesis, or -1 when the header is not a method's. */
    private int closingParenOfSignature(int from, int to) {
        int i = to - 1;
        int throwsAt = -1;
        for (int j = from; j < to; j++) {
            if (tokens.get(j).text().equals("throws")) {
                throwsAt = j;
            }
        }
        if (throwsAt > from) {
            i = throwsAt - 1;
        }
        return i >= from && tokens.get(i).text().equals(")") ? i : -1;
    }

    private String methodName(int from, int to) {
        int close = closingParenOfSignature(from, to);
        int depth = 0;
        for (int i = close; i >= from; i--) {
            String t = tokens.get(i).text();
            depth += t.equals(")") ? 1 : t.equals("(") ? -1 : 0;
            if (depth == 0) {
                return tokens.get(i - 1).text();
            }
        }
        throw new IllegalStateException("line " + tokens.get(to).line() + ": unbalanced parameter list");
    }

    private static String fieldName(List<String> words) {
        int equals = words.indexOf("=");
        return equals > 0 ? words.get(equals - 1) : "?";
    }

    private static boolean isIdentifier(String text) {
        return !text.isEmpty() && Character.isJavaIdentifierStart(text.charAt(0));
    }

    /**
     * Splits source into identifiers, numbers and punctuation with their line; comments vanish, and each
     * string, character literal or text block becomes one {@code "} token, so nothing inside them counts.
     */
    static final class Lexer {

        private final String s;
        private final List<Token> out = new ArrayList<>();
        private int i;
        private int line = 1;

        private Lexer(String source) {
            this.s = source;
        }

        static List<Token> tokens(String source) {
            Lexer lexer = new Lexer(source);
            lexer.run();
            return lexer.out;
        }

        private void run() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (s.startsWith("//", i)) {
                    skipTo("\n", false);
                } else if (s.startsWith("/*", i)) {
                    i += 2;
                    skipTo("*/", true);
                } else if (s.startsWith("\"\"\"", i)) {
                    literal("\"\"\"");
                } else if (c == '"' || c == '\'') {
                    literal(String.valueOf(c));
                } else if (Character.isJavaIdentifierPart(c) && c != '\u0000') {
                    word();
                } else if (s.startsWith("->", i) || s.startsWith("::", i)) {
                    out.add(new Token(s.substring(i, i + 2), line));
                    i += 2;
                } else {
                    if (c == '\n') {
                        line++;
                    } else if (!Character.isWhitespace(c)) {
                        out.add(new Token(String.valueOf(c), line));
                    }
                    i++;
                }
            }
        }

        /** An identifier, keyword or number (with its dots and suffixes, which matter to nothing here). */
        private void word() {
            int start = i;
            while (i < s.length() && (Character.isJavaIdentifierPart(s.charAt(i)) || isNumberDot(start))) {
                i++;
            }
            out.add(new Token(s.substring(start, i), line));
        }

        private boolean isNumberDot(int start) {
            return s.charAt(i) == '.' && Character.isDigit(s.charAt(start));
        }

        /** A literal from its opening quote(s) to the matching unescaped closing one(s), as one token. */
        private void literal(String quote) {
            int startLine = line;
            i += quote.length();
            while (i < s.length() && !s.startsWith(quote, i)) {
                char c = s.charAt(i);
                if (c == '\n') {
                    line++;
                }
                i += c == '\\' && i + 1 < s.length() && s.charAt(i + 1) != '\n' ? 2 : 1;
            }
            if (i >= s.length()) {
                throw new IllegalStateException("line " + startLine + ": literal opened with " + quote + " never closes");
            }
            i += quote.length();
            out.add(new Token("\"", startLine));
        }

        /** Skips to just after {@code end} (a line comment leaves its newline to count), counting lines. */
        private void skipTo(String end, boolean consumeEnd) {
            while (i < s.length() && !s.startsWith(end, i)) {
                if (s.charAt(i) == '\n') {
                    line++;
                }
                i++;
            }
            if (consumeEnd && i < s.length()) {
                i += end.length();
            }
        }
    }
}
