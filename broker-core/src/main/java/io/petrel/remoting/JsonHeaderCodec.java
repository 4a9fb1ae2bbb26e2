package io.petrel.remoting;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON header, as RocketMQ's Java serializer writes it: properties in alphabetical order,
 * {@code remark} and {@code extFields} left out when null, the language by name, control
 * characters escaped. Decoding is as tolerant as the official decoder (missing language or
 * version, unknown properties, numbers as ext values, the language as an ordinal) and strict
 * about what would corrupt a command: malformed JSON, invalid UTF-8, numbers out of range.
 */
final class JsonHeaderCodec {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonHeaderCodec() {
    }

    static byte[] encode(RemotingCommand c) {
        StringBuilder s = new StringBuilder(128);
        s.append("{\"code\":").append(c.code());
        if (c.extFields() != null) {
            s.append(",\"extFields\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : c.extFields().entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                s.append(first ? "" : ",");
                quote(s, e.getKey()).append(':');
                quote(s, e.getValue());
                first = false;
            }
            s.append('}');
        }
        s.append(",\"flag\":").append(c.flag());
        if (c.language() != null) {
            s.append(",\"language\":\"").append(c.language().name()).append('"');
        }
        s.append(",\"opaque\":").append(c.opaque());
        if (c.remark() != null) {
            s.append(",\"remark\":");
            quote(s, c.remark());
        }
        s.append(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":").append(c.version()).append('}');
        return Utf8.encode(s.toString());
    }

    private static StringBuilder quote(StringBuilder s, String text) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\b' -> s.append("\\b");
                case '\f' -> s.append("\\f");
                default -> {
                    if (ch < 0x20) {
                        s.append("\\u00").append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        return s.append('"');
    }

    static RemotingCommand decode(ByteBuffer header) {
        byte[] bytes = new byte[header.remaining()];
        header.get(bytes);
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RemotingCodecException("JSON header is not an object");
            }
            RemotingCommand c = new RemotingCommand().language(LanguageCode.JAVA).version(0);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                readProperty(p, name, c);
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new RemotingCodecException("JSON header has text after its object");
            }
            return c;
        } catch (InputCoercionException e) {
            throw new RemotingCodecException("JSON header has a number out of range: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RemotingCodecException("JSON header is malformed: " + firstLine(e.getMessage()));
        }
    }

    private static void readProperty(JsonParser p, String name, RemotingCommand c) throws IOException {
        switch (name) {
            case "code" -> c.code(intValue(p, name));
            case "version" -> c.version(intValue(p, name));
            case "opaque" -> c.opaque(intValue(p, name));
            case "flag" -> c.flag(intValue(p, name));
            case "remark" -> c.remark(p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsString());
            case "language" -> c.language(language(p));
            case "extFields" -> c.extFields(extFields(p));
            default -> p.skipChildren();
        }
    }

    private static int intValue(JsonParser p, String name) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new RemotingCodecException("JSON header property '" + name + "' is not an integer");
        }
        return p.getIntValue();
    }

    private static LanguageCode language(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> LanguageCode.ofName(p.getText());
            case VALUE_NUMBER_INT -> LanguageCode.ofCode(p.getIntValue());
            default -> {
                p.skipChildren();
                yield null;
            }
        };
    }

    private static Map<String, String> extFields(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new RemotingCodecException("JSON header property 'extFields' is not an object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                throw new RemotingCodecException("ext field '" + key + "' is not a string");
            }
            if (value != JsonToken.VALUE_NULL) {
                fields.put(key, p.getText());
            }
        }
        return fields;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
