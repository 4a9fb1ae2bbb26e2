package io.petrel.metrics;

/**
 * A sample's label pairs, kept already rendered ({@code a="x",b="y"}) so that a cell made once per
 * topic or group renders without rebuilding them at every scrape. Values are escaped as the text
 * format asks: backslash, double quote and line feed. Names are Petrel's own constants and are not
 * checked. Immutable.
 */
public final class Labels {

    public static final Labels NONE = new Labels("");

    private final String rendered;

    private Labels(String rendered) {
        this.rendered = rendered;
    }

    /** These labels and one more pair, after them. */
    public Labels with(String name, String value) {
        String pair = name + "=\"" + escapeValue(value) + "\"";
        return new Labels(rendered.isEmpty() ? pair : rendered + "," + pair);
    }

    /** These labels, then {@code more}'s. */
    public Labels and(Labels more) {
        if (more.rendered.isEmpty()) {
            return this;
        }
        return new Labels(rendered.isEmpty() ? more.rendered : rendered + "," + more.rendered);
    }

    /** The pairs as they go between the braces; empty when there are none. */
    public String rendered() {
        return rendered;
    }

    static String escapeValue(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "{" + rendered + "}";
    }
}
