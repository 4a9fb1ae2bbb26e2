package io.petrel.admin;

import io.petrel.env.Clock;
import io.petrel.env.RandomSource;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Client message ids (the UNIQ_KEY property) in RocketMQ's 16-byte layout: a 10-byte prefix that
 * stands for the client (RocketMQ uses IP, pid and class-loader hash; here it is drawn once from
 * the node's randomness), the milliseconds since the start of the month (UTC), and a 2-byte
 * counter. Deterministic in simulation, unique enough for indexing and queries.
 */
final class UniqueMessageIds {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final Clock clock;
    private final byte[] prefix = new byte[10];
    private int counter;

    UniqueMessageIds(Clock clock, RandomSource random) {
        this.clock = clock;
        ByteBuffer b = ByteBuffer.wrap(prefix);
        b.putLong(random.nextLong());
        b.putShort((short) random.nextLong());
        this.counter = random.nextInt(1 << 16);
    }

    String next() {
        long now = clock.nowMs();
        ZonedDateTime monthStart = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).withDayOfMonth(1)
                .truncatedTo(ChronoUnit.DAYS);
        ByteBuffer id = ByteBuffer.allocate(16);
        id.put(prefix);
        id.putInt((int) (now - monthStart.toInstant().toEpochMilli()));
        id.putShort((short) counter);
        counter = (counter + 1) & 0xFFFF;
        return HEX.formatHex(id.array());
    }
}
