package io.petrel.client;

import io.petrel.env.Clock;
import io.petrel.env.RandomSource;
import java.util.HexFormat;

/**
 * Makes producers' unique message ids (UNIQ_KEY) in RocketMQ's layout: client IPv4 (4 bytes), a
 * process number (2), an instance hash (4), milliseconds since the start of the month (4), and a
 * counter (2), as 32 uppercase hex characters. The process number and instance hash come from the
 * node's random source and the time from its clock, so ids are deterministic in simulation.
 */
public final class MessageIdFactory {

    private static final long MONTH_MS = 31L * 24 * 3600 * 1000;

    private final Clock clock;
    private final byte[] prefix = new byte[10];
    private final long startOfMonthMs;
    private int counter;

    public MessageIdFactory(Clock clock, RandomSource random, String clientIP) {
        this.clock = clock;
        byte[] ip = ipv4(clientIP);
        System.arraycopy(ip, 0, prefix, 0, 4);
        long r = random.nextLong();
        prefix[4] = (byte) (r >>> 8);
        prefix[5] = (byte) r;
        int instanceHash = (int) (r >>> 32);
        prefix[6] = (byte) (instanceHash >>> 24);
        prefix[7] = (byte) (instanceHash >>> 16);
        prefix[8] = (byte) (instanceHash >>> 8);
        prefix[9] = (byte) instanceHash;
        long now = clock.nowMs();
        this.startOfMonthMs = now - Math.floorMod(now, MONTH_MS);
    }

    public String next() {
        byte[] id = new byte[16];
        System.arraycopy(prefix, 0, id, 0, 10);
        int sinceMonth = (int) (clock.nowMs() - startOfMonthMs);
        id[10] = (byte) (sinceMonth >>> 24);
        id[11] = (byte) (sinceMonth >>> 16);
        id[12] = (byte) (sinceMonth >>> 8);
        id[13] = (byte) sinceMonth;
        int c = counter++;
        id[14] = (byte) (c >>> 8);
        id[15] = (byte) c;
        return HexFormat.of().withUpperCase().formatHex(id);
    }

    private static byte[] ipv4(String ip) {
        byte[] bytes = new byte[4];
        String[] parts = ip.split("\\.");
        if (parts.length == 4) {
            for (int i = 0; i < 4; i++) {
                try {
                    bytes[i] = (byte) Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    return new byte[] {127, 0, 0, 1};
                }
            }
            return bytes;
        }
        return new byte[] {127, 0, 0, 1};
    }
}
