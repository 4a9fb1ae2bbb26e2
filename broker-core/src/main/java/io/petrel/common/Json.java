package io.petrel.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads and writes remoting bodies and config files. Writes like RocketMQ's namesrv "standard"
 * JSON: properties in alphabetical order, map keys sorted and quoted, nulls left out. Reads like
 * fastjson: unknown properties ignored, unquoted (numeric) map keys accepted, enums by name or
 * ordinal. The mapper is configured once and never changed, so sharing it is safe.
 *
 * <p>Reads accept every name and string this mapper writes, of any length. Jackson's defaults
 * refuse names over 50,000 characters and strings over 20,000,000, which made a kvConfig.json
 * holding one long key unreadable by the NameServer that wrote it (issue 25). Every input is
 * bounded already: a body by the frame limit, a file by what a save wrote ({@link DurableFile}).
 * Nesting stays at Jackson's 1,000 levels for reading and writing alike; no Petrel shape nests
 * deeper than 4, and numbers are Java primitives, far below the 1,000-digit number limit.
 */
public final class Json {

    private static final StreamReadConstraints READ_CONSTRAINTS = StreamReadConstraints.builder()
            .maxNameLength(Integer.MAX_VALUE)
            .maxStringLength(Integer.MAX_VALUE)
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(READ_CONSTRAINTS).build())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            // A HashSet of records holding enums iterates in identity-hash order, which differs per
            // JVM; sets keep the order the body listed them in instead.
            .addModule(new SimpleModule().addAbstractTypeMapping(Set.class, LinkedHashSet.class))
            .build();

    private Json() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String writeString(Object value) {
        return new String(write(value), StandardCharsets.UTF_8);
    }

    /** Pretty-printed, for operators (mqadmin topicRoute prints routes this way). */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Parses a body.
     *
     * @throws BodyException naming the type and the parse error, for an error response
     */
    public static <T> T read(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new BodyException("missing " + type.getSimpleName() + " body");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new BodyException("empty " + type.getSimpleName() + " body");
            }
            return value;
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int nl = message.indexOf('\n');
            throw new BodyException("malformed " + type.getSimpleName() + " body: "
                    + (nl < 0 ? message : message.substring(0, nl)));
        }
    }

    public static <T> T read(ByteBuffer body, Class<T> type) {
        if (body == null) {
            throw new BodyException("missing " + type.getSimpleName() + " body");
        }
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        return read(bytes, type);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
