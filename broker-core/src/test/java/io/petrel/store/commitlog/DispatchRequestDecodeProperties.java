package io.petrel.store.commitlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.StoredMessage;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A slave dispatches replicated records without copying their bodies ({@link DispatchRequest#decode});
 * what it dispatches must be exactly what the full decode gives, for every shape of record: IPv4 and
 * IPv6 hosts, delayed messages (whose tagsCode is a deliver time), keys, unique keys, any body size,
 * anywhere in a file.
 */
class DispatchRequestDecodeProperties {

    private static final DelayLevelTable DELAYS = DelayLevelTable.parse("1s 5s 10s 30s 1m");

    @Property(tries = 300)
    void decodingWithoutTheBodyGivesTheSameRequestAsTheFullDecode(@ForAll long seed) {
        Random random = new Random(seed);
        StoredMessage m = message(random);
        ByteBuffer record = m.encode();
        int position = random.nextInt(5_000);
        ByteBuffer file = ByteBuffer.allocate(position + record.remaining() + random.nextInt(100));
        file.put(position, record, 0, record.remaining());
        assertThat(MessageFormat.check(file, position, file.limit() - position, false, -1).isValid()).isTrue();

        DispatchRequest fast = DispatchRequest.decode(file, position, DELAYS);

        assertThat(fast).isEqualTo(DispatchRequest.of(StoredMessage.decode(file, position, false), DELAYS));
        assertThat(file.position()).isZero();
    }

    private static StoredMessage message(Random random) {
        boolean delayed = random.nextInt(4) == 0;
        Map<String, String> p = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            p.put("TAGS", "Tag" + random.nextInt(50));
        }
        if (random.nextBoolean()) {
            p.put("KEYS", "k" + random.nextInt(1_000) + " k" + random.nextInt(1_000));
        }
        if (random.nextBoolean()) {
            p.put("UNIQ_KEY", Long.toHexString(random.nextLong()).toUpperCase());
        }
        if (delayed) {
            p.put("DELAY", Integer.toString(1 + random.nextInt(5)));
            p.put("REAL_TOPIC", "Orders");
        }
        String properties = random.nextInt(3) == 0 ? rawProperties(random) : MessageProperties.encode(p);
        byte[] body = new byte[random.nextInt(random.nextBoolean() ? 64 : 70_000)];
        random.nextBytes(body);
        String topic = delayed ? "SCHEDULE_TOPIC_XXXX" : "Topic-" + "é".repeat(random.nextInt(3)) + random.nextInt(9);
        return new StoredMessage(0, 0, random.nextInt(16), random.nextInt(), random.nextInt(1 << 20),
                random.nextLong() & Long.MAX_VALUE, 0, 1_700_000_000_000L + random.nextInt(1 << 30), host(random),
                1_700_000_000_000L + random.nextInt(1 << 30), host(random), random.nextInt(16), 0, body, topic,
                properties);
    }

    /**
     * Properties text as a producer may send it, not only as {@code MessageProperties.encode} writes
     * it: empty names and values, entries without a separator or with two, names that only start like
     * one dispatch reads, a name twice (the last wins), non-ASCII text, a delay with spaces or none.
     */
    private static String rawProperties(Random random) {
        String[] names = {"TAGS", "KEYS", "UNIQ_KEY", "DELAY", "TAGSX", "TAG", "KEYSé", "é", ""};
        String[] values = {"a", "Tag7", "k1 k2", " 3 ", "2", "x\u0001y", "", "é€", "99999999999"};
        StringBuilder s = new StringBuilder();
        int entries = random.nextInt(8);
        for (int i = 0; i < entries; i++) {
            if (i > 0 || random.nextInt(4) == 0) {
                s.append(MessageProperties.PROPERTY_SEPARATOR);
            }
            s.append(names[random.nextInt(names.length)]);
            if (random.nextInt(6) != 0) {
                s.append(MessageProperties.NAME_VALUE_SEPARATOR);
            }
            s.append(values[random.nextInt(values.length)]);
        }
        if (random.nextInt(4) == 0) {
            s.append(MessageProperties.PROPERTY_SEPARATOR);
        }
        return s.toString();
    }

    private static HostAddress host(Random random) {
        byte[] ip = new byte[random.nextBoolean() ? 4 : 16];
        random.nextBytes(ip);
        return HostAddress.of(ip, random.nextInt(65_536));
    }
}
