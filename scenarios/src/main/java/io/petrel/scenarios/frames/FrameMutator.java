package io.petrel.scenarios.frames;

import io.petrel.acl.AclCredentials;
import io.petrel.acl.AclSigner;
import io.petrel.env.RandomSource;
import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Required;
import io.petrel.remoting.SerializeType;
import io.petrel.scenarios.frames.RequestShapes.Shape;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws fuzzed frames from a seed: a code of the target's shapes (now and then an unknown one), a
 * well-formed request of it in either serialization, then one {@link Mutation}. Every choice comes
 * from the run's {@link RandomSource}, so a seed gives the same frames in the same order.
 */
final class FrameMutator {

    private static final Mutation[] MUTATIONS = Mutation.values();
    /** A placeholder whose bytes are replaced after encoding by bytes that are not UTF-8. */
    private static final String NON_UTF8_MARK = "\u0001\u0002\u0003\u0004";
    private static final byte[][] NON_UTF8 = {{(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1},
        {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD, (byte) 0xFC}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 0x41},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}};

    private final RandomSource random;
    private final List<Shape> shapes;
    private final WellFormed wellFormed;
    private final AclCredentials signer;
    private int nextOpaque = 1_000_000;

    FrameMutator(RandomSource random, Map<Integer, Shape> shapes, FramePools pools) {
        this(random, shapes, pools, null);
    }

    /** Frames signed with {@code signer} (null: unsigned), after their mutation or, one in four, before it. */
    FrameMutator(RandomSource random, Map<Integer, Shape> shapes, FramePools pools, AclCredentials signer) {
        this.random = random;
        this.shapes = new ArrayList<>(shapes.values());
        this.wellFormed = new WellFormed(random, pools);
        this.signer = signer;
    }

    /** A well-formed request of {@code shape}, not yet encoded. */
    RemotingCommand wellFormed(Shape shape) {
        RemotingCommand c = RemotingCommand.request(shape.code(), null);
        c.extFields(wellFormed.header(shape.header()));
        byte[] body = wellFormed.body(shape);
        if (body != null) {
            c.body(body);
        }
        return c;
    }

    FuzzFrame next() {
        Shape shape = shapes.get(random.nextInt(shapes.size()));
        RemotingCommand c = wellFormed(shape);
        c.serializeType(random.nextInt(3) == 0 ? SerializeType.ROCKETMQ : SerializeType.JSON);
        int opaque = nextOpaque++;
        c.opaque(opaque);
        Mutation m = random.nextInt(8) == 0 ? Mutation.NONE : MUTATIONS[1 + random.nextInt(MUTATIONS.length - 1)];
        boolean signFirst = signer != null && random.nextInt(4) == 0;
        byte[] signedContent = null;
        if (signFirst) {
            AclSigner.sign(c, signer);
            signedContent = AclSigner.content(c.extFields(), c.bodyBytes(), true);
        }
        FieldChange change = m.breaksFraming() ? FieldChange.NONE : mutateCommand(m, shape, c);
        if (signer != null && !signFirst) {
            AclSigner.sign(c, signer);
        }
        boolean aclMustRefuse = signFirst && !Arrays.equals(signedContent,
                AclSigner.content(c.extFields(), c.bodyBytes(), true));
        ByteBuffer payload = encode(c);
        if (change.nonUtf8() && replaceMark(payload)) {
            aclMustRefuse = signer != null;
        }
        if (m.breaksFraming()) {
            payload = breakFraming(m, payload);
        }
        return new FuzzFrame(c.code(), opaque, m, change.field(), change.fieldToName(), c.isOneway(), payload,
                aclMustRefuse);
    }

    /** What a mutation did to one field: which, whether its text no longer parses as its type, UTF-8. */
    private record FieldChange(String field, String fieldToName, boolean nonUtf8) {
        static final FieldChange NONE = new FieldChange(null, null, false);
    }

    private FieldChange mutateCommand(Mutation m, Shape shape, RemotingCommand c) {
        Map<String, String> ext = new LinkedHashMap<>(c.extFields() == null ? Map.of() : c.extFields());
        RecordComponent component = pickComponent(shape.header());
        FieldChange change = FieldChange.NONE;
        switch (m) {
            case MISSING_FIELD, WRONG_TYPE, NEGATIVE_NUMBER, HUGE_NUMBER, LONG_STRING, ILLEGAL_STRING, NON_UTF8_STRING ->
                change = component == null ? FieldChange.NONE : mutateField(m, component, ext);
            case EXTRA_FIELDS -> {
                for (int i = 0; i < 1 + random.nextInt(300); i++) {
                    ext.put("fuzz" + i + "x".repeat(random.nextInt(40)), "v".repeat(random.nextInt(100)));
                }
            }
            case BODY_GARBAGE -> c.body(garbageBody(c.bodyBytes()));
            case DEEP_JSON_BODY -> c.body(deepJson(1 + random.nextInt(20_000)).getBytes(StandardCharsets.UTF_8));
            case ONEWAY -> c.markOneway();
            case UNKNOWN_CODE -> {
                c.code(new int[] {-1, 0, 9999, 30_002, Integer.MAX_VALUE, Integer.MIN_VALUE, 318, 1000}[random.nextInt(8)]);
                if (c.code() != (short) c.code()) {
                    c.serializeType(SerializeType.JSON); // ROCKETMQ's header holds a code in 2 bytes
                }
            }
            case BAD_META -> c.version(random.nextBoolean() ? -1 : Integer.MAX_VALUE).flag(random.nextInt(4) == 0 ? 8 : 0);
            default -> {
            }
        }
        c.extFields(ext);
        return change;
    }

    private RecordComponent pickComponent(Class<?> header) {
        if (header == null) {
            return null;
        }
        RecordComponent[] all = header.getRecordComponents();
        return all.length == 0 ? null : all[random.nextInt(all.length)];
    }

    private FieldChange mutateField(Mutation m, RecordComponent component, Map<String, String> ext) {
        String name = component.getName();
        Class<?> type = component.getType();
        boolean numeric = isNumeric(type);
        String value = switch (m) {
            case MISSING_FIELD -> null;
            case WRONG_TYPE -> numeric ? pick("abc", "1.5", "0x10", "", " 7", "1e3", "NaN", "--1", "true")
                    : String.valueOf(random.nextLong());
            case NEGATIVE_NUMBER -> pick("-1", "-2", "-2147483648", "-9223372036854775808", "-100000");
            case HUGE_NUMBER -> pick("2147483647", "2147483648", "9223372036854775807", "9223372036854775808",
                    "99999999999999999999999", "4294967296");
            case LONG_STRING -> "t".repeat(pick(127, 128, 256, 4096, 70_000));
            case ILLEGAL_STRING -> pick("", " ", "bad topic!", "../../etc/passwd", "%RETRY%", "a\u0000b", "x\ny",
                    "\u4e2d\u6587", "\uD83D\uDE00", "${jndi:ldap://x}", "%DLQ%FuzzGroup", "null");
            case NON_UTF8_STRING -> NON_UTF8_MARK;
            default -> ext.get(name);
        };
        if (value == null) {
            ext.remove(name);
        } else {
            ext.put(name, value);
        }
        // An empty value reads as absent in Petrel's ROCKETMQ header codec (RocketMQ keeps it as "") and as
        // an empty text in JSON, so it sets no expectation.
        boolean mustName = value == null ? component.isAnnotationPresent(Required.class)
                : numeric && !value.isEmpty() && !parses(type, value);
        return new FieldChange(name, mustName ? name : null, m == Mutation.NON_UTF8_STRING);
    }

    private static boolean isNumeric(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Double.class || type == double.class;
    }

    private static boolean parses(Class<?> type, String text) {
        try {
            // Petrel trims a number's text before parsing it, as Headers does.
            if (type == Integer.class || type == int.class) {
                Integer.parseInt(text.trim());
            } else if (type == Long.class || type == long.class) {
                Long.parseLong(text.trim());
            } else {
                Double.parseDouble(text.trim());
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private byte[] garbageBody(byte[] wellFormedBody) {
        return switch (random.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> "null".getBytes(StandardCharsets.UTF_8);
            case 2 -> randomBytes(random.nextInt(2000));
            case 3 -> wellFormedBody == null || wellFormedBody.length < 2 ? randomBytes(8)
                    : Arrays.copyOf(wellFormedBody, random.nextInt(wellFormedBody.length));
            case 4 -> pick("{\"groupName\":123,\"consumeEnable\":\"yes\",\"retryQueueNums\":-5}", "[1,2,3]", "\"text\"",
                    "{\"clientID\":null,\"consumerDataSet\":[{\"groupName\":null,\"subscriptionDataSet\":[null]}]}",
                    "{\"consumerGroup\":\"\",\"mqSet\":[{\"topic\":null,\"queueId\":-1}]}",
                    "{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{\"\":{\"readQueueNums\":-1}}}}",
                    "{\"offsetTable\":{\"not json\":1}}", "{\"counter\":\"x\"}").getBytes(StandardCharsets.UTF_8);
            default -> flipBits(wellFormedBody == null ? randomBytes(16) : wellFormedBody.clone());
        };
    }

    private String deepJson(int depth) {
        boolean array = random.nextBoolean();
        StringBuilder s = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++) {
            s.append(array ? "[" : "{\"a\":");
        }
        for (int i = 0; i < depth; i++) {
            s.append(array ? "]" : "}");
        }
        return s.toString();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private byte[] flipBits(byte[] b) {
        for (int i = 0; i < 1 + random.nextInt(8) && b.length > 0; i++) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
    }

    private static ByteBuffer encode(RemotingCommand c) {
        return RemotingCodec.encode(c);
    }

    /**
     * Replaces the placeholder (same length) with bytes that are not UTF-8, in place; whether it was
     * found (a JSON header escapes it, so there it is not).
     */
    private boolean replaceMark(ByteBuffer payload) {
        boolean replaced = false;
        byte[] mark = NON_UTF8_MARK.getBytes(StandardCharsets.UTF_8);
        byte[] bad = NON_UTF8[random.nextInt(NON_UTF8.length)];
        for (int i = payload.position(); i + mark.length <= payload.limit(); i++) {
            boolean match = true;
            for (int j = 0; j < mark.length && match; j++) {
                match = payload.get(i + j) == mark[j];
            }
            if (match) {
                replaced = true;
                for (int j = 0; j < mark.length; j++) {
                    payload.put(i + j, bad[j]);
                }
            }
        }
        return replaced;
    }

    private ByteBuffer breakFraming(Mutation m, ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.duplicate().get(b);
        switch (m) {
            case BIT_FLIP -> flipBits(b);
            case BAD_HEADER_LENGTH -> {
                int length = pick(0, 1, b.length, b.length + 1, 0xFFFFFF, random.nextInt(Math.max(1, b.length)));
                b[1] = (byte) (length >>> 16);
                b[2] = (byte) (length >>> 8);
                b[3] = (byte) length;
            }
            case TRUNCATED -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case UNKNOWN_SERIALIZE_TYPE -> b[0] = (byte) (2 + random.nextInt(254));
            case DEEP_JSON_HEADER -> {
                return deepHeader();
            }
            default -> {
            }
        }
        return ByteBuffer.wrap(b);
    }

    /** A JSON header whose extFields (or a field of it) nests thousands deep. */
    private ByteBuffer deepHeader() {
        String nested = deepJson(1 + random.nextInt(20_000));
        String header = "{\"code\":" + shapes.get(random.nextInt(shapes.size())).code() + ",\"flag\":0,\"language\":\"JAVA\","
                + "\"opaque\":" + (nextOpaque++) + ",\"version\":409,\"extFields\":"
                + (random.nextBoolean() ? nested : "{\"topic\":" + nested + "}") + "}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + h.length).putInt(h.length).put(h).flip();
    }
}
