package io.petrel.real.mqadmin;

import com.fasterxml.jackson.databind.JsonNode;
import io.petrel.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Pretty JSON in the layout mqadmin's topicRoute prints (fastjson's pretty format): tab
 * indentation, no space after colons, properties in alphabetical order, empty containers as
 * {@code {}} and {@code []}. Unlike fastjson it quotes numeric map keys ({@code "0":"host:port"}),
 * so the output stays valid JSON that scripts can parse.
 */
final class PrettyJson {

    private PrettyJson() {
    }

    static String of(Object value) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(Json.write(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder();
        write(tree, 0, out);
        return out.toString();
    }

    private static void write(JsonNode node, int depth, StringBuilder out) {
        if (node.isObject()) {
            writeObject(node, depth, out);
        } else if (node.isArray()) {
            writeArray(node, depth, out);
        } else {
            out.append(node.toString());
        }
    }

    private static void writeObject(JsonNode node, int depth, StringBuilder out) {
        if (node.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append("{\n");
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            indent(depth + 1, out);
            out.append(Json.writeString(field.getKey())).append(':');
            write(field.getValue(), depth + 1, out);
            out.append(fields.hasNext() ? ",\n" : "\n");
        }
        indent(depth, out);
        out.append('}');
    }

    private static void writeArray(JsonNode node, int depth, StringBuilder out) {
        if (node.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append("[\n");
        for (int i = 0; i < node.size(); i++) {
            indent(depth + 1, out);
            write(node.get(i), depth + 1, out);
            out.append(i + 1 < node.size() ? ",\n" : "\n");
        }
        indent(depth, out);
        out.append(']');
    }

    private static void indent(int depth, StringBuilder out) {
        out.append("\t".repeat(depth));
    }
}
