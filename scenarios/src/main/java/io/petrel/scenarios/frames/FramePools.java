package io.petrel.scenarios.frames;

import io.petrel.env.RandomSource;
import java.util.ArrayList;
import java.util.List;

/**
 * What well-formed requests refer to: the fuzzed broker's name and address, and the acknowledged
 * messages of the run (their commit-log offsets, offsetMsgIds and stored bytes). Offsets near them
 * (inside a record, past the log) are what VIEW_MESSAGE_BY_ID was found to mishandle.
 */
final class FramePools {

    private final String brokerName;
    private final String brokerAddr;
    private final List<AckedMessage> acked = new ArrayList<>();

    /** A message the broker acknowledged: where it is and what it must still read back as. */
    record AckedMessage(long commitLogOffset, String offsetMsgId, String topic, int queueId, byte[] body, byte[] stored) {
    }

    FramePools(String brokerName, String brokerAddr) {
        this.brokerName = brokerName;
        this.brokerAddr = brokerAddr;
    }

    String brokerName() {
        return brokerName;
    }

    String brokerAddr() {
        return brokerAddr;
    }

    void add(AckedMessage m) {
        acked.add(m);
    }

    List<AckedMessage> acked() {
        return acked;
    }

    private AckedMessage any(RandomSource random) {
        return acked.isEmpty() ? null : acked.get(random.nextInt(acked.size()));
    }

    /** An acknowledged message's offset, often moved a little into its record or past it. */
    long ackedOffset(RandomSource random) {
        AckedMessage m = any(random);
        long base = m == null ? 0 : m.commitLogOffset();
        return random.nextBoolean() ? base : base + random.nextInt(300) - 20;
    }

    String offsetMsgId(RandomSource random) {
        AckedMessage m = any(random);
        return m == null ? "0A00020100002A9F0000000000000000" : m.offsetMsgId();
    }

    byte[] storedRecord(RandomSource random) {
        AckedMessage m = any(random);
        return m == null ? new byte[0] : m.stored().clone();
    }
}
