package io.petrel.scenarios.history;

/**
 * One send: what was invoked, and how it ended. {@code key}/{@code seq} order messages of one key
 * (seq counts from 0 per key; -1 when the send is not ordered). Outcome fields are set once.
 */
public final class Send {

    /** How a send ended, as far as the producer knows. */
    public enum Outcome {
        /** Still in flight when the run ended. */
        PENDING,
        /** SEND_OK: stored as the configuration promises. */
        OK,
        /** Refused or failed before the broker stored it (as far as the client can tell). */
        FAILED,
        /** Maybe stored: timeouts, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE, oneway. */
        UNKNOWN
    }

    final long op;
    final String producer;
    final String topic;
    final String id;
    final String body;
    final String key;
    final int seq;
    final int delayLevel;
    final long invokedAtMs;
    Outcome outcome = Outcome.PENDING;
    /** A transaction's half message: delivered only if its local transaction committed. */
    boolean transactional;
    String brokerName;
    int queueId = -1;
    long queueOffset = -1;
    /** Where the record starts in its broker's commit log (from the offsetMsgId), -1 when unknown. */
    long commitLogOffset = -1;
    long completedAtMs = -1;
    String detail;

    Send(long op, String producer, String topic, String id, String body, String key, int seq, int delayLevel,
            long invokedAtMs) {
        this.op = op;
        this.producer = producer;
        this.topic = topic;
        this.id = id;
        this.body = body;
        this.key = key;
        this.seq = seq;
        this.delayLevel = delayLevel;
        this.invokedAtMs = invokedAtMs;
    }

    public String id() {
        return id;
    }

    /** The client that sent it. */
    public String producer() {
        return producer;
    }

    public String topic() {
        return topic;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String brokerName() {
        return brokerName;
    }

    public long completedAtMs() {
        return completedAtMs;
    }

    public int delayLevel() {
        return delayLevel;
    }

    public boolean transactional() {
        return transactional;
    }

    @Override
    public String toString() {
        return "send#" + op + " " + id + " by " + producer + (transactional ? " in a transaction" : "") + " to " + topic
                + (key == null ? "" : " key " + key + ":" + seq)
                + (delayLevel > 0 ? " delay " + delayLevel : "") + " at " + invokedAtMs + " ms -> " + outcome
                + (brokerName == null ? "" : " on " + brokerName + (queueId < 0 ? "" : "/" + queueId + "@" + queueOffset))
                + (completedAtMs < 0 ? "" : " at " + completedAtMs
                + " ms") + (detail == null ? "" : " (" + detail + ")");
    }
}
